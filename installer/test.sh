#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite through ctest.
#   installer/test.sh              all tests on the normal build
#   installer/test.sh --sanitize   the engine and integration tests on an ASan + UBSan build
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

"$root/installer/setup-deps.sh" --with-tests

if [[ "${1:-}" == "--sanitize" ]]; then
  "$root/installer/build.sh" --sanitize
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  cd "$root/build-asan"
  exec ctest --output-on-failure --label-regex "engine|integration" --parallel 2
fi

"$root/installer/build.sh"
cd "$root/build"
exec ctest --output-on-failure --parallel 2
