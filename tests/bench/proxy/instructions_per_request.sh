#!/usr/bin/env bash
# Instructions per proxied request, counted by callgrind (repeatable on a
# loaded machine, unlike wall-clock RPS): RouteDeck and nginx on the same
# route table as ../shared/bench, same backend, same wrk load.
# Usage: tests/bench/proxy/instructions_per_request.sh [SECONDS]
#        OBSERVABILITY=1 tests/bench/proxy/instructions_per_request.sh [SECONDS]
#        H2C=1 tests/bench/proxy/instructions_per_request.sh [SECONDS]
# H2C=1 loads with h2load (10 connections x 4 streams, prior knowledge) and
# compares with HAProxy, the faster h2c peer of ../shared/bench.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
bench=${ROUTEDECK_BENCH:-$root/../shared/bench}
secs=${1:-8}
out=$(mktemp -d)
# KEEP=1 leaves the callgrind dumps for callgrind_annotate.
trap 'kill $(jobs -p) 2>/dev/null || true; pkill -f "nginx -c $out" 2>/dev/null || true; [[ -n "${KEEP:-}" ]] && echo "dumps in $out" || rm -rf "$out"' EXIT
mkdir -p /tmp/routedeck-bench/{run,logs,tmp}

nginx -c "$bench/peers/backend-nginx.conf" >/dev/null 2>&1 &
sleep 0.5

load() {  # seconds; prints the number of completed requests
  if [[ -n "${H2C:-}" ]]; then
    h2load -t1 -c10 -m4 -D "$1" -H ':authority: api.example.com' http://127.0.0.1:18080/products/42 |
      awk '/^requests:/ {print $8}'
  else
    wrk -t1 -c10 -d"$1s" -H 'Host: api.example.com' http://127.0.0.1:18080/products/42 |
      awk '/requests in/ {print $1}'
  fi
}

measure() {  # name, command...; prints name, requests, instructions/request
  local name=$1; shift
  for _ in $(seq 100); do  # the previous peer may still be closing its listener
    ss -Hltn "sport = :18080" | grep -q . || break
    sleep 0.2
  done
  valgrind --tool=callgrind --trace-children=yes --callgrind-out-file="$out/$name.%p" "$@" \
    >"$out/$name.log" 2>&1 &
  local pid=$!
  for _ in $(seq 100); do
    curl -sf -o /dev/null -H 'Host: api.example.com' http://127.0.0.1:18080/products/1 && break
    sleep 0.2
  done
  load 2 >/dev/null
  # The peer's processes by PID (nginx renames its processes, so a name
  # pattern misses its worker): the one started and its children.
  local pids="$pid $(pgrep -P "$pid" | tr '\n' ' ')"
  for p in $pids; do timeout 20 callgrind_control -z "$p" >/dev/null 2>&1 || true; done
  local reqs
  reqs=$(load "$secs")
  for p in $pids; do timeout 20 callgrind_control -d "$p" >/dev/null 2>&1 || true; done
  sleep 1
  kill -TERM "$pid" 2>/dev/null || true
  pkill -TERM -f "nginx: master process nginx -c $out" 2>/dev/null || true
  pkill -TERM -f "haproxy -f $out" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  sleep 1
  # Sum the dumps taken after zeroing (files named *.N with a part suffix).
  local ir
  ir=$(cat "$out"/"$name".*.[0-9]* 2>/dev/null | awk '/^summary:/ {s += $2} END {print s + 0}')
  echo "$name requests=$reqs instructions=$ir per_request=$(( ir / (reqs > 0 ? reqs : 1) ))"
}

# OBSERVABILITY=1: RouteDeck only, with stats, access log and 1 % tracing
# switched on one after the other (every thread's instructions count, the
# collector's log formatting included).
if [[ -n "${OBSERVABILITY:-}" ]]; then
  rd=("$root/build/bin/routedeckd" serve "$here/workspace.yaml" --workers 1)
  measure rd-off "${rd[@]}" --no-stats --trace-sampling 0
  measure rd-stats "${rd[@]}" --trace-sampling 0
  measure rd-stats-log "${rd[@]}" --trace-sampling 0 --access-log "$out/access.log"
  measure rd-stats-log-trace1 "${rd[@]}" --trace-sampling 1 --access-log "$out/access.log"
  exit 0
fi

# The worker runs as root here: callgrind_control cannot reach a process of
# the unprivileged "nobody" user (vgdb's pipes), and nginx would default to it.
{ echo "user root;"; sed "s#/tmp/routedeck-bench/run/nginx-proxy.pid#$out/nginx.pid#" "$bench/peers/nginx.conf"; } \
  > "$out/nginx.conf"
measure routedeck "$root/build/bin/routedeckd" serve "$here/workspace.yaml" --workers 1
if [[ -n "${H2C:-}" ]]; then
  cp "$bench/peers/haproxy.cfg" "$out/haproxy.cfg"
  measure haproxy haproxy -f "$out/haproxy.cfg" -db
  exit 0
fi
measure nginx nginx -c "$out/nginx.conf"
