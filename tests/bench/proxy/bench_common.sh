# Sourced by the proxy benchmark scripts: run priority, a work folder and
# the port check they all need.

# BENCH_NICE=-19 gives the run priority over other jobs on the machine the
# way ../shared/bench/run.sh does: its own session (so its own autogroup),
# then the autogroup's and the process's nice value. Re-executes the script.
bench_priority() {
  if [[ -n "${BENCH_NICE:-}" && -z "${RD_BENCH_SESSION:-}" ]]; then
    RD_BENCH_SESSION=1 exec setsid "$0" "$@"
  fi
  if [[ -n "${BENCH_NICE:-}" ]]; then
    echo "$BENCH_NICE" > /proc/self/autogroup
    renice -n "$BENCH_NICE" $$ >/dev/null
  fi
}

# Sets `out` to a fresh folder, removed at exit with every background job
# stopped (KEEP=1 keeps it and says where).
bench_workdir() {
  out=$(mktemp -d)
  trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; [[ -n "${KEEP:-}" ]] && echo "output in $out" || rm -rf "$out"' EXIT
  mkdir -p /tmp/routedeck-bench/{run,logs,tmp}
}

# Exits 2 when any of the given local TCP ports is already listened on.
bench_ports_free() {
  local port
  for port in "$@"; do
    if ss -Hltn "sport = :$port" | grep -q .; then
      echo "port $port is taken; stop what listens there first" >&2
      exit 2
    fi
  done
}
