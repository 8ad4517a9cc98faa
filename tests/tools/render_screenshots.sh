#!/usr/bin/env bash
# Renders screenshots of the real window (first-start page, dashboard and every page, with the
# sandbox running) under a virtual X server into docs/screenshots/ (or the folder given).
#   tests/tools/render_screenshots.sh [OUTPUT_DIR] [--settle SECONDS]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out=${1:-$root/docs/screenshots}
shift || true

"$root/installer/setup-deps.sh" --with-tests
"$root/installer/build.sh" >/dev/null
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true
cmake --build "$root/build" --target otedama-screenshots >/dev/null

# xcb, the platform plugin of a real desktop; a light, fixed look so the pictures are comparable.
export QT_QPA_PLATFORM=xcb QT_STYLE_OVERRIDE=Fusion LANG=${SCREENSHOT_LANG:-en_US.UTF-8}
xvfb-run --auto-servernum --server-args="-screen 0 1400x900x24" \
  "$root/build/tests/otedama-screenshots" "$out" "$@"
