#!/usr/bin/env bash
# Installs the Debian 12 packages Otedama needs to build, run and test.
# Idempotent: when everything is present it only checks and exits (no apt-get at all).
# Works as root or through sudo. Later capabilities add their packages to the lists below.
set -euo pipefail

# Build toolchain and libraries the engine, the apps and the tests link against.
BUILD_PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  libgl-dev libqt6opengl6-dev
  libboost-dev libsodium-dev libssl-dev libsqlite3-dev librandomx-dev
  nlohmann-json3-dev libspdlog-dev libfmt-dev
)

# What Otedama runs by itself: litecoind and litecoin-cli for the sandbox, the private Litecoin
# regtest network of the built-in default configuration that run.sh starts (the chain tests run
# the same real node); for the desktop app, Qt's X11 platform plugin, its SVG icon loader and a font;
# for its Japanese translation a Japanese font (IPA Gothic: 3.5 MB, against 57 MB for Noto CJK)
# and Qt's own translations (the standard dialogs' buttons).
RUNTIME_PACKAGES=(
  litecoind
  qt6-qpa-plugins libqt6svg6 fonts-dejavu-core
  fonts-ipafont-gothic qt6-translations-l10n
)

# Extra tools the test suite uses: ELF inspection for the "engine has no Qt" check; Clang and its
# runtime libraries (libFuzzer, sanitizers) for the fuzz targets of the decoders; a virtual X
# server for the screenshots of the real window (tools/screenshots.sh); for the .deb test,
# dpkg-shlibdeps (dpkg-dev, also pulled in by build-essential) and the desktop entry and AppStream
# validators.
TEST_PACKAGES=(
  binutils
  clang libclang-rt-14-dev
  xvfb xauth
  dpkg-dev desktop-file-utils appstream
)

want=("${BUILD_PACKAGES[@]}" "${RUNTIME_PACKAGES[@]}")
if [[ "${1:-}" == "--with-tests" ]]; then
  want+=("${TEST_PACKAGES[@]}")
fi

missing=()
for pkg in "${want[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

# Node.js and npm run the third-party test clients; a Node.js from elsewhere (for example
# NodeSource) is fine, so the commands are checked rather than Debian's package names.
if [[ "${1:-}" == "--with-tests" ]]; then
  command -v node >/dev/null 2>&1 || missing+=(nodejs)
  command -v npm >/dev/null 2>&1 || missing+=(npm)
fi

install_test_clients() {
  # The npm packages the tests drive (tests/clients/package.json), without a lockfile.
  local clients
  clients="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/clients"
  if [[ ! -f "$clients/node_modules/stratum-client/package.json" ]]; then
    echo "otedama setup: installing the npm test clients"
    npm install --prefix "$clients" --no-package-lock --no-audit --no-fund --loglevel=error
  fi
}

if (( ${#missing[@]} == 0 )); then
  echo "otedama setup: all ${#want[@]} packages present"
  [[ "${1:-}" == "--with-tests" ]] && install_test_clients
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  echo "otedama setup: missing packages: ${missing[*]}" >&2
  echo "otedama setup: run this script as root, or install sudo" >&2
  exit 1
fi

echo "otedama setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -q
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
[[ "${1:-}" == "--with-tests" ]] && install_test_clients
exit 0
