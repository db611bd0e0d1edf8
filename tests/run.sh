#!/usr/bin/env bash
# Runs every test: the Catch2 suite natively, again under AddressSanitizer + UndefinedBehaviorSanitizer, its
# thread tests under ThreadSanitizer, the fuzzers for a bounded time, the same suite compiled to WebAssembly
# under node, the page's modules under node, and the browser end-to-end tests. Installs what is missing first
# (as root), or prints the command to run.
# FUZZ_SECONDS (default 45) sets how long each fuzzer runs.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
source scripts/ensure_deps.sh
need_packages "${NATIVE_PACKAGES[@]}" "${FUZZ_PACKAGES[@]}"
need_node
scripts/fetch_mnist.sh

step() { printf '\n=== %s\n' "$*"; }

step "native build and Catch2 suite"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j2
ctest --test-dir build --output-on-failure -j2 --no-tests=error

step "Catch2 suite under AddressSanitizer + UndefinedBehaviorSanitizer"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSCRATCHNET_SANITIZE=ON >/dev/null
cmake --build build-asan -j2
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --test-dir build-asan --output-on-failure -j2 --no-tests=error

step "the threads' tests under ThreadSanitizer (a data race fails the run)"
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSCRATCHNET_SANITIZE_THREAD=ON >/dev/null
cmake --build build-tsan -j2 --target tests
TSAN_OPTIONS=halt_on_error=1 build-tsan/tests "[threads]"

step "fuzzing the loaders"
tests/fuzz/run_fuzzers.sh

step "the same Catch2 suite compiled to WebAssembly, run by node"
need_packages "${WASM_PACKAGES[@]}" "${BROWSER_PACKAGES[@]}"
need_npm_packages "$root"
configure_wasm_build
cmake --build build-wasm -j2 --target tests
ctest --test-dir build-wasm --output-on-failure -j2 --no-tests=error

step "the page's JavaScript modules, in node"
node --test tests/web/

step "the web app, end to end in headless Chromium"
./build_wasm.sh
node --test --test-concurrency=1 tests/e2e/
