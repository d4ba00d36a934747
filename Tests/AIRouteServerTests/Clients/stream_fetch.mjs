#!/usr/bin/env node
// A streamed chat through `airoute serve` with Node's own fetch, its server-sent events parsed
// the way the official openai-node SDK parses them (src/core/streaming.ts there): lines split on
// CR, LF or CRLF; `field: value` lines, one leading space dropped from the value; `data:` lines
// of an event joined by "\n"; a blank line ends the event; comment lines (":") ignored; data that
// starts with "[DONE]" ends the stream; any other data is JSON, and an object with an `error`
// raises an APIError.
//
// Usage: node stream_fetch.mjs ORIGIN CASE   (the key in AIROUTE_SDK_KEY)
//   stream            the answer "Hello from chat-a", in order, then [DONE]
//   error_mid_stream  "abcd", then an in-band error event that raises; no [DONE]
// Prints `ok CASE` and exits 0, or prints what differed and exits 1.

class APIError extends Error {
  constructor(error) {
    super(error?.message ?? 'An error occurred during streaming');
    this.error = error;
  }
}

/** Splits decoded text into lines as openai-node's LineDecoder does, keeping a partial last line. */
class Lines {
  buffer = '';
  push(text) {
    this.buffer += text;
    const lines = [];
    let match;
    const separator = /\r\n|\r|\n/g;
    let start = 0;
    while ((match = separator.exec(this.buffer)) !== null) {
      // A lone CR at the end may be the first half of a CRLF split across reads.
      if (match[0] === '\r' && match.index === this.buffer.length - 1) break;
      lines.push(this.buffer.slice(start, match.index));
      start = match.index + match[0].length;
    }
    this.buffer = this.buffer.slice(start);
    return lines;
  }
  flush() {
    const rest = this.buffer;
    this.buffer = '';
    return rest ? [rest] : [];
  }
}

/** openai-node's SSEDecoder: one event per blank line. */
class Events {
  event = null;
  data = [];
  decode(line) {
    if (line === '') {
      if (this.event === null && this.data.length === 0) return null;
      const sse = { event: this.event, data: this.data.join('\n') };
      this.event = null;
      this.data = [];
      return sse;
    }
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
    return null;
  }
}

/** Yields the JSON chunks of a chat stream; returns whether [DONE] arrived; throws APIError. */
async function* chunks(response, outcome) {
  const lines = new Lines();
  const events = new Events();
  const text = new TextDecoder();
  const handle = function* (line) {
    const sse = events.decode(line);
    if (sse === null || outcome.done) return;
    if (sse.data.startsWith('[DONE]')) {
      outcome.done = true;
      return;
    }
    const data = JSON.parse(sse.data);
    if (data && data.error) throw new APIError(data.error);
    yield data;
  };
  for await (const bytes of response.body) {
    for (const line of lines.push(text.decode(bytes, { stream: true }))) yield* handle(line);
  }
  for (const line of lines.push(text.decode())) yield* handle(line);
  for (const line of lines.flush()) yield* handle(line);
}

class Failure extends Error {}

function check(condition, message) {
  if (!condition) throw new Failure(message);
}

async function streamedChat(origin) {
  const response = await fetch(`${origin}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${process.env.AIROUTE_SDK_KEY}` },
    body: JSON.stringify({ model: 'text-generation', messages: [{ role: 'user', content: 'Say hello' }], stream: true }),
  });
  if (response.status !== 200) throw new Failure(`status ${response.status}: ${await response.text()}`);
  const type = response.headers.get('content-type') ?? '';
  check(type.startsWith('text/event-stream'), `content-type ${type}`);
  check(response.headers.get('x-airoute-member') === 'chat-a', `x-airoute-member ${response.headers.get('x-airoute-member')}`);
  const outcome = { done: false, text: '', error: null, objects: new Set() };
  try {
    for await (const chunk of chunks(response, outcome)) {
      outcome.objects.add(chunk.object);
      outcome.text += chunk.choices?.[0]?.delta?.content ?? '';
    }
  } catch (error) {
    if (!(error instanceof APIError)) throw error;
    outcome.error = error;
  }
  return outcome;
}

const cases = {
  async stream(origin) {
    const outcome = await streamedChat(origin);
    check(outcome.error === null, `the stream raised: ${outcome.error?.message}`);
    check(outcome.text === 'Hello from chat-a', `text ${JSON.stringify(outcome.text)}`);
    check(outcome.done, 'the stream ended without data: [DONE]');
    check([...outcome.objects].join() === 'chat.completion.chunk', `objects ${[...outcome.objects]}`);
  },
  async error_mid_stream(origin) {
    const outcome = await streamedChat(origin);
    check(outcome.error !== null, `the stream ended cleanly (done: ${outcome.done}) after a mid-stream failure`);
    check(typeof outcome.error.error?.message === 'string', `error event ${JSON.stringify(outcome.error.error)}`);
    check(outcome.text === 'abcd', `text before the error ${JSON.stringify(outcome.text)}`);
    check(!outcome.done, 'data: [DONE] came with an error');
  },
};

const [origin, name] = process.argv.slice(2);
if (!(name in cases)) {
  console.error(`usage: node stream_fetch.mjs ORIGIN CASE, CASE one of: ${Object.keys(cases).join(', ')}`);
  process.exit(64);
}
try {
  await cases[name](origin);
  console.log(`ok ${name}`);
} catch (error) {
  console.error(error instanceof Failure ? `FAIL ${name}: ${error.message}` : `ERROR ${name}: ${error.stack}`);
  process.exit(error instanceof Failure ? 1 : 2);
}
