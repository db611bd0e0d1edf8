#!/usr/bin/env bash
# Builds the web app into dist/: the wasm module (Emscripten), the page, the vendored npm libraries, MNIST cut
# into chunks, and the two pretrained models (trained here by the native CLI). With --serve, serves it on
# http://127.0.0.1:${PORT:-8080}/. Installs what is missing first (as root), or prints the command to run.
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
cd "$root"
serve=false
for arg in "$@"; do
  case "$arg" in
    --serve) serve=true ;;
    -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
    *) echo "build_wasm.sh: unknown argument '$arg' (use --serve)" >&2; exit 2 ;;
  esac
done

source scripts/ensure_deps.sh
need_packages "${NATIVE_PACKAGES[@]}" "${WASM_PACKAGES[@]}"
need_npm_packages "$root"
export NODE_PATH=/usr/share/nodejs  # Debian's emcc needs it to find acorn at -O2 and above
echo "$(emcc --version | head -n 1)"
scripts/fetch_mnist.sh

echo "== native CLI (it trains the shipped models)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j2 --target scratchnet
# The pretrained models, trained for drawings (augmentation) rather than for MNIST's test set alone; retrained
# whenever the CLI changes. Their figures on MNIST and on our drawn digits are in the README.
train_model() {  # name, then the CLI's train options
  local model="build/models/$1.bin"
  shift
  if [ ! -f "$model" ] || [ build/scratchnet -nt "$model" ]; then
    echo "== training the pretrained model $model: $*"
    mkdir -p build/models
    build/scratchnet train "$@" --out "$model.tmp"
    mv "$model.tmp" "$model"
  fi
}
train_model mlp --preset mlp --augment on --seed 1
train_model cnn --preset cnn --augment on --epochs 10 --seed 1 --threads 2

echo "== wasm module"
configure_wasm_build
cmake --build build-wasm -j2 --target scratchnet_wasm scratchnet_wasm_mt

echo "== site"
rm -rf dist/*.js dist/vendor  # an earlier build's scripts and chunks: this one writes its own
mkdir -p dist/vendor dist/models
cp web/index.html web/style.css web/manifest.webmanifest web/icon.svg dist/
cp node_modules/uplot/dist/uPlot.min.css dist/vendor/
# The page's JavaScript, bundled by esbuild (npm): unbundled, the page and its worker fetch some 25 modules over
# HTTP/1.1's six connections at a time, and the worker's own script waited behind the page's. The sources in web/
# stay plain modules (the tests import them); they import the npm libraries from ./vendor/, staged here beside
# them. The worker (worker.js) and worker_boot.js, which starts it before the rest of the page, are bundles
# with no imports: each import is another round trip before the worker starts or compiles the wasm. The page
# (main.js) puts what it loads later (the charts) into chunk-*.js files next to it.
rm -rf build/page-js && mkdir -p build/page-js/vendor
cp $(ls web/*.js | grep -v service_worker.js) build/page-js/
cp node_modules/uplot/dist/uPlot.esm.js build/page-js/vendor/
cp node_modules/idb-keyval/dist/index.js build/page-js/vendor/idb-keyval.js
node_modules/.bin/esbuild build/page-js/worker.js build/page-js/worker_boot.js --bundle --format=esm \
  --outdir=dist --log-level=warning --external:./scratchnet.mjs --external:./scratchnet-mt.mjs  # loaded as they are
node_modules/.bin/esbuild build/page-js/main.js --bundle --format=esm --splitting --chunk-names='chunk-[hash]' \
  --outdir=dist --log-level=warning
cp build-wasm/module/scratchnet.mjs build-wasm/module/scratchnet.wasm dist/
cp build-wasm/module/scratchnet-mt.mjs build-wasm/module/scratchnet-mt.wasm build-wasm/module/scratchnet-mt.worker.js dist/
cp build/models/mlp.bin build/models/cnn.bin dist/models/
if [ ! -f dist/data/manifest.json ] || [ web/tools/make_data.mjs -nt dist/data/manifest.json ]; then
  rm -rf dist/data
  node web/tools/make_data.mjs data/mnist dist/data
fi
node web/tools/make_service_worker.mjs dist  # last: it lists and hashes everything above
echo "site ready in dist/ ($(du -sh dist | cut -f1))"

if $serve; then
  exec node web/tools/serve.mjs dist "${PORT:-8080}"
fi
