"""Name normalisation shared by the gazetteer index and its look-ups.

Both sides of a look-up must fold a name the same way, or an index built with one rule is
queried with another and silently misses. The fold is deliberately lossy: news spells
"Kharkiv", "Khar'kov", "Nagorno-Karabakh", "Nagorno Karabakh" and "Şəmkir"/"Shamkir"
inconsistently, and a missed match costs more than a spurious one (the resolver ranks).
"""

from __future__ import annotations

import re
import unicodedata

# Latin letters that Unicode does not decompose into base + mark, so NFKD alone would keep
# them (Azerbaijani schwa, Turkish dotless i, Polish l-stroke...). Normalisation detail, not a
# lexicon: it is the complete list of such letters in the Latin Extended blocks used by
# GeoNames names.
_FOLD = str.maketrans(
    {
        "ə": "e", "Ə": "e", "ı": "i", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d",
        "ħ": "h", "Ħ": "h", "ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "þ": "th",
        "Þ": "th", "ð": "d", "Ð": "d", "ŀ": "l", "ĸ": "k", "ŉ": "n", "ſ": "s",
    }
)
# Apostrophes and ayin/hamza marks vanish ("Khar'kov" == "Kharkov", "Ma'arrat" == "Maarrat").
_GLYPHS = re.compile(r"['’‘`´ʻʼʿʾ]")
# Punctuation and spaces become one space; letters outside ASCII stay, so a Cyrillic name keeps
# a key of its own instead of collapsing to "" (is_latin_key then leaves it out of the index).
_NON_ALNUM = re.compile(r"[^0-9a-z\u00c0-\U0010ffff]+")
_ASCII_NAME = re.compile(r"[0-9a-z ]+")


def normalize(name: str) -> str:
    """Fold a place name to the key the index stores: ASCII, lower case, single spaces,
    no leading article ("The Gambia" -> "gambia")."""
    if name.isascii():  # most names: skip the Unicode work (the index build folds 2.5M names)
        stripped = name
    else:
        folded = unicodedata.normalize("NFKD", name.translate(_FOLD))
        stripped = "".join(ch for ch in folded if not unicodedata.combining(ch))
    key = _NON_ALNUM.sub(" ", _GLYPHS.sub("", stripped).casefold()).strip()
    return key.removeprefix("the ")


# Characters outside the Latin blocks (and the quote marks folded above): a name containing one
# is written in another script.
_NON_LATIN = re.compile(r"[^\x00-\u02ff\u1e00-\u1eff\u2018-\u201f]")


def is_latin_name(name: str) -> bool:
    """Cheap test before normalising: False for Cyrillic, Arabic, CJK... names."""
    return _NON_LATIN.search(name) is None


def is_latin_key(key: str) -> bool:
    """True for keys an English text can contain; Cyrillic, Arabic, CJK names fold to keys
    with other characters (or to nothing) and are not worth indexing for English news."""
    return bool(key) and _ASCII_NAME.fullmatch(key) is not None
