#!/usr/bin/env bash
# Sets up, builds and runs the whole test suite (CTest, Qt offscreen).
set -euo pipefail
cd "$(dirname "$0")/.."

bash packaging/build.sh
export QT_QPA_PLATFORM=offscreen
export ROUTEDECK_CORPUS="${ROUTEDECK_CORPUS:-$(pwd)/../shared/corpus}"
ctest --test-dir build --output-on-failure --timeout 600
