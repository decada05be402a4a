#!/usr/bin/python3
"""A real WebSocket client (Debian's python3-websockets) for the live tests.

Connects to 127.0.0.1:PORT with the URL's host as Host (and SNI for wss),
sends each message in order, waits for each echo, closes with code 1000 and
prints one JSON object on stdout:
  {"status": 101, "headers": {...}, "messages": [{"sent": "text", "size": n,
   "echoed": true}], "close": {"code": 1000, "reason": ""}, "error": ""}
With --idle the client waits, silent, for the peer to close and reports
"closedAfter" (seconds). A refused handshake reports the status the server answered ("status": 200)
and its headers. The exit code is 0 whenever a JSON line was printed: the
test decides what is a failure. Every wait is bounded by --timeout.
"""
import argparse
import asyncio
import json
import os
import ssl
import sys

import websockets
import websockets.exceptions as wsx


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("url", help="ws://host/path or wss://host/path (host: Host header and SNI)")
    p.add_argument("--port", type=int, required=True, help="127.0.0.1 port to connect to")
    p.add_argument("--header", action="append", default=[], help="'Name: value' on the handshake")
    p.add_argument("--cafile", help="trust this CA for wss")
    p.add_argument("--text", action="append", default=[], help="a text message to send")
    p.add_argument("--binary-hex", action="append", default=[], help="a binary message, as hex")
    p.add_argument("--binary-size", action="append", type=int, default=[],
                   help="a binary message of N random bytes")
    p.add_argument("--ping", action="store_true", help="ping and wait for the pong")
    p.add_argument("--idle", action="store_true",
                   help="after the messages, send nothing and report when the peer closes "
                        "(closedAfter, seconds; bounded by --timeout)")
    p.add_argument("--timeout", type=float, default=10.0)
    return p.parse_args()


async def session(a, out):
    headers = []
    for h in a.header:
        name, _, value = h.partition(":")
        headers.append((name.strip(), value.strip()))
    kwargs = {"host": "127.0.0.1", "port": a.port, "open_timeout": a.timeout,
              "close_timeout": a.timeout, "max_size": 16 * 1024 * 1024, "ping_interval": None,
              "extra_headers": headers}
    if a.url.startswith("wss://"):
        ctx = ssl.create_default_context(cafile=a.cafile)
        kwargs["ssl"] = ctx
        kwargs["server_hostname"] = a.url.split("/")[2].split(":")[0]
    messages = [("text", t) for t in a.text]
    messages += [("binary", bytes.fromhex(h)) for h in a.binary_hex]
    messages += [("binary", os.urandom(n)) for n in a.binary_size]
    try:
        ws = await websockets.connect(a.url, **kwargs)
    except wsx.InvalidStatusCode as e:
        out["status"] = e.status_code
        out["headers"] = {k.lower(): v for k, v in e.headers.raw_items()}
        out["error"] = str(e)
        return
    out["status"] = 101
    out["headers"] = {k.lower(): v for k, v in ws.response_headers.raw_items()}
    try:
        for kind, payload in messages:
            await ws.send(payload)
            echo = await asyncio.wait_for(ws.recv(), a.timeout)
            out["messages"].append({"sent": kind, "size": len(payload),
                                    "echoed": echo == payload,
                                    "received": "text" if isinstance(echo, str) else "binary"})
        if a.idle:
            loop = asyncio.get_running_loop()
            start = loop.time()
            try:
                await asyncio.wait_for(ws.wait_closed(), a.timeout)
                out["closedAfter"] = round(loop.time() - start, 3)
            except asyncio.TimeoutError:
                out["closedAfter"] = None
            out["close"] = {"code": ws.close_code, "reason": ws.close_reason}
            return
        if a.ping:
            pong = await ws.ping(b"routedeck")
            await asyncio.wait_for(pong, a.timeout)
            out["pong"] = True
        await ws.close(code=1000, reason="done")
        await asyncio.wait_for(ws.wait_closed(), a.timeout)
        out["close"] = {"code": ws.close_code, "reason": ws.close_reason}
    except (wsx.WebSocketException, OSError, asyncio.TimeoutError) as e:
        out["error"] = "%s: %s" % (type(e).__name__, e)


def main():
    a = parse_args()
    out = {"status": 0, "headers": {}, "messages": [], "close": None, "error": ""}
    try:
        asyncio.run(asyncio.wait_for(session(a, out), a.timeout * 3))
    except Exception as e:  # a refused connection, a TLS failure, the overall bound
        out["error"] = out["error"] or "%s: %s" % (type(e).__name__, e)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
