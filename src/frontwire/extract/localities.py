"""Small named places the gazetteer lacks: "the village of X", "X village", "X, a village in Y
district", "the X neighbourhood of Y", "X camp", "Barangay X", "the X-Y road".

ACLED keeps such a place's name and codes it at the nearest place it can verify, with
geo_precision 2. Here that is the smallest resolved place the sentence names as its container
("near the village of X in Y district": Y): its coordinates, country and admin1/admin2 go with
the name as written. When the sentence names nothing below a country, a country the text puts
the name in ("the village of X in southern Lebanon", "the Lebanese village of X") gives its
point at geo_precision 3. The kind words are data (ontology/place_nouns.csv, shared with the
geoparser; the words around them in ontology/locality_words.yaml).

A name needs a kind word to be a place, and must be capitalised proper nouns: "the village
chief", "a village elder", "the Village People" name none; nor do a named group's camp ("a Boko
Haram camp"), a generic one ("an army base"), a demonym ("the Fulani community") or a date.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..geo.cues import demonyms, place_nouns, role_words
from ..geo.gazetteer import Gazetteer
from ..model import Place, Span, Toponym
from ..nlp import doc_text
from ..resources import read_yaml
from .actors import find_groups

LINK_WINDOW = 8  # tokens at most between a name and the container it is said to lie in
_NOT_PLACE_LABELS = frozenset({"NORP", "DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL",
                               "QUANTITY", "WORK_OF_ART", "LAW", "EVENT", "LANGUAGE"})


@dataclass(frozen=True)
class _Words:
    kinds: dict[str, tuple[str | None, bool]]  # word -> (GeoNames feature code, kind word kept in the name)
    prefix: frozenset[str]
    particles: frozenset[str]
    modifiers: frozenset[str]
    links: frozenset[str]
    pair_gap: frozenset[str]  # what may stand between the two names of a border pair


@functools.lru_cache(maxsize=1)
def _words() -> _Words:
    raw = read_yaml("ontology/locality_words.yaml", ("particles", "modifiers", "link_words", "border_words", "pair_gap"))
    nouns = place_nouns()
    kinds = {n["word"]: (n["feature_code"] or None, n["keep"] == "yes") for n in nouns if n["locality"] == "yes"}
    return _Words(kinds, frozenset(n["word"] for n in nouns if n["title"] == "yes"), frozenset(raw["particles"]),
                  frozenset(raw["modifiers"]), frozenset(raw["link_words"]), frozenset(raw["pair_gap"]))


def unresolved_locality(doc: Doc, sent: SpacySpan, toponyms: Sequence[Toponym],
                        gazetteer: Gazetteer) -> Toponym | None:
    """The first named locality of `sent` that resolved to nothing, placed at its container.

    `toponyms`: the article's toponyms as resolved (place None: unresolved). A name that a
    resolved toponym covers is the normal path's; so is one the gazetteer has in the container's
    country. None as well when the sentence names no place to put it in (`_container`, then
    `_country_container`).
    """
    words = _words()
    groups = find_groups(sent)
    for start, end, kind in _candidates(doc, sent, words):
        if any(s < end and start < e for s, e, _ in groups):
            continue  # "the Boko Haram camp": a group's, not a place's name
        span = doc[start:end]
        if any(t.place is not None and t.span.start < span.end_char and span.start_char < t.span.end
               for t in toponyms):
            continue
        found = _container(doc, sent, span, toponyms) or _country_container(doc, sent, span, kind, toponyms, gazetteer)
        if found is None:
            continue
        base = found.place
        assert base is not None
        precision = 3 if _rank(base) == 9 else 2  # a country's point says no more than the country
        code, keep = words.kinds[kind]
        after = [i for i in range(end, min(sent.end, end + 4)) if doc[i].lower_ == kind]
        # "Zamzam camp", "the Ain al-Asad air base": the kind word written after the name is part of it
        name = doc[start:after[0] + 1] if keep and after else span
        if _known(gazetteer, span.text, base):
            continue
        place = Place(name.text, base.country, base.iso3, base.admin1, base.admin2, base.latitude, base.longitude,
                      None, code, precision)
        return Toponym(Span(name.text, name.start_char, name.end_char), place, found.score)
    return _near_unresolved(doc, sent, toponyms, groups)


def _near_unresolved(doc: Doc, sent: SpacySpan, toponyms: Sequence[Toponym],
                     groups: Sequence[tuple[int, int, Any]]) -> Toponym | None:
    """"near X in Y province", "at X, in Y district": a name the recogniser found but could not
    resolve, after a preposition of place and right before a resolved container."""
    place_words = role_words("near") | role_words("locative")
    for t in toponyms:
        if t.place is not None or not (sent.start_char <= t.span.start and t.span.end <= sent.end_char):
            continue
        span = doc.char_span(t.span.start, t.span.end, alignment_mode="expand")
        if span is None or any(s < span.end and span.start < e for s, e, _ in groups):
            continue
        names = [tok for tok in span if tok.text not in _HYPHENS and tok.lower_ not in _words().particles]
        before = span.start - 1
        while before > sent.start and doc[before].lower_ in ("the", *role_words("compass")):
            before -= 1
        if not names or not all(_is_name_token(tok) for tok in names) or before < sent.start \
                or doc[before].lower_ not in place_words or doc[before].lower_ == "of":
            continue
        found = _linked(doc, span, _inside(sent, toponyms))
        if found is not None and found.place is not None:
            base = found.place
            place = Place(span.text, base.country, base.iso3, base.admin1, base.admin2, base.latitude, base.longitude,
                          None, None, 2)
            return Toponym(Span(span.text, span.start_char, span.end_char), place, found.score)
    return None


def _known(gaz: Gazetteer, name: str, base: Place) -> bool:
    """The gazetteer has the name in the container's country (and state, where known)."""
    if not gaz.has_name(name):
        return False
    return any(e.place.iso3 == base.iso3 and (base.admin1 is None or e.place.admin1 == base.admin1)
               for e in gaz.entries(name, limit=50))


def _candidates(doc: Doc, sent: SpacySpan, words: _Words) -> list[tuple[int, int, str]]:
    """(start, end, kind word) of each name a kind word marks, in text order."""
    out: list[tuple[int, int, str]] = []
    for tok in sent:
        kind = tok.lower_
        if kind not in words.kinds or tok.tag_ in ("NNS", "NNPS"):
            continue
        if kind in words.prefix and tok.text[:1].isupper():  # "Barangay San Isidro"
            end = _name_end(doc, tok.i + 1, sent.end, words)
            if end > tok.i + 1:
                out.append((tok.i + 1, end, kind))
            continue
        if not _is_head(tok):
            continue  # "the village chief", "a village elder", "the Village People"
        nxt = tok.i + 1
        det = tok.i - 1  # "the village of X", "the remote southern Lebanese village of X"
        while det > sent.start and (doc[det].pos_ == "ADJ" or doc[det].lower_ in words.modifiers
                                    or doc[det].lower_ in demonyms()):
            det -= 1
        if nxt + 1 < sent.end and doc[nxt].lower_ == "of" and tok.i > sent.start \
                and doc[det].lower_ in ("the", "this", "that"):
            end = _name_end(doc, nxt + 1, sent.end, words)
            if end > nxt + 1:
                out.append((nxt + 1, end, kind))
                continue
        stop = tok.i
        while stop > sent.start and doc[stop - 1].lower_ in words.modifiers:
            stop -= 1
        start = _name_start(doc, stop, sent.start, words)
        if start < stop and not (start > sent.start and doc[start - 1].lower_ in ("a", "an")):
            out.append((start, stop, kind))  # "X village", "the X-Y road"; not "an X camp"
            continue
        appos = _apposition_name(doc, tok, sent, words)
        if appos is not None:
            out.append((*appos, kind))
    return sorted(set(out))


def _is_head(tok: Token) -> bool:
    """The kind word heads its noun phrase: not a modifier of a noun after it."""
    if tok.dep_ in ("compound", "amod", "nmod") and tok.head.i > tok.i:
        return False
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return nxt is None or not (nxt.pos_ in ("NOUN", "PROPN") and nxt.text[:1].islower() is tok.text[:1].islower()
                               and nxt.lower_ not in role_words("never"))


def _is_name_token(tok: Token) -> bool:
    """A capitalised proper noun (or a name the tagger mistook), not a date, demonym or title."""
    if not (tok.text[:1].isupper() and (tok.is_alpha or tok.text.replace("'", "").replace("’", "").isalpha())):
        return False
    if tok.lower_ in role_words("never") or tok.lower_ in demonyms() or tok.ent_type_ in _NOT_PLACE_LABELS:
        return False
    return tok.pos_ == "PROPN" or tok.ent_type_ in ("GPE", "LOC", "FAC", "ORG", "PERSON")


_HYPHENS = ("-", "‑")


def _joins(doc: Doc, j: int, limit: int, words: _Words) -> bool:
    """Token j joins two parts of a name: a hyphen ("Deir ez-Zor") or a particle ("del")."""
    tok = doc[j]
    if tok.text in _HYPHENS:
        return not doc[j - 1].whitespace_ and j + 1 < limit \
            and (_is_name_token(doc[j + 1]) or doc[j + 1].lower_ in words.particles)
    return tok.lower_ in words.particles and j + 1 < limit


def _name_end(doc: Doc, i: int, limit: int, words: _Words) -> int:
    """End of the name starting at token i ("Deir ez-Zor", "San Jose del Monte"), i if none."""
    j = i
    while j < limit and (_is_name_token(doc[j]) or (j > i and _joins(doc, j, limit, words))):
        j += 1
    while j > i and not _is_name_token(doc[j - 1]):
        j -= 1
    return j


def _name_start(doc: Doc, stop: int, limit: int, words: _Words) -> int:
    """Start of the name that ends right before token `stop`, `stop` if none."""
    i = stop
    while i > limit:
        tok = doc[i - 1]
        joiner = i < stop and i - 1 > limit and (tok.text in _HYPHENS or tok.lower_ in words.particles) \
            and (_is_name_token(doc[i - 2]) or doc[i - 2].text in _HYPHENS or doc[i - 2].lower_ in words.particles)
        if not (_is_name_token(tok) or joiner):
            break
        i -= 1
    while i < stop and not _is_name_token(doc[i]):
        i += 1
    if i < stop and i == doc[i].sent.start and doc[i].pos_ != "PROPN":
        i += 1  # a sentence's first word is capitalised anyway
    return i


def _apposition_name(doc: Doc, kind: Token, sent: SpacySpan, words: _Words) -> tuple[int, int] | None:
    """"X, a village in Y district": the name before a comma and an indefinite noun phrase
    headed by the kind word."""
    i = kind.i - 1
    while i > sent.start and (doc[i].pos_ == "ADJ" or doc[i].lower_ in words.modifiers or doc[i].lower_ in words.links
                              and doc[i].lower_ not in (",", "a", "an", "the")):
        i -= 1
    if i - 1 <= sent.start or doc[i].lower_ not in ("a", "an") or doc[i - 1].text != ",":
        return None
    end = i - 1
    start = _name_start(doc, end, sent.start, words)
    return (start, end) if start < end else None


def _rank(place: Place) -> int:
    """Town before district before state before country (9: only `_country_container` takes one)."""
    code = place.feature_code or ""
    if code.startswith("PCL") or place.admin1 is None:
        return 9
    if code == "ADM1" or place.geo_precision >= 3:
        return 3
    if code.startswith("ADM"):
        return 2
    return 1


def _inside(sent: SpacySpan, toponyms: Sequence[Toponym]) -> list[Toponym]:
    """The sentence's resolved places below a country, in text order."""
    return sorted((t for t in toponyms if t.place is not None and _rank(t.place) < 9
                   and sent.start_char <= t.span.start and t.span.end <= sent.end_char), key=lambda t: t.span.start)


def _linked(doc: Doc, name: SpacySpan, inside: Sequence[Toponym]) -> Toponym | None:
    """The first resolved place after the name when only link words stand between them ("X
    village near Y", "X, a village in Y district", "the X neighbourhood of Y")."""
    words = _words()
    after = next((t for t in inside if t.span.start >= name.end_char), None)
    if after is None:
        return None
    gap = doc.char_span(name.end_char, after.span.start, alignment_mode="expand")
    if gap is not None and len(gap) <= LINK_WINDOW and all(
            w.lower_ in words.links or w.lower_ in words.kinds or w.lower_ in words.modifiers or w.pos_ == "ADJ"
            for w in gap):
        return after
    return None


def _container(doc: Doc, sent: SpacySpan, name: SpacySpan, toponyms: Sequence[Toponym]) -> Toponym | None:
    """The resolved place the sentence puts the name in: one named right after it (`_linked`),
    else the sentence's most specific one below a country, the nearest to the name among
    equals."""
    inside = _inside(sent, toponyms)
    linked = _linked(doc, name, inside)
    if linked is not None or not inside:
        return linked

    def key(t: Toponym) -> tuple[int, int]:
        assert t.place is not None
        return _rank(t.place), min(abs(t.span.start - name.end_char), abs(name.start_char - t.span.end))

    return min(inside, key=key)


def _country_container(doc: Doc, sent: SpacySpan, name: SpacySpan, kind: str, toponyms: Sequence[Toponym],
                       gazetteer: Gazetteer) -> Toponym | None:
    """When the sentence names no place below a country: the country the text puts the name in
    right beside it, a country named just after it ("the village of X in southern Lebanon") or
    a country's demonym on its kind word ("the Lebanese village of X"). The place is then the
    country's point at precision 3, under the locality's name: a report of a strike in a
    Lebanese village is not placed in the other country that the article names."""
    countries = [t for t in toponyms if t.place is not None and _rank(t.place) == 9 and t.place.iso3
                 and sent.start_char <= t.span.start and t.span.end <= sent.end_char]
    linked = _linked(doc, name, countries)
    if linked is not None:
        return linked
    people = demonyms()
    for tok in doc[max(sent.start, name.start - 4):min(sent.end, name.end + 3)]:
        if tok.lower_ != kind:
            continue
        for mod in tok.children:
            iso3 = people.get(mod.lower_) if mod.dep_ in ("amod", "compound") else None
            if iso3 is None:
                continue
            try:
                place = gazetteer.country(iso3)
            except KeyError:
                return None
            return Toponym(Span(mod.text, mod.idx, mod.idx + len(mod.text)), place, 0.5)
    return None


def with_locality(resolved: Toponym | None, locality: Toponym | None) -> Toponym | None:
    """The sentence's place: a named locality when the resolved place is missing, coarser than
    a town (a district, a state, a country) or the locality's own container ("the village of X
    near Y": X at Y, precision 2); else the resolved place."""
    if locality is None or locality.place is None:
        return resolved
    if resolved is None or resolved.place is None or _rank(resolved.place) > 1:
        return locality
    same = (resolved.place.latitude, resolved.place.longitude) == (locality.place.latitude, locality.place.longitude)
    return locality if same else resolved





def border_zone(sent: SpacySpan, toponyms: Sequence[Toponym], gaz: Gazetteer) -> Toponym | None:
    """"In the area where X and Y districts meet", "on the boundary between X and Y": two
    places of one region named side by side with a border word name the line between them.
    The event is placed in the region that holds both (precision 3), so that it joins a mention
    of the same event that names either side; None when the sentence names no such pair."""
    text = doc_text(sent.doc)[sent.start_char:sent.end_char]  # offsets below are relative to the sentence
    if _border_pattern().search(text) is None:
        return None
    inside = _inside(sent, toponyms)
    for a, b in pairwise(inside):
        gap = text[a.span.end - sent.start_char:b.span.start - sent.start_char].replace("-", " - ").lower().split()
        if not gap or "and" not in gap and "-" not in gap or not set(gap) <= _words().pair_gap:
            continue
        pa, pb = a.place, b.place
        assert pa is not None and pb is not None
        if pa.iso3 is not None and pa.iso3 == pb.iso3 and pa.admin1 is not None and pa.admin1 == pb.admin1:
            region = gaz.admin1(pa.iso3, pa.admin1)
            if region is not None:
                return Toponym(Span(text[a.span.start - sent.start_char:b.span.end - sent.start_char],
                                    a.span.start, b.span.end), region, min(a.score, b.score))
    return None


@functools.lru_cache(maxsize=1)
def _border_pattern() -> re.Pattern[str]:
    words = sorted(read_yaml("ontology/locality_words.yaml")["border_words"])
    return re.compile(rf"\b(?:{'|'.join(map(re.escape, words))})", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _same_place() -> re.Pattern[str]:
    nouns = "|".join(sorted(n["word"] for n in place_nouns() if n["same_place"] == "yes"))
    return re.compile(rf"\bthe same (?:[\w-]+ ){{0,2}}(?:{nouns})\b", re.IGNORECASE)


def names_the_same_place(sent: SpacySpan) -> bool:
    """"A raid on the same refugee camp", "at the same spot": a place named before."""
    return _same_place().search(doc_text(sent.doc), sent.start_char, sent.end_char) is not None
