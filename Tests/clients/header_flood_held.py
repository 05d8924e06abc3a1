"""Floods a gateway with an endless request head at a moment the test chooses, and reports how much the gateway
took before it answered.

usage: header_flood_held.py PORT READY GO
Connects and sends a request line, creates the file READY, waits for the file GO (the test creates it once it has
made the gateway's request tasks wait), then sends header lines without end (up to 64 MB). Prints one JSON object:
the status line the server answered (or "closed"/"timeout") and the bytes of head sent by then.
"""
import json
import os
import socket
import sys
import threading
import time

port, ready, go = int(sys.argv[1]), sys.argv[2], sys.argv[3]
sock = socket.create_connection(("127.0.0.1", port))
sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
open(ready, "w").close()
deadline = time.monotonic() + 30
while not os.path.exists(go) and time.monotonic() < deadline:
    time.sleep(0.005)
sent = [0]


def flood():
    line = b"X-Flood: " + b"a" * 1000 + b"\r\n"
    try:
        while sent[0] < 64 << 20:
            sock.sendall(line * 64)
            sent[0] += len(line) * 64
    except OSError:
        pass


threading.Thread(target=flood, daemon=True).start()
sock.settimeout(15)
try:
    data = sock.recv(4096)
except ConnectionResetError:
    data = b""
except socket.timeout:
    data = b"timeout"
answered = sent[0]
sock.close()
print(json.dumps({"answer": data.split(b"\r\n", 1)[0].decode(errors="replace") if data else "closed", "sent": answered}))
