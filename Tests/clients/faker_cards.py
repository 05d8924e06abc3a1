"""Payment card numbers of each issuer Faker (PyPI) knows, for the card detector to be checked against a peer written
apart from Rampart (tests: IdentifierPeerTests).

Prints a JSON array of {"type", "value", "text", "valid"}: numbers Faker makes for each card type, compact and in
groups of four, after a word for a card and after none; and each again with its last digit changed, which breaks its
Luhn check (a number that is not a card's).
Usage: faker_cards.py SEED PER_TYPE"""
import json
import sys

from faker import Faker

seed, count = int(sys.argv[1]), int(sys.argv[2])
Faker.seed(seed)
fake = Faker()
TYPES = ["maestro", "mastercard", "visa16", "visa13", "visa19", "amex", "discover", "diners", "jcb15", "jcb16"]
rows = []
for card_type in TYPES:
    for k in range(count):
        number = fake.credit_card_number(card_type=card_type)
        broken = number[:-1] + str((int(number[-1]) + 1 + k % 9) % 10)
        for value, valid in ((number, True), (broken, False)):
            written = value if k % 2 == 0 else " ".join(value[i:i + 4] for i in range(0, len(value), 4))
            for sentence in ("Pay with {} please", "the number {} is on file"):
                rows.append({"type": "CREDIT_CARD", "value": written, "text": sentence.format(written), "valid": valid})
print(json.dumps(rows))
