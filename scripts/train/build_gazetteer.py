"""Builds the name gazetteers the person-name detector uses (Sources/RampartDetectors/Resources/):

- first-names.txt: the first names Faker ships for many locales (taken from national statistics offices' name
  lists), lower-cased, deduplicated, sorted, without names that are common words (a hand-made list, and the
  English word list's lower-case words that it does not also know as capitalised names: "made", "said", "server"),
  and without languages, peoples and faiths ("German", "Christian");
- last-names.txt: Faker's surnames for the same locales, without those that are also ordinary words: a surname is
  kept only if no lower-case entry of an English word list has its spelling ("park", "baker", "white" go; "Murphy",
  "Jensen" are capitalised there, so they stay) and wordfreq does not rate it a common word (Zipf >= 4.5) in French,
  German, Spanish, Italian, Portuguese or Dutch ("schwarz", "mann" go) or a frequent word in English, capitalised
  or not (Zipf >= 4.0: "English", "Hollywood", "Watson" go; a surname on its own must be rare as a word), and no word of a country, state, region
  or city name in Faker's address lists has its spelling ("Poland", "Lanka", "Austin" go). Single characters and
  names with spaces are left out: the detector reads one word at a time;
- countries.txt: the English names of countries (Faker's en_US list), lower-cased, for places said in lower case
  ("we moved here from tunisia").

Usage: scripts/train/build_gazetteer.py [OUT_DIR] [WORD_LIST]
WORD_LIST defaults to /usr/share/dict/words (Debian package wamerican).
"""
import os
import sys
import warnings

from faker import Faker
from faker.config import AVAILABLE_LOCALES
from wordfreq import zipf_frequency

warnings.filterwarnings("ignore", category=UserWarning)
root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "Sources", "RampartDetectors", "Resources")
word_list = sys.argv[2] if len(sys.argv) > 2 else "/usr/share/dict/words"
if not os.path.exists(word_list):
    sys.exit(f"build_gazetteer: no English word list at {word_list} (apt-get install wamerican, or pass a path)")
LOCALES = ["en_US", "en_GB", "en_CA", "en_AU", "en_IN", "en_IE", "en_NZ", "fr_FR", "fr_CA", "de_DE", "de_AT", "de_CH", "es_ES", "es_MX",
           "es_AR", "es_CO", "it_IT", "nl_NL", "nl_BE", "pt_PT", "pt_BR", "sv_SE", "da_DK", "no_NO", "fi_FI", "pl_PL", "cs_CZ", "sk_SK",
           "hu_HU", "ro_RO", "hr_HR", "sl_SI", "et_EE", "lv_LV", "lt_LT", "el_GR", "tr_TR", "ru_RU", "uk_UA", "bg_BG", "id_ID", "fil_PH",
           "vi_VN", "zh_CN", "ja_JP", "ko_KR", "hi_IN", "ar_AA", "he_IL", "fa_IR", "th_TH", "tw_GH", "zu_ZA", "yo_NG", "ka_GE", "hy_AM",
           "az_AZ", "bn_BD", "ne_NP", "uz_UZ"]
COMMON_WORDS = {"will", "may", "june", "april", "august", "mark", "bill", "grace", "hope", "joy", "faith", "rose", "lily", "art", "guy",
                "dean", "major", "king", "page", "pat", "sunny", "rich", "chance", "summer", "autumn", "winter", "love", "star", "sky",
                "river", "ocean", "jack", "frank", "victor", "angel", "an", "in", "on", "the", "and", "son", "man", "per", "jan", "ben",
                "don", "ken", "van", "eve", "ava", "ali", "can", "say", "see", "sea", "dale", "glen", "holly", "ivy", "iris", "jade",
                "ruby", "pearl", "amber", "crystal", "destiny", "harmony", "heaven", "honey", "liberty", "melody", "serenity", "trinity",
                "us", "lot", "job", "lean", "peace", "queen", "innocent", "marine", "urban", "darling", "chase", "grant", "martial",
                "junior", "mars", "tutu", "villa", "sol", "mar", "vi", "cal", "chi", "eta", "nova", "phoenix"}
# Languages, peoples and faiths are capitalised in English but are not names ("German", "Christian", "Latin").
DEMONYMS = {"english", "french", "german", "spanish", "italian", "dutch", "polish", "russian", "chinese", "japanese", "korean", "arabic",
            "turkish", "greek", "swedish", "danish", "norwegian", "finnish", "czech", "hungarian", "romanian", "portuguese", "brazilian",
            "american", "canadian", "mexican", "indian", "irish", "scottish", "welsh", "british", "african", "asian", "european", "latin",
            "hebrew", "persian", "hindi", "urdu", "bengali", "thai", "vietnamese", "christian", "catholic", "muslim", "jewish"}
OTHER_LANGUAGES = ["fr", "de", "es", "it", "pt", "nl"]
LOCALES = sorted(set(LOCALES) | set(AVAILABLE_LOCALES))


def provider_values(provider, attribute):
    values = getattr(provider, attribute, None)
    if values is None:
        for p in provider.providers:
            values = getattr(p, attribute, None)
            if values:
                break
    return values or []


PLACE_ATTRIBUTES = ("countries", "states", "provinces", "regions", "cities", "city_names", "districts", "counties")
first_names, last_names, place_words = set(), set(), set()
for locale in LOCALES:
    try:
        provider = Faker(locale)
    except Exception:
        continue
    for attribute in ("first_names", "first_names_male", "first_names_female"):
        for name in provider_values(provider, attribute):
            name = name.strip().lower()
            if 2 <= len(name) <= 20 and " " not in name and name not in COMMON_WORDS:
                first_names.add(name)
    for provider_part in provider.providers:
        for attribute in PLACE_ATTRIBUTES:
            values = getattr(provider_part, attribute, None)
            if isinstance(values, (list, tuple, dict)):
                for place in values:
                    if isinstance(place, str):
                        place_words.update(place.lower().replace("-", " ").split())
    for name in provider_values(provider, "last_names"):
        if isinstance(name, str):
            name = name.strip().lower()
            if 3 <= len(name) <= 24 and " " not in name:
                last_names.add(name)

dictionary = [line.strip() for line in open(word_list, encoding="utf-8")]
lower_case_words = {word for word in dictionary if word[:1].islower()}
capitalised_words = {word.lower() for word in dictionary if word[:1].isupper()}
# A first name that is an ordinary word and not a name the word list knows ("made", "said", "server", "edit") goes.
first_names = {name for name in first_names if (name not in lower_case_words or name in capitalised_words) and name not in DEMONYMS}
last_names = {name for name in last_names
              if name not in lower_case_words and name not in COMMON_WORDS and name not in place_words and name not in DEMONYMS
              and max(zipf_frequency(name, language) for language in OTHER_LANGUAGES) < 4.5
              and zipf_frequency(name, "en") < 4.0}


def write(file_name, names, what):
    path = os.path.join(out_dir, file_name)
    os.makedirs(out_dir, exist_ok=True)
    with open(path + ".tmp", "w") as f:
        f.write(f"# {what} for Rampart's name and place detectors; built by scripts/train/build_gazetteer.py from Faker's locale lists.\n")
        for name in sorted(names):
            f.write(name + "\n")
    os.replace(path + ".tmp", path)
    print(f"wrote {path}: {len(names)} names")


countries = set()
for provider_part in Faker("en_US").providers:
    values = getattr(provider_part, "countries", None)
    if values and isinstance(values[0], str):
        countries = {country.lower().replace(",", "") for country in values}
        break
write("first-names.txt", first_names, "First names")
write("countries.txt", countries, "Countries")
write("last-names.txt", last_names, "Surnames that are not ordinary words")
