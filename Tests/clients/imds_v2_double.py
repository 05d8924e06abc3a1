"""A test double for the EC2 instance metadata service with IMDSv1 turned off, as AWS advises (moto's emulation
answers without a session token, so it cannot show that Rampart sends one).

PUT /latest/api/token needs X-aws-ec2-metadata-token-ttl-seconds (1 to 21600) and answers a fresh token; every GET
needs X-aws-ec2-metadata-token with a token it gave, else 401, as IMDSv2 does. It serves one role, whose document
has the shape AWS documents (Code, LastUpdated, Type, AccessKeyId, SecretAccessKey, Token, Expiration).

usage: imds_v2_double.py ROLE ACCESS_KEY_ID SECRET_ACCESS_KEY SESSION_TOKEN
(prints the port, then serves on 127.0.0.1; GET /counts, without a token, answers how many requests were refused)
"""
import datetime
import json
import secrets
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROLE, ACCESS_KEY, SECRET_KEY, SESSION_TOKEN = sys.argv[1:5]
tokens = set()
counts = {"refused": 0, "served": 0}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, text):
        data = text.encode()
        self.send_response(status)
        self.send_header("content-type", "text/plain")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_PUT(self):
        ttl = self.headers.get("x-aws-ec2-metadata-token-ttl-seconds", "")
        if self.path != "/latest/api/token" or not ttl.isdigit() or not 1 <= int(ttl) <= 21600:
            counts["refused"] += 1
            self.reply(400, "")
            return
        token = secrets.token_urlsafe(32)
        tokens.add(token)
        self.reply(200, token)

    def do_GET(self):
        if self.path == "/counts":
            self.reply(200, json.dumps(counts))
            return
        if self.headers.get("x-aws-ec2-metadata-token") not in tokens:
            counts["refused"] += 1
            self.reply(401, "")
            return
        counts["served"] += 1
        base = "/latest/meta-data/iam/security-credentials/"
        if self.path == base:
            self.reply(200, ROLE + "\n")
        elif self.path == base + ROLE:
            now = datetime.datetime.now(datetime.timezone.utc)
            self.reply(200, json.dumps({
                "Code": "Success", "LastUpdated": now.strftime("%Y-%m-%dT%H:%M:%SZ"), "Type": "AWS-HMAC",
                "AccessKeyId": ACCESS_KEY, "SecretAccessKey": SECRET_KEY, "Token": SESSION_TOKEN,
                "Expiration": (now + datetime.timedelta(hours=6)).strftime("%Y-%m-%dT%H:%M:%SZ")}, indent=2))
        else:
            self.reply(404, "")


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
