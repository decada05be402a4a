#!/usr/bin/env bash
# Sets up, builds and runs routedeckd on the demo workspaces: validates them,
# prints the compiled route tables and explains a few requests.
# (The desktop app and the live proxy take over this script once they land.)
set -euo pipefail
cd "$(dirname "$0")/.."

bash packaging/build.sh
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
