"""A webhook receiver on 127.0.0.1 for the response tests, standing in for a chat, paging or ticketing tool.

Each POST is one JSON line of OUT_FILE: {"path", "delivery", "signature_valid", "body"}, the signature checked
as a receiver would: `x-rampart-signature: t=UNIX,v1=HEX` with HEX = HMAC-SHA256(SECRET, "UNIX." + body) and
UNIX within five minutes of now. The first FAIL_FIRST posts are answered 503 (and still recorded, so the test can
count the retries); later ones 200.

Prints the port once it listens, then serves until killed.
Usage: webhook_peer.py OUT_FILE SECRET FAIL_FIRST
"""
import hashlib
import hmac
import http.server
import json
import sys
import threading
import time

out, secret, fail_first = sys.argv[1], sys.argv[2].encode(), int(sys.argv[3])
lock = threading.Lock()
seen = 0


def valid(header, body):
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    if "t" not in parts or "v1" not in parts or abs(time.time() - int(parts["t"])) > 300:
        return False
    expected = hmac.new(secret, parts["t"].encode() + b"." + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts["v1"])


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        global seen
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        with lock:
            seen += 1
            status = 503 if seen <= fail_first else 200
            with open(out, "a", encoding="utf-8") as file:
                file.write(json.dumps({
                    "path": self.path, "delivery": self.headers.get("x-rampart-delivery", ""),
                    "signature_valid": valid(self.headers.get("x-rampart-signature", ""), body),
                    "status": status, "body": json.loads(body),
                }) + "\n")
        self.send_response(status)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
