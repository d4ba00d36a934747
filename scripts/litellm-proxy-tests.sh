#!/usr/bin/env bash
# Runs LiteLLMProxyTests: airoute against a real LiteLLM proxy on loopback (mock_response models,
# a master key). Installs litellm[proxy] into .build/litellm-venv on first use (a few minutes),
# then builds and runs the suite. Prints how long each step took.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=.build/litellm-venv
start=$(date +%s)
if [ ! -x "$venv/bin/litellm" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet 'litellm[proxy]'
fi
installed=$(date +%s)
echo "litellm: $("$venv/bin/pip" show litellm | sed -n 's/^Version: //p') ($((installed - start)) s to install)"
swift build --build-tests
built=$(date +%s)
AIROUTE_LITELLM_TESTS=1 AIROUTE_LITELLM="$PWD/$venv/bin/litellm" \
    swift test --skip-build --disable-xctest --filter LiteLLMProxyTests
echo "build $((built - installed)) s, tests $(($(date +%s) - built)) s"
