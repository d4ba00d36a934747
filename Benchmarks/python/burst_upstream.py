#!/usr/bin/env python3
"""A minimal OpenAI-compatible upstream for client CPU benchmarks (issue 16): asyncio, HTTP/1.1
keep-alive, POST /v1/chat/completions. A non-streamed request gets one JSON answer; a streamed one
gets CHUNKS content chunks, a usage chunk and [DONE] written in ONE burst (one write), as a fast
provider's buffered stream arrives. Prints its port on the first line of stdout.

    python3 Benchmarks/python/burst_upstream.py --chunks 200
"""
import argparse
import asyncio
import json

parser = argparse.ArgumentParser()
parser.add_argument("--chunks", type=int, default=200)
parser.add_argument("--port", type=int, default=0)
options = parser.parse_args()

ANSWER = json.dumps({
    "id": "chatcmpl-bench", "object": "chat.completion", "created": 1764300000, "model": "m-ok",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "word " * 40}, "finish_reason": "stop"}],
    "usage": {"prompt_tokens": 24, "completion_tokens": 40, "total_tokens": 64},
}).encode()


def event(payload):
    return b"data: " + json.dumps(payload, separators=(",", ":")).encode() + b"\n\n"


def stream_body(chunks):
    base = {"id": "chatcmpl-bench", "object": "chat.completion.chunk", "created": 1764300000, "model": "m-ok"}
    parts = [event(dict(base, choices=[{"index": 0, "delta": {"role": "assistant", "content": ""},
                                        "finish_reason": None}]))]
    for _ in range(chunks):
        parts.append(event(dict(base, choices=[{"index": 0, "delta": {"content": "word "}, "finish_reason": None}])))
    parts.append(event(dict(base, choices=[{"index": 0, "delta": {}, "finish_reason": "stop"}])))
    parts.append(event(dict(base, choices=[], usage={"prompt_tokens": 24, "completion_tokens": chunks,
                                                     "total_tokens": 24 + chunks})))
    parts.append(b"data: [DONE]\n\n")
    body = b"".join(parts)
    # One chunked-encoding chunk holding every event, then the terminator: one write.
    return b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n"


STREAM = stream_body(options.chunks)
PLAIN_HEAD = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n" % len(ANSWER)
STREAM_HEAD = b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n"


async def serve(reader, writer):
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            body = await reader.readexactly(length)
            if b'"stream":true' in body.replace(b" ", b""):
                writer.write(STREAM_HEAD + STREAM)
            else:
                writer.write(PLAIN_HEAD + ANSWER)
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def main():
    server = await asyncio.start_server(serve, "127.0.0.1", options.port, backlog=1024)
    print(server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


asyncio.run(main())
