"""A local OIDC issuer for Rampart's identity tests: an independent implementation (Python `cryptography` and PyJWT)
that serves a real discovery document and JWKS over HTTP and mints tokens, good and hostile, on request.

Usage: oidc_issuer.py   (prints the port it listens on, on 127.0.0.1, as its first line)

GET  /.well-known/openid-configuration   discovery
GET  /jwks.json                          public keys: rsa-1 (RS256), ec-1 (ES256), ed-1 (EdDSA); rsa-2 after /rotate
GET  /stats                              {"jwks_fetches": N}
POST /rotate                             adds rsa-2 to the JWKS
POST /mint  {"key": "rsa-1"|"ec-1"|"ed-1"|"rsa-2"|"rogue-rsa"|"rogue-ec", "claims": {...}, "header": {...},
             "mode": "pyjwt"|"manual"|"none"|"hs256-public-key"|"alg-mismatch"}
             → {"token": "..."}; `claims` are sent as given (the test sets iss, aud, exp...)
"""
import base64
import hashlib
import hmac
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from jwt.algorithms import ECAlgorithm, OKPAlgorithm, RSAAlgorithm

KEYS = {
    "rsa-1": ("RS256", rsa.generate_private_key(public_exponent=65537, key_size=2048)),
    "ec-1": ("ES256", ec.generate_private_key(ec.SECP256R1())),
    "ed-1": ("EdDSA", ed25519.Ed25519PrivateKey.generate()),
    "rsa-2": ("RS256", rsa.generate_private_key(public_exponent=65537, key_size=2048)),
    # Keys the issuer never publishes: a forger's.
    "rogue-rsa": ("RS256", rsa.generate_private_key(public_exponent=65537, key_size=2048)),
    "rogue-ec": ("ES256", ec.generate_private_key(ec.SECP256R1())),
}
PUBLISHED = ["rsa-1", "ec-1", "ed-1"]
STATE = {"jwks_fetches": 0, "port": 0}
LOCK = threading.Lock()


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwk(kid: str) -> dict:
    alg, key = KEYS[kid]
    public = key.public_key()
    if alg == "RS256":
        entry = json.loads(RSAAlgorithm.to_jwk(public))
    elif alg == "ES256":
        entry = json.loads(ECAlgorithm.to_jwk(public))
    else:
        entry = json.loads(OKPAlgorithm.to_jwk(public))
    entry.update({"kid": kid, "use": "sig", "alg": alg})
    return entry


def sign(alg: str, key, data: bytes) -> bytes:
    if alg == "RS256":
        return key.sign(data, padding.PKCS1v15(), hashes.SHA256())
    if alg == "ES256":
        r, s = decode_dss_signature(key.sign(data, ec.ECDSA(hashes.SHA256())))
        return r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return key.sign(data)


def mint(spec: dict) -> str:
    kid = spec.get("key", "rsa-1")
    alg, key = KEYS[kid]
    claims = spec.get("claims", {})
    mode = spec.get("mode", "pyjwt")
    published_kid = {"rogue-rsa": "rsa-1", "rogue-ec": "ec-1"}.get(kid, kid)
    header = {"kid": published_kid, **spec.get("header", {})}
    if mode == "pyjwt":
        return jwt.encode(claims, key, algorithm=alg, headers=header)
    if mode == "none":
        head = {"alg": "none", "typ": "JWT", **header}
        return b64(json.dumps(head).encode()) + "." + b64(json.dumps(claims).encode()) + "."
    if mode == "hs256-public-key":
        # The classic confusion: HMAC keyed with the RSA public key the verifier holds.
        head = {"alg": "HS256", "typ": "JWT", "kid": "rsa-1", **spec.get("header", {})}
        secret = KEYS["rsa-1"][1].public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        signing_input = b64(json.dumps(head).encode()) + "." + b64(json.dumps(claims).encode())
        return signing_input + "." + b64(hmac.new(secret, signing_input.encode(), hashlib.sha256).digest())
    if mode == "alg-mismatch":
        # Signed with ES256 by ec-1, but the header claims RS256.
        head = {"alg": "RS256", "typ": "JWT", "kid": "ec-1"}
        signing_input = b64(json.dumps(head).encode()) + "." + b64(json.dumps(claims).encode())
        return signing_input + "." + b64(sign("ES256", KEYS["ec-1"][1], signing_input.encode()))
    head = {"alg": alg, "typ": "JWT", **header}
    signing_input = b64(json.dumps(head).encode()) + "." + b64(json.dumps(claims).encode())
    return signing_input + "." + b64(sign(alg, key, signing_input.encode()))


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, value, status=200):
        body = json.dumps(value).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        issuer = f"http://127.0.0.1:{STATE['port']}"
        if self.path == "/.well-known/openid-configuration":
            self.answer({"issuer": issuer, "jwks_uri": issuer + "/jwks.json", "id_token_signing_alg_values_supported": ["RS256", "ES256", "EdDSA"]})
        elif self.path == "/jwks.json":
            with LOCK:
                STATE["jwks_fetches"] += 1
                published = list(PUBLISHED)
            self.answer({"keys": [jwk(kid) for kid in published]})
        elif self.path == "/stats":
            self.answer({"jwks_fetches": STATE["jwks_fetches"]})
        else:
            self.answer({"error": "not found"}, 404)

    def do_POST(self):
        length = int(self.headers.get("content-length", "0"))
        spec = json.loads(self.rfile.read(length) or b"{}")
        if self.path == "/mint":
            self.answer({"token": mint(spec)})
        elif self.path == "/rotate":
            with LOCK:
                if "rsa-2" not in PUBLISHED:
                    PUBLISHED.append("rsa-2")
            self.answer({"published": PUBLISHED})
        else:
            self.answer({"error": "not found"}, 404)


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
STATE["port"] = server.server_address[1]
print(STATE["port"], flush=True)
server.serve_forever()
