#!/bin/sh
# Builds the libFuzzer targets in a separate clang build (build-fuzz) and runs
# one: the HTTP/1.1 request parser (default) or, with FUZZ_TARGET=h2_frames,
# the HTTP/2 server codec. Usage: [FUZZ_TARGET=NAME] tests/fuzz/run_fuzz.sh [RUNS] [libFuzzer args]
# New inputs go to build-fuzz/corpus (the seed corpus in git stays small);
# crashes land in build-fuzz/artifacts/. Needs clang and libclang-rt-14-dev (apt-get);
# packaging/setup-debian.sh leaves them out because the normal build does not use them.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-1000000}
[ $# -gt 0 ] && shift
build="$root/build-fuzz"
CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DRD_FUZZ=ON -DRD_BUILD_UI=OFF -DRD_BUILD_TESTS=OFF -DRD_BUILD_BENCH=OFF >/dev/null
target=${FUZZ_TARGET:-http1_request}
cmake --build "$build" -j2 --target "fuzz_$target"
mkdir -p "$build/corpus/$target" "$build/artifacts"
exec "$build/bin/fuzz_$target" -runs="$runs" -max_len=4096 -timeout=10 \
  -artifact_prefix="$build/artifacts/" -print_final_stats=1 "$@" \
  "$build/corpus/$target" "$root/tests/fuzz/corpus/$target"
