#!/usr/bin/env bash
# Installs dependencies (idempotent), configures and builds RouteDeck into build/.
# Extra arguments are passed to the CMake configure step.
set -euo pipefail
cd "$(dirname "$0")/.."

bash packaging/setup-debian.sh
# Let ccache share results between clones in different folders (CI builds a
# fresh clone each time).
export CCACHE_BASEDIR="$(pwd)"
export CCACHE_NOHASHDIR=true
if [[ ! -f build/CMakeCache.txt ]]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@"
else
  cmake -S . -B build "$@" > /dev/null
fi
cmake --build build
