#!/usr/bin/env python3
"""The minimal Python client issue 16 compares airoute with: aiohttp, one session, the same
chat request as airoute-load, `json.loads` of the body (non-streamed) or of every `data:` line
(streamed). Prints one JSON line in airoute-load's shape; cpu_ms_per_req is this process's
getrusage (user + sys) over the measured requests only.

    python3 Benchmarks/python/aiohttp_client.py --server http://127.0.0.1:PORT -n 5000 -c 32 --warmup 300
    python3 Benchmarks/python/aiohttp_client.py --server URL --stream --chunks 200 -n 400 -c 32 --warmup 64

Needs `pip install aiohttp` (measured with 3.14).
"""
import argparse
import asyncio
import json
import resource
import time

import aiohttp

REQUEST = {
    "model": "m-ok",
    "messages": [
        {"role": "system", "content": "You are a concise assistant."},
        {"role": "user", "content": "Summarise the benefits of capability-driven model routing in two sentences."},
    ],
    "temperature": 0.2,
    "max_tokens": 256,
}


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def one(session, url, body, stream):
    start = time.perf_counter()
    ttfc = None
    async with session.post(url, data=body, headers={"Content-Type": "application/json",
                                                     "Authorization": "Bearer sk-bench"}) as response:
        if response.status != 200:
            await response.read()
            return time.perf_counter() - start, None, False
        if not stream:
            reply = json.loads(await response.read())
            return time.perf_counter() - start, None, bool(reply["choices"])
        chunks = 0
        async for line in response.content:
            if not line.startswith(b"data:"):
                continue
            data = line[5:].strip()
            if data == b"[DONE]":
                break
            json.loads(data)
            chunks += 1
            if ttfc is None:
                ttfc = time.perf_counter() - start
        return time.perf_counter() - start, ttfc, chunks > 0


async def run(session, url, count, concurrency, stream):
    body = json.dumps(dict(REQUEST, **({"stream": True, "stream_options": {"include_usage": True}} if stream else {})))
    queue = iter(range(count))
    samples = []

    async def worker():
        for _ in queue:
            samples.append(await one(session, url, body, stream))

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return samples


def percentile(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("-n", "--requests", type=int, default=2000)
    parser.add_argument("-c", "--concurrency", type=int, default=32)
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--stream", action="store_true")
    parser.add_argument("--chunks", type=int, default=200)
    options = parser.parse_args()
    url = options.server.rstrip("/") + "/v1/chat/completions"
    connector = aiohttp.TCPConnector(limit=options.concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        await run(session, url, options.warmup, options.concurrency, options.stream)
        cpu, wall = cpu_seconds(), time.perf_counter()
        samples = await run(session, url, options.requests, options.concurrency, options.stream)
        cpu, wall = cpu_seconds() - cpu, time.perf_counter() - wall
    latencies = [s[0] * 1000 for s in samples]
    fields = {
        "mode": "aiohttp", "stream": options.stream, "requests": len(samples), "concurrency": options.concurrency,
        "wall_s": round(wall, 3), "rps": round(len(samples) / wall, 1),
        "cpu_ms_per_req": round(cpu * 1000 / len(samples), 4),
        "p50_ms": round(percentile(latencies, 50), 3), "p99_ms": round(percentile(latencies, 99), 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "ok": sum(1 for s in samples if s[2]), "errors": sum(1 for s in samples if not s[2]),
    }
    if options.stream:
        ttfcs = [s[1] * 1000 for s in samples if s[1] is not None]
        fields.update({"chunks": options.chunks, "ttfc_p50_ms": round(percentile(ttfcs, 50), 3),
                       "ttfc_p99_ms": round(percentile(ttfcs, 99), 3),
                       "cpu_ms_per_stream": fields["cpu_ms_per_req"]})
    print(json.dumps(fields), flush=True)


asyncio.run(main())
