"""Phone numbers of every region in Google's libphonenumber (PyPI: phonenumbers), for the phone detector to be checked
against a peer written apart from Rampart (tests: IdentifierPeerTests).

Prints a JSON array of {"type", "value", "text", "valid"}: libphonenumber's example number of each region for each
kind of line it has one for (fixed, mobile, toll-free, shared cost, VoIP, personal, UAN, voicemail), written
international ("+44 20 7946 0958") and E.164 ("+442079460958"), each in a sentence. Left out: numbers written the
national way, and numbers of fewer than seven national digits (Iran's four-digit UAN numbers, many islands' five-
and six-digit numbers), which Rampart does not take for phone numbers: too many other numbers look the same.
Usage: phonenumbers_examples.py"""
import json

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

KINDS = [PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE, PhoneNumberType.TOLL_FREE, PhoneNumberType.SHARED_COST,
         PhoneNumberType.VOIP, PhoneNumberType.PERSONAL_NUMBER, PhoneNumberType.UAN, PhoneNumberType.VOICEMAIL]
rows = []
for region in sorted(phonenumbers.SUPPORTED_REGIONS):
    for kind in KINDS:
        number = phonenumbers.example_number_for_type(region, kind)
        if number is None or len(phonenumbers.national_significant_number(number)) < 7:
            continue
        for form in (PhoneNumberFormat.INTERNATIONAL, PhoneNumberFormat.E164):
            value = phonenumbers.format_number(number, form)
            rows.append({"type": "PHONE_NUMBER", "value": value, "text": f"Call me at {value} today", "valid": True})
print(json.dumps(rows))
