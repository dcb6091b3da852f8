"""Country names, demonyms and people-plurals -> ISO3, and ISO3 -> ACLED's short country name.

The names come from pycountry (name, common_name, official_name, and the inverted form of
ISO's "Congo, The Democratic Republic of the"); `ontology/demonyms.csv` adds only what
pycountry lacks: colloquial names ("DR Congo", "Ivory Coast", "Burma"), demonyms ("Azerbaijani"),
people-plurals ("Afghans") and, with note `acled`, the short name ACLED uses where it differs
from pycountry's ("Democratic Republic of Congo", "Russia"). CSV rows win over pycountry, so a
coder can re-point an ambiguous word (we send bare "Congo" to the DRC, as wire reports do).

Acronyms ("US", "DRC", "UAE") match only in capitals: "us" is a pronoun.
"""

from __future__ import annotations

import bisect
import functools
import unicodedata
from dataclasses import dataclass
from typing import Literal, cast

import pycountry
from spacy.tokens import Doc, Span

from ..docarrays import TokenArrays, token_arrays
from ..geo.cues import demonym_table
from ..words import function_words

WordKind = Literal["name", "demonym", "people"]
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
# Longest name in tokens ("Saint Helena , Ascension and Tristan da Cunha" is 8).
MAX_TOKENS = 9


@dataclass(frozen=True)
class CountryMention:
    """A country word in a text: token range [start, end) of the doc, its ISO3 and what it is."""

    start: int
    end: int
    iso3: str
    kind: WordKind


@dataclass(frozen=True)
class _Lexicon:
    words: dict[str, tuple[str, WordKind]]  # normalised word -> (iso3, kind)
    acronyms: dict[str, tuple[str, WordKind]]  # exact-case acronyms
    acled: dict[str, str]  # iso3 -> ACLED short name


@functools.lru_cache(maxsize=65536)
def normalise(word: str) -> str:
    """Lower case, straight apostrophes, no accents, no possessive, no leading 'the'."""
    text = word.translate(_APOSTROPHES)
    if not text.isascii():  # (ASCII has no decompositions and no combining marks: nothing to do)
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.strip().lower()
    text = " ".join(text.split())
    for suffix in ("'s", "'"):
        if text.endswith(suffix):
            text = text[: -len(suffix)].rstrip()
            break
    return text.removeprefix("the ")


def _is_acronym(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters) and len(letters) <= 4


def _pycountry_names(country: object) -> list[str]:
    names = [getattr(country, attr, None) for attr in ("name", "common_name", "official_name")]
    out: list[str] = []
    for name in names:
        if not name:
            continue
        out.append(name)
        if "(" in name:  # "Holy See (Vatican City State)" -> both halves
            head, _, rest = name.partition("(")
            out += [head.strip(), rest.rstrip(")").strip()]
        if ", " in name:  # "Korea, Republic of" -> "Republic of Korea"
            first, _, rest = name.partition(", ")
            out.append(f"{rest} {first}")
    return out


@functools.lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    words: dict[str, tuple[str, WordKind]] = {}
    acronyms: dict[str, tuple[str, WordKind]] = {}
    for country in pycountry.countries:
        for name in _pycountry_names(country):
            words.setdefault(normalise(name), (country.alpha_3, "name"))
    acled: dict[str, str] = {}
    for row in demonym_table():
        if row["region"]:  # a region's demonym ("Chechen", "Texan") names no country
            continue
        word, iso3, note = row["word"], row["iso3"], row["note"]
        kind: WordKind = "demonym" if note == "demonym" else "people" if note == "people" else "name"
        if note == "acled":
            acled[iso3] = word
        if _is_acronym(word):
            acronyms[word] = (iso3, kind)
        else:
            words[normalise(word)] = (iso3, kind)
    return _Lexicon(words, acronyms, acled)


@functools.lru_cache(maxsize=65536)
def lookup(word: str) -> tuple[str, WordKind] | None:
    """(iso3, kind) of a country name, demonym or people-plural; None if it is none of them.

    Cached: every capitalised n-gram of every sentence is looked up, mostly the same few words."""
    lex = _lexicon()
    stripped = word.strip().translate(_APOSTROPHES)
    for suffix in ("'s", "'"):
        if stripped.endswith(suffix):
            stripped = stripped[: -len(suffix)]
            break
    if stripped in lex.acronyms:
        return lex.acronyms[stripped]
    return lex.words.get(normalise(word))


def iso3_for(word: str) -> str | None:
    """ISO3 of a country name, demonym or people-plural ("Azerbaijan's", "Afghans"), else None."""
    found = lookup(word)
    return found[0] if found else None


def country_names() -> dict[str, str]:
    """Every country name frontwire knows (normalised, as `normalise` writes it) -> its ISO3:
    pycountry's and demonyms.csv's names, not the demonyms."""
    return {word: iso3 for word, (iso3, kind) in _lexicon().words.items() if kind == "name"}


def country_name(iso3: str) -> str:
    """The short common name ACLED uses for a country ("Russia", "Democratic Republic of Congo")."""
    lex = _lexicon()
    if iso3 in lex.acled:
        return lex.acled[iso3]
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return iso3
    return str(getattr(country, "common_name", None) or country.name)


@functools.lru_cache(maxsize=65536)
def _first_word(text: str) -> str:
    return normalise(text).split(" ", 1)[0].split("-", 1)[0]


@functools.lru_cache(maxsize=1)
def _first_words() -> frozenset[str]:
    """The first word of every country word, normalised (with and without a hyphenated tail)."""
    lex = _lexicon()
    return frozenset(_first_word(w) for w in lex.words) | frozenset(_first_word(w) for w in lex.acronyms)


def find_countries(span: Doc | Span) -> list[CountryMention]:
    """Every country word in `span`, longest match first, token offsets into the doc.

    Running text writes country words capitalised, so a lower-case word ("chinese whispers",
    "turkey") is not a country here, although `iso3_for` accepts it. A word that is the tail of
    a longer proper name ("New Jersey", "Michael Jordan") is skipped.
    """
    doc = span if isinstance(span, Doc) else span.doc
    key = f"frontwire.countries:{span.start if isinstance(span, Span) else 0}:{len(span)}"
    memo = doc.user_data.get(key)  # the doc's own memo: actors and cues ask for one sentence twice
    if memo is not None:
        return list(memo)
    a = token_arrays(doc)  # the token attributes, read once per document
    out: list[CountryMention] = []
    start = span.start if isinstance(span, Span) else 0
    end = span.end if isinstance(span, Span) else len(doc)
    openers = _openers(a)
    i = start  # the first token a match may start at (none overlaps the one before)
    for k in openers[bisect.bisect_left(openers, start):bisect.bisect_left(openers, end)]:
        if k < i:
            continue
        for n in range(min(MAX_TOKENS, end - k), 0, -1):
            if a.orth[k + n - 1] in ("'s", "\u2019s", "-"):
                continue
            piece = a.span_text(k, k + n)
            hit = lookup(piece)
            if hit is not None and _plausible(doc, k, k + n, piece):
                out.append(CountryMention(k, k + n, hit[0], hit[1]))
                i = k + n
                break
    doc.user_data[key] = tuple(out)
    return out


def _openers(a: TokenArrays) -> list[int]:
    """The tokens of a document that can begin a country word, ascending, found once: "The" is
    never part of the match ("The Gambia" is found from "Gambia"), and only a capitalised token
    that begins one of the words opens the n-gram windows (the hot path of the actors)."""
    found = a.memo.get(_openers)
    if not isinstance(found, list):
        starts = _first_words()
        found = a.memo[_openers] = [i for i, text in enumerate(a.orth) if text[:1].isupper() and a.lower[i] != "the"
                                    and _first_word(text) in starts]
    return cast(list[int], found)


def _plausible(doc: Doc, start: int, end: int, text: str) -> bool:
    """Whether the country word at tokens [start, end) (reading `text`) is one."""
    a = token_arrays(doc)
    if end + 1 < len(a) and a.orth[end] == "-" and a.lower[end + 1] in function_words("not_a_party_suffixes"):
        return False  # "the Britain-based monitor", "the English-speaking regions": not a party or a cue
    if not _is_acronym(text) and text.isupper() and len(text) > 1:
        return True  # a headline in capitals: "SYRIA"
    k = start - 1
    if k >= 0 and a.pos[k] == "PROPN" and a.title[k] and a.dep[k] == "compound":
        left = doc[k]
        if left.head in doc[start:end] and lookup(left.text) is None and not left.is_sent_start:
            return False  # "New Jersey", "Michael Jordan"
    return True
