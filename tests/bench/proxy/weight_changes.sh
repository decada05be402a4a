#!/usr/bin/env bash
# Canary weight changes under load: wrk drives the 90/10 route of
# ../shared/bench through `routedeckd serve` (1 worker) while the split
# route's weights change 10 times per second (new file + SIGHUP, the path
# `serve --watch` and the GUI's apply take). Passes when no request fails.
# Usage: tests/bench/proxy/weight_changes.sh [SECONDS] [CONNECTIONS]
# BENCH_NICE=-19 gives the run priority over other jobs on the machine the
# way ../shared/bench/run.sh does (own session, autogroup nice).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/bench_common.sh"
bench_priority "$@"
root=$(cd "$here/../../.." && pwd)
bench=${ROUTEDECK_BENCH:-$root/../shared/bench}
secs=${1:-10}
conns=${2:-50}
rate=${CHANGES_PER_SECOND:-10}
bin=${ROUTEDECKD:-$root/build/bin/routedeckd}
bench_workdir

bench_ports_free 18080 18081 18082

taskset -c "${BACKEND_CPUS:-1}" nginx -c "$bench/peers/backend-nginx.conf" >/dev/null 2>&1 &
cp "$here/workspace.yaml" "$here/routes.yaml" "$out/"
taskset -c "${PROXY_CPUS:-0}" "$bin" serve "$out/workspace.yaml" --workers 1 \
  >"$out/serve.out" 2>"$out/serve.err" &
proxy=$!
for _ in $(seq 100); do
  curl -sf -o /dev/null -H 'Host: api.example.com' http://127.0.0.1:18080/products/1 && break
  sleep 0.1
done

# The weight pairs the changer cycles through, prepared before the load so
# each step is only a rename and a signal.
pairs=("90 10" "50 50" "10 90" "0 100" "100 0" "75 25")
for i in "${!pairs[@]}"; do
  read -r w1 w2 <<<"${pairs[$i]}"
  python3 - "$out/routes.yaml" "$w1" "$w2" "$out/routes.$i.yaml" <<'PY'
import re, sys
path, w1, w2, dest = sys.argv[1:5]
text = open(path).read()
head, split = text.split("  - name: split", 1)
split = re.sub(r"(name: b1\n      port: 80\n      weight: )\d+", r"\g<1>" + w1, split)
split = re.sub(r"(name: b2\n      port: 80\n      weight: )\d+", r"\g<1>" + w2, split)
open(dest, "w").write(head + "  - name: split" + split)
PY
done
period_us=$((1000000 / rate))

# The changer: the next variant renamed over routes.yaml (readers never see
# a half-written file), then SIGHUP. Runs until the load ends.
changer() {
  local i=1 next now
  next=$((${EPOCHREALTIME/./} + period_us))
  while :; do
    cp "$out/routes.$((i % ${#pairs[@]})).yaml" "$out/routes.yaml.new"
    mv "$out/routes.yaml.new" "$out/routes.yaml"
    kill -HUP "$proxy"
    i=$((i + 1))
    # On a fixed schedule, so slow steps do not lower the rate.
    now=${EPOCHREALTIME/./}
    if ((next > now)); then
      sleep "$(printf '0.%06d' $((next - now)))"
    fi
    next=$((next + period_us))
  done
}
changer &
changer_pid=$!
taskset -c "${LOADGEN_CPUS:-1}" wrk -t1 -c"$conns" -d"${secs}s" -H 'Host: api.example.com' \
  http://127.0.0.1:18080/products/42 >"$out/wrk.txt"
kill "$changer_pid" 2>/dev/null || true
wait "$changer_pid" 2>/dev/null || true
sleep 0.3

applied=$(grep -c "applied configuration version" "$out/serve.err" || true)
rejected=$(grep -c "was not applied" "$out/serve.err" || true)
requests=$(awk '/requests in/ {print $1}' "$out/wrk.txt")
rps=$(awk '/Requests\/sec/ {print $2}' "$out/wrk.txt")
non2xx=$(awk '/Non-2xx/ {print $NF}' "$out/wrk.txt")
sockerr=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$out/wrk.txt")
non2xx=${non2xx:-0}
sockerr=${sockerr:-0}
echo "duration=${secs}s connections=$conns requests=$requests rps=$rps"
echo "weight changes applied=$((applied - 1)) rejected=$rejected (target ${rate}/s)"
echo "failed requests: non-2xx=$non2xx socket-errors=$sockerr"
if [[ "$non2xx" != 0 || "$sockerr" != 0 || "$rejected" != 0 ]]; then
  cat "$out/wrk.txt" >&2
  exit 1
fi
