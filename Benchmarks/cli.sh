#!/usr/bin/env bash
# CLI figures for BENCHMARKS.md: cold start, `pools` on a 20-pool config, a one-shot chat against
# the fake provider (started here with `airoute-load --serve`), peak RSS via /usr/bin/time -v.
#
#   Benchmarks/cli.sh            # builds release binaries first (swift build -c release --static-swift-stdlib)
#   SKIP_BUILD=1 Benchmarks/cli.sh
#   BASELINE=/path/to/older/airoute Benchmarks/cli.sh   # adds its --version and pools, same run
#
# Output: hyperfine's tables, and a summary (median ms, peak RSS MB) on the last lines.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

if ! command -v hyperfine >/dev/null; then apt-get install -y hyperfine >/dev/null; fi
if [ ! -x /usr/bin/time ]; then apt-get install -y time >/dev/null; fi

# --static-swift-stdlib: how airoute is built for installing (README). Linking the Swift runtime and
# Foundation statically removes most of the dynamic loader's work: `--version` 10 -> 6 ms here.
build=(swift build -c release --static-swift-stdlib)
if [ -z "${SKIP_BUILD:-}" ]; then
    "${build[@]}" --product airoute-load >&2
    "${build[@]}" --product airoute >&2
fi
bin="$("${build[@]}" --show-bin-path)"
airoute="${AIROUTE:-$bin/airoute}"  # AIROUTE: a binary built elsewhere (e.g. the root package's .build)
load="$bin/airoute-load"

work="$(mktemp -d)"
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# A trivial Swift binary: the floor for a Swift process's start-up on this machine.
cat >"$work/hello.swift" <<'EOF'
print("hello")
EOF
swiftc -O "$work/hello.swift" -o "$work/hello" 2>/dev/null

# A 20-pool configuration over mock providers.
{
    echo "version: 1"
    echo "providers:"
    for i in $(seq 1 5); do printf '  mock%d:\n    type: mock\n' "$i"; done
    echo "models:"
    for i in $(seq 1 20); do
        printf '  chat-%d:\n    provider: mock%d\n    capabilities: [chat, streaming, tools]\n    context_window: 128000\n' \
            "$i" "$(( (i % 5) + 1 ))"
    done
    echo "pools:"
    for i in $(seq 1 20); do
        printf '  pool-%d:\n    operation: chat\n    members: [chat-%d, chat-%d]\n' "$i" "$i" "$(( (i % 20) + 1 ))"
    done
} >"$work/pools20.yaml"

# The fake provider in its own process; its port is the first line it prints.
coproc SERVER { exec "$load" --serve; }
server_pid=$SERVER_PID
read -r port <&"${SERVER[0]}"
cat >"$work/fake.yaml" <<EOF
version: 1
providers:
  fake:
    type: openai
    base_url: http://127.0.0.1:$port/v1
    api_key: sk-bench
    allow_insecure_http: true
models:
  m-ok:
    provider: fake
    capabilities: [chat, streaming]
pools:
  text-generation:
    operation: chat
    members: [m-ok]
EOF

export HOME="$work" XDG_CONFIG_HOME="$work/config" XDG_STATE_HOME="$work/state"
unset AIROUTE_CONFIG OPENAI_API_KEY ANTHROPIC_API_KEY GEMINI_API_KEY GROQ_API_KEY MISTRAL_API_KEY OPENROUTER_API_KEY

"$airoute" -c "$work/fake.yaml" --no-state chat --no-stream "warm up" >/dev/null

baseline=()
if [ -n "${BASELINE:-}" ]; then
    baseline=(-n "baseline --version" "$BASELINE --version"
        -n "baseline pools (20 pools)" "$BASELINE -c $work/pools20.yaml --no-state pools")
fi
hyperfine -N --warmup 5 --runs "${RUNS:-50}" --export-json "$work/hf.json" \
    -n "swift hello (floor)" "$work/hello" \
    -n "airoute --version" "$airoute --version" \
    -n "airoute pools (20 pools)" "$airoute -c $work/pools20.yaml --no-state pools" \
    "${baseline[@]}" \
    -n "airoute chat --no-stream" "$airoute -c $work/fake.yaml --no-state chat --no-stream Hello"

rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}'; }
echo
echo "== summary (median ms; peak RSS MB) =="
python3 - "$work/hf.json" <<'EOF'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f'{r["command"]:<28} median {r["median"]*1000:7.2f} ms   mean {r["mean"]*1000:7.2f} ± {r["stddev"]*1000:5.2f} ms')
EOF
if [ -n "${BASELINE:-}" ]; then
    echo "baseline peak RSS: --version $(rss "$BASELINE" --version) MB;" \
        "pools $(rss "$BASELINE" -c "$work/pools20.yaml" --no-state pools) MB; size $(stat -c %s "$BASELINE") B"
fi
echo "binary size: $(stat -c %s "$airoute") B"
echo "peak RSS: swift hello $(rss "$work/hello") MB; --version $(rss "$airoute" --version) MB;" \
    "pools $(rss "$airoute" -c "$work/pools20.yaml" --no-state pools) MB;" \
    "chat --no-stream $(rss "$airoute" -c "$work/fake.yaml" --no-state chat --no-stream Hello) MB"
