#!/usr/bin/python3
"""WebSocket echo through `routedeckd serve` against the echo backend direct.

Starts `routedeckd echo` and `routedeckd serve` (1 worker, one route to the
echo) on free loopback ports, then with python3-websockets runs C
connections that each send N binary messages of SIZE bytes one after the
other and wait for each echo. Prints round trips per second and MB/s each
way, direct and through the proxy. The client is Python: absolute numbers
are bounded by it; the ratio shows what the tunnel adds.

Usage: tests/bench/proxy/websocket_echo.py [C] [N] [SIZE]   (default 4 2000 4096)
"""
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time

import websockets

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
ROUTEDECKD = os.environ.get("ROUTEDECKD", os.path.join(ROOT, "build", "bin", "routedeckd"))

ROUTES = """apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: edge, namespace: bench}
spec:
  gatewayClassName: routedeck
  listeners: [{name: http, protocol: HTTP, port: 80}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: ws, namespace: bench}
spec:
  parentRefs: [{name: edge}]
  rules: [{backendRefs: [{name: echo, port: 8080}]}]
---
apiVersion: v1
kind: Service
metadata: {name: echo, namespace: bench}
spec:
  ports: [{name: ws, port: 8080, appProtocol: kubernetes.io/ws}]
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(proc, deadline=10.0):
    end = time.time() + deadline
    while time.time() < end:
        line = proc.stdout.readline()
        if line.startswith("listening "):
            return
    raise RuntimeError("no 'listening' line from " + " ".join(proc.args))


async def connection(port, n, payload):
    async with websockets.connect("ws://bench.local/ws", host="127.0.0.1", port=port,
                                  max_size=None, ping_interval=None) as ws:
        for _ in range(n):
            await ws.send(payload)
            if await ws.recv() != payload:
                raise RuntimeError("echo differs")


async def run(port, c, n, size):
    payload = os.urandom(size)
    start = time.perf_counter()
    await asyncio.gather(*(connection(port, n, payload) for _ in range(c)))
    return time.perf_counter() - start


def main():
    args = [int(a) for a in sys.argv[1:4]]
    c, n, size = args + [4, 2000, 4096][len(args):]
    echo_port, proxy_port = free_port(), free_port()
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "routes.yaml"), "w") as f:
            f.write(ROUTES)
        with open(os.path.join(tmp, "workspace.yaml"), "w") as f:
            f.write("apiVersion: routedeck.dev/v1alpha1\nkind: Workspace\nmetadata: {name: ws}\n"
                    "spec:\n  sources: [routes.yaml]\n  listeners:\n"
                    f"  - {{gateway: bench/edge, listener: http, bind: 127.0.0.1:{proxy_port}}}\n"
                    f"  services:\n  - service: bench/echo\n    port: 8080\n    endpoints:\n"
                    f"    - address: 127.0.0.1:{echo_port}\n")
        echo = subprocess.Popen([ROUTEDECKD, "echo", "--listen", f"127.0.0.1:{echo_port}", "--name", "echo"],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        serve = subprocess.Popen([ROUTEDECKD, "serve", "--workers", "1", os.path.join(tmp, "workspace.yaml")],
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            wait_listening(echo)
            wait_listening(serve)
            for name, port in (("direct", echo_port), ("proxy", proxy_port)):
                secs = asyncio.run(run(port, c, n, size))
                trips = c * n
                print(f"{name:6}: {c} conn x {n} x {size} B: {trips / secs:8.0f} round trips/s, "
                      f"{trips * size / secs / 1e6:6.1f} MB/s each way ({secs:.2f} s)")
        finally:
            for p in (serve, echo):
                p.terminate()
                p.wait(5)


if __name__ == "__main__":
    main()
