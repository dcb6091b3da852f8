"""Pick the place each toponym means, and the place of a sentence's event.

Each candidate from the gazetteer is scored on evidence a human coder weighs:
  * what the text says about the name: a kind word ("Goranboy region", "Tovuz, the country's
    district") asks for the admin1; "X village" for a populated place; a stated container
    ("... of Azerbaijan", "Gao, Mali", "Azerbaijan's Nagorno-Karabakh") fixes the country;
  * the article's countries (`country_prior`: iso3 -> mentions of the country or its demonym,
    from the caller, plus the countries named among the toponyms themselves);
  * the prior of the name: countries and curated regions before towns, then population.
"near X" / "outside X" keep the town but lower the precision to 2 (ACLED: near a town).
An unknown name gives place None: coordinates are never invented.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Span, Toponym
from .cues import role_words
from .gazetteer import Entry, Gazetteer
from .normalize import normalize

if TYPE_CHECKING:  # spaCy is only needed by whoever made the Doc; importing it costs ~1 s
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

# Score weights, set by hand on the test sentences (tests/test_geo.py); a later issue fits
# them on the geo evaluation set. Re-run that evaluation when changing one.
_POP_WEIGHT = 0.5  # per decade of population: 1.5 between a town of 1,000 and one of 1,000,000
_KIND_BONUS = {"country": 2.5, "region": 2.0, "admin1": 0.0, "place": 0.0}
_PRIMARY_BONUS = 1.0  # the name is the place's own name, not one of its alternate names
_PRIOR_WEIGHT = 3.0  # times the country's share of the article's country mentions
_CONTAINER_BONUS = 6.0  # the text names the country or admin1 the place lies in
_KIND_WORD_BONUS = 3.0  # "X region" -> admin1; "X village" -> a populated place
_APPOSITION_WINDOW = 8  # tokens after "X, " searched for "the country's ... district"


@dataclass(frozen=True)
class _Context:
    admin_word: bool  # "Goranboy region", "the district of X", "Tovuz, the country's ... district"
    settlement_word: bool  # "X village", "the town of X"
    near: bool  # "near X", "outside X", "on the outskirts of X"
    container_iso3: str | None
    container_admin1: str | None


def resolve_toponyms(
    doc: Doc, spans: Sequence[Span], gaz: Gazetteer, country_prior: Mapping[str, int] | None = None
) -> list[Toponym]:
    """One Toponym per span, in the order given."""
    candidates = [gaz.entries(_strip_kind_word(sp.text)) for sp in spans]
    prior: Counter[str] = Counter(country_prior or {})
    for entries, sp in zip(candidates, spans):
        # A toponym that is exactly a country's name counts as a mention of that country.
        if entries and entries[0].kind == "country" and entries[0].place.iso3:
            prior[entries[0].place.iso3] += 1
    top = max(prior.values(), default=0)
    shares = {iso3: n / top for iso3, n in prior.items()} if top else {}
    out = []
    for sp, entries in zip(spans, candidates):
        tokens = doc.char_span(sp.start, sp.end, alignment_mode="expand")
        if not entries or tokens is None:
            out.append(Toponym(sp, None, 0.0))
            continue
        ctx = _context(doc, tokens, gaz)
        out.append(_choose(sp, entries, ctx, shares, gaz))
    return out


def _strip_kind_word(text: str) -> str:
    words = text.split()
    if len(words) > 1 and words[-1].lower() in role_words("admin") | role_words("settlement"):
        return " ".join(words[:-1])
    return text


def _score(e: Entry, ctx: _Context, shares: Mapping[str, float]) -> float:
    s = _POP_WEIGHT * math.log10(e.population + 10) + _KIND_BONUS[e.kind]
    s += _PRIMARY_BONUS if e.primary else 0.0
    s += _PRIOR_WEIGHT * shares.get(e.place.iso3 or "", 0.0)
    if ctx.container_iso3 is not None:
        s += _CONTAINER_BONUS if e.place.iso3 == ctx.container_iso3 else -_CONTAINER_BONUS
    if ctx.container_admin1 is not None and e.place.admin1 == ctx.container_admin1:
        s += _CONTAINER_BONUS
    if ctx.admin_word and e.kind in ("admin1", "region"):
        s += _KIND_WORD_BONUS
    if ctx.settlement_word and e.kind == "place":
        s += _KIND_WORD_BONUS
    return s


def _choose(sp: Span, entries: list[Entry], ctx: _Context, shares: Mapping[str, float], gaz: Gazetteer) -> Toponym:
    scored = sorted(((_score(e, ctx, shares), i, e) for i, e in enumerate(entries)), key=lambda t: (-t[0], t[1]))
    best_score, _, best = scored[0]
    if ctx.container_iso3 is not None and best.place.iso3 != ctx.container_iso3:
        # The text puts the name in another country ("Kiboko village of Rutshuru district"
        # when the only Kiboko indexed is in Kenya): the place is not in the index.
        return Toponym(sp, None, 0.0)
    # Confidence: the margin over the best reading elsewhere (a province and its namesake
    # town are one reading, told apart below by the kind word).
    others = [sc for sc, _, e in scored[1:] if (e.place.iso3, e.place.admin1) != (best.place.iso3, best.place.admin1)]
    runner_up = others[0] if others else best_score - 5.0
    place = best.place
    key = normalize(sp.text)
    if best.kind == "admin1" and not ctx.admin_word:
        # "Aleppo", "Kabul" with no kind word mean the city, not the province named after it:
        # the town is the more specific reading, and ACLED codes the town.
        town = next((e for e in entries if e.kind == "place" and e.place.iso3 == place.iso3
                     and e.place.admin1 == place.admin1 and normalize(e.place.name) == key), None)
        if town is None:
            town = next((e for e in entries if e.kind == "place" and e.place.iso3 == place.iso3
                         and e.place.admin1 == place.admin1 and e.primary), None)
        if town is not None:
            place = town.place
    elif best.kind == "place" and ctx.admin_word and place.iso3:
        # "Tovuz district": the admin1 of that name if there is one; else the district is below
        # admin1 (not in the index), coded at its namesake town with precision 2.
        admin = gaz.admin1(place.iso3, sp.text)
        place = admin if admin is not None else dataclasses.replace(place, geo_precision=2)
    if ctx.near and place.geo_precision < 2:
        place = dataclasses.replace(place, geo_precision=2)
    confidence = 1.0 / (1.0 + math.exp(-(best_score - runner_up)))
    return Toponym(sp, place, round(confidence, 3))


def _context(doc: Doc, tokens: SpacySpan, gaz: Gazetteer) -> _Context:
    admin, settlement = role_words("admin"), role_words("settlement")
    start, end = tokens.start, tokens.end
    before = [t.lower_ for t in doc[max(0, start - 3):start]]
    after = doc[end:min(len(doc), end + 3)]
    nxt = after[0].lower_ if len(after) else ""
    # "the district of X", "the village of X"
    of_kind = len(before) >= 2 and before[-1] == "of" and before[-2]
    admin_word = nxt in admin or of_kind in admin or _apposition_has(doc, end, admin)
    settlement_word = nxt in settlement or of_kind in settlement
    near = bool(before) and (before[-1] in role_words("near") or (
        len(before) >= 2 and before[-1] == "of" and before[-2] in role_words("near")))
    iso3, admin1 = _container(doc, start, end, gaz)
    return _Context(bool(admin_word), bool(settlement_word), near, iso3, admin1)


def _apposition_has(doc: Doc, end: int, words: frozenset[str]) -> bool:
    """'Tovuz, the country's strategically-important district': a kind noun in a noun phrase
    set off by a comma right after the name."""
    if end >= len(doc) or doc[end].text != ",":
        return False
    for tok in doc[end + 1:min(len(doc), end + 1 + _APPOSITION_WINDOW)]:
        if tok.is_punct and tok.text not in ("-", "’s", "'s"):
            return False
        if tok.lower_ in words and tok.pos_ in ("NOUN", "PROPN"):
            return True
        if tok.pos_ in ("VERB", "AUX"):
            return False
    return False


def _container(doc: Doc, start: int, end: int, gaz: Gazetteer) -> tuple[str | None, str | None]:
    """The country (iso3) or admin1 the text puts the name in: "X, Mali", "X region of
    Azerbaijan", "X in northern Mali", "Azerbaijan's X"."""
    i = end
    if i < len(doc) and doc[i].lower_ in role_words("admin") | role_words("settlement"):
        i += 1
    if i < len(doc) and doc[i].lower_ in (",", "of", "in"):
        i += 1
        while i < len(doc) and (doc[i].lower_ == "the" or doc[i].lower_ in role_words("compass")):
            i += 1
        found = _country_or_admin1(doc, i, gaz)
        if found != (None, None):
            return found
    if start >= 2 and doc[start - 1].lower_ in ("'s", "’s"):
        j = start - 2
        k = j
        while k > 0 and doc[k - 1].text[:1].isupper() and doc[k - 1].is_alpha:
            k -= 1
        iso3 = _country_iso3(gaz, doc[k:j + 1].text)
        if iso3:
            return iso3, None
    return None, None


def _country_or_admin1(doc: Doc, i: int, gaz: Gazetteer) -> tuple[str | None, str | None]:
    j = i
    while j < len(doc) and j - i < 4 and (doc[j].text[:1].isupper() and doc[j].is_alpha):
        j += 1
    if j == i:
        return None, None
    text = doc[i:j].text
    iso3 = _country_iso3(gaz, text)
    if iso3:
        return iso3, None
    entries = gaz.entries(text, limit=5)
    admins = [e for e in entries if e.kind == "admin1"]
    if admins:
        return admins[0].place.iso3, admins[0].place.admin1
    # "X village of Rutshuru district": a containing place fixes the country, when the name
    # is not ambiguous across countries.
    if entries and len({e.place.iso3 for e in entries}) == 1:
        return entries[0].place.iso3, None
    return None, None


def _country_iso3(gaz: Gazetteer, text: str) -> str | None:
    entries = gaz.entries(text, limit=1)
    return entries[0].place.iso3 if entries and entries[0].kind == "country" else None


def place_for_sentence(toponyms: Sequence[Toponym], sent_start: int, sent_end: int) -> Toponym | None:
    """The event's own place in a sentence: its most specific resolved toponym (town over
    region over country); among equals the first one. None when nothing resolved."""
    inside = [t for t in toponyms if t.place is not None and sent_start <= t.span.start and t.span.end <= sent_end]
    if not inside:
        return None

    def rank(t: Toponym) -> tuple[int, int, int]:
        assert t.place is not None
        is_country = int(t.place.feature_code == "PCLI")
        return (is_country, t.place.geo_precision, t.span.start)

    return min(inside, key=rank)
