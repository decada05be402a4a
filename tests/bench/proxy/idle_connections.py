#!/usr/bin/env python3
"""Memory of idle keep-alive connections: RouteDeck against nginx.

For each proxy (1 worker, the route table of ../shared/bench): start it, send
one request, read its resident set (idle RSS), then open N client
connections that each complete one proxied request and stay open, and read
the RSS again. Prints idle RSS and bytes per idle connection for both.

Usage: tests/bench/proxy/idle_connections.py [N]   (default 10000)
"""
import asyncio
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
BENCH = os.environ.get("ROUTEDECK_BENCH", os.path.join(ROOT, "..", "shared", "bench"))
ROUTEDECKD = os.environ.get("ROUTEDECKD", os.path.join(ROOT, "build", "bin", "routedeckd"))
PORT = 18080
REQUEST = b"GET /products/1 HTTP/1.1\r\nHost: api.example.com\r\n\r\n"


def rss_kib(pids):
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total


def children(pid):
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


async def one_request(reader, writer):
    writer.write(REQUEST)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 200"):
        raise RuntimeError(f"unexpected response: {head[:40]!r}")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    await reader.readexactly(length)


async def open_idle(n, batch=200):
    conns = []
    for start in range(0, n, batch):
        async def connect():
            reader, writer = await asyncio.open_connection("127.0.0.1", PORT)
            await one_request(reader, writer)
            return reader, writer
        conns += await asyncio.gather(*[connect() for _ in range(min(batch, n - start))])
    return conns


def wait_ready(deadline=10.0):
    end = time.time() + deadline
    while time.time() < end:
        try:
            asyncio.run(open_idle(1, 1))
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("proxy did not come up")


def measure(name, argv, worker_pids, n):
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready()
        time.sleep(0.5)
        pids = worker_pids(proc.pid)
        idle = rss_kib(pids)

        async def hold():
            conns = await open_idle(n)
            await asyncio.sleep(1.0)
            after = rss_kib(pids)
            for _, w in conns:
                w.close()
            return after

        after = asyncio.run(hold())
        per_conn = (after - idle) * 1024 / n
        print(f"{name:<10} idle RSS {idle / 1024:6.1f} MiB   with {n} idle connections "
              f"{after / 1024:6.1f} MiB   {per_conn / 1024:5.2f} KiB per connection")
        return idle, per_conn
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard < n + 100:
        sys.exit(f"need {n + 100} file descriptors, hard limit is {hard}")
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    os.makedirs("/tmp/routedeck-bench/run", exist_ok=True)
    os.makedirs("/tmp/routedeck-bench/logs", exist_ok=True)
    os.makedirs("/tmp/routedeck-bench/tmp", exist_ok=True)
    backend = subprocess.Popen(["nginx", "-c", os.path.join(BENCH, "peers", "backend-nginx.conf")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    tmp = tempfile.mkdtemp()
    try:
        time.sleep(0.5)
        rd = measure("routedeck",
                     [ROUTEDECKD, "serve", os.path.join(HERE, "workspace.yaml"), "--workers", "1",
                      "--max-connections", str(n + 1000)],
                     lambda pid: [pid], n)
        # nginx: the same peer config with room for N connections; the
        # worker holds them, the master is counted too (it is part of the cost).
        conf = open(os.path.join(BENCH, "peers", "nginx.conf")).read()
        conf = conf.replace("worker_connections 8192", f"worker_connections {n + 1000}")
        conf = conf.replace("/tmp/routedeck-bench/run/nginx-proxy.pid", os.path.join(tmp, "nginx.pid"))
        if "worker_rlimit_nofile" not in conf:
            conf = f"worker_rlimit_nofile {2 * n + 2000};\n" + conf
        with open(os.path.join(tmp, "nginx.conf"), "w") as f:
            f.write(conf)
        ng = measure("nginx", ["nginx", "-c", os.path.join(tmp, "nginx.conf")],
                     lambda pid: [pid] + children(pid), n)
        print(f"ratio routedeck/nginx: idle RSS {rd[0] / ng[0]:.2f}x, "
              f"per connection {rd[1] / ng[1]:.2f}x")
        ok = rd[0] < 30 * 1024 and rd[1] < 10 * 1024
        print("targets (idle < 30 MiB, < 10 KiB per connection):", "met" if ok else "MISSED")
        return 0 if ok else 1
    finally:
        backend.send_signal(signal.SIGTERM)
        backend.wait(5)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
