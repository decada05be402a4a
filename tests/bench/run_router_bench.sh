#!/usr/bin/env bash
# Builds bench_router and prints route()/compile() timings as a table.
# Usage: tests/bench/run_router_bench.sh [BUILD_DIR] [extra benchmark flags...]
# e.g.   tests/bench/run_router_bench.sh build --benchmark_filter='Route(GatewayApi|Istio)/'
set -euo pipefail
src="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$src/build}"
shift || true
jobs="${RD_BENCH_JOBS:-2}"

cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRD_BUILD_BENCH=ON >/dev/null
cmake --build "$build" -j"$jobs" --target bench_router
out="$build/tests/bench/bench_router.json"
"$build/tests/bench/bench_router" --benchmark_out="$out" --benchmark_out_format=json "$@" >/dev/null

python3 - "$out" <<'PY'
import json, sys
data = json.load(open(sys.argv[1]))
ctx = data["context"]
print(f'{ctx.get("host_name", "?")}: {ctx["num_cpus"]} CPUs @ {ctx["mhz_per_cpu"]} MHz, '
      f'build {ctx.get("library_build_type", "?")} benchmark library')
print(f'{"benchmark":<58} {"label":<30} {"mean":>10} {"p50":>10} {"p99":>10}')
for b in data["benchmarks"]:
    if b.get("error_occurred"):
        print(f'{b["name"]:<58} ERROR {b.get("error_message", "")}')
        continue
    c = b.get("p50_ns")
    if c is not None:
        mean, p50, p99 = f'{b["real_time"]:.0f} ns', f'{c:.0f} ns', f'{b["p99_ns"]:.0f} ns'
    else:
        mean, p50, p99 = f'{b["real_time"]:.1f} ms', f'{b["p50_ms"]:.1f} ms', f'{b["max_ms"]:.1f} ms max'
    print(f'{b["name"]:<58} {b.get("label", ""):<30} {mean:>10} {p50:>10} {p99:>10}')
PY
