#!/usr/bin/env bash
# Time from launching build/bin/routedeck (offscreen, demo) to its main
# window's first paint, as the app itself reports with --measure-startup,
# plus the same measured from outside (exec → paint: includes loading Qt's
# libraries before main()). Usage: tests/bench/startup_time.sh [runs] [extra routedeck args]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
shift || true
bin=build/bin/routedeck
[[ -x $bin ]] || { echo "build $bin first" >&2; exit 1; }
for ((i = 1; i <= runs; i++)); do
  launched=$(date +%s%3N)
  line=$(QT_QPA_PLATFORM=offscreen "$bin" --measure-startup "$@" 2>/dev/null | grep 'first window shown')
  inside=$(sed -E 's/.*shown ([0-9]+) ms.*/\1/' <<<"$line")
  painted=$(sed -E 's/.*painted at ([0-9]+) ms.*/\1/' <<<"$line")
  echo "run $i: ${inside} ms from main() to first paint, $((painted - launched)) ms from exec"
done
