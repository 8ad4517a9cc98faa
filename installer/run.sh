#!/usr/bin/env bash
# Quick start: installs what is missing, builds, and starts Otedama on its built-in default
# configuration (the sandbox). The desktop app where a display exists, else the headless node.
# Arguments go to the program (for example `--config FILE` for the app, a config file for
# otedama-node); without any, both start the sandbox at once.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

"$root/installer/setup-deps.sh"
"$root/installer/build.sh"

if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" && -x "$root/build/app/otedama" ]]; then
  (( $# )) || set -- --sandbox
  exec "$root/build/app/otedama" "$@"
fi
exec "$root/build/app/otedama-node" "$@"
