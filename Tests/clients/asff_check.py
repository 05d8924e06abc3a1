"""Reads back every finding in a moto Security Hub and validates each against botocore's AwsSecurityFinding shape
(the service model AWS's own SDKs check requests with), since moto stores what it is given without checking the
ASFF schema or the 100-findings-a-call limit (those limits are checked on Rampart's side, in ASFF.batches).

Usage: asff_check.py MOTO_PORT   Prints "ok N" and writes every finding as a JSON line to stdout's second part,
or the first problems, and exits 1 on any.
"""
import json
import sys

import botocore.session
from botocore.validate import ParamValidator

port = sys.argv[1]
session = botocore.session.get_session()
client = session.create_client("securityhub", region_name="eu-west-1", endpoint_url=f"http://127.0.0.1:{port}",
                               aws_access_key_id="AKIARAMPARTTESTSHUB", aws_secret_access_key="moto-accepts-any-secret")
shape = client.meta.service_model.shape_for("AwsSecurityFinding")
findings, token = [], None
while True:
    page = client.get_findings(MaxResults=100, **({"NextToken": token} if token else {}))
    findings += page["Findings"]
    token = page.get("NextToken")
    if not token:
        break
problems = []
for finding in findings:
    report = ParamValidator().validate(finding, shape)
    if report.has_errors():
        problems.append(f"{finding.get('Id')}: {report.generate_report()[:400]}")
if problems:
    print("\n".join(problems[:10]))
    sys.exit(1)
print("ok", len(findings))
for finding in findings:
    print(json.dumps(finding, default=str))
