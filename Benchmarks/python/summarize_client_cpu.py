#!/usr/bin/env python3
"""Medians of Benchmarks/client-cpu.sh's lines (stdin): client CPU per request and per stream for
aiohttp, each build's airoute and --raw floor, and the ratios issue 16 sets targets for (each ratio
is the median of the per-round ratios)."""
import json
import statistics
import sys

rows = [json.loads(line) for line in sys.stdin if line.startswith("{")]
cpu = {}
for row in rows:
    cpu.setdefault((row["build"], row["kind"]), {})[row["round"]] = row["result"]["cpu_ms_per_req"]
chunks = next((r["result"].get("chunks") for r in rows if r["kind"] == "stream"), 200)


def median(build, kind):
    values = list(cpu.get((build, kind), {}).values())
    return statistics.median(values) if values else float("nan")


def ratio(a, b, kind_a, kind_b=None, chunked=False):
    per_round = []
    for rnd, value in cpu.get((a, kind_a), {}).items():
        other = cpu.get((b, kind_b or kind_a), {}).get(rnd)
        if other:
            per_round.append((value - other) * 1000 / chunks if chunked else value / other)
    return statistics.median(per_round) if per_round else float("nan")


print(f"aiohttp: chat {median('python', 'chat'):.4f} ms/request, stream {median('python', 'stream'):.3f} ms/stream")
for build in sorted({b for b, _ in cpu if b != "python"}):
    line = (
        f"{build}: chat {median(build, 'chat'):.4f} ms (raw {median(build, 'chat-raw'):.4f}), "
        f"stream {median(build, 'stream'):.3f} ms (raw {median(build, 'stream-raw'):.3f}); "
        f"chat/raw {ratio(build, build, 'chat', 'chat-raw'):.2f}x, chat/aiohttp {ratio(build, 'python', 'chat'):.2f}x, "
        f"stream above raw {ratio(build, build, 'stream', 'stream-raw', chunked=True):.1f} us/chunk, "
        f"stream/aiohttp {ratio(build, 'python', 'stream'):.2f}x"
    )
    if (build, "chat-raw-no-tracer") in cpu:
        line += (
            f"; raw without a tracer: chat {median(build, 'chat-raw-no-tracer'):.4f} ms "
            f"(chat/it {ratio(build, build, 'chat', 'chat-raw-no-tracer'):.2f}x), "
            f"stream {median(build, 'stream-raw-no-tracer'):.3f} ms "
            f"(above it {ratio(build, build, 'stream', 'stream-raw-no-tracer', chunked=True):.1f} us/chunk)"
        )
    print(line)
