"""Two SIEM receivers on 127.0.0.1 for the export tests, writing what they receive under OUT_DIR.

- HTTP: every POST's body (a JSON array of OCSF events) is one line of http.ndjson, and its Authorization header
  one line of http-auth.txt; answers 200.
- Syslog over TLS (RFC 5425): a server certificate for 127.0.0.1 made here (written to OUT_DIR/ca.pem for the
  client to trust), TLS 1.2 or later; each octet-counted frame must hold an RFC 5424 message with facility log
  audit (13), version 1, APP-NAME rampart and MSGID ocsf-CLASS; its MSG (the OCSF JSON) is one line of
  syslog.ndjson, any frame that is not so a line of syslog-errors.txt.

Prints "HTTP_PORT SYSLOG_PORT" once both listen, then serves until killed.
Usage: siem_peer.py OUT_DIR
"""
import datetime
import http.server
import ipaddress
import os
import re
import socket
import ssl
import sys
import threading

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

out = sys.argv[1]
lock = threading.Lock()


def append(name, line):
    with lock, open(os.path.join(out, name), "a", encoding="utf-8") as file:
        file.write(line + "\n")


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        append("http-auth.txt", self.headers.get("authorization", ""))
        append("http.ndjson", body.decode("utf-8"))
        self.send_response(200)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def certificate():
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "siem-peer.test")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(hours=2))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = os.path.join(out, "ca.pem"), os.path.join(out, "server-key.pem")
    with open(cert_path, "wb") as file:
        file.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(key_path, "wb") as file:
        file.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return cert_path, key_path


HEADER = re.compile(r"<(\d{1,3})>1 (\S+) (\S+) rampart (\S+) ocsf-(\d{4}) - (\{.*\})\Z", re.S)


def serve_syslog(connection):
    data = b""
    try:
        while True:
            chunk = connection.recv(65536)
            if not chunk:
                break
            data += chunk
            while True:
                space = data.find(b" ")
                if space < 0:
                    break
                length = data[:space]
                if not length.isdigit() or length.startswith(b"0"):
                    append("syslog-errors.txt", f"bad frame length {length[:20]!r}")
                    return
                end = space + 1 + int(length)
                if len(data) < end:
                    break
                message, data = data[space + 1:end].decode("utf-8"), data[end:]
                match = HEADER.match(message)
                if not match or int(match.group(1)) // 8 != 13:
                    append("syslog-errors.txt", f"not an RFC 5424 audit message: {message[:120]!r}")
                    continue
                append("syslog.ndjson", match.group(6))
        if data:
            append("syslog-errors.txt", f"{len(data)} bytes left after the last frame")
    finally:
        connection.close()


def syslog_server(context):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)

    def accept():
        while True:
            raw, _ = listener.accept()
            try:
                connection = context.wrap_socket(raw, server_side=True)
            except ssl.SSLError as error:
                append("syslog-errors.txt", f"TLS handshake failed: {error}")
                raw.close()
                continue
            threading.Thread(target=serve_syslog, args=(connection,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    return listener.getsockname()[1]


cert_path, key_path = certificate()
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.minimum_version = ssl.TLSVersion.TLSv1_2
context.load_cert_chain(cert_path, key_path)
http_server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=http_server.serve_forever, daemon=True).start()
print(http_server.server_address[1], syslog_server(context), flush=True)
threading.Event().wait()
