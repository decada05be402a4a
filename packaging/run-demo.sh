#!/usr/bin/env bash
# Sets up, builds and opens the RouteDeck desktop app on its live demo: an
# embedded proxy with in-process echo backends and a traffic generator, so
# the route graph and the charts move within seconds. Extra arguments go to
# routedeck (e.g. --workspace FILE, --traffic 100).
# Without a display ($DISPLAY / $WAYLAND_DISPLAY unset) it runs the command-line
# demos of routedeckd instead.
set -euo pipefail
cd "$(dirname "$0")/.."

bash packaging/build.sh

if [[ -n "${DISPLAY:-}" || -n "${WAYLAND_DISPLAY:-}" ]]; then
  if [[ -z "${XDG_RUNTIME_DIR:-}" ]]; then
    export XDG_RUNTIME_DIR="$(mktemp -d)"  # Qt wants a private runtime dir
  fi
  exec build/bin/routedeck "$@"
fi

echo "run-demo: no display (\$DISPLAY and \$WAYLAND_DISPLAY are unset); running the command-line demos." >&2
echo "run-demo: for the desktop app, run this under a desktop session or 'xvfb-run -a'." >&2
bin=build/bin/routedeckd
examples=resources/examples

for dialect in gateway-api istio appmesh; do
  echo "== ${dialect} demo workspace"
  "$bin" check "$examples/$dialect/workspace.yaml"
  "$bin" routes "$examples/$dialect/workspace.yaml"
  echo
done

echo "== why does a pinned request go to shop-v2?"
"$bin" explain --request 'GET http://shop.example.com/api/cart' -H 'x-version: v2' \
  "$examples/gateway-api/workspace.yaml"
echo
echo "== App Mesh → Gateway API migration (fidelity report on stderr)"
"$bin" convert --to gateway-api "$examples/appmesh/workspace.yaml"
