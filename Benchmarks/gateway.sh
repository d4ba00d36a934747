#!/usr/bin/env bash
# Gateway benchmark (BENCHMARKS.md, "Gateway (`airoute serve`)"): nginx as a plain reverse
# proxy, LiteLLM proxy and `airoute serve`, each in front of the same fake OpenAI upstream
# (bench-upstream) in the same run, rounds interleaved.
#
#   Benchmarks/gateway.sh                       # builds, installs what is missing, runs everything
#   SKIP_BUILD=1 ROUNDS=5 Benchmarks/gateway.sh
#   GATEWAYS="nginx airoute" PACED=0 Benchmarks/gateway.sh
#
# Per round and gateway: throughput and gateway CPU per request at C=64, non-streamed chat with wrk
# (10 s) and 200-chunk streams with airoute-load --url (a fixed number of streams: LiteLLM's take
# longer than a wrk window); latency and time to first chunk with airoute-load --url at C=2 (below
# saturation), the upstream measured directly in the same round. Then PACED_STREAMS concurrent
# streams of CHUNKS chunks PACED_DELAY_MS apart through airoute serve (and nginx).
# Gateway CPU is utime + stime from /proc/PID/stat of the gateway's processes around the
# measured window. With PIN=1 (default) each gateway runs on CPU GW_CPU and the upstream and the
# load generators on CPU LOAD_CPU (taskset), so every gateway gets the same single core.
#
# Output: one JSON line per measurement in $OUT (default Benchmarks/gateway/results-DATE.jsonl),
# then the summary table (Benchmarks/gateway/summarize.py).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-10}"
GATEWAYS="${GATEWAYS:-nginx litellm airoute}"
PACED="${PACED:-1}"
PACED_STREAMS="${PACED_STREAMS:-2000}"
CHUNKS="${CHUNKS:-200}"
PACED_DELAY_MS="${PACED_DELAY_MS:-50}"
ACCESS_LOG="${ACCESS_LOG:-true}"
PIN="${PIN:-1}"
GW_CPU="${GW_CPU:-1}"
LOAD_CPU="${LOAD_CPU:-0}"
LITELLM_VENV="${LITELLM_VENV:-$HOME/.cache/airoute-bench/litellm-venv}"
OUT="${OUT:-$here/gateway/results-$(date +%Y%m%d-%H%M%S).jsonl}"

# --- prerequisites ------------------------------------------------------------------------------
command -v nginx >/dev/null && command -v wrk >/dev/null || apt-get install -y nginx wrk >/dev/null
if [[ " $GATEWAYS " == *" litellm "* && ! -x "$LITELLM_VENV/bin/litellm" ]]; then
    python3 -m venv "$LITELLM_VENV"
    "$LITELLM_VENV/bin/pip" install -q 'litellm[proxy]'
fi
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

build=(swift build -c release --static-swift-stdlib)
if [ -z "${SKIP_BUILD:-}" ]; then
    "${build[@]}" --package-path "$here" --product airoute-load >&2
    "${build[@]}" --package-path "$here" --product bench-upstream >&2
    "${build[@]}" --package-path "$root" --product airoute >&2
fi
bench_bin="$("${build[@]}" --package-path "$here" --show-bin-path)"
load="$bench_bin/airoute-load"
upstream_bin="$bench_bin/bench-upstream"
airoute="${AIROUTE:-$("${build[@]}" --package-path "$root" --show-bin-path)/airoute}"

pin_gw=() pin_load=()
if [ "$PIN" = 1 ]; then pin_gw=(taskset -c "$GW_CPU") pin_load=(taskset -c "$LOAD_CPU"); fi

work="$(mktemp -d)"
started=()
cleanup() {
    for pid in "${started[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# The process and its descendants, comma-separated (nginx: master and worker).
tree_pids() {
    local list="$1" child
    for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do list="$list,$(tree_pids "$child")"; done
    echo "$list"
}

# utime + stime of the processes, in ms.
cpu_ms() {
    local total=0 pid ticks
    for pid in ${1//,/ }; do
        ticks=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{print $12 + $13}') || ticks=0
        total=$((total + ${ticks:-0}))
    done
    echo $((total * 1000 / $(getconf CLK_TCK)))
}

vm_kb() { # field (VmHWM, VmRSS) summed over the processes, KiB
    local total=0 pid kb
    for pid in ${2//,/ }; do
        kb=$(awk -v f="$1:" '$1 == f {print $2}' "/proc/$pid/status" 2>/dev/null) || kb=0
        total=$((total + ${kb:-0}))
    done
    echo "$total"
}

wait_http() { # url, seconds
    for _ in $(seq 1 $(($2 * 10))); do
        if curl -s -o /dev/null -m 1 "$1"; then return 0; fi
        sleep 0.1
    done
    echo "gateway.sh: nothing answered at $1" >&2
    return 1
}

render() { # template, port, upstream port -> path of the rendered file
    local out="$work/$(basename "$1").$2"
    sed -e "s|@PORT@|$2|g" -e "s|@UPSTREAM_PORT@|$3|g" -e "s|@WORK@|$work|g" -e "s|@ACCESS_LOG@|$ACCESS_LOG|g" \
        "$1" >"$out"
    echo "$out"
}

start_upstream() { # chunks, delay ms -> sets upstream_port
    coproc UPSTREAM { exec "${pin_load[@]}" "$upstream_bin" --chunks "$1" --chunk-delay-ms "$2"; }
    started+=("$UPSTREAM_PID")
    read -r upstream_port <&"${UPSTREAM[0]}"
}

# start_GATEWAY port upstream-port: starts it in the background, sets gw_pid.
start_nginx() {
    mkdir -p "$work"/{client_body,proxy,fastcgi,uwsgi,scgi}
    "${pin_gw[@]}" nginx -p "$work" -c "$(render "$here/gateway/nginx.conf" "$1" "$2")" &
    gw_pid=$!
}
start_litellm() {
    LITELLM_LOCAL_MODEL_COST_MAP=True LITELLM_LOG=ERROR "${pin_gw[@]}" "$LITELLM_VENV/bin/litellm" \
        --config "$(render "$here/gateway/litellm.yaml" "$1" "$2")" --host 127.0.0.1 --port "$1" \
        >"$work/litellm.log" 2>&1 &
    gw_pid=$!
}
start_airoute() {
    HOME="$work" XDG_STATE_HOME="$work/state" "${pin_gw[@]}" "$airoute" serve \
        -c "$(render "$here/gateway/airoute.yaml" "$1" "$2")" 2>"$work/airoute-$1.log" &
    gw_pid=$!
}

# Records one JSON line: {"gateway", "test", "round", ...fields}.
record() { echo "{\"gateway\":\"$1\",\"test\":\"$2\",\"round\":$3,$4" >>"$OUT"; }

# Throughput at C=64 and gateway CPU per request, with wrk (2 s warm-up first).
wrk_run() { # gateway test round url pids stream
    local out cpu0 cpu1 requests rps non2xx errors
    BENCH_STREAM="$6" "${pin_load[@]}" wrk -t1 -c64 -d2s -s "$here/gateway/post.lua" "$4/v1/chat/completions" >/dev/null
    cpu0=$(cpu_ms "$5")
    out=$(BENCH_STREAM="$6" "${pin_load[@]}" wrk -t1 -c64 -d"${DURATION}s" --timeout 30s \
        -s "$here/gateway/post.lua" "$4/v1/chat/completions")
    cpu1=$(cpu_ms "$5")
    requests=$(awk '/requests in/ {print $1}' <<<"$out")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
    errors=$(awk -F'[ ,]+' '/Socket errors/ {print $4 + $6 + $8 + $10}' <<<"$out")
    record "$1" "$2" "$3" "\"rps\":$rps,\"requests\":$requests,\"non2xx\":${non2xx:-0},\"socket_errors\":${errors:-0},\"gw_cpu_ms_per_req\":$(python3 -c "print(round(($cpu1-$cpu0)/max($requests,1),4))"),\"gw_cpu_util\":$(python3 -c "print(round(($cpu1-$cpu0)/($DURATION*1000),3))")}"
}

# Latency / time to first chunk with the driver; its JSON line is merged into the record.
load_run() { # gateway test round url pids driver-args...
    local gateway="$1" test="$2" round="$3" url="$4" pids="$5" line
    shift 5
    line=$("${pin_load[@]}" "$load" --url "$url/v1/chat/completions" ${pids:+--pid "$pids"} "$@")
    record "$gateway" "$test" "$round" "${line#\{}"
}

measure_round() { # round
    local r="$1" gw port pids
    local direct="http://127.0.0.1:$upstream_port"
    load_run direct lat_chat "$r" "$direct" "" --model bench -n 3000 -c 2 --warmup 300
    load_run direct lat_stream "$r" "$direct" "" --model ttfc --stream --chunks "$CHUNKS" -n 200 -c 2 --warmup 20
    for gw in $GATEWAYS; do
        port="${gw_port[$gw]}"
        pids=$(tree_pids "${gw_pids[$gw]}")
        local url="http://127.0.0.1:$port"
        # LiteLLM gets fewer requests: it serves ~100 requests/s and ~1 stream/s per core.
        local n=3000 ns=200 nt=4000 wt=200
        if [ "$gw" = litellm ]; then n=600 ns=60 nt=128 wt=16; fi
        wrk_run "$gw" tput_chat "$r" "$url" "$pids" 0
        load_run "$gw" tput_stream "$r" "$url" "$pids" --model bench --stream --chunks "$CHUNKS" -n "$nt" -c 64 --warmup "$wt"
        load_run "$gw" lat_chat "$r" "$url" "$pids" --model bench -n "$n" -c 2 --warmup 100
        load_run "$gw" lat_stream "$r" "$url" "$pids" --model ttfc --stream --chunks "$CHUNKS" -n "$ns" -c 2 --warmup 10
        echo "gateway.sh: round $r, $gw done" >&2
    done
}

# --- the rounds --------------------------------------------------------------------------------
mkdir -p "$(dirname "$OUT")"
: >"$OUT"
start_upstream "$CHUNKS" "$PACED_DELAY_MS"
declare -A gw_port gw_pids
for gw in $GATEWAYS; do
    gw_port[$gw]=$(free_port)
    "start_$gw" "${gw_port[$gw]}" "$upstream_port"
    started+=("$gw_pid")
    gw_pids[$gw]=$gw_pid
    wait_http "http://127.0.0.1:${gw_port[$gw]}/v1/models" 120
done
for r in $(seq 1 "$ROUNDS"); do measure_round "$r"; done
for gw in $GATEWAYS; do
    pids=$(tree_pids "${gw_pids[$gw]}")
    record "$gw" peak_rss 0 "\"gw_hwm_mb\":$(python3 -c "print(round($(vm_kb VmHWM "$pids")/1024,1))"),\"pids\":\"$pids\"}"
done

# --- paced streams held at once (same processes; LiteLLM is left out: one Python worker cannot
# carry 2,000 streams x 20 chunks/s) ---------------------------------------------------------------
# The paced phase runs unpinned: upstream (~17 µs per paced chunk) and driver (~15 µs) cannot share
# one core at 40,000 chunks/s, and what it measures is completion and memory, not CPU.
if [ "$PACED" = 1 ]; then
    pin_load=()
    for gw in $GATEWAYS; do
        [ "$gw" = litellm ] && continue
        if [ "$PIN" = 1 ]; then
            for pid in ${gw_pids[$gw]} $UPSTREAM_PID $(tree_pids "${gw_pids[$gw]}" | tr , ' '); do
                taskset -a -p -c "$GW_CPU,$LOAD_CPU" "$pid" >/dev/null
            done
        fi
        load_run "$gw" paced 1 "http://127.0.0.1:${gw_port[$gw]}" "$(tree_pids "${gw_pids[$gw]}")" --model paced \
            --stream --chunks "$CHUNKS" -n "$PACED_STREAMS" -c "$PACED_STREAMS" --warmup 0 --ramp-ms 2000 \
            --timeout-s 600
        echo "gateway.sh: paced streams through $gw done" >&2
    done
fi

echo "gateway.sh: results in $OUT" >&2
python3 "$here/gateway/summarize.py" "$OUT"
