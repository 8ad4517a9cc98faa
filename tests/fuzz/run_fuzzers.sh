#!/usr/bin/env bash
# Builds the libFuzzer targets with Clang in their own folder and runs each for a short time on
# a copy of its seed corpus. Fails when a target crashes, leaks or trips a sanitizer; the input
# that did it is kept in the work folder and its path printed.
# Usage: run_fuzzers.sh SOURCE_DIR WORK_DIR [SECONDS_PER_TARGET]
set -euo pipefail
source_dir=$1
work_dir=$2
seconds=${3:-10}
mkdir -p "$work_dir"

for tool in clang clang++; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "run_fuzzers: $tool is missing; installer/setup-deps.sh --with-tests installs it" >&2
    exit 1
  fi
done

build_dir="$work_dir/build"
cmake -S "$source_dir" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DOTEDAMA_FUZZ=ON -DOTEDAMA_BUILD_TESTS=OFF -DOTEDAMA_BUILD_BENCH=OFF >"$work_dir/configure.log" 2>&1 ||
  { cat "$work_dir/configure.log" >&2; exit 1; }
cmake --build "$build_dir" --target fuzzers >"$work_dir/build.log" 2>&1 || { tail -50 "$work_dir/build.log" >&2; exit 1; }

status=0
for seeds in "$source_dir"/tests/fuzz/corpus/*/; do
  name=$(basename "$seeds")
  binary="$build_dir/tests/fuzz/$name"
  [[ -x "$binary" ]] || { echo "run_fuzzers: no target $name for corpus $seeds" >&2; status=1; continue; }
  corpus="$work_dir/corpus-$name"
  rm -rf "$corpus" && mkdir -p "$corpus"
  if (cd "$work_dir" && "$binary" "$corpus" "$seeds" -max_total_time="$seconds" -rss_limit_mb=2048 \
        -max_len=8192 -print_final_stats=1 >"$work_dir/$name.log" 2>&1); then
    echo "run_fuzzers: $name ok ($(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$work_dir/$name.log" | grep -o '[0-9]*$') runs in ${seconds} s)"
  else
    echo "run_fuzzers: $name FAILED; log: $work_dir/$name.log" >&2
    tail -40 "$work_dir/$name.log" >&2
    status=1
  fi
done
exit $status
