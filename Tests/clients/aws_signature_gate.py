"""A test double in front of moto: it checks each request's SigV4 signature and session token, then forwards it.

moto accepts any signature, so a test that must prove which credentials signed a call (a role's temporary ones from
STS, not some other keys) puts this gate between Rampart and moto. Each request's signature is recomputed with
botocore's own signer from the credentials given on the command line, for the service and region named in its
credential scope; a request signed otherwise, or without exactly the given session token, is refused with 403
InvalidSignatureException and never reaches moto.

usage: aws_signature_gate.py MOTO_PORT ACCESS_KEY_ID SECRET_ACCESS_KEY SESSION_TOKEN
(prints the port, then serves on 127.0.0.1; GET /gate-count answers how many requests passed and were refused)
"""
import http.client
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from sigv4_doubles import answer, signature_matches

MOTO_PORT = int(sys.argv[1])
ACCESS_KEY, SECRET_KEY, SESSION_TOKEN = sys.argv[2:5]
counts = {"passed": 0, "refused": 0}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def signature_ok(self, body):
        authorization = self.headers.get("authorization", "")
        if self.headers.get("x-amz-security-token") != SESSION_TOKEN or "Credential=" not in authorization:
            return False
        scope = authorization.split("Credential=")[1].split(",")[0].split("/")  # key, date, region, service, aws4_request
        return len(scope) == 5 and scope[0] == ACCESS_KEY and signature_matches(self, body, ACCESS_KEY, SECRET_KEY, SESSION_TOKEN, scope[3], scope[2])

    def forward(self):
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        if self.command == "GET" and self.path == "/gate-count":
            answer(self, 200, counts)
            return
        if not self.signature_ok(body):
            counts["refused"] += 1
            answer(self, 403, {"message": "The request signature we calculated does not match the signature you provided."},
                        {"x-amzn-errortype": "InvalidSignatureException"})
            return
        counts["passed"] += 1
        upstream = http.client.HTTPConnection("127.0.0.1", MOTO_PORT, timeout=30)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
        upstream.request(self.command, self.path, body=body, headers=headers)
        response = upstream.getresponse()
        data = response.read()
        self.send_response(response.status)
        for name, value in response.getheaders():
            if name.lower() not in ("content-length", "transfer-encoding", "connection", "server", "date"):
                self.send_header(name, value)
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        upstream.close()

    do_GET = forward
    do_POST = forward


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
