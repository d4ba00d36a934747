#!/usr/bin/env python3
"""The official OpenAI Python SDK against `airoute serve`, exactly as a user calls it.

Usage:
    sdk_suite.py ORIGIN CASE    run one case against the gateway at ORIGIN (http://127.0.0.1:PORT)
    sdk_suite.py --list         print the case names, one a line

ServerSDKTests (Swift) starts the fake provider and the gateway, scripts the fake for each case,
runs this program once per case and checks the upstream request counts afterwards. A case prints
`ok CASE` and exits 0, or prints what differed and exits 1 (2 for an unexpected exception).

The gateway's configuration (ServerSDKTests.swift) has these pools and members (all on the fake):
    text-generation  chat-a, then chat-b (priority)
    embeddings       embed-a (8 dimensions)
    text-to-speech   tts-a
    speech-to-text   stt-a
    text-to-image    image-a
and two client keys: AIROUTE_SDK_KEY (every pool) and AIROUTE_SDK_LIMITED_KEY (embeddings only).
AIROUTE_SDK_UPSTREAM_KEY is the provider key the gateway holds; no answer may contain it.
The fake answers chat with "Hello from MODEL" unless a case's script says otherwise.
The contract checked is docs/server.md.
"""

import array
import base64
import io
import json
import os
import sys
import tempfile
import traceback
import wave

import openai
from openai import OpenAI
from openai.types import CreateEmbeddingResponse, ImagesResponse, Model
from openai.types.audio import Transcription, TranscriptionVerbose
from openai.types.chat import ChatCompletion, ChatCompletionChunk

POOLS = ["text-generation", "embeddings", "text-to-speech", "speech-to-text", "text-to-image"]
MODELS = ["chat-a", "chat-b", "embed-a", "tts-a", "stt-a", "image-a"]
HELLO = [{"role": "user", "content": "Say hello"}]
WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "The weather in a city.",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
    },
}
# What ServerSDKTests scripts the fake to answer when the request offers WEATHER_TOOL.
WEATHER_CALL = {"id": "call_weather_1", "name": "get_weather", "arguments": '{"city":"Paris","unit":"celsius"}'}

ORIGIN = ""
CASES = {}


class Failure(Exception):
    """A difference between what the SDK saw and what docs/server.md promises."""


def case(function):
    CASES[function.__name__] = function
    return function


def check(condition, message):
    if not condition:
        raise Failure(message)


def equal(actual, expected, what):
    check(actual == expected, f"{what}: expected {expected!r}, got {actual!r}")


def client(key_variable="AIROUTE_SDK_KEY", **options):
    """The SDK's client with only base_url changed (and a finite timeout, so a hang fails the case)."""
    options.setdefault("timeout", 30.0)
    return OpenAI(base_url=f"{ORIGIN}/v1", api_key=os.environ[key_variable], **options)


class CountingClient:
    """An SDK client whose HTTP client records the requests the SDK sends (its retries included)
    and the status and Retry-After of each answer."""

    def __init__(self, **options):
        self.sent = 0
        self.answers = []
        hooks = {"request": [self._request], "response": [self._response]}
        self.sdk = client(http_client=openai.DefaultHttpxClient(event_hooks=hooks), **options)

    def _request(self, request):
        self.sent += 1

    def _response(self, response):
        self.answers.append((response.status_code, response.headers.get("retry-after")))


def raises(exception_type, call):
    """Runs `call`, which must raise `exception_type` (exactly that class or a subclass); returns it."""
    try:
        result = call()
    except exception_type as error:
        return error
    except openai.APIError as error:
        raise Failure(f"expected {exception_type.__name__}, got {type(error).__name__}: {error}") from error
    raise Failure(f"expected {exception_type.__name__}, got an answer: {result!r}"[:2000])


def error_fields(error, status, type_, codes):
    """The SDK error's status and the OpenAI error body's type and code (docs/server.md#errors)."""
    equal(error.status_code, status, "status")
    equal(error.type, type_, "error.type")
    check(error.code in codes, f"error.code: expected one of {codes}, got {error.code!r}")
    check(isinstance(error.body, dict) and isinstance(error.body.get("message"), str), f"error body: {error.body!r}")
    check("param" in error.body, f"the error body has no 'param' (OpenAI's shape has it): {error.body!r}")
    secret = os.environ.get("AIROUTE_SDK_UPSTREAM_KEY")
    check(not secret or secret not in json.dumps(error.body), "the error body contains the provider key")


def strict(model_type, raw_json, what):
    """Validates a raw answer against the SDK's pydantic type (the SDK itself parses leniently)."""
    try:
        return model_type.model_validate(raw_json)
    except Exception as error:  # pydantic.ValidationError, kept generic across pydantic versions
        raise Failure(f"{what} is not a valid {model_type.__name__}: {error}\n{json.dumps(raw_json)[:2000]}")


def routing(headers, member, attempts, pool="text-generation"):
    """The routing headers of docs/server.md, as the SDK's raw response shows them."""
    equal(headers.get("x-airoute-pool"), pool, "x-airoute-pool")
    equal(headers.get("x-airoute-member"), member, "x-airoute-member")
    equal(headers.get("x-airoute-provider"), "fake", "x-airoute-provider")
    equal(headers.get("x-airoute-attempts"), str(attempts), "x-airoute-attempts")
    check(headers.get("x-request-id"), "no x-request-id header")


# MARK: Chat


@case
def chat():
    completion = client().chat.completions.create(model="text-generation", messages=HELLO)
    equal(completion.choices[0].message.content, "Hello from chat-a", "content")
    equal(completion.choices[0].finish_reason, "stop", "finish_reason")
    equal(completion.object, "chat.completion", "object")
    usage = completion.usage
    check(usage is not None and usage.prompt_tokens > 0 and usage.completion_tokens > 0, f"usage: {usage}")
    equal(usage.total_tokens, usage.prompt_tokens + usage.completion_tokens, "total_tokens")


@case
def routing_headers():
    raw = client().chat.completions.with_raw_response.create(model="text-generation", messages=HELLO)
    routing(raw.headers, "chat-a", 1)
    check(raw.headers.get("content-type", "").startswith("application/json"), f"content-type: {raw.headers}")
    body = raw.http_response.json()
    strict(ChatCompletion, body, "the chat answer")
    check(isinstance(body.get("routing"), dict), f"the JSON answer keeps no 'routing' object: {list(body)}")
    completion = raw.parse()
    equal(completion.choices[0].message.content, "Hello from chat-a", "content")
    equal(completion._request_id, raw.headers.get("x-request-id"), "the SDK's documented _request_id")


def collect(stream):
    """Text, finish reason and chunks of a streamed chat."""
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    finishes = [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason]
    return text, finishes, chunks


def one_clean_stream(chunks, what):
    """One member's stream: one role chunk, one id, every chunk a valid ChatCompletionChunk."""
    roles = [c for c in chunks if c.choices and c.choices[0].delta.role]
    equal(len(roles), 1, f"{what}: chunks carrying the role")
    equal(len({c.id for c in chunks}), 1, f"{what}: distinct chunk ids")
    for chunk in chunks:
        strict(ChatCompletionChunk, chunk.model_dump(exclude_unset=True), f"{what}: a chunk")


@case
def stream_plain():
    raw = client().chat.completions.with_raw_response.create(model="text-generation", messages=HELLO, stream=True)
    check(raw.headers.get("content-type", "").startswith("text/event-stream"), f"content-type: {raw.headers}")
    routing(raw.headers, "chat-a", 1)
    text, finishes, chunks = collect(raw.parse())
    equal(text, "Hello from chat-a", "streamed text")
    equal(finishes, ["stop"], "finish reasons")
    check(all(c.usage is None for c in chunks), "a usage chunk arrived though stream_options.include_usage was not set")
    check(all(c.choices for c in chunks), "a chunk without choices arrived though no usage was asked for")
    one_clean_stream(chunks, "the stream")


@case
def stream_usage():
    stream = client().chat.completions.create(
        model="text-generation", messages=HELLO, stream=True, stream_options={"include_usage": True}
    )
    text, finishes, chunks = collect(stream)
    equal(text, "Hello from chat-a", "streamed text")
    equal(finishes, ["stop"], "finish reasons")
    last = chunks[-1]
    check(last.usage is not None, f"the final chunk has no usage: {last}")
    equal(last.choices, [], "the usage chunk's choices")
    check(last.usage.prompt_tokens > 0 and last.usage.completion_tokens > 0, f"usage: {last.usage}")
    equal(last.usage.total_tokens, last.usage.prompt_tokens + last.usage.completion_tokens, "total_tokens")
    check(all(c.usage is None for c in chunks[:-1]), "usage arrived before the final chunk")


@case
def stream_tool_call():
    stream = client().chat.completions.create(
        model="text-generation", messages=HELLO, tools=[WEATHER_TOOL], stream=True
    )
    calls, finishes, fragments = {}, [], 0
    for chunk in stream:
        check(chunk.usage is None, "a usage chunk arrived though stream_options.include_usage was not set")
        for choice in chunk.choices:
            for delta in choice.delta.tool_calls or []:
                call = calls.setdefault(delta.index, {"id": None, "name": "", "arguments": ""})
                call["id"] = delta.id or call["id"]
                if delta.function:
                    call["name"] += delta.function.name or ""
                    call["arguments"] += delta.function.arguments or ""
                    fragments += 1 if delta.function.arguments else 0
            if choice.finish_reason:
                finishes.append(choice.finish_reason)
    equal(calls, {0: WEATHER_CALL}, "the accumulated tool call")
    equal(json.loads(calls[0]["arguments"]), {"city": "Paris", "unit": "celsius"}, "the parsed arguments")
    check(fragments > 1, f"the arguments came in {fragments} fragment(s), not as deltas")
    equal(finishes, ["tool_calls"], "finish reasons")


@case
def stream_error_mid_stream():
    """After the first content chunk an upstream failure is an in-band error the SDK raises, never a clean end."""
    for upstream in ["a cut connection", "an in-band provider error"]:
        stream = client().chat.completions.create(model="text-generation", messages=HELLO, stream=True)
        received = []
        def read():
            received.extend(c.choices[0].delta.content or "" for c in stream if c.choices)
            return "".join(received)

        error = raises(openai.APIError, read)
        check(not isinstance(error, openai.APIStatusError), f"{upstream}: the error came as a status, not in-band: {error!r}")
        check(
            not isinstance(error, openai.APIConnectionError),
            f"{upstream}: the stream broke at the HTTP level instead of ending with an error event: {error!r}",
        )
        equal("".join(received), "abcd", f"{upstream}: the text before the error")
        check(isinstance(error.body, dict) and error.body.get("message"), f"{upstream}: error body {error.body!r}")


# MARK: Failover


@case
def failover():
    """chat-a answers 503: chat-b answers, and the SDK sees one clean answer."""
    counting = CountingClient()
    raw = counting.sdk.chat.completions.with_raw_response.create(model="text-generation", messages=HELLO)
    equal(raw.parse().choices[0].message.content, "Hello from chat-b", "content")
    routing(raw.headers, "chat-b", 2)
    equal(counting.sent, 1, "requests the SDK sent")


@case
def stream_failover():
    """chat-a fails before its first token (a cut stream, then a 503): one clean stream from chat-b each time."""
    for upstream in ["a stream cut before content", "a 503"]:
        counting = CountingClient()
        raw = counting.sdk.chat.completions.with_raw_response.create(model="text-generation", messages=HELLO, stream=True)
        routing(raw.headers, "chat-b", 2)
        text, finishes, chunks = collect(raw.parse())
        equal(text, "Hello from chat-b", f"{upstream}: streamed text")
        equal(finishes, ["stop"], f"{upstream}: finish reasons")
        one_clean_stream(chunks, upstream)
        equal(counting.sent, 1, f"{upstream}: requests the SDK sent")


# MARK: Embeddings, audio, images, models


def floats_of(b64):
    return array.array("f", base64.b64decode(b64)).tolist()


@case
def embeddings():
    sdk = client()
    inputs = ["alpha", "beta gamma"]
    raw = sdk.embeddings.with_raw_response.create(model="embeddings", input=inputs, encoding_format="float")
    routing(raw.headers, "embed-a", 1, pool="embeddings")
    floats = strict(CreateEmbeddingResponse, raw.http_response.json(), "the float embeddings answer")
    # JSON numbers are the shortest decimals of float32 values: compare as float32, as base64 carries them.
    vectors = [array.array("f", d.embedding).tolist() for d in sorted(floats.data, key=lambda d: d.index)]
    equal([len(v) for v in vectors], [8, 8], "dimensions")
    check(vectors[0] != vectors[1], "both inputs got the same vector")
    check(floats.usage.prompt_tokens > 0, f"usage: {floats.usage}")
    # The SDK's default: it asks for base64 and decodes the answer to floats.
    default = sdk.embeddings.create(model="embeddings", input=inputs)
    equal([d.embedding for d in sorted(default.data, key=lambda d: d.index)], vectors, "the SDK's default (base64) vectors")
    explicit = sdk.embeddings.create(model="embeddings", input=inputs, encoding_format="base64")
    encoded = [d.embedding for d in sorted(explicit.data, key=lambda d: d.index)]
    check(all(isinstance(e, str) for e in encoded), f"encoding_format=base64 answered {type(encoded[0]).__name__}s")
    equal([floats_of(e) for e in encoded], vectors, "the base64 vectors decoded")


MP3_HEAD = b"ID3\x04\x00\x00\x00\x00\x00\x00\xff\xfb\x90\x64"


@case
def speech():
    sdk = client()
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "hello.mp3")
        with sdk.audio.speech.with_streaming_response.create(model="text-to-speech", voice="alloy", input="Hi there") as response:
            equal(response.headers.get("content-type", "").split(";")[0], "audio/mpeg", "content-type")
            routing(response.headers, "tts-a", 1, pool="text-to-speech")
            response.stream_to_file(path)
        with open(path, "rb") as file:
            equal(file.read(), MP3_HEAD + b"airoute fake audio: tts-a|alloy|Hi there", "the saved mp3")
    wav = sdk.audio.speech.create(model="text-to-speech", voice="alloy", input="Hi", response_format="wav")
    with wave.open(io.BytesIO(wav.content)) as audio:
        check(audio.getnframes() > 0 and audio.getsampwidth() == 2, f"the wav: {audio.getparams()}")


def tone(seconds=0.5, rate=8000):
    """A WAV file of `seconds` of a square wave."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(2)
        audio.setframerate(rate)
        audio.writeframes(b"".join((1000 if (i // 20) % 2 else -1000).to_bytes(2, "little", signed=True) for i in range(int(seconds * rate))))
    return buffer.getvalue()


@case
def transcription():
    sdk = client()
    upload = ("hello.wav", tone(), "audio/wav")
    said = "Transcript of hello.wav by stt-a."

    def transcribe(response_format, **more):
        return sdk.audio.transcriptions.create(model="speech-to-text", file=upload, response_format=response_format, **more)

    plain = transcribe("json")
    check(isinstance(plain, Transcription), f"json: {type(plain).__name__}")
    equal(plain.text, said, "json text")
    equal(transcribe("text").strip(), said, "text")
    equal(transcribe("srt"), f"1\n00:00:00,000 --> 00:00:00,500\n{said}\n\n", "srt")
    check(transcribe("vtt").startswith("WEBVTT\n"), "vtt does not start with WEBVTT")
    raw = sdk.audio.transcriptions.with_raw_response.create(
        model="speech-to-text", file=upload, response_format="verbose_json", language="en"
    )
    routing(raw.headers, "stt-a", 1, pool="speech-to-text")
    verbose = strict(TranscriptionVerbose, raw.http_response.json(), "the verbose_json answer")
    equal((verbose.text, verbose.language, verbose.duration), (said, "en", 0.5), "verbose_json text, language, duration")
    equal(verbose.segments[0].end, 0.5, "the segment's end")
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "from-disk.wav")
        with open(path, "wb") as file:
            file.write(tone())
        with open(path, "rb") as file:
            text = sdk.audio.transcriptions.create(model="speech-to-text", file=file).text
        equal(text, "Transcript of from-disk.wav by stt-a.", "an upload from an open file")


@case
def image():
    sdk = client()
    raw = sdk.images.with_raw_response.generate(model="text-to-image", prompt="a fox", response_format="b64_json", n=2)
    routing(raw.headers, "image-a", 1, pool="text-to-image")
    images = strict(ImagesResponse, raw.http_response.json(), "the images answer")
    equal(len(images.data), 2, "images")
    for item in images.data:
        equal(base64.b64decode(item.b64_json)[:8], b"\x89PNG\r\n\x1a\n", "the PNG signature")
    url = sdk.images.generate(model="text-to-image", prompt="a fox", response_format="url").data[0].url
    check(url and url.startswith("http://127.0.0.1:") and url.endswith(".png"), f"url: {url!r}")


@case
def models():
    sdk = client()
    listed = list(sdk.models.list())
    ids = [m.id for m in listed]
    equal(ids[: len(POOLS)], POOLS, "the pools first, in the configuration's order")
    equal(sorted(ids[len(POOLS) :]), sorted(MODELS), "then the configured model ids")
    raw = sdk.models.with_raw_response.list().http_response.json()
    equal(raw.get("object"), "list", "the list's object")
    for item in raw["data"]:
        strict(Model, item, "a listed model")
    limited = [m.id for m in client("AIROUTE_SDK_LIMITED_KEY").models.list()]
    check("embeddings" in limited, f"the limited key's listing lacks its pool: {limited}")


# MARK: Errors


@case
def unknown_pool():
    error = raises(openai.NotFoundError, lambda: client().chat.completions.create(model="no-such-pool", messages=HELLO))
    error_fields(error, 404, "invalid_request_error", ["model_not_found"])
    check("text-generation" in error.body["message"], f"the message names no pool: {error.body['message']!r}")


@case
def bad_request():
    """The gateway's own 400 (no model) and the provider's 400 (message kept, key redacted), neither retried."""
    counting = CountingClient()
    missing = raises(
        openai.BadRequestError, lambda: counting.sdk.post("/chat/completions", body={"messages": HELLO}, cast_to=object)
    )
    error_fields(missing, 400, "invalid_request_error", ["missing_required_parameter"])
    provider = raises(
        openai.BadRequestError,
        lambda: counting.sdk.chat.completions.create(model="text-generation", messages=HELLO, temperature=9),
    )
    equal(provider.status_code, 400, "the provider's 400")
    check("temperature" in provider.body["message"], f"the provider's message was lost: {provider.body!r}")
    error_fields(provider, 400, "invalid_request_error", [provider.code])
    equal(counting.sent, 2, "requests the SDK sent (a 400 is not retried)")


@case
def wrong_key():
    sdk = OpenAI(base_url=f"{ORIGIN}/v1", api_key="sk-not-a-gateway-key", timeout=30.0)
    error = raises(openai.AuthenticationError, lambda: sdk.chat.completions.create(model="text-generation", messages=HELLO))
    error_fields(error, 401, "invalid_request_error", ["invalid_api_key"])
    check("sk-not-a-gateway-key" not in json.dumps(error.body), "the 401 echoes the key")


@case
def key_limited_to_another_pool():
    limited = client("AIROUTE_SDK_LIMITED_KEY")
    error = raises(
        openai.PermissionDeniedError, lambda: limited.chat.completions.create(model="text-generation", messages=HELLO)
    )
    error_fields(error, 403, "permission_error", ["pool_not_allowed"])
    equal(len(limited.embeddings.create(model="embeddings", input="ok").data), 1, "the limited key's own pool")


@case
def every_member_fails():
    """Both members answer 500: 502 `exhausted`, an InternalServerError naming each attempt's class."""
    error = raises(
        openai.InternalServerError,
        lambda: client(max_retries=0).chat.completions.create(model="text-generation", messages=HELLO),
    )
    check(isinstance(error, openai.APIStatusError), "not an APIStatusError")
    error_fields(error, 502, "api_error", ["exhausted"])
    equal(error.response.headers.get("x-airoute-attempts"), "2", "x-airoute-attempts")
    check(error.response.headers.get("x-airoute-member") is None, "x-airoute-member on an answer no member gave")


@case
def rate_limited():
    """Both members answer 429 with Retry-After 120: RateLimitError at once, the SDK does not retry."""
    counting = CountingClient()
    error = raises(
        openai.RateLimitError, lambda: counting.sdk.chat.completions.create(model="text-generation", messages=HELLO)
    )
    error_fields(error, 429, "rate_limit_error", ["all_members_unavailable", "exhausted"])
    retry_after = error.response.headers.get("retry-after", "")
    check(retry_after.isdigit() and 60 < int(retry_after) <= 120, f"Retry-After: {retry_after!r}")
    equal(error.response.headers.get("x-should-retry"), "false", "x-should-retry")
    equal(counting.sent, 1, "requests the SDK sent")


@case
def rate_limit_retried():
    """Both members answer 429 with Retry-After 1 once: the SDK waits as told, retries once and gets chat-a's answer."""
    counting = CountingClient()
    raw = counting.sdk.chat.completions.with_raw_response.create(model="text-generation", messages=HELLO)
    equal(raw.parse().choices[0].message.content, "Hello from chat-a", "content after the retry")
    equal(counting.answers, [(429, "1"), (200, None)], "the gateway's answers (status, Retry-After)")
    equal(raw.http_request.headers.get("x-stainless-retry-count"), "1", "the SDK's retry count")


@case
def cooling_down():
    """Both members answer 503 (502 `exhausted`), which opens their circuits (failure_threshold 1,
    cooldown 2m); then both are cooling: 503 `all_members_unavailable` with x-should-retry false,
    which the SDK raises without retrying."""
    first = raises(
        openai.InternalServerError,
        lambda: client(max_retries=0).chat.completions.create(model="text-generation", messages=HELLO),
    )
    error_fields(first, 502, "api_error", ["exhausted"])
    counting = CountingClient()
    error = raises(
        openai.InternalServerError, lambda: counting.sdk.chat.completions.create(model="text-generation", messages=HELLO)
    )
    error_fields(error, 503, "service_unavailable_error", ["all_members_unavailable"])
    retry_after = error.response.headers.get("retry-after", "")
    check(retry_after.isdigit() and 60 < int(retry_after) <= 120, f"Retry-After: {retry_after!r}")
    equal(error.response.headers.get("x-should-retry"), "false", "x-should-retry")
    equal(counting.sent, 1, "requests the SDK sent")


def main(arguments):
    global ORIGIN
    if arguments == ["--list"]:
        print("\n".join(CASES))
        return 0
    if len(arguments) != 2 or arguments[1] not in CASES:
        print(f"usage: sdk_suite.py ORIGIN CASE, CASE one of: {', '.join(CASES)}", file=sys.stderr)
        return 64
    ORIGIN, name = arguments
    try:
        CASES[name]()
    except Failure as failure:
        print(f"FAIL {name} (openai {openai.__version__}): {failure}", file=sys.stderr)
        return 1
    except Exception:
        print(f"ERROR {name} (openai {openai.__version__}):", file=sys.stderr)
        traceback.print_exc()
        return 2
    print(f"ok {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
