#!/usr/bin/env bash
# What stats + access log + 1% trace sampling cost on the data-plane bench:
# the ../shared/bench route table through `routedeckd serve` (1 worker),
# wrk keep-alive c50, alternating "off" (--no-stats --trace-sampling 0) and
# "on" (stats, JSON access log to a file, --trace-sampling 1) for ROUNDS
# rounds so that both see the same machine. Prints each round and the
# median on/off RPS ratio (the issue's target: >= 0.95).
# Usage: tests/bench/proxy/observability_cost.sh [ROUNDS] [SECONDS]
# ON_MODE=stats or ON_MODE=log measures stats alone or stats + access log.
# BENCH_NICE=-19 gives the run priority over other jobs (see weight_changes.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/bench_common.sh"
bench_priority "$@"
root=$(cd "$here/../../.." && pwd)
bench=${ROUTEDECK_BENCH:-$root/../shared/bench}
rounds=${1:-5}
secs=${2:-8}
bin=${ROUTEDECKD:-$root/build/bin/routedeckd}
bench_workdir

bench_ports_free 18080 18081 18082

taskset -c "${BACKEND_CPUS:-1}" nginx -c "$bench/peers/backend-nginx.conf" >/dev/null 2>&1 &
cp "$here/workspace.yaml" "$here/routes.yaml" "$out/"

# One measurement: start the proxy with the mode's flags, warm up, measure, stop.
measure() {
  local mode=$1 args=()
  case $mode in
    off) args=(--no-stats --trace-sampling 0) ;;
    stats) args=(--trace-sampling 0) ;;                      # stats alone (ON_MODE=stats)
    log) args=(--access-log "$out/access.log" --trace-sampling 0) ;;  # stats + log (ON_MODE=log)
    *) args=(--access-log "$out/access.log" --trace-sampling 1) ;;
  esac
  taskset -c "${PROXY_CPUS:-0}" "$bin" serve "$out/workspace.yaml" --workers 1 "${args[@]}" \
    >"$out/serve.out" 2>"$out/serve.err" &
  local proxy=$!
  for _ in $(seq 100); do
    curl -sf -o /dev/null -H 'Host: api.example.com' http://127.0.0.1:18080/products/1 && break
    sleep 0.1
  done
  taskset -c "${LOADGEN_CPUS:-1}" wrk -t1 -c50 -d2s -H 'Host: api.example.com' \
    http://127.0.0.1:18080/products/42 >/dev/null
  taskset -c "${LOADGEN_CPUS:-1}" wrk -t1 -c50 -d"${secs}s" -H 'Host: api.example.com' \
    http://127.0.0.1:18080/products/42 >"$out/wrk.txt"
  kill -TERM "$proxy"
  wait "$proxy" 2>/dev/null || true
  if grep -q "Non-2xx\|Socket errors" "$out/wrk.txt"; then
    cat "$out/wrk.txt" >&2
    echo "failed requests in mode $mode" >&2
    exit 1
  fi
  awk '/Requests\/sec/ {print $2}' "$out/wrk.txt"
}

ratios=()
for r in $(seq "$rounds"); do
  # Alternate which mode goes first so drift over the run hits both alike.
  if ((r % 2)); then
    off=$(measure off); on=$(measure "${ON_MODE:-on}")
  else
    on=$(measure "${ON_MODE:-on}"); off=$(measure off)
  fi
  ratio=$(awk -v a="$on" -v b="$off" 'BEGIN {printf "%.3f", a / b}')
  ratios+=("$ratio")
  echo "round $r: off ${off} rps, on ${on} rps, on/off ${ratio}"
done
lines=0
[[ -f "$out/access.log" ]] && lines=$(wc -l <"$out/access.log")
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
echo "median on/off RPS ratio: $median (access log lines written: $lines)"
