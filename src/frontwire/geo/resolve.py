"""Pick the place each toponym means, and the place of a sentence's event.

Each candidate from the gazetteer is scored on evidence a human coder weighs:
  * what the text says about the name: a kind word ("Goranboy region", "Tovuz, the country's
    district") asks for the admin1; "X village" for a populated place; a stated container
    ("... of Azerbaijan", "Gao, Mali", "Springfield, Ill.", "Azerbaijan's Nagorno-Karabakh")
    fixes the country or the state;
  * the article: the countries it names (`country_prior`: iso3 -> mentions of the country or
    its demonym, from the caller), and, after a first pass, how well a reading fits the
    readings of the article's other names: the same country, the same state, nearness
    (coherence.py). Local news names places of one area ("Paris ... Henry County"), so the
    readings that keep the article's places together win, though neither is its name's most
    likely reading alone;
  * the prior of the name: a country or a state named alone means the country or state,
    then population; a match on the place's own name beats one on an alternate name.
Abbreviations ("Calif.", "W.Va.", "U.K.") and demonyms used as toponyms ("Russian") are
expanded first (cues.py). "near X" / "outside X" keep the town but lower the precision to 2
(ACLED: near a town). An unknown name gives place None: coordinates are never invented.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, TypeVar

from ..docarrays import token_arrays
from ..model import Place, Span, Toponym
from .coherence import Coherence, PairWeights
from .cues import demonyms, expand_abbreviation, region_demonyms, respelled, role_words, spelled_out
from .gazetteer import Entry, Gazetteer
from .normalize import normalize
from .scope import Scope, apposition_has, container, entries_of, listed_with_country

if TYPE_CHECKING:  # spaCy is only needed by whoever made the Doc; importing it costs ~1 s
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

# Score weights, set by hand and checked on the even-numbered articles of the LGL and GeoVirus
# development sets (the odd ones held out) and on the sentences of tests/test_geo.py; a
# coordinate search on the even half changed only "capital". Re-run that evaluation when
# changing one. Read-only: a mapping proxy, so no caller can change them for everyone.
W = MappingProxyType({
    "pop": 0.5,  # per decade of population: 1.5 between a town of 1,000 and one of 1,000,000
    "country": 3.0,  # a country named alone is the country ("Georgia" in a Caucasus story)
    "region": 2.5,  # a curated region (Donbas, Darfur)
    "admin1": 1.5,  # a state or province named alone ("Texas")
    "capital": 2.0,  # a national capital outranks its namesakes ("Washington", "Paris")
    "alternate": -1.5,  # the name matched only an alternate name of the place
    "country_share": 3.0,  # times the country's share of the article's country mentions; and
    # what another name's reading in the same country adds (coherence.py)
    "admin1_share": 3.0,  # the same for a state
    "container": 6.0,  # the text names the country or the state the place lies in
    "kind_word": 3.0,  # "X region" -> admin1; "X village" -> a populated place
    "near": 2.5,  # another name's reading close by (decays with log distance, coherence.py)
    "locale": 2.0,  # votes of the outlet's locale (outlets.py), times each area's share
})
_CANDIDATES = 50  # gazetteer rows per name: enough for "Springfield", bounded for speed
_NEAR_SCALE_KM = 3000.0  # distance at which nearness stops counting
_K = TypeVar("_K")


@dataclass
class _Area:
    """What the article says about where it is: votes for countries and states, by the name
    that cast them (a name does not vote for its own reading: "Georgia" alone must not make
    the article Georgian)."""

    countries: dict[str, dict[str, float]] = field(default_factory=dict)  # name -> iso3 -> votes
    admin1s: dict[str, dict[tuple[str, str], float]] = field(default_factory=dict)
    _memo: dict[str, tuple[dict[str, float], dict[tuple[str, str], float]]] = field(default_factory=dict)

    def vote(self, name: str, iso3: str | None, admin1: str | None, weight: float) -> None:
        if iso3:
            votes = self.countries.setdefault(name, {})
            votes[iso3] = votes.get(iso3, 0.0) + weight
            if admin1:
                avotes = self.admin1s.setdefault(name, {})
                avotes[(iso3, admin1)] = avotes.get((iso3, admin1), 0.0) + weight

    def shares(self, name: str) -> tuple[dict[str, float], dict[tuple[str, str], float]]:
        """Country and state shares (of the strongest, 0..1) from every name but `name`."""
        if name not in self._memo:
            countries: dict[str, float] = {}
            admin1s: dict[tuple[str, str], float] = {}
            for other, votes in self.countries.items():
                for k, v in votes.items() if other != name else ():
                    countries[k] = countries.get(k, 0.0) + v
            for other, avotes in self.admin1s.items():
                for ak, v in avotes.items() if other != name else ():
                    admin1s[ak] = admin1s.get(ak, 0.0) + v
            self._memo[name] = (_shares(countries), _shares(admin1s))
        return self._memo[name]


_CUES = ""  # the name under which the caller's country mentions vote (no toponym has it)
_LOCALE = "\x00locale"  # the name under which the outlet's locale votes


def resolve_toponyms(
    doc: Doc, spans: Sequence[Span], gaz: Gazetteer, country_prior: Mapping[str, int] | None = None,
    locale: Mapping[tuple[str, str], float] | None = None,
) -> list[Toponym]:
    """One Toponym per span, in the order given. Two passes: the first scores every reading by
    what its own words, the article's country mentions and its unambiguous country and state
    names say; the second adds what the other names' readings, so scored, say of it (its
    context, coherence.py). `locale`: the outlet's areas and their shares (outlets.py), heard
    as votes beside the article's own."""
    memo: dict[str, list[Entry]] = {}
    keys = [normalize(sp.text) for sp in spans]
    candidates = [_candidates(sp.text, gaz, memo) for sp in spans]
    scopes: list[Scope | None] = []
    for sp, entries in zip(spans, candidates, strict=True):
        tokens = doc.char_span(sp.start, sp.end, alignment_mode="expand")
        scope = _scope(doc, tokens, gaz) if tokens is not None else None
        if scope is not None and tokens is not None and _country_word(entries) is not None \
                and listed_with_country(token_arrays(doc), tokens.start, tokens.end, gaz):
            # (asked only of a name that is a country's: the list's neighbours are looked up)
            scope = dataclasses.replace(scope, among_countries=True)
        scopes.append(scope)
    stated = _Area()
    # The caller's country mentions include the toponyms that are themselves a country's name
    # or demonym ("Georgia" counted as a mention of the country): those are that name's own
    # votes, which it must not hear ("Georgia" four times in an Atlanta story is not evidence
    # for the country Georgia), but the article's other names do.
    prior = Counter(country_prior or {})
    own: Counter[tuple[str, str]] = Counter()
    for key, entries in zip(keys, candidates, strict=True):
        iso3 = _country_word(entries)
        if iso3 is not None and prior[iso3] > 0:
            prior[iso3] -= 1
            own[(key, iso3)] += 1
    for iso3, n in prior.items():
        stated.vote(_CUES, iso3, None, float(n))
    for (key, iso3), n in own.items():
        stated.vote(key, iso3, None, float(n))
    for (iso3, admin1), share in (locale or {}).items():
        stated.vote(_LOCALE, iso3, admin1 or None, W["locale"] * share)
    for scope in scopes:
        if scope is not None and scope.container_iso3:
            stated.vote(_CUES, scope.container_iso3, scope.container_admin1, 1.0)
    first_area = _Area({k: dict(v) for k, v in stated.countries.items()},
                       {k: dict(v) for k, v in stated.admin1s.items()})
    for key, entries in zip(keys, candidates, strict=True):
        # A toponym that is a country's or a state's own name, and nothing else as prominent,
        # counts as a mention of it.
        top = [e for e in entries if e.kind in ("country", "admin1") and e.primary]
        if top and len({(e.place.iso3, e.kind) for e in top}) == 1:
            first_area.vote(key, top[0].place.iso3, top[0].place.admin1 if top[0].kind == "admin1" else None, 1.0)
    first_scores = [_scores(entries, scope, first_area, key) if scope is not None else []
                    for key, entries, scope in zip(keys, candidates, scopes, strict=True)]
    first = [_resolve(sp, key, entries, scope, scores, first_area, gaz)
             for sp, key, entries, scope, scores in zip(spans, keys, candidates, scopes, first_scores, strict=True)]
    area = _Area({k: dict(v) for k, v in stated.countries.items()},
                 {k: dict(v) for k, v in stated.admin1s.items()})
    for key, t in zip(keys, first, strict=True):
        if t.place is not None:
            area.vote(key, t.place.iso3, t.place.admin1, t.score)
    coherence = Coherence(PairWeights(W["country_share"], W["admin1_share"], W["near"], _NEAR_SCALE_KM))
    for key, entries, scores in zip(keys, candidates, first_scores, strict=True):
        if not scores:
            continue
        if key in coherence:
            coherence.mention(key)
        else:
            coherence.add(key, entries, scores)
    resolved = []
    for sp, key, entries, scope in zip(spans, keys, candidates, scopes, strict=True):
        context = _context(key, entries, coherence)
        scores = _scores(entries, scope, stated, key, context) if scope is not None else []
        resolved.append(_resolve(sp, key, entries, scope, scores, area, gaz))
    return resolved


def _context(key: str, entries: Sequence[Entry], coherence: Coherence) -> list[float]:
    """What the other names say of each reading; nothing for a town named like a country.
    "Norway", "Mexico" and "China" in one story are the countries, although Norway, Mexico and
    China, Maine lie side by side: namesakes support each other, and a country's name is the
    country unless the text itself says otherwise ("Jordan, Minn.", "the town of Jordan")."""
    context = coherence.context(key, entries).tolist() if entries else []
    if _country_word(entries) is not None:
        context = [c if e.kind != "place" else 0.0 for c, e in zip(context, entries, strict=True)]
    return context


def _country_word(entries: Sequence[Entry]) -> str | None:
    """The country a name is the own name (or the demonym) of: "Georgia" -> GEO, else None."""
    return next((e.place.iso3 for e in entries if e.kind == "country" and e.primary), None)


def _shares(counts: Mapping[_K, float]) -> dict[_K, float]:
    top = max(counts.values(), default=0.0)
    return {k: v / top for k, v in counts.items() if v > 0} if top > 0 else {}


def _candidates(text: str, gaz: Gazetteer, memo: dict[str, list[Entry]]) -> list[Entry]:
    """Gazetteer readings of a span's text, memoised per article (names repeat)."""
    if text in memo:
        return memo[text]
    found = _lookup(text, gaz)
    memo[text] = found
    return found


def _lookup(text: str, gaz: Gazetteer) -> list[Entry]:
    expanded = expand_abbreviation(text)
    if expanded is not None:
        name, iso3 = expanded
        same = [e for e in entries_of(gaz, name, _CANDIDATES) if e.place.iso3 == iso3]
        if same:
            return [dataclasses.replace(e, primary=True) for e in same[:1]]
    folded = text.strip().lower().replace("’", "'")
    people = demonyms().get(folded)
    if people is not None:  # "Canadian", "Thai", "Somali" are the country, not the small towns of the name
        try:
            return [Entry(gaz.country(people), "country", 0, True)]
        except KeyError:
            return []
    region = region_demonyms().get(folded)
    if region is not None:  # "Ohioans", "South Ossetian": the region
        name, iso3 = region
        same = [e for e in entries_of(gaz, name, _CANDIDATES)  # (iso3 "": a continent or a macro-region)
                if (e.place.iso3 or "") == iso3 and e.kind in ("admin1", "region")]
        if same:
            return [dataclasses.replace(same[0], primary=True)]
    entries = entries_of(gaz, text, _CANDIDATES)
    stripped = _strip_kind_word(text)
    if not entries and stripped != text:  # "Marib governorate", "Laurel County"
        entries = entries_of(gaz, stripped, _CANDIDATES)
    if entries:
        return entries
    # Spellings the index lacks: "St." for "Saint", "Ft." for "Fort"; a leading direction
    # word ("Northern Iraq", "North Texas") names a part of the place that follows.
    words = stripped.split()
    spelled = spelled_out()
    variants = [" ".join(spelled.get(w.lower(), w) for w in words)]
    if len(words) > 1 and words[0].lower() in role_words("direction"):
        variants.append(" ".join(words[1:]))
    variants += respelled(stripped)  # "Hodeidah": the index's "Hodeida"
    for variant in variants:
        if variant != stripped:
            entries = entries_of(gaz, variant, _CANDIDATES)
            if entries:
                return entries
    return _below_landform(words, gaz)


def _below_landform(words: Sequence[str], gaz: Gazetteer) -> list[Entry]:
    """"Mount Sinjar", "the Nuba Mountains": a mountain the gazetteer lacks, read as the town or
    district of its name (never a country or a province: "Mount Kenya" is not Kenya's centre)."""
    landforms = role_words("landform")
    if len(words) < 2:
        return []
    if words[0].lower() in landforms:
        core = words[1:]
    elif words[-1].lower() in landforms:
        core = words[:-1]
    else:
        return []
    return [e for e in entries_of(gaz, " ".join(core), _CANDIDATES) if e.kind == "place"]


def _strip_kind_word(text: str) -> str:
    words = text.split()
    if len(words) > 1 and words[-1].lower() in role_words("admin") | role_words("settlement"):
        return " ".join(words[:-1])
    return text


def _scores(entries: Sequence[Entry], scope: Scope, area: _Area, key: str,
            context: Sequence[float] | None = None) -> list[float]:
    """`_score` of each entry (with its context, when given)."""
    shares = area.shares(key)  # (once per name, not per reading)
    if context is None:
        return [_score(e, scope, shares) for e in entries]
    return [_score(e, scope, shares, c) for e, c in zip(entries, context, strict=True)]


def _score(e: Entry, scope: Scope, shares: tuple[dict[str, float], dict[tuple[str, str], float]],
           context: float = 0.0) -> float:
    """A reading's score; `shares`: the article's country and state shares (`_Area.shares`)."""
    s = context + W["pop"] * math.log10(e.population + 10)
    if e.kind == "country":
        s += W["country"]
    elif e.kind == "region":
        s += W["region"]
    elif e.kind == "admin1" and e.primary:
        s += W["admin1"]
    if e.place.feature_code == "PPLC":
        s += W["capital"]
    if not e.primary:
        s += W["alternate"]
    iso3 = e.place.iso3 or ""
    countries, admin1s = shares
    # A region spanning countries ("the Middle East", "Africa") lies in each of them as much as
    # the village of its name lies in its own ("Middle East", Maryland, in a story of US ships).
    s += W["country_share"] * (countries.get(iso3, 0.0) if iso3 else max(countries.values(), default=0.0))
    if e.kind != "country" and e.place.admin1:
        s += W["admin1_share"] * admin1s.get((iso3, e.place.admin1), 0.0)
    if scope.container_iso3 is not None:
        s += W["container"] if iso3 == scope.container_iso3 else -W["container"]
    if scope.container_admin1 is not None and e.place.admin1 == scope.container_admin1:
        s += W["container"]
    district = e.place.feature_code == "ADM2"
    if scope.admin_word and (e.kind in ("admin1", "region") or district):
        s += W["kind_word"]
    if scope.settlement_word and e.kind == "place" and not district:
        s += W["kind_word"]
    if scope.among_countries and e.kind == "country":
        s += W["kind_word"]  # "Mali, Niger and Senegal": the country, whatever else the article names
    return s


def _resolve(sp: Span, key: str, entries: list[Entry], scope: Scope | None, scores: Sequence[float],
             states: _Area, gaz: Gazetteer) -> Toponym:
    """The best reading of one span, from each entry's score (`_score`); `states`: the article's
    states, for a county the index lacks."""
    if not entries or scope is None:
        return Toponym(sp, None, 0.0)
    scored = sorted(((scores[i], i, e) for i, e in enumerate(entries)), key=lambda t: (-t[0], t[1]))
    best_score, _, best = scored[0]
    if scope.container_iso3 is not None and best.place.iso3 != scope.container_iso3:
        # The text puts the name in another country ("Kiboko village of Rutshuru district"
        # when the only Kiboko indexed is in Kenya): the place is not in the index.
        return Toponym(sp, None, 0.0)
    # Confidence: the margin over the best reading elsewhere (a province and its namesake
    # town are one reading, told apart below by the kind word).
    others = [sc for sc, _, e in scored[1:] if (e.place.iso3, e.place.admin1) != (best.place.iso3, best.place.admin1)]
    runner_up = others[0] if others else best_score - 5.0
    place = best.place
    key = normalize(_strip_kind_word(sp.text))
    district = place.feature_code == "ADM2"
    if (best.kind == "admin1" or district) and not scope.admin_word:
        # "Aleppo", "Kabul", "Houston" with no kind word mean the city, not the province or
        # district named after it (or whose seat it is): the town is the more specific reading,
        # and ACLED codes the town. A state named by its own name ("Texas") stays the state.
        same_admin = [e for e in entries if e.kind == "place" and e.place.iso3 == place.iso3
                      and e.place.admin1 == place.admin1 and e.place.feature_code != "ADM2"
                      and (not district or e.place.admin2 == place.admin2)]
        town = next((e for e in same_admin if normalize(e.place.name) == key), None)
        if town is None and not best.primary:
            town = next((e for e in same_admin if e.primary), None) or (same_admin[0] if same_admin else None)
        elif town is None:
            town = next((e for e in same_admin if e.primary), None)
        if town is not None:
            place = town.place
    elif district:
        pass  # "Laurel County", "the Tovuz district": the district itself, at its centre
    elif best.kind == "place" and scope.subdivision and place.iso3:
        # "Laurel County", "Rapides Parish": a subdivision below admin1 that the index lacks.
        # Its namesake town stands for it when the town lies in the article's state; else the
        # article's state does, at precision 3 (the county is somewhere in it).
        admin = gaz.admin1(place.iso3, _strip_kind_word(sp.text))
        state = _main_admin1(states, key)
        if admin is not None:
            place = admin
        elif state is not None and (place.iso3, place.admin1) != state:
            inside = next((e for e in entries if (e.place.iso3, e.place.admin1) == state and e.kind == "place"), None)
            region = gaz.admin1(*state)
            if inside is not None:
                place = dataclasses.replace(inside.place, geo_precision=2)
            elif region is not None:
                place = dataclasses.replace(region, geo_precision=3)
        else:
            place = dataclasses.replace(place, geo_precision=2)
    elif best.kind == "place" and scope.admin_word and place.iso3:
        # "Tovuz district": the admin1 of that name if there is one; else the district is below
        # admin1 (not in the index), coded at its namesake town with precision 2.
        admin = gaz.admin1(place.iso3, _strip_kind_word(sp.text))
        place = admin if admin is not None else dataclasses.replace(place, geo_precision=2)
    if scope.near and place.geo_precision < 2:
        place = dataclasses.replace(place, geo_precision=2)
    confidence = 1.0 / (1.0 + math.exp(-(best_score - runner_up)))
    return Toponym(sp, place, round(confidence, 3))


def _main_admin1(area: _Area, key: str) -> tuple[str, str] | None:
    """The state the article's other names point at, when one clearly leads."""
    _, admin1s = area.shares(key)
    leaders = [k for k, v in admin1s.items() if v == 1.0]
    runner = max((v for v in admin1s.values() if v < 1.0), default=0.0)
    return leaders[0] if len(leaders) == 1 and runner < 0.5 else None


def _scope(doc: Doc, tokens: SpacySpan, gaz: Gazetteer) -> Scope:
    admin, settlement = role_words("admin"), role_words("settlement")
    start, end = tokens.start, tokens.end
    a = token_arrays(doc)  # the token attributes, read once per document
    before = a.lower[max(0, start - 3):start]
    nxt = a.lower[end] if end < len(a) else ""
    last = a.lower[end - 1]
    # "the district of X", "the village of X", "X district", "Rapides Parish" (inside the span)
    of_kind = len(before) >= 2 and before[-1] == "of" and before[-2]
    admin_word = nxt in admin or of_kind in admin or (end - start > 1 and last in admin) \
        or apposition_has(doc, end, admin)
    settlement_word = nxt in settlement or of_kind in settlement or (end - start > 1 and last in settlement)
    near = bool(before) and (before[-1] in role_words("near") or (
        len(before) >= 2 and before[-1] == "of" and before[-2] in role_words("near")))
    iso3, admin1 = container(doc, start, end, gaz)
    return Scope(bool(admin_word), bool(settlement_word), near, iso3, admin1, end - start > 1 and last in admin)


def is_macro_region(place: Place) -> bool:
    """A continent or a region spanning several countries ("Africa", "the Middle East", "the
    EU"): no country of its own."""
    return place.feature_code == "CONT" or (place.feature_code == "RGN" and not place.iso3)


def specificity(place: Place) -> tuple[int, int]:
    """Lower is more specific: a sub-national place before a whole country before a
    macro-region, then ACLED precision (town over region)."""
    rank = 2 if is_macro_region(place) else int((place.feature_code or "").startswith("PCL"))
    return (rank, max(place.geo_precision, 3) if rank == 2 else place.geo_precision)


def place_for_sentence(toponyms: Sequence[Toponym], sent_start: int, sent_end: int,
                       anchor: int | None = None) -> Toponym | None:
    """The event's own place in a sentence: its most specific resolved toponym (town over
    region over country); among equals the one nearest `anchor` (the trigger: "... fired
    rockets at Aleppo, ..., SANA reported"), else the first. None when nothing resolved. A
    macro-region ("attacks across the Middle East") places no event: the caller falls back
    on the article's country."""
    inside = [t for t in toponyms if t.place is not None and sent_start <= t.span.start and t.span.end <= sent_end
              and not is_macro_region(t.place)]
    if not inside:
        return None

    def rank(t: Toponym) -> tuple[int, int, int]:
        assert t.place is not None
        return (*specificity(t.place), abs(t.span.start - anchor) if anchor is not None else t.span.start)

    return min(inside, key=rank)
