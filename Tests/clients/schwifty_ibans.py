"""IBANs of every country in schwifty's IBAN registry (PyPI), for the IBAN detector to be checked against a peer
written apart from Rampart (tests: IdentifierPeerTests).

Prints a JSON array of {"type", "value", "text", "valid"}: for each country, random IBANs that schwifty builds
(written compact or in groups of four) and each again with its check digits changed, which no IBAN can be.
Usage: schwifty_ibans.py SEED PER_COUNTRY"""
import json
import random
import sys

import pycountry
from schwifty import IBAN, registry

seed, count = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(seed)


def has_ibans(country: str) -> bool:
    try:
        registry.get_iban_spec(country)
        return True
    except Exception:
        return False


rows = []
for country in sorted(c.alpha_2 for c in pycountry.countries if has_ibans(c.alpha_2)):
    for _ in range(count):
        iban = IBAN.random(country_code=country, random=rng, use_registry=False)
        value = iban.formatted if rng.random() < 0.5 else iban.compact
        rows.append({"type": "IBAN_CODE", "value": value, "text": f"Please pay to IBAN {value} today", "valid": True})
        check = (int(iban.compact[2:4]) + 1 + rng.randrange(95)) % 97
        wrong = iban.compact[:2] + f"{check:02d}" + iban.compact[4:]
        rows.append({"type": "IBAN_CODE", "value": wrong, "text": f"Please pay to IBAN {wrong} today", "valid": False})
print(json.dumps(rows))
