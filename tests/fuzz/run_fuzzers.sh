#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan), replays the regression inputs, then fuzzes each
# target for FUZZ_SECONDS (default 45) from seeds cut from the real MNIST files and a real model file.
# Fails on any crash, leak or hang (a run over 10 s).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="$root/build-fuzz"
seconds="${FUZZ_SECONDS:-45}"
cd "$root"

CXX=clang++ cmake -S . -B "$build" -DSCRATCHNET_FUZZ=ON -DBUILD_TESTING=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j2 --target fuzz_idx fuzz_model >/dev/null
[ -x build/scratchnet ] || { echo "run_fuzzers: build the native CLI first (cmake -B build && cmake --build build)" >&2; exit 1; }

# Seeds: 3 real test images with their labels (header count patched to 3), and a small trained model.
seeds="$build/seeds"
rm -rf "$seeds" && mkdir -p "$seeds/idx" "$seeds/model"
images="$build/seed-images" labels="$build/seed-labels"
{ printf '\x00\x00\x08\x03\x00\x00\x00\x03\x00\x00\x00\x1c\x00\x00\x00\x1c'; head -c 2368 data/mnist/t10k-images-idx3-ubyte | tail -c 2352; } > "$images"
{ printf '\x00\x00\x08\x01\x00\x00\x00\x03'; head -c 11 data/mnist/t10k-labels-idx1-ubyte | tail -c 3; } > "$labels"
# The fuzz input starts with the split point, little-endian: the images part is 16 + 3*784 = 2368 = 0x940 bytes.
{ printf '\x40\x09\x00\x00'; cat "$images" "$labels"; } > "$seeds/idx/three-digits"
build/scratchnet train --hidden 8 --epochs 1 --train-samples 300 --quiet --out "$seeds/model/small.bin" \
  --data data/mnist >/dev/null

for target in fuzz_idx fuzz_model; do
  if compgen -G "tests/fuzz/regressions/*" >/dev/null; then
    find tests/fuzz/regressions -type f ! -name README.md -print0 | xargs -0 -r "$build/$target" -timeout=10
  fi
done

corpus="$build/corpus"
fuzz() {  # target, max input length, corpus name
  local log="$build/$1.log"
  if "$build/$1" -max_total_time="$seconds" -timeout=10 -max_len="$2" -print_final_stats=1 \
      -artifact_prefix="$build/$1-" "$corpus/$3" "$seeds/$3" >"$log" 2>&1; then
    grep -E 'stat::(number_of_executed_units|new_units_added)' "$log"
  else
    tail -n 60 "$log"
    echo "run_fuzzers: $1 found a crash, leak or hang; the input is saved as $build/$1-*" >&2
    echo "  fix it, then copy that input into tests/fuzz/regressions/" >&2
    exit 1
  fi
}
mkdir -p "$corpus/idx" "$corpus/model"
echo "fuzzing the IDX loader for ${seconds}s"
fuzz fuzz_idx 8192 idx
echo "fuzzing the model-file loader for ${seconds}s"
fuzz fuzz_model 32768 model
echo "fuzzing: no crash, leak or hang"
