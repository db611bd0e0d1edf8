#!/usr/bin/env bash
# The benchmark: builds what it needs, then measures in one run on this machine the native CLI and the wasm
# build in headless Chromium, prints a table with ratios, and writes bench-results.json in the current folder.
# Figures are medians; the machine may be shared and noisy, so compare the ratios.
set -euo pipefail
here="$(pwd)"
root="$(cd "$(dirname "$0")/../.." && pwd)"
"$root/build_wasm.sh" >/dev/null
cd "$here"
exec node "$root/tests/bench/bench.mjs" "$@"
