"""Floods a gateway with oversized request heads, each on a connection of its own, then checks it still serves.

usage: header_flood.py PORT
Prints one JSON object: per case the status line the server answered (or "closed") and how many bytes it took
before it answered or closed; then "after": the status of a plain GET /healthz on a fresh connection.

usage: header_flood.py PORT --held READY GO
Only the endless head, at a moment the test chooses: connects and sends the request line, creates the file READY,
waits for the file GO (the test creates it once it has made the gateway's request tasks wait), then floods. Prints
that case's JSON object.
"""
import json
import os
import socket
import sys
import threading
import time

port = int(sys.argv[1])


def head(lines):
    return b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"".join(lines)


def hold(ready, go):
    """Creates `ready`, then waits (up to 30 s) for `go`."""
    open(ready, "w").close()
    deadline = time.monotonic() + 30
    while not os.path.exists(go) and time.monotonic() < deadline:
        time.sleep(0.005)


def attempt(payload, endless=False, held=None):
    """Sends `payload` (or header lines without end, from a thread, after `held` returns) and waits up to 10 s for
    an answer or a close."""
    sock = socket.create_connection(("127.0.0.1", port))
    sent = [0]
    if endless:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        if held:
            held()

    def flood():
        line = b"X-Flood: " + b"a" * 1000 + b"\r\n"
        try:
            while sent[0] < 64 << 20:
                sock.sendall(line * 64)
                sent[0] += len(line) * 64
        except OSError:
            pass

    if endless:
        threading.Thread(target=flood, daemon=True).start()
    else:
        sock.sendall(payload + b"\r\n")
        sent[0] = len(payload)
    sock.settimeout(10)
    started = time.monotonic()
    try:
        data = sock.recv(4096)
    except ConnectionResetError:
        data = b""
    except socket.timeout:
        data = b"timeout"
    seconds = time.monotonic() - started
    answered = sent[0]
    sock.close()
    first = data.split(b"\r\n", 1)[0].decode(errors="replace") if data else "closed"
    return {"answer": first, "sent": answered, "seconds": round(seconds, 2)}


if sys.argv[2:3] == ["--held"]:
    print(json.dumps(attempt(None, endless=True, held=lambda: hold(sys.argv[3], sys.argv[4]))))
    sys.exit(0)


result = {
    "many_headers": attempt(head([b"X-H%d: v\r\n" % i for i in range(150)])),
    "one_huge_header": attempt(head([b"X-Big: " + b"a" * 40000 + b"\r\n"])),
    "large_header_list": attempt(head([b"X-L%d: " % i + b"b" * 2000 + b"\r\n" for i in range(60)])),
    "endless_headers": attempt(None, endless=True),
}
time.sleep(0.2)
result["after"] = attempt(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n")["answer"]
print(json.dumps(result))
