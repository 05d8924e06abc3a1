"""Signs a table of requests with botocore's own SigV4 signer, for comparison with Rampart's.

stdin: a JSON list of {method, url, headers: [[name, value]], body_hex, service, region, access_key, secret_key,
token, time (seconds since the epoch)}. stdout: a JSON list of {authorization, headers: {lower-case name: value},
canonical_request}, in the same order.
"""
import datetime
import json
import sys
from unittest import mock

from botocore.auth import S3SigV4Auth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def sign(case):
    credentials = Credentials(case["access_key"], case["secret_key"], case.get("token"))
    signer_class = S3SigV4Auth if case["service"] == "s3" else SigV4Auth
    auth = signer_class(credentials, case["service"], case["region"])
    request = AWSRequest(method=case["method"], url=case["url"], data=bytes.fromhex(case["body_hex"]))
    for name, value in case["headers"]:
        request.headers[name] = value
    recorded = {}
    canonical = auth.canonical_request

    def record(req):
        recorded["canonical"] = canonical(req)
        return recorded["canonical"]

    auth.canonical_request = record
    now = datetime.datetime.fromtimestamp(case["time"], tz=datetime.timezone.utc).replace(tzinfo=None)
    with mock.patch("botocore.auth.get_current_datetime", return_value=now):
        auth.add_auth(request)
    return {
        "authorization": request.headers["Authorization"],
        "headers": {name.lower(): value for name, value in request.headers.items()},
        "canonical_request": recorded["canonical"],
    }


json.dump([sign(case) for case in json.load(sys.stdin)], sys.stdout)
