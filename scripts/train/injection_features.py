"""The prompt-injection detector's features, exactly as RampartDetectors computes them in Swift
(Sources/RampartDetectors/Injection/InjectionFeatures.swift). Change both together; the Swift tests check
that the two agree on a fixed set of texts (Tests/RampartDetectorsTests/Golden/injection-features.json)."""
import unicodedata

BUCKETS = 1 << 17
WINDOW = 40      # tokens per window
STRIDE = 20      # tokens between window starts

# Characters that render as nothing or reorder text: removed before anything else.
INVISIBLE = set(range(0x200B, 0x2010)) | set(range(0x202A, 0x202F)) | set(range(0x2060, 0x2070)) | {0xFEFF, 0x00AD, 0x180E}
# Look-alikes folded to Latin (Cyrillic and Greek letters that pass for Latin ones).
CONFUSABLES = {
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "һ": "h", "ԁ": "d",
    "ɡ": "g", "α": "a", "ο": "o", "ρ": "p", "ν": "v", "ι": "i", "κ": "k", "τ": "t", "υ": "u", "χ": "x", "ε": "e",
}
LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    out = []
    for ch in text:
        cp = ord(ch)
        if cp in INVISIBLE or 0xE0000 <= cp <= 0xE007F or 0xFE00 <= cp <= 0xFE0F:
            continue
        out.append(CONFUSABLES.get(ch, ch))
    return "".join(out).lower()


def is_word_char(ch: str) -> bool:
    """Letters and numbers by Unicode general category (L*, N*), and the two leetspeak symbols."""
    return unicodedata.category(ch)[0] in "LN" or ch in "@$"


def is_mark(ch: str) -> bool:
    """Punctuation and symbols (P*, S*): tokens of their own, since delimiters matter for injections."""
    return unicodedata.category(ch)[0] in "PS"


def tokens(text: str) -> list:
    words, current = [], []
    for ch in normalize(text):
        if is_word_char(ch):
            current.append(ch)
        else:
            if current:
                words.append("".join(current))
                current = []
            if is_mark(ch):
                words.append(ch)
    if current:
        words.append("".join(current))
    result = []
    for w in words:
        # Leetspeak inside a word of letters and digits ("1gn0re") is folded; plain numbers stay.
        if any(unicodedata.category(c)[0] == "L" for c in w) and any(c in LEET for c in w):
            w = "".join(LEET.get(c, c) for c in w)
        result.append(w[:32])  # code points
    return result


def fnv1a(data: bytes) -> int:
    h = 0xCBF29CE484222325
    for b in data:
        h ^= b
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def features(window: list) -> list:
    """Hashed bucket indices of one window: unigrams and bigrams, each counted once."""
    seen = set()
    for i, w in enumerate(window):
        seen.add(fnv1a(b"u\x00" + w.encode()) % BUCKETS)
        if i + 1 < len(window):
            seen.add(fnv1a(b"b\x00" + w.encode() + b"\x00" + window[i + 1].encode()) % BUCKETS)
    return sorted(seen)


def windows(toks: list) -> list:
    if len(toks) <= WINDOW:
        return [toks]
    return [toks[i:i + WINDOW] for i in range(0, len(toks) - WINDOW // 2, STRIDE)]
