#!/usr/bin/env bash
# Client CPU per request and per stream, side by side in one run (issue 16): airoute
# (OpenAIClient), bare AsyncHTTPClient (--raw) and the minimal aiohttp client, against ONE fake
# upstream (its own process), in interleaved rounds. Prints one JSON line per
# measurement, then the medians and ratios (Benchmarks/python/summarize_client_cpu.py).
#
#   swift build -c release --static-swift-stdlib --package-path Benchmarks --product airoute-load
#   pip install aiohttp
#   ROUNDS=5 Benchmarks/client-cpu.sh | tee results.jsonl
#
# BUILDS="base=/tmp/base/Benchmarks/.build/release/airoute-load main=Benchmarks/.build/release/airoute-load"
# compares two builds of the load driver (before and after a change) in the same rounds.
# NO_TRACER=1 adds the floor configured without AsyncHTTPClient's no-op tracer, as airoute's client.
set -euo pipefail
cd "$(dirname "$0")/.."
MAIN=Benchmarks/.build/release/airoute-load
BUILDS=${BUILDS:-main=$MAIN}
ROUNDS=${ROUNDS:-5}
CHUNKS=${CHUNKS:-200}
C=${C:-32}
N=${N:-5000}
NS=${NS:-400}
PY=${PYTHON:-python3}
# UPSTREAM=python (default): Benchmarks/python/burst_upstream.py, every stream in one write, as the
# issue measured; UPSTREAM=swift: airoute-load --serve (the fake provider, one write per event).
if [ "${UPSTREAM:-python}" = swift ]; then
  coproc SERVER { exec "$MAIN" --serve --chunks "$CHUNKS"; }
else
  coproc SERVER { exec "$PY" Benchmarks/python/burst_upstream.py --chunks "$CHUNKS"; }
fi
read -r PORT <&"${SERVER[0]}"
URL=http://127.0.0.1:$PORT
trap 'kill $SERVER_PID 2>/dev/null || true' EXIT
line() { echo "{\"round\":$1,\"build\":\"$2\",\"kind\":\"$3\",\"result\":$4}"; }
for round in $(seq 1 "$ROUNDS"); do
  line "$round" python chat "$($PY Benchmarks/python/aiohttp_client.py --server "$URL" -n "$N" -c "$C" --warmup 300)"
  line "$round" python stream "$($PY Benchmarks/python/aiohttp_client.py --server "$URL" --stream --chunks "$CHUNKS" -n "$NS" -c "$C" --warmup 64)"
  for build in $BUILDS; do
    name=${build%%=*}; L=${build#*=}
    line "$round" "$name" chat "$($L --server "$URL" -n "$N" -c "$C" --warmup 300 2>/dev/null | tail -1)"
    line "$round" "$name" chat-raw "$($L --server "$URL" -n "$N" -c "$C" --warmup 300 --raw 2>/dev/null | tail -1)"
    line "$round" "$name" stream "$($L --server "$URL" --stream --chunks "$CHUNKS" -n "$NS" -c "$C" --warmup 64 2>/dev/null | tail -1)"
    line "$round" "$name" stream-raw "$($L --server "$URL" --stream --chunks "$CHUNKS" -n "$NS" -c "$C" --warmup 64 --raw 2>/dev/null | tail -1)"
    if [ -n "${NO_TRACER:-}" ]; then  # the floor configured as airoute's own client: no tracer
      line "$round" "$name" chat-raw-no-tracer "$($L --server "$URL" -n "$N" -c "$C" --warmup 300 --raw --no-tracer 2>/dev/null | tail -1)"
      line "$round" "$name" stream-raw-no-tracer "$($L --server "$URL" --stream --chunks "$CHUNKS" -n "$NS" -c "$C" --warmup 64 --raw --no-tracer 2>/dev/null | tail -1)"
    fi
  done
done
