"""Builds the first-name gazetteer the person-name detector uses (Sources/RampartDetectors/Resources/first-names.txt):
the first names Faker ships for many locales (taken from national statistics offices' name lists), lower-cased,
deduplicated, sorted, without names that are common words in those languages.

Usage: scripts/train/build_gazetteer.py [OUT_FILE]
"""
import os
import sys

from faker import Faker

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
out_file = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "Sources", "RampartDetectors", "Resources", "first-names.txt")
LOCALES = ["en_US", "en_GB", "en_CA", "en_AU", "en_IN", "en_IE", "en_NZ", "fr_FR", "fr_CA", "de_DE", "de_AT", "de_CH", "es_ES", "es_MX",
           "es_AR", "es_CO", "it_IT", "nl_NL", "nl_BE", "pt_PT", "pt_BR", "sv_SE", "da_DK", "no_NO", "fi_FI", "pl_PL", "cs_CZ", "sk_SK",
           "hu_HU", "ro_RO", "hr_HR", "sl_SI", "et_EE", "lv_LV", "lt_LT", "el_GR", "tr_TR", "ru_RU", "uk_UA", "bg_BG", "id_ID", "fil_PH",
           "vi_VN", "zh_CN", "ja_JP", "ko_KR", "hi_IN", "ar_AA", "he_IL", "fa_IR", "th_TH", "tw_GH", "zu_ZA", "yo_NG", "ka_GE", "hy_AM",
           "az_AZ", "bn_BD", "ne_NP", "uz_UZ"]
COMMON_WORDS = {"will", "may", "june", "april", "august", "mark", "bill", "grace", "hope", "joy", "faith", "rose", "lily", "art", "guy",
                "dean", "major", "king", "page", "pat", "sunny", "rich", "chance", "summer", "autumn", "winter", "love", "star", "sky",
                "river", "ocean", "jack", "frank", "victor", "angel", "an", "in", "on", "the", "and", "son", "man", "per", "jan", "ben",
                "don", "ken", "van", "eve", "ava", "ali", "can", "say", "see", "sea", "dale", "glen", "holly", "ivy", "iris", "jade",
                "ruby", "pearl", "amber", "crystal", "destiny", "harmony", "heaven", "honey", "liberty", "melody", "serenity", "trinity"}
from faker.config import AVAILABLE_LOCALES

LOCALES = sorted(set(LOCALES) | set(AVAILABLE_LOCALES))
names = set()
for locale in LOCALES:
    try:
        provider = Faker(locale)
    except Exception:
        continue
    for attribute in ("first_names", "first_names_male", "first_names_female"):
        values = getattr(provider, attribute, None)
        if values is None:
            for p in provider.providers:
                values = getattr(p, attribute, None)
                if values:
                    break
        if not values:
            continue
        for name in values:
            name = name.strip().lower()
            if 2 <= len(name) <= 20 and " " not in name and name not in COMMON_WORDS:
                names.add(name)
os.makedirs(os.path.dirname(out_file), exist_ok=True)
with open(out_file, "w") as f:
    f.write("# First names for Rampart's person-name detector; built by scripts/train/build_gazetteer.py from Faker's locale lists.\n")
    for name in sorted(names):
        f.write(name + "\n")
print(f"wrote {out_file}: {len(names)} names from {len(LOCALES)} locales")
