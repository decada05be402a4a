#!/usr/bin/env bash
# TLS at the edge against nginx, same certificate (ECDSA P-256), same route
# table as ../shared/bench, one worker each pinned to CPU 0, wrk and the
# backend nginx on CPU 1. Two phases per peer and round:
#   tls-new-c50  wrk c50 with "Connection: close": every request is a new
#                TCP connection and a full TLS handshake (wrk keeps no
#                session tickets), so RPS = handshakes per second;
#   tls-ka-c50   wrk c50 keep-alive over TLS.
# Rounds alternate which peer goes first; prints each measurement and the
# median RouteDeck/nginx ratio per phase.
# Usage: tests/bench/proxy/tls_handshakes.sh [ROUNDS] [SECONDS]
# BENCH_NICE=-19 gives the run priority over other jobs (see weight_changes.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/bench_common.sh"
bench_priority "$@"
root=$(cd "$here/../../.." && pwd)
bench=${ROUTEDECK_BENCH:-$root/../shared/bench}
rounds=${1:-3}
secs=${2:-8}
bin=${ROUTEDECKD:-$root/build/bin/routedeckd}
bench_workdir

bench_ports_free 18081 18082 18443

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
  -subj /CN=api.example.com -addext subjectAltName=DNS:api.example.com \
  -keyout "$out/tls.key" -out "$out/tls.crt" 2>/dev/null

# RouteDeck: the bench routes plus an HTTPS listener whose Secret holds the certificate.
python3 - "$here/routes.yaml" "$out" <<'EOF'
import base64, sys, pathlib
src, out = pathlib.Path(sys.argv[1]).read_text(), pathlib.Path(sys.argv[2])
src = src.replace("  - name: http\n    protocol: HTTP\n    port: 80\n",
                  "  - name: https\n    protocol: HTTPS\n    port: 443\n    hostname: api.example.com\n"
                  "    tls: {mode: Terminate, certificateRefs: [{name: bench-tls}]}\n", 1)
assert "bench-tls" in src, "routes.yaml changed: update tls_handshakes.sh"
b64 = lambda f: base64.b64encode((out / f).read_bytes()).decode()
src += ("---\napiVersion: v1\nkind: Secret\nmetadata: {name: bench-tls, namespace: bench}\n"
        f"type: kubernetes.io/tls\ndata:\n  tls.crt: {b64('tls.crt')}\n  tls.key: {b64('tls.key')}\n")
(out / "routes.yaml").write_text(src)
EOF
sed -e 's/listener: http$/listener: https/' -e 's/bind: 127.0.0.1:18080/bind: 127.0.0.1:18443/' \
  "$here/workspace.yaml" > "$out/workspace.yaml"
grep -q "18443" "$out/workspace.yaml" || { echo "workspace.yaml changed: update tls_handshakes.sh" >&2; exit 2; }

cat > "$out/nginx-tls.conf" <<EOF
worker_processes 1;
daemon off;
pid $out/nginx-tls.pid;
error_log $out/nginx-tls-error.log warn;
events { worker_connections 8192; multi_accept on; }
http {
    access_log off;
    client_body_temp_path /tmp/routedeck-bench/tmp/nginx-body;
    proxy_temp_path       /tmp/routedeck-bench/tmp/nginx-proxy;
    fastcgi_temp_path     /tmp/routedeck-bench/tmp/nginx-fastcgi;
    uwsgi_temp_path       /tmp/routedeck-bench/tmp/nginx-uwsgi;
    scgi_temp_path        /tmp/routedeck-bench/tmp/nginx-scgi;
    server_tokens off;
    keepalive_requests 1000000;
    upstream split {
        server 127.0.0.1:18081 weight=9;
        server 127.0.0.1:18082 weight=1;
        keepalive 256;
    }
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host \$host;
    proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    server {
        listen 127.0.0.1:18443 ssl backlog=4096;
        server_name api.example.com;
        ssl_certificate $out/tls.crt;
        ssl_certificate_key $out/tls.key;
        ssl_protocols TLSv1.2 TLSv1.3;
        location /products { proxy_pass http://split; }
    }
}
EOF

taskset -c "${BACKEND_CPUS:-1}" nginx -c "$bench/peers/backend-nginx.conf" >/dev/null 2>&1 &

start_peer() {
  case $1 in
    nginx) taskset -c "${PROXY_CPUS:-0}" nginx -c "$out/nginx-tls.conf" >/dev/null 2>&1 & ;;
    routedeck) taskset -c "${PROXY_CPUS:-0}" "$bin" serve "$out/workspace.yaml" --workers 1 \
                 >"$out/serve.out" 2>"$out/serve.err" & ;;
  esac
  peer=$!
  for _ in $(seq 100); do
    curl -skf -o /dev/null --resolve api.example.com:18443:127.0.0.1 https://api.example.com:18443/products/1 && return
    sleep 0.1
  done
  echo "$1 did not answer on :18443" >&2
  cat "$out/serve.err" >&2 2>/dev/null || true
  exit 1
}

stop_peer() {
  if [[ $1 == nginx ]]; then
    kill -QUIT "$(cat "$out/nginx-tls.pid")" 2>/dev/null || true
  else
    kill -TERM "$peer" 2>/dev/null || true
  fi
  wait "$peer" 2>/dev/null || true
  for _ in $(seq 50); do ss -Hltn "sport = :18443" | grep -q . || return 0; sleep 0.1; done
}

run_wrk() {  # phase -> RPS
  local extra=()
  [[ $1 == tls-new-c50 ]] && extra=(-H 'Connection: close')
  taskset -c "${LOADGEN_CPUS:-1}" wrk -t1 -c50 -d"${secs}s" -H 'Host: api.example.com' "${extra[@]}" \
    https://127.0.0.1:18443/products/42 >"$out/wrk.txt"
  if grep -q "Non-2xx" "$out/wrk.txt"; then
    cat "$out/wrk.txt" >&2
    echo "non-2xx answers" >&2
    exit 1
  fi
  awk '/Requests\/sec/ {print $2}' "$out/wrk.txt"
}

declare -A ratios
for r in $(seq "$rounds"); do
  order=(nginx routedeck)
  ((r % 2)) || order=(routedeck nginx)
  declare -A rps=()
  for p in "${order[@]}"; do
    start_peer "$p"
    taskset -c "${LOADGEN_CPUS:-1}" wrk -t1 -c50 -d2s -H 'Host: api.example.com' \
      https://127.0.0.1:18443/products/42 >/dev/null
    for phase in tls-new-c50 tls-ka-c50; do
      rps[$p,$phase]=$(run_wrk "$phase")
      echo "round $r $p $phase ${rps[$p,$phase]} rps"
    done
    stop_peer "$p"
  done
  for phase in tls-new-c50 tls-ka-c50; do
    ratios[$phase]+="$(awk -v a="${rps[routedeck,$phase]}" -v b="${rps[nginx,$phase]}" 'BEGIN {printf "%.3f", a / b}') "
  done
done
for phase in tls-new-c50 tls-ka-c50; do
  median=$(printf '%s\n' ${ratios[$phase]} | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
  echo "$phase: RouteDeck/nginx median ratio $median (rounds: ${ratios[$phase]})"
done
