# Sourced by build_wasm.sh and tests/run.sh: makes sure the machine has what they need.
# As root it installs missing Debian packages and npm packages (npm ci from the committed lock file);
# otherwise it prints the exact command to run and stops.

# need_packages PKG...: Debian packages, installed with apt-get when missing.
need_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing Debian packages. Run:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Node.js and npm: from the machine if present (any vendor), else Debian's.
need_node() {
  command -v node >/dev/null && command -v npm >/dev/null && return 0
  need_packages nodejs npm
}

# The npm packages in package-lock.json (playwright-core, uPlot, …), installed into node_modules.
need_npm_packages() {
  local root="$1"
  need_node
  if [ ! -d "$root/node_modules" ] || [ "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ]; then
    (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

# Configures build-wasm/ with Debian's Emscripten; build_wasm.sh and tests/run.sh must configure it the same way.
configure_wasm_build() {
  export NODE_PATH=/usr/share/nodejs  # Debian's emcc needs it to find acorn at -O2 and above
  # node runs the wasm tests for ctest; emcmake's default emulator flag breaks node 20 (0 tests found).
  emcmake cmake -S . -B build-wasm -DCMAKE_BUILD_TYPE=Release \
    "-DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node;--no-experimental-fetch" >/dev/null
}

NATIVE_PACKAGES=(build-essential cmake libeigen3-dev catch2 libstb-dev)
FUZZ_PACKAGES=(clang libclang-rt-14-dev)
WASM_PACKAGES=(emscripten)
BROWSER_PACKAGES=(chromium)
