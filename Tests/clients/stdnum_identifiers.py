"""National identifiers and python-stdnum's verdict on each, for the detectors' validators to be checked against a
peer written apart from Rampart (tests: NationalIDPeerTests).

Prints a JSON array of {"type", "value", "text", "valid"}: values of each type, about two thirds built valid by
stdnum's own check-digit functions and the rest with random check characters or out-of-range fields, each in a
sentence with the context word its detector may need and, after it, nothing, a full stop or more words.
Usage: stdnum_identifiers.py SEED COUNT_PER_TYPE"""
import json
import random
import sys

from stdnum.es import dni, nie
from stdnum.fr import nir
from stdnum.it import codicefiscale
from stdnum.nl import bsn
from stdnum.us import ssn

seed, count = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(seed)
DIGITS, UPPER = "0123456789", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
TAILS = ["", ".", " thanks", ", then the rest", " and 12 more", "; merci"]


def digits(n: int) -> str:
    return "".join(rng.choice(DIGITS) for _ in range(n))


def ssn_value() -> str:
    area = rng.choice(["000", "666", "9" + digits(2)] + [digits(3)] * 5)
    group = rng.choice(["00"] + [digits(2)] * 5)
    serial = rng.choice(["0000"] + [digits(4)] * 5)
    return f"{area}-{group}-{serial}"


def nir_value() -> str:
    # INSEE's months (01 to 12, and 20 to 42 and 50 to 99 where the month was unknown): Rampart refuses the others,
    # stdnum does not.
    month = rng.choice([f"{m:02d}" for m in [*range(1, 13), *range(20, 43), *range(50, 100)]])
    department = rng.choice(["2A", "2B"] + [digits(2)] * 4)
    body = rng.choice("12") + digits(2) + month + department + digits(6)
    key = nir.calc_check_digits(body) if rng.random() < 0.7 else digits(2)
    value = body + key
    return " ".join([value[0], value[1:3], value[3:5], value[5:7], value[7:10], value[10:13], value[13:]]) if rng.random() < 0.3 else value


def spanish_value() -> str:
    body = digits(8) if rng.random() < 0.5 else rng.choice("XYZ") + digits(7)
    check = (dni.calc_check_digit(body) if body[0].isdigit() else nie.calc_check_digit(body)) if rng.random() < 0.7 else rng.choice(UPPER)
    return body + check


def fiscal_code_value() -> str:
    day = rng.choice([f"{d:02d}" for d in [*range(1, 32), *range(41, 72), 0, 32, 40, 72, 99]])
    body = ("".join(rng.choice(UPPER) for _ in range(6)) + digits(2) + rng.choice("ABCDEHLMPRST") + day
            + rng.choice(UPPER) + digits(3))
    if rng.random() < 0.2:  # omocodia: digits of the numeric places written as letters
        body = "".join(rng.choice("LMNPQRSTUV") if k in (6, 7, 9, 10, 12, 13, 14) and rng.random() < 0.3 else c
                       for k, c in enumerate(body))
    return body + (codicefiscale.calc_check_digit(body) if rng.random() < 0.7 else rng.choice(UPPER))


def bsn_value() -> str:
    value = digits(9)
    if rng.random() < 0.6:
        completions = [value[:8] + d for d in DIGITS if bsn.checksum(value[:8] + d) == 0]
        value = completions[0] if completions else value
    return value


TYPES = [
    ("US_SSN", ssn_value, ssn.is_valid, "My SSN is"),
    ("FR_NIR", nir_value, nir.is_valid, "Numéro de sécurité sociale :"),
    ("ES_NIF", spanish_value, lambda v: dni.is_valid(v) or nie.is_valid(v), "Mi DNI es"),
    ("IT_FISCAL_CODE", fiscal_code_value, codicefiscale.is_valid, "Codice fiscale:"),
    ("NL_BSN", bsn_value, bsn.is_valid, "Mijn BSN is"),
]
rows = []
for kind, make, is_valid, context in TYPES:
    for _ in range(count):
        value = make()
        rows.append({"type": kind, "value": value, "text": f"{context} {value}{rng.choice(TAILS)}", "valid": bool(is_valid(value))})
print(json.dumps(rows, ensure_ascii=False))
