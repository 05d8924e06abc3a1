"""Asks the local OIDC issuer (oidc_issuer.py) for a token signed with its rsa-1 key, and prints it.

Usage: oidc_mint.py ISSUER_URL CLAIMS_JSON
"""
import json
import sys
import urllib.request

issuer, claims = sys.argv[1], json.loads(sys.argv[2])
request = urllib.request.Request(issuer + "/mint", data=json.dumps({"key": "rsa-1", "mode": "pyjwt", "claims": claims}).encode(), method="POST")
with urllib.request.urlopen(request, timeout=10) as response:
    print(json.loads(response.read())["token"])
