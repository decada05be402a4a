#!/usr/bin/env bash
# Installs every Debian 12 package RouteDeck needs to build, run and test.
# Idempotent: when everything is present it only runs dpkg-query and exits.
set -euo pipefail

PACKAGES=(
  # toolchain
  cmake ninja-build ccache pkg-config g++ git python3
  # Qt 6 (GUI, models, Qt Test)
  qt6-base-dev qt6-charts-dev qt6-svg-dev libqt6opengl6-dev libgl-dev
  # the desktop app on X11 and Wayland sessions
  qt6-qpa-plugins qt6-wayland
  # proxycore
  libyaml-cpp-dev libre2-dev libssl-dev libnghttp2-dev libasio-dev
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler prometheus-cpp-dev
  libhttp-parser-dev node-llhttp nlohmann-json3-dev libcurl4-openssl-dev
  # tests and screenshots; prometheus is the real server the scrape test runs
  libbenchmark-dev xvfb xauth fonts-dejavu-core prometheus
  # real clients of the TLS tests (certificates are made with the openssl CLI)
  # and of the HTTP/2 tests (nghttp; h2load for the benchmarks)
  openssl curl nghttp2-client
  # the second real Kubernetes client of the test API server (tests/kubeapi)
  python3-kubernetes
  # h2c backend of the HTTP/2 upstream tests
  nghttp2-server
  # real WebSocket client of the upgrade tests and the conformance harness
  python3-websockets
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "setup-debian: installing ${#missing[@]} package(s): ${missing[*]}" >&2
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
