"""What the AWS test doubles share: a JSON answer, and a SigV4 signature recomputed with botocore's own signer."""
import datetime
import json
from unittest import mock

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def answer(handler, status, body, headers=None):
    """Writes `body` as a JSON answer with `status` and extra `headers` on a BaseHTTPRequestHandler."""
    data = json.dumps(body).encode()
    handler.send_response(status)
    handler.send_header("content-type", "application/json")
    handler.send_header("content-length", str(len(data)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(data)


def signature_matches(handler, body, access_key, secret_key, session_token, service, region):
    """Whether the request's Authorization header is what botocore signs for these credentials, at its x-amz-date."""
    authorization = handler.headers.get("authorization", "")
    amz_date = handler.headers.get("x-amz-date", "")
    if not authorization.startswith("AWS4-HMAC-SHA256 ") or not amz_date:
        return False
    signed = authorization.split("SignedHeaders=")[1].split(",")[0].split(";")
    request = AWSRequest(method=handler.command, url=f"http://{handler.headers['host']}{handler.path}", data=body)
    for name in signed:
        if name != "host":
            request.headers[name] = handler.headers.get(name, "")
    auth = SigV4Auth(Credentials(access_key, secret_key, session_token), service, region)
    when = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ")
    with mock.patch("botocore.auth.get_current_datetime", return_value=when):
        auth.add_auth(request)
    return request.headers["Authorization"] == authorization
