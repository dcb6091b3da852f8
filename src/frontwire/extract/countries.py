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

import csv
import functools
import io
import unicodedata
from dataclasses import dataclass
from importlib import resources
from typing import Literal

import pycountry
from spacy.tokens import Doc, Span

from ..errors import ResourceError

WordKind = Literal["name", "demonym", "people"]
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
# "Britain-based", "English-speaking", "Liberian-flagged": where something sits, what language
# it speaks, whose flag a ship flies - never a party, nor the country of the event.
NOT_A_PARTY_SUFFIXES = frozenset({"based", "born", "speaking", "speakers", "language", "flagged", "registered",
                                  "educated", "trained", "made"})
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
    text = unicodedata.normalize("NFKD", word.translate(_APOSTROPHES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).strip().lower()
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
    try:
        text = resources.files("frontwire.ontology").joinpath("demonyms.csv").read_text(encoding="utf-8")
    except OSError as err:
        raise ResourceError(f"the packaged demonyms.csv cannot be read: {err}") from err
    acled: dict[str, str] = {}
    for row in csv.DictReader(io.StringIO(text)):
        word, iso3, note = row["word"].strip(), row["iso3"].strip(), row["note"].strip()
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


def country_name(iso3: str) -> str:
    """The short common name ACLED uses for a country ("Russia", "Democratic Republic of Congo")."""
    lex = _lexicon()
    if iso3 in lex.acled:
        return lex.acled[iso3]
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return iso3
    return str(getattr(country, "common_name", None) or country.name)


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
    out: list[CountryMention] = []
    tokens = list(span)
    starts = _first_words()
    i = 0
    while i < len(tokens):
        found = None
        # "The" is never part of the match: "The Gambia" is found from "Gambia". Only a token
        # that can begin a country word opens the n-gram windows (the hot path of the actors).
        if tokens[i].text[:1].isupper() and tokens[i].lower_ != "the" and _first_word(tokens[i].text) in starts:
            for n in range(min(MAX_TOKENS, len(tokens) - i), 0, -1):
                piece = span.doc[tokens[i].i : tokens[i].i + n]
                if piece[-1].text in ("'s", "\u2019s", "-"):
                    continue
                hit = lookup(piece.text)
                if hit is not None and _plausible(piece, hit):
                    found = (piece, hit)
                    break
        if found is None:
            i += 1
            continue
        piece, (iso3, kind) = found
        out.append(CountryMention(piece.start, piece.end, iso3, kind))
        i += len(piece)
    doc.user_data[key] = tuple(out)
    return out


def _plausible(piece: Span, hit: tuple[str, WordKind]) -> bool:
    first = piece[0]
    doc = piece.doc
    if piece.end + 1 < len(doc) and doc[piece.end].text == "-" and doc[piece.end + 1].lower_ in NOT_A_PARTY_SUFFIXES:
        return False  # "the Britain-based monitor", "the English-speaking regions": not a party or a cue
    if not _is_acronym(piece.text) and piece.text.isupper() and len(piece.text) > 1:
        return True  # a headline in capitals: "SYRIA"
    if first.i > 0:
        left = piece.doc[first.i - 1]
        if left.pos_ == "PROPN" and left.is_title and left.dep_ == "compound" and left.head in piece \
                and lookup(left.text) is None and not left.is_sent_start:
            return False  # "New Jersey", "Michael Jordan"
    return True
