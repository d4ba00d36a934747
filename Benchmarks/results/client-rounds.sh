#!/usr/bin/env bash
# Interleaved rounds: baseline then change, each with its --raw floor, non-stream and stream.
# BASE: a worktree of the baseline commit, its load driver built as in "Commands".
B=${BASE:-/tmp/airoute-base}/Benchmarks/.build/release/airoute-load
M=$(cd "$(dirname "$0")/../.." && pwd)/Benchmarks/.build/release/airoute-load
for round in $(seq 1 ${ROUNDS:-6}); do
  for which in base main; do
    L=$B; [ $which = main ] && L=$M
    echo "{\"round\":$round,\"build\":\"$which\",\"kind\":\"chat\",\"result\":$($L -n 5000 -c 32 --warmup 300 2>/dev/null | tail -1)}"
    echo "{\"round\":$round,\"build\":\"$which\",\"kind\":\"chat-raw\",\"result\":$($L -n 5000 -c 32 --warmup 300 --raw 2>/dev/null | tail -1)}"
    echo "{\"round\":$round,\"build\":\"$which\",\"kind\":\"stream\",\"result\":$($L --stream --chunks 200 -n 400 -c 32 --warmup 64 2>/dev/null | tail -1)}"
    echo "{\"round\":$round,\"build\":\"$which\",\"kind\":\"stream-raw\",\"result\":$($L --stream --chunks 200 -n 400 -c 32 --warmup 64 --raw 2>/dev/null | tail -1)}"
  done
done
