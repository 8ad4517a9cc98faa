#!/usr/bin/env bash
# Configures and builds Otedama with CMake + Ninja (+ ccache when present).
#   installer/build.sh              -> build/        (RelWithDebInfo)
#   installer/build.sh --sanitize   -> build-asan/   (ASan + UBSan, Debug optimizations off)
# Extra arguments after `--` go to CMake's configure step.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

build_dir="$root/build"
cmake_args=(-G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo)
while (($#)); do
  case "$1" in
    --sanitize) build_dir="$root/build-asan"; cmake_args=(-G Ninja -DCMAKE_BUILD_TYPE=Debug -DOTEDAMA_SANITIZE=ON) ;;
    --) shift; cmake_args+=("$@"); break ;;
    *) echo "usage: $0 [--sanitize] [-- CMAKE_ARGS...]" >&2; exit 2 ;;
  esac
  shift
done

# ccache keys on paths relative to the checkout, so a fresh clone elsewhere (CI) reuses the cache.
export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true
cmake -S "$root" -B "$build_dir" "${cmake_args[@]}" >/dev/null
cmake --build "$build_dir" --parallel "$(nproc)"
echo "otedama build: $build_dir"
