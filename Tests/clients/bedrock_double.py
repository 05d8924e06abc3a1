"""A test double for Amazon Bedrock Runtime's Converse and ConverseStream (no real Bedrock can run here).

Every request's SigV4 signature is recomputed with botocore's own signer from the credentials given on the
command line and refused with 403 InvalidSignatureException when it differs. Frames are written with this
file's own event-stream encoder (zlib's CRC-32), independent of Rampart's.

usage: bedrock_double.py ACCESS_KEY_ID SECRET_ACCESS_KEY REGION [SESSION_TOKEN]
(prints the port, then serves on 127.0.0.1; with SESSION_TOKEN, a request must carry exactly that token)

The model id picks the behaviour: `throttled` answers 429 ThrottlingException; `stream-exception` streams one
delta then a modelStreamErrorException; `stream-corrupt` one delta then a frame with a bad CRC; `stream-cut` one
delta then closes. Any other model echoes the last user message, or, when the request has a `toolConfig` and its
last turn is not a tool's result, calls the first tool with `{"input": <that message>}` (its input streamed in two
pieces). GET /last returns the last request (JSON body and headers) for translation checks.

Every body is also validated with botocore's own validator against Bedrock Runtime's service model (the shapes
boto3 sends), and refused with 400 ValidationException when it does not fit, so a body Bedrock would refuse for
its shape is refused here too. botocore checks a string's minimum length only; the service refuses one over its
maximum (a toolUseId of more than 64 characters), so the double checks maximums as well.
"""
import binascii
import json
import struct
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from botocore.exceptions import ParamValidationError
from botocore.session import get_session
from botocore.validate import ParamValidator

from sigv4_doubles import answer, signature_matches

MODEL = get_session().get_service_model("bedrock-runtime")

ACCESS_KEY, SECRET_KEY, REGION = sys.argv[1:4]
SESSION_TOKEN = sys.argv[4] if len(sys.argv) > 4 else None
last = {}


def over_maximum(value, shape, path="body"):
    """Strings longer than their shape's `max`, anywhere in `value` (botocore checks minimums only)."""
    kind = shape.type_name
    if kind == "string" and isinstance(value, str) and "max" in shape.metadata and len(value) > shape.metadata["max"]:
        return [f"{path}: length {len(value)} is over the maximum {shape.metadata['max']}"]
    if kind == "structure" and isinstance(value, dict):
        return [p for k, v in value.items() if k in shape.members for p in over_maximum(v, shape.members[k], f"{path}.{k}")]
    if kind == "list" and isinstance(value, list):
        return [p for i, v in enumerate(value) for p in over_maximum(v, shape.member, f"{path}[{i}]")]
    return []


def frame(headers, payload):
    encoded = b""
    for name, value in headers.items():
        raw = value.encode()
        encoded += bytes([len(name)]) + name.encode() + b"\x07" + struct.pack(">H", len(raw)) + raw
    total = 16 + len(encoded) + len(payload)
    prelude = struct.pack(">II", total, len(encoded))
    prelude += struct.pack(">I", binascii.crc32(prelude))
    message = prelude + encoded + payload
    return message + struct.pack(">I", binascii.crc32(message))


def event(kind, body):
    return frame({":event-type": kind, ":content-type": "application/json", ":message-type": "event"}, json.dumps(body).encode())


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body, headers=None):
        answer(self, status, body, headers)

    def do_GET(self):
        self.answer(200, last)

    def signature_ok(self, body):
        token = self.headers.get("x-amz-security-token")
        if SESSION_TOKEN is not None and token != SESSION_TOKEN:
            return False
        return signature_matches(self, body, ACCESS_KEY, SECRET_KEY, token, "bedrock", REGION)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        parts = self.path.split("/")  # ['', 'model', id, operation]
        model, operation = urllib.parse.unquote(parts[2]), parts[3]
        last.clear()
        last.update({"model": model, "operation": operation, "body": json.loads(body or b"{}"),
                     "headers": {k.lower(): v for k, v in self.headers.items() if k.lower() != "authorization"}})
        if not self.signature_ok(body):
            self.answer(403, {"message": "The request signature we calculated does not match the signature you provided."},
                        {"x-amzn-errortype": "InvalidSignatureException"})
            return
        operation_name = {"converse": "Converse", "converse-stream": "ConverseStream"}.get(operation)
        problems = ParamValidator().validate(dict(last["body"], modelId=model), MODEL.operation_model(operation_name).input_shape) \
            if operation_name else None
        if operation_name is None or problems.has_errors():
            self.answer(400, {"message": problems.generate_report() if problems else "unknown operation"}, {"x-amzn-errortype": "ValidationException"})
            return
        too_long = over_maximum(last["body"], MODEL.operation_model(operation_name).input_shape)
        if too_long:
            self.answer(400, {"message": "; ".join(too_long)}, {"x-amzn-errortype": "ValidationException"})
            return
        if model == "throttled":
            self.answer(429, {"message": "Too many requests, please wait before trying again."}, {"x-amzn-errortype": "ThrottlingException"})
            return
        request = json.loads(body)
        user = [b.get("text") or "".join(c.get("text", "") for c in b.get("toolResult", {}).get("content", []))
                for m in request["messages"] if m["role"] == "user" for b in m["content"]]
        reply = "You said: " + (user[-1] if user else "")
        usage = {"inputTokens": 11, "outputTokens": 5, "totalTokens": 16}
        last_blocks = request["messages"][-1]["content"] if request["messages"] else []
        tool = None
        if "toolConfig" in request and not any("toolResult" in b for b in last_blocks):
            tool = request["toolConfig"]["tools"][0]["toolSpec"]["name"]
        if operation == "converse":
            content = [{"text": reply}]
            if tool:
                content = [{"text": "Calling a tool."}, {"toolUse": {"toolUseId": "tooluse_double_1", "name": tool, "input": {"input": user[-1]}}}]
            self.answer(200, {"output": {"message": {"role": "assistant", "content": content}}, "stopReason": "tool_use" if tool else "end_turn",
                              "usage": usage, "metrics": {"latencyMs": 7}})
            return
        self.send_response(200)
        self.send_header("content-type", "application/vnd.amazon.eventstream")
        self.send_header("transfer-encoding", "chunked")
        # The stream ends by closing the connection: said up front, so that no client reuses it for its next request.
        self.send_header("connection", "close")
        self.end_headers()

        def send(data):
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            self.wfile.flush()

        send(event("messageStart", {"p": "ab", "role": "assistant"}))
        words = reply.split(" ")
        send(event("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"text": words[0]}, "p": "abc"}))
        if model == "stream-exception":
            send(frame({":exception-type": "modelStreamErrorException", ":content-type": "application/json", ":message-type": "exception"},
                       json.dumps({"message": "the model failed mid-stream"}).encode()))
        elif model == "stream-corrupt":
            bad = bytearray(event("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"text": " more"}}))
            bad[-6] ^= 0x40
            send(bytes(bad))
        elif model == "stream-cut":
            pass
        elif tool:
            send(event("contentBlockStop", {"contentBlockIndex": 0}))
            send(event("contentBlockStart", {"contentBlockIndex": 1, "start": {"toolUse": {"toolUseId": "tooluse_double_1", "name": tool}}}))
            arguments = json.dumps({"input": user[-1]}, separators=(",", ":"))
            half = len(arguments) // 2
            for piece in (arguments[:half], arguments[half:]):
                send(event("contentBlockDelta", {"contentBlockIndex": 1, "delta": {"toolUse": {"input": piece}}}))
            send(event("contentBlockStop", {"contentBlockIndex": 1}))
            send(event("messageStop", {"stopReason": "tool_use"}))
            send(event("metadata", {"usage": usage, "metrics": {"latencyMs": 9}}))
        else:
            for word in words[1:]:
                send(event("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"text": " " + word}, "p": "a"}))
            send(event("contentBlockStop", {"contentBlockIndex": 0}))
            send(event("messageStop", {"stopReason": "end_turn"}))
            send(event("metadata", {"usage": usage, "metrics": {"latencyMs": 9}}))
        if model != "stream-cut":
            self.wfile.write(b"0\r\n\r\n")
        self.close_connection = True


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
