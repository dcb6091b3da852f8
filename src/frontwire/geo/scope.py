"""What the words right around a toponym say about it: a kind word ("Tovuz district", "the
village of X"), "near X", and a stated container ("Gao, Mali", "Springfield, Ill.", "X region
of Azerbaijan", "Azerbaijan's X"). Used by the resolver; pure functions over the parsed Doc."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..docarrays import TokenArrays, token_arrays
from .cues import expand_abbreviation, role_words
from .gazetteer import Entry, Gazetteer

if TYPE_CHECKING:
    from spacy.tokens import Doc

_APPOSITION_WINDOW = 8  # tokens after "X, " searched for "the country's ... district"


@dataclass(frozen=True)
class Scope:
    admin_word: bool  # "Goranboy region", "the district of X", "Tovuz, the country's ... district"
    settlement_word: bool  # "X village", "the town of X"
    near: bool  # "near X", "outside X", "on the outskirts of X"
    container_iso3: str | None
    container_admin1: str | None
    subdivision: bool = False  # the name itself ends in a kind word: "Laurel County", "Rapides Parish"
    among_countries: bool = False  # listed with a country's name: "Mali, Niger and Senegal", "Egypt and Niger"


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def apposition_has(doc: Doc, end: int, words: frozenset[str]) -> bool:
    """'Tovuz, the country's strategically-important district': a kind noun in a noun phrase
    set off by a comma right after the name."""
    a = token_arrays(doc)
    n = len(a)
    if end >= n or a.orth[end] != ",":
        return False
    for k in range(end + 1, min(n, end + 1 + _APPOSITION_WINDOW)):
        if a.punct[k] and a.orth[k] not in ("-", "’s", "'s"):
            return False
        if a.lower[k] in words and a.pos[k] in ("NOUN", "PROPN"):
            return True
        if a.pos[k] in ("VERB", "AUX"):
            return False
    return False


def container(doc: Doc, start: int, end: int, gaz: Gazetteer) -> tuple[str | None, str | None]:
    """The country (iso3) or admin1 the text puts the name in: "X, Mali", "X, Ill.", "X region
    of Azerbaijan", "X in northern Mali", "Azerbaijan's X". None for a country's own name: in
    "the United States, Russia and France" no country contains another; unless a state of
    another country follows it: "Lebanon, Pa.", "Jordan, Minnesota" are towns. None in a
    comparison: "Sochi, the Nice of Russia" puts no Nice in Russia."""
    a = token_arrays(doc)  # the token attributes, read once per document
    own = _country_iso3(gaz, a.span_text(start, end))
    if own:
        found = _container_after(a, end, gaz)
        return found if found[1] is not None and found[0] != own else (None, None)
    figurative = start > 0 and a.lower[start - 1] == "the" and end < len(a) and a.lower[end] == "of"
    found = _container_after(a, end, gaz) if not figurative else (None, None)  # "the Nice of Russia"
    if found != (None, None):
        return found
    if start >= 2 and a.lower[start - 1] in ("'s", "’s"):
        j = start - 2
        k = j
        while k > 0 and a.orth[k - 1][:1].isupper() and a.alpha[k - 1]:
            k -= 1
        iso3 = _country_iso3(gaz, a.span_text(k, j + 1))
        if iso3:
            return iso3, None
    return None, None


def _container_after(a: TokenArrays, end: int, gaz: Gazetteer) -> tuple[str | None, str | None]:
    """The country or admin1 named right after a name: ", Mali", ", Ill.", "region of Azerbaijan"."""
    n = len(a)
    i = end
    if i < n and a.lower[i] in _kind_words():
        i += 1
    if i < n and a.lower[i] in (",", "of", "in"):
        comma = a.orth[i] == ","
        i += 1
        if comma:  # "Huntsville, Ala.", "Austin, TX": an abbreviation only after a comma
            found = _abbreviated(a, i, gaz)
            if found != (None, None):
                return found
        compass = role_words("compass")
        while i < n and (a.lower[i] == "the" or a.lower[i] in compass):
            i += 1
        found = _country_or_admin1(a, i, gaz)
        if found != (None, None) and not (comma and _list_goes_on(a, _name_run(a, i))):
            return found
    return None, None


def entries_of(gaz: Gazetteer, name: str, limit: int) -> list[Entry]:
    """`gaz.entries(name, limit)`, without a query for a name the index lacks: `has_name` is asked
    on the same normalised key, and the gazetteer keeps its answers."""
    return gaz.entries(name, limit=limit) if gaz.has_name(name) else []


@functools.lru_cache(maxsize=1)
def _kind_words() -> frozenset[str]:
    """Admin and settlement kind words together (built once, not per name)."""
    return role_words("admin") | role_words("settlement")


def _abbreviated(a: TokenArrays, i: int, gaz: Gazetteer) -> tuple[str | None, str | None]:
    n = len(a)
    if i >= n or not a.orth[i][:1].isupper():
        return None, None
    # spaCy splits "W.Va." and "Ala." variously: try the token alone, then with what follows.
    texts = [a.orth[i]]
    if i + 1 < n:
        texts.append(a.span_text(i, i + 2))
        if i + 2 < n:
            texts.append(a.span_text(i, i + 3))
    for text in texts:
        expanded = expand_abbreviation(text)
        if expanded is None:
            continue
        name, iso3 = expanded
        if len(text) == 2 and text.isupper() and not (i + 1 >= n or not a.alpha[i + 1]):
            continue  # a two-letter code must end the phrase ("Austin, TX ..."), not start a name
        admin = gaz.admin1(iso3, name)
        if admin is not None:
            return iso3, admin.admin1
        return iso3, None
    return None, None


def _name_run(a: TokenArrays, i: int) -> int:
    """The end of the run of (at most four) capitalised words from token i."""
    j = i
    while j < len(a) and j - i < 4 and (a.orth[j][:1].isupper() and a.alpha[j]):
        j += 1
    return j


def _list_goes_on(a: TokenArrays, j: int) -> bool:
    """Whether the name ending before token j is an item of a list of names that an "and" or
    "or" closes ("ill in New York City, Long Island, New York and New Jersey"): the names after
    the first are its fellow items, not its containers. A chain of containers ("Stroud,
    Ontario, Canada") has no "and"; nor has a pair ("Springfield, Illinois and Columbus")."""
    n = len(a)
    if j >= n or a.orth[j] != ",":
        return False  # "Springfield, Illinois and Columbus, Ohio": a pair of name and state
    while j < n:
        if a.lower[j] in ("and", "or"):
            return j + 1 < n and a.orth[j + 1][:1].isupper()
        if a.orth[j] != ",":
            return False
        j += 1
        if j < n and a.lower[j] in ("and", "or"):
            continue
        end = _name_run(a, j)
        if end == j:
            return False
        j = end
    return False


def _country_or_admin1(a: TokenArrays, i: int, gaz: Gazetteer) -> tuple[str | None, str | None]:
    j = _name_run(a, i)
    if j == i:
        return None, None
    text = a.span_text(i, j)
    entries = entries_of(gaz, text, 5)
    admins = [e for e in entries if e.kind == "admin1" and e.primary]
    iso3 = entries[0].place.iso3 if entries and entries[0].kind == "country" else None  # as _country_iso3
    if iso3 and admins:  # "Atlanta, Georgia": the state or the country; the resolver weighs both
        return None, None
    if iso3:
        return iso3, None
    if admins:
        return admins[0].place.iso3, admins[0].place.admin1
    # "X village of Rutshuru district": a containing place fixes the country, when the name
    # is not ambiguous across countries.
    if entries and len({e.place.iso3 for e in entries}) == 1:
        return entries[0].place.iso3, None
    return None, None


def listed_with_country(a: TokenArrays, start: int, end: int, gaz: Gazetteer) -> bool:
    """The name is an item of a list (", ", "and", "or") next to a country's own name: "Mali,
    Niger, and Senegal", "in Egypt and Niger". A name listed with countries is a country too
    (Niger, not Nigeria's Niger State; Georgia, not the US state)."""
    n = len(a)
    j, joined = end, False
    while j < n and (a.orth[j] == "," or a.lower[j] in ("and", "or", "the")):
        joined = joined or a.lower[j] != "the"
        j += 1
    if joined and j < n:
        k = _name_run(a, j)
        if any(_country_iso3(gaz, a.span_text(j, m)) for m in range(k, j, -1)):
            return True
    i, joined = start - 1, False
    while i >= 0 and (a.orth[i] == "," or a.lower[i] in ("and", "or")):
        joined = True
        i -= 1
    if not joined:
        return False
    k = i
    while k >= 0 and i - k < _LIST_NAME_WORDS and a.orth[k][:1].isupper() and a.alpha[k]:
        if _country_iso3(gaz, a.span_text(k, i + 1)):
            return True
        k -= 1
    return False


_LIST_NAME_WORDS = 4  # words of a listed country's name looked at ("Central African Republic")


def _country_iso3(gaz: Gazetteer, text: str) -> str | None:
    entries = entries_of(gaz, text, 1)
    return entries[0].place.iso3 if entries and entries[0].kind == "country" else None
