#!/usr/bin/env bash
# The CLI as a user meets it: bad arguments print usage and exit non-zero, a missing data folder says how to
# fetch MNIST, and train → eval → predict work end to end on a small run. Run by ctest: cli_test.sh <scratchnet>.
set -euo pipefail
cli="$1"
data="$(cd "$(dirname "$0")/.." && pwd)/data/mnist"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAILED: $*" >&2; exit 1; }

set +e
"$cli" >/dev/null 2>"$tmp/err"; [ $? -eq 2 ] || fail "no command should exit 2"
grep -q "usage: scratchnet" "$tmp/err" || fail "no command should print usage"
"$cli" train --lr fast --data "$data" >/dev/null 2>"$tmp/err"; [ $? -ne 0 ] || fail "a bad --lr should fail"
grep -q "'fast' is not a number" "$tmp/err" || fail "a bad --lr should say why"
"$cli" train --colour blue >/dev/null 2>"$tmp/err"; [ $? -eq 2 ] || fail "an unknown option should exit 2"
grep -q "unknown option --colour" "$tmp/err" || fail "an unknown option should be named"
"$cli" train --data /nonexistent >/dev/null 2>"$tmp/err"; [ $? -ne 0 ] || fail "missing data should fail"
grep -q "scripts/fetch_mnist.sh" "$tmp/err" || fail "missing data should say how to fetch it"
"$cli" eval /nonexistent.bin --data "$data" >/dev/null 2>"$tmp/err"; [ $? -ne 0 ] || fail "a missing model should fail"
grep -q "/nonexistent.bin: cannot open" "$tmp/err" || fail "a missing model should be named"
set -e

"$cli" train --train-samples 2000 --epochs 2 --json --out "$tmp/model.bin" --data "$data" > "$tmp/train.json"
grep -q '"test_accuracy":0\.[89]' "$tmp/train.json" || fail "a small run should pass 80%: $(cat "$tmp/train.json")"
"$cli" eval "$tmp/model.bin" --data "$data" | grep -q "accuracy .*%" || fail "eval should print the accuracy"

# A test digit (the 7 that opens t10k) as a 28x28 PGM, dark ink on white as on paper: predict must invert it.
up="$(for i in $(seq 0 255); do printf '\\%03o' "$i"; done)" down="$(for i in $(seq 255 -1 0); do printf '\\%03o' "$i"; done)"
{ printf 'P5\n28 28\n255\n'; head -c 800 "$data/t10k-images-idx3-ubyte" | tail -c 784 | LC_ALL=C tr "$up" "$down"; } > "$tmp/seven.pgm"
"$cli" predict "$tmp/model.bin" "$tmp/seven.pgm" --json | grep -q '"prediction":7' || fail "the 7 should be read as 7"
{ printf 'P5\n28 28\n255\n'; head -c 784 /dev/zero; } > "$tmp/empty.pgm"
"$cli" predict "$tmp/model.bin" "$tmp/empty.pgm" --json | grep -q '"empty":true' || fail "an empty image is empty"
echo "CLI checks passed"
