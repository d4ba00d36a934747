"""Summarises Benchmarks/gateway.sh's JSON lines into the table of BENCHMARKS.md.

Each cell is the median over the rounds, with the range (min-max) in brackets. Added latency is
per round: the gateway's percentile minus the upstream's own (measured directly, same round).
Ratios (airoute / nginx CPU, airoute / LiteLLM throughput) are medians of per-round ratios.
"""
import json
import statistics
import sys
from collections import defaultdict

GATEWAYS = ["nginx", "litellm", "airoute"]
NAMES = {"nginx": "nginx", "litellm": "LiteLLM", "airoute": "airoute serve"}


def load(path):
    rows = defaultdict(dict)  # (gateway, test) -> round -> record
    for line in open(path):
        line = line.strip()
        if line:
            record = json.loads(line)
            rows[(record["gateway"], record["test"])][record["round"]] = record
    return rows


def cell(values, places=3):
    values = [v for v in values if v is not None]
    if not values:
        return "–"
    fmt = f"{{:.{places}f}}"
    median = fmt.format(statistics.median(values))
    if len(values) == 1:
        return median
    return f"{median} ({fmt.format(min(values))}–{fmt.format(max(values))})"


def series(rows, gateway, test, key):
    return [r.get(key) for _, r in sorted(rows.get((gateway, test), {}).items())]


def added(rows, gateway, test, key):
    direct = rows.get(("direct", test), {})
    mine = rows.get((gateway, test), {})
    return [mine[r][key] - direct[r][key] for r in sorted(mine) if r in direct and key in mine[r]]


def ratio(rows, a, b, test, key):
    ra, rb = rows.get((a, test), {}), rows.get((b, test), {})
    return [ra[r][key] / rb[r][key] for r in sorted(ra) if r in rb and rb[r][key]]


def main(path):
    rows = load(path)
    present = [g for g in GATEWAYS if any(k[0] == g for k in rows)]
    lines = [
        ("non-stream: throughput at C=64 (req/s)", lambda g: cell(series(rows, g, "tput_chat", "rps"), 0)),
        ("non-stream: gateway CPU per request (ms)", lambda g: cell(series(rows, g, "tput_chat", "gw_cpu_ms_per_req"), 4)),
        ("non-stream: gateway CPU busy at C=64 (cores)", lambda g: cell(series(rows, g, "tput_chat", "gw_cpu_util"), 2)),
        ("non-stream: added latency p50, C=2 (ms)", lambda g: cell(added(rows, g, "lat_chat", "p50_ms"))),
        ("non-stream: added latency p99, C=2 (ms)", lambda g: cell(added(rows, g, "lat_chat", "p99_ms"))),
        ("200-chunk stream: throughput at C=64 (streams/s)", lambda g: cell(series(rows, g, "tput_stream", "rps"), 0)),
        ("200-chunk stream: gateway CPU per stream (ms)", lambda g: cell(series(rows, g, "tput_stream", "gw_cpu_ms_per_req"), 3)),
        ("200-chunk stream: gateway CPU busy at C=64 (cores)", lambda g: cell(series(rows, g, "tput_stream", "gw_cpu_util"), 2)),
        ("200-chunk stream: time to first chunk p50, C=2 (ms)", lambda g: cell(series(rows, g, "lat_stream", "ttfc_p50_ms"))),
        ("200-chunk stream: added time to first chunk p50, C=2 (ms)", lambda g: cell(added(rows, g, "lat_stream", "ttfc_p50_ms"))),
        ("200-chunk stream: added time to first chunk p99, C=2 (ms)", lambda g: cell(added(rows, g, "lat_stream", "ttfc_p99_ms"))),
        ("200-chunk stream: added time to last chunk p50, C=2 (ms)", lambda g: cell(added(rows, g, "lat_stream", "p50_ms"))),
        ("peak RSS, VmHWM (MB)", lambda g: cell(series(rows, g, "peak_rss", "gw_hwm_mb"), 1)),
        ("failed requests (wrk non-2xx + socket errors; driver errors)", lambda g: str(failures(rows, g))),
    ]
    print("| figure | " + " | ".join(NAMES[g] for g in present) + " |")
    print("|---|" + "---|" * len(present))
    for title, fn in lines:
        print(f"| {title} | " + " | ".join(fn(g) for g in present) + " |")
    direct = rows.get(("direct", "lat_chat"), {})
    if direct:
        print(f"\nupstream direct, C=2: non-stream p50 {cell(series(rows, 'direct', 'lat_chat', 'p50_ms'))} ms, "
              f"p99 {cell(series(rows, 'direct', 'lat_chat', 'p99_ms'))} ms; stream TTFC p50 "
              f"{cell(series(rows, 'direct', 'lat_stream', 'ttfc_p50_ms'))} ms")
    for test, what in [("tput_chat", "non-stream"), ("tput_stream", "stream")]:
        if "airoute" in present and "nginx" in present:
            print(f"airoute / nginx CPU per request, {what}: {cell(ratio(rows, 'airoute', 'nginx', test, 'gw_cpu_ms_per_req'), 2)}")
        if "airoute" in present and "litellm" in present:
            print(f"airoute / LiteLLM throughput, {what}: {cell(ratio(rows, 'airoute', 'litellm', test, 'rps'), 1)}")
    for g in present:
        paced = rows.get((g, "paced"), {}).get(1)
        if paced:
            print(f"\npaced streams through {NAMES[g]}: {paced['ok']} of {paced['requests']} complete "
                  f"({paced['errors']} failed), {paced['chunks']} chunks each; most open at once "
                  f"{paced['gw_peak_open_streams']}; wall {paced['wall_s']} s; time to last chunk p50 "
                  f"{paced['p50_ms']} ms, p99 {paced['p99_ms']} ms; TTFC p99 {paced['ttfc_p99_ms']} ms; "
                  f"RSS idle {paced['gw_idle_rss_mb']} MB, held {paced['gw_held_rss_mb']} MB with "
                  f"{paced['gw_held_open_streams']} open -> {paced['gw_kb_per_open_stream']} KiB per open stream; "
                  f"VmHWM {paced['gw_hwm_mb']} MB; gateway CPU {paced['gw_cpu_ms_per_req']} ms per stream")


def failures(rows, g):
    total = 0
    for (gateway, test), by_round in rows.items():
        if gateway != g:
            continue
        for r in by_round.values():
            total += r.get("non2xx", 0) + r.get("socket_errors", 0) + r.get("errors", 0)
    return total


if __name__ == "__main__":
    main(sys.argv[1])
