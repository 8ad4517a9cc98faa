#!/usr/bin/env bash
# Renders screenshots under a virtual X server into docs/screenshots/ (or the folder given): every
# page of the setup wizard in English and Japanese (wizard-<page>-en.png, wizard-<page>-ja.png),
# then the real window (first-start page, dashboard and every page, with the sandbox running).
#   tests/tools/render_screenshots.sh [OUTPUT_DIR] [--settle SECONDS] [--wizard-only]
# OTEDAMA_BUILD_DIR: the build folder to use (default: build/, made by installer/build.sh); another
# folder is configured if needed and only the screenshot tool is built there.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out=${1:-$root/docs/screenshots}
shift || true
build=${OTEDAMA_BUILD_DIR:-$root/build}

"$root/installer/setup-deps.sh" --with-tests
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true
if [[ -z "${OTEDAMA_BUILD_DIR:-}" ]]; then
  "$root/installer/build.sh" >/dev/null
elif [[ ! -f "$build/CMakeCache.txt" ]]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$build" --target otedama-screenshots >/dev/null

# xcb, the platform plugin of a real desktop; a light, fixed look so the pictures are comparable.
export QT_QPA_PLATFORM=xcb QT_STYLE_OVERRIDE=Fusion LANG=${SCREENSHOT_LANG:-en_US.UTF-8}
xvfb-run --auto-servernum --server-args="-screen 0 1400x900x24" \
  "$build/tests/otedama-screenshots" "$out" "$@"
