"""Find the place names (toponyms) of an article.

Two sources, because the small spaCy model misses and mislabels places ("Tovuz" PERSON,
"Azerbaijan" ORG, "Nagorno-Karabakh" inside a PERSON span):
  1. spaCy GPE/LOC entities;
  2. gazetteer phrase matching over runs of capitalised tokens, plus patterns that show a name
     is a place even when the gazetteer lacks it ("X village", "the district of X", "near X",
     "the X-Y road").
A gazetteer hit that NER did not call a place needs evidence, since GeoNames has towns called
"Police", "Home" or "Union": a preposition of place before it, a kind word after it, a person
or office of the place after it ("the Alton man", "Gainesville police"), or the name being a
country, admin1 or curated region (or several words long). A weaker hint, the object of a verb
of attack ("shelling hit Kharkiv") or a conjunct of a place ("in Tripoli and Misrata"), is
enough for a prominent place; names joined by "and" that NER takes for one organisation
("Kharkiv and Izium") are looked at one by one; a name in capitals that opens a report or a
paragraph before a dash is a dateline's place ("COLUMBUS -- A text message..."). Never places on
their own: a kind word ("City officials", Street in "Shamrock Street"), a county's bare name
("Hall"), a name inside a facility's ("City Hall"), a capitalised article before a kind word
("The city"). Never places: words inside a personal name or an organisation name (though
find_embedded_spans lists the places inside organisations' names for the schemes that count
them), demonyms and other adjectives ("Armenian forces"), titles before a name ("President"),
months and weekdays.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..docarrays import TokenArrays, entities, token_arrays
from ..model import Span
from ..words import function_words
from .cues import demonyms, expand_abbreviation, region_demonyms, role_words
from .gazetteer import Entry, Gazetteer
from .scope import container

if TYPE_CHECKING:  # spaCy is only needed by whoever made the Doc; importing it costs ~1 s
    from spacy.tokens import Doc

_MAX_NAME_TOKENS = 8
_STRONG_KINDS = frozenset({"country", "region", "admin1"})
PROMINENT_POPULATION = 15_000  # GeoNames' "cities15000" tier


@functools.lru_cache(maxsize=64)
def _roles(*roles: str) -> frozenset[str]:
    """The words of several cue roles together (built once, not per token)."""
    return frozenset().union(*(role_words(role) for role in roles))


def find_toponym_spans(doc: Doc, gaz: Gazetteer) -> list[Span]:
    """Character spans of the place names in `doc`, in text order, without overlaps."""
    # Reads the token attributes from per-document lists (docarrays.py): a Token made per check
    # was most of this stage's time.
    a = token_arrays(doc)
    blocked = _blocked_tokens(doc, a, gaz)
    never = role_words("never")
    found: dict[tuple[int, int], int] = {}  # token (start, end) -> priority (lower wins on overlap)
    for ent_start, ent_end, label in entities(doc):
        if label in ("GPE", "LOC"):
            span = _trim(a, ent_start, ent_end, gaz)
            # A possessive inside ("Azerbaijan's Nagorno-Karabakh") joins two names: the runs
            # below find each of them. A word the article uses as a person's or a people's name
            # ("Cuenca said", "the Kuki") is no place even where NER says so.
            if span is None:
                continue
            start, end = span
            if not _is_adjectival(a, end - 1) and a.lower[start] not in never \
                    and not any(a.tag[k] == "POS" or a.lower[k] in ("'s", "’s") for k in range(start, end)) \
                    and not all(k in blocked for k in range(start, end)):
                found[(start, end)] = 0
    for run in _capitalised_runs(a, blocked):
        for start, end, priority in [*_prefixed_name(a, run, blocked, gaz), *_matches_in_run(a, run, gaz)]:
            found.setdefault((start, end), priority)
    # A known name of several words beats an NER span inside it: "Dera Ismail Khan" (NER: "Khan
    # city"), "Oriental Mindoro" (NER: "Mindoro"), "Iraqi Kurdistan" (NER: "Kurdistan").
    longer = [(s, e) for (s, e), p in found.items() if p == 1 and e - s >= 2]
    for (s, e), p in list(found.items()):
        if p == 0 and any(ls <= s and e <= le and (ls, le) != (s, e) for ls, le in longer):
            del found[(s, e)]
    # A common part of personal names alone ("Khan") is no place, whatever NER says.
    parts = role_words("name_part")
    found = {k: p for k, p in found.items() if not (k[1] - k[0] == 1 and a.lower[k[0]] in parts)}
    return _without_overlaps(a, found)


def find_adjectival_spans(doc: Doc, taken: Sequence[Span] = ()) -> list[Span]:
    """Demonyms and people-plurals that name a country or region ("American officials",
    "Russians", "South Ossetian militias"), outside the spans `taken`: place mentions in the
    geoparsing schemes that count them (LGL, GeoWebNews), resolved to the area they name. Never
    an event's place: find_toponym_spans leaves them out and the event assembler calls only it."""
    a = token_arrays(doc)
    people, regions = demonyms(), region_demonyms()
    busy = [(t.start, t.end) for t in taken]
    out: list[Span] = []
    i = 0
    while i < len(a):
        hit = 0
        for n in (2, 1):  # "South Ossetian" before "Ossetian"
            if i + n <= len(a) and all(a.cap[k] or a.orth[k].isupper() for k in range(i, i + n)):
                words = " ".join(a.lower[k] for k in range(i, i + n))
                if words in regions or (n == 1 and words in people):
                    hit = n
                    break
        if hit:
            start, end = a.idx[i], a.idx[i + hit - 1] + len(a.orth[i + hit - 1])
            if all(end <= s or start >= e for s, e in busy):
                out.append(Span(a.text[start:end], start, end))
            i += hit
        else:
            i += 1
    return out


def find_embedded_spans(doc: Doc, gaz: Gazetteer, taken: Sequence[Span] = ()) -> list[Span]:
    """Place names inside the name of an organisation, a facility or an event ("the Ohio
    Department of Transportation", "University of Kentucky", "Gainesville Police"), outside the
    spans `taken`: mentions in the schemes that count them (LGL; GeoWebNews' embedded toponyms).
    Never an event's place: find_toponym_spans leaves them out.

    A place qualifies an organisation from the front ("Ohio State University") or after a
    preposition ("Bank of Ireland", "D-Charleston"), and only a country, a first-level region or
    a prominent place counts: organisations are named after people and things that GeoNames
    also has as towns (Center, Police, Bell, Superior). An organisation that is one place name
    and nothing else ("Toyota", "Hamas") counts only when the name is a country or a region, or
    the article names the place elsewhere as a place."""
    a = token_arrays(doc)
    busy = [(t.start, t.end) for t in taken]
    known = {t.text.lower() for t in taken}
    never = _roles("never", "compass", "admin", "settlement")
    preps = function_words("embedding_prepositions")
    out: list[Span] = []
    for ent_start, end, label in entities(doc):
        if label not in _EMBEDDING_LABELS:
            continue
        start = ent_start + 1 if a.lower[ent_start] in ("the", "a") and ent_start + 1 < end else ent_start
        for i in range(start, end):
            if not (i == start or a.lower[i - 1] in preps or a.orth[i - 1] in _DASHES) \
                    or not a.cap[i] or a.lower[i] in never or not gaz.is_place_word(a.orth[i]):
                continue
            j = next((j for j in range(min(end, i + _MAX_NAME_TOKENS), i, -1) if a.cap[j - 1]
                      and _prominent_name(gaz, a.span_text(i, j), whole=(i, j) == (start, end), known=known)), i)
            if j < end and a.orth[j] in _DASHES and not a.space[j - 1]:
                continue  # part of a hyphenated word: "Wal-Mart"
            if j > i:
                first, last = a.idx[i], a.idx[j - 1] + len(a.orth[j - 1])
                if all(last <= s or first >= e for s, e in busy):
                    out.append(Span(a.text[first:last], first, last))
    return out


_EMBEDDING_LABELS = frozenset({"ORG", "FAC", "WORK_OF_ART", "EVENT", "PRODUCT"})


def _prominent_name(gaz: Gazetteer, text: str, *, whole: bool, known: set[str]) -> bool:
    """The name of a country, a first-level region or a curated region; unless it is `whole` of
    an organisation's name: a prominent place of several words ("St. Paul"), or a name `known`
    as a place in the article. One word that is only a town's name is too often an ordinary
    word or a surname (Lincoln, Superior, Spring, University)."""
    if not gaz.has_name(text):
        return False
    entries = gaz.entries(text, limit=5)
    if not entries:
        return False
    if entries[0].kind in _STRONG_KINDS and (entries[0].primary or entries[0].kind == "country"):
        return True
    return not whole and (text.lower() in known or " " in text and _named_place(entries, PROMINENT_POPULATION))


def _prefixed_name(a: TokenArrays, run: tuple[int, int], blocked: set[int],
                   gaz: Gazetteer) -> list[tuple[int, int, int]]:
    """A region named with a demonym or another adjective in front ("Iraqi Kurdistan",
    "Oriental Mindoro"): the adjective is blocked as a word of its own, but the whole is a
    name the gazetteer has."""
    start, end = run
    first = start - 1
    if first < 0 or first not in blocked or not a.cap[first] or a.ent_type[first] == "PERSON" \
            or a.lower[first] in role_words("never") or a.tag[first] in _FUNCTION_TAGS:
        return []
    for j in range(min(end, start + _MAX_NAME_TOKENS - 1), start, -1):
        text = a.span_text(first, j)
        if a.cap[j - 1] and gaz.has_name(text):
            entries = gaz.entries(text, limit=5)
            if entries and (entries[0].kind in _STRONG_KINDS or entries[0].place.feature_code in ("ADM1", "ADM2")
                            or _named_place(entries, PROMINENT_POPULATION)):
                return [(first, j, 1)]
    return []


def _trim(a: TokenArrays, start: int, end: int, gaz: Gazetteer) -> tuple[int, int] | None:
    """Drop a leading article, a trailing possessive or function word and a trailing kind word:
    "the United States", "Azerbaijan's", "the Sahel on", "Marib governorate" (unless the whole is a name: "Kurdistan
    Region"). The token range left, or None."""
    while start < end and a.lower[start] in ("the", "a"):
        start += 1
    while end > start and (a.tag[end - 1] == "POS" or a.lower[end - 1] in ("'s", "’s")
                           or (a.tag[end - 1] in _FUNCTION_TAGS and a.orth[end - 1].islower())):
        end -= 1  # (and a lowercase word that ends no name: NER's "the Sahel on" Monday)
    if end - start > 1 and a.lower[end - 1] in _roles("admin", "settlement") \
            and not gaz.has_name(a.span_text(start, end)):
        end -= 1
    return (start, end) if end > start else None


def _is_adjectival(a: TokenArrays, last: int) -> bool:
    return a.tag[last] in ("JJ", "JJR", "JJS") or a.dep[last] == "amod" or a.ent_type[last] == "NORP"


def _is_personal_name(a: TokenArrays, start: int, end: int) -> bool:
    """A first+last name ("Ilham Aliyev"): 2-4 capitalised alphabetic tokens, nothing else.
    NER also says PERSON for "Azerbaijan's Nagorno-Karabakh", which has a possessive and a
    hyphen, so those spans are not treated as names of people."""
    words = [k for k in range(start, end) if not (a.orth[k] == "." or len(a.orth[k]) == 1)]
    return 2 <= len(words) <= 4 and all(a.cap[k] for k in words) \
        and len(words) == end - start - sum(1 for k in range(start, end) if a.orth[k] == ".")


def _blocked_tokens(doc: Doc, a: TokenArrays, gaz: Gazetteer) -> set[int]:
    never = role_words("never")
    kinds = _roles("admin", "settlement")
    blocked: set[int] = set()
    surnames: set[str] = set()
    n = len(a)
    for start, end, label in entities(doc):

        def whole_is_place(start: int = start, end: int = end) -> bool:
            trimmed = _trim(a, start, end, gaz)
            return trimmed is not None and (gaz.has_name(a.span_text(*trimmed)) or _is_place_list(a, *trimmed, gaz))

        # (whole_is_place is asked only where the answer matters: it looks names up)
        kind_after = end < n and a.lower[end] in kinds
        if label == "PERSON" and _is_personal_name(a, start, end) and not whole_is_place() and not kind_after \
                and not _inside_longer_place(a, start, end, gaz):
            # ("Aleppo's Sheikh Maqsoud neighbourhood": a name with a kind word after it is a place;
            # "Dera Ismail Khan": NER's "Ismail Khan" is the end of a city's name)
            blocked.update(range(start, end))
            if not any(a.lower[k] in kinds for k in range(start, end)):
                surnames.add(a.orth[end - 1])  # (not "Village Malakal": a place NER took for a person)
            # A capitalised title right before the name ("President", "General", "Sheikh").
            i = start - 1
            while i >= 0 and a.orth[i][:1].isupper() and a.dep[i] == "compound" and a.ent_type[i] == "":
                blocked.add(i)
                i -= 1
        elif label in _NUMERIC_LABELS or label in (
                "ORG", "NORP", "DATE", "TIME", "WORK_OF_ART", "LAW", "EVENT", "LANGUAGE") and not whole_is_place():
            # A number is never a place, though GeoNames has a town for it ("One" -> Onè).
            blocked.update(range(start, end))
    blocked |= _person_and_people_words(doc, a, gaz, surnames)
    media = role_words("media")
    # Tokens with a media word as a compound dependent on their left ("news agency SANA").
    media_heads = {a.head[k] for k in range(n) if a.dep[k] == "compound" and a.lower[k] in media and k < a.head[k]}
    for i in range(n):
        text = a.orth[i]
        if not text[:1].isupper():
            # Only capitalised tokens start or extend a name; of the rest, the words that never
            # belong to one are all that matters (cheap: this loop sees every token).
            if a.lower[i] in never:
                blocked.add(i)
            continue
        tag, ent_type, dep = a.tag[i], a.ent_type[i], a.dep[i]
        if tag in _FUNCTION_TAGS and ent_type not in ("GPE", "LOC"):
            blocked.add(i)  # a capitalised function word or numeral: "One", "Over", "Along"
        elif a.lower[i] in never or tag in ("JJ", "JJR", "JJS") or dep == "amod" \
                or (ent_type == "NORP" and not (a.pos[i] == "PROPN" and gaz.has_name(text))):
            # NORP is a nationality ("Armenian"), but the small model also puts city names there
            # ("neighbourhoods of Aleppo"): a proper noun that is a place name stays a candidate.
            blocked.add(i)
        elif (dep in ("appos", "compound") and a.lower[a.head[i]] in media
              or (i > 0 and a.lower[i - 1] in media) or i in media_heads):
            blocked.add(i)  # "state news agency SANA reported": an outlet, not Sanaa
    return blocked


_NUMERIC_LABELS = frozenset({"CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"})
# Part-of-speech tags of words that are never a name, even capitalised at a sentence's start.
_FUNCTION_TAGS = frozenset({"CD", "DT", "IN", "CC", "PRP", "PRP$", "WDT", "WP", "WP$", "WRB", "MD", "EX",
                            "PDT", "TO", "UH"})
_NAME_REACH = 3  # capitalised words on either side of a person's name searched for a longer place name


def _inside_longer_place(a: TokenArrays, start: int, end: int, gaz: Gazetteer) -> bool:
    """The tokens are part of a longer capitalised name the gazetteer has as a prominent place:
    NER's PERSON "Ismail Khan" in "Dera Ismail Khan", a city of 200,000."""
    lo = start
    while lo > max(0, start - _NAME_REACH) and a.cap[lo - 1]:
        lo -= 1
    hi = end
    while hi < min(len(a), end + _NAME_REACH) and a.cap[hi]:
        hi += 1
    for k in range(lo, start + 1):
        for m in range(hi, end - 1, -1):
            if (k < start or m > end) and gaz.has_name(a.span_text(k, m)):
                entries = gaz.entries(a.span_text(k, m), limit=5)
                if entries[0].kind in _STRONG_KINDS or _named_place(entries, PROMINENT_POPULATION):
                    return True
    return False


def _person_and_people_words(doc: Doc, a: TokenArrays, gaz: Gazetteer, surnames: set[str]) -> set[int]:
    """Capitalised words the article uses as a person's or a people's name, not a place's:
      * a surname of a person named in full elsewhere ("Capt. Maria Soto ... Soto said",
        "according to Soto"): one name keeps one sense in one article;
      * a name qualifying a word for a people ("the Hmong community", "the Dinka and Nuer
        tribes"), and the names joined to it by "and".
    A country, a state or a curated region keeps its own sense, as does a name with a kind word
    after it ("Soto town") or its country or state after it ("Reston, Virginia"); NER's place label saves a name from the second rule only."""
    people = role_words("people")
    kinds = _roles("admin", "settlement")
    out: set[int] = set()
    n = len(a)
    for i in range(n):
        text = a.orth[i]
        if not a.cap[i] or a.ent_type[i] in ("GPE", "LOC") and text not in surnames:
            continue
        group = a.head[i] if a.dep[i] == "conj" else i
        named_people = a.dep[group] in ("compound", "nmod", "amod") and a.lower[a.head[group]] in people \
            and a.head[group] > i
        if not (named_people or text in surnames) or _inside_longer_place(a, i, i + 1, gaz):
            continue  # ("Khan" of "Dera Ismail Khan" though a Mr Khan is named too)
        if i + 1 < n and a.lower[i + 1] in kinds or container(doc, i, i + 1, gaz) != (None, None):
            continue
        entries = gaz.entries(text, limit=3) if gaz.has_name(text) else []
        if entries and entries[0].kind in _STRONG_KINDS and entries[0].primary:
            continue
        out.add(i)
    return out


def _is_place_list(a: TokenArrays, start: int, end: int, gaz: Gazetteer) -> bool:
    """"Kharkiv and Izium", "Homs, Hama and Idlib": names the gazetteer has, joined by commas and
    "and", which the small model takes for one organisation."""
    parts: list[list[str]] = [[]]
    for k in range(start, end):
        if a.lower[k] in ("and", ","):
            parts.append([])
        else:
            parts[-1].append(a.orth[k] + " " if a.space[k] else a.orth[k])
    names = ["".join(p).strip() for p in parts]
    return len(names) > 1 and all(n and gaz.has_name(n) and _named_place(gaz.entries(n, limit=5), PROMINENT_POPULATION) for n in names)


def _capitalised_runs(a: TokenArrays, blocked: set[int]) -> list[tuple[int, int]]:
    """Maximal token ranges of capitalised words, joined by hyphens and name-internal
    connectors ("Nagorno-Karabakh", "Deir ez-Zor", "Bosnia and Herzegovina")."""
    cap = a.cap
    connectors = role_words("connector")
    runs: list[tuple[int, int]] = []
    i, n = 0, len(a)
    while i < n:
        if not cap[i] or i in blocked:
            i += 1
            continue
        j = i + 1
        while j < n:
            if cap[j] and j not in blocked:
                j += 1
            elif a.orth[j] in ("-", "‑") and not a.space[j - 1] and j + 1 < n and a.alpha[j + 1] \
                    and (j + 1) not in blocked:
                j += 2  # "Nagorno-Karabakh", "ez-Zor"; a lower-case tail ("-occupied") is checked below
            elif a.lower[j] in connectors and j + 1 < n and cap[j + 1] and (j + 1) not in blocked:
                j += 1
            else:
                break
        while j > i and not cap[j - 1]:
            j -= 1  # never end on a connector or a lower-case hyphenated tail
        runs.append((i, j))
        i = max(j, i + 1)
    return runs


def _evidence(a: TokenArrays, start: int, end: int, conjunct: bool = True) -> tuple[bool, bool, bool]:
    """(a place-like context, a kind word right after, a weaker hint): 'in X', 'near X', 'X
    district'; the hint is 'shelling hit X' (the object of a verb of attack or capture), 'fell on
    X' (a preposition that precedes dates as often as places) or 'in Y and X' (a conjunct of a
    name with a context or a hint)."""
    lower = a.lower
    n = len(a)
    compass = role_words("compass")
    before = start - 1
    while before >= 0 and (lower[before] == "the" or lower[before] in compass):
        before -= 1
    prev = lower[before] if before >= 0 else ""
    nxt = lower[end] if end < n else ""
    if nxt in ("-", "‑") and end + 2 < n:  # "the Kabul-Jalalabad road": both ends
        nxt = lower[end + 2]
    kind_after = nxt in _roles("admin", "settlement", "road")
    place_before = nxt in role_words("resident") or prev in _roles("locative", "near") or (
        prev == "of" and before >= 1 and lower[before - 1] in _roles("admin", "settlement"))
    root = end - 1
    hint = prev in role_words("hint") or (a.dep[root] == "dobj" and a.lemma[a.head[root]] in role_words("target"))
    if not hint and conjunct and a.dep[root] == "conj" and a.head[root] < start:
        head = a.head[root]
        hint = a.ent_type[head] in ("GPE", "LOC") or any(_evidence(a, head, head + 1, conjunct=False)[::2])
    return place_before or kind_after, kind_after, hint


def _dateline_name(a: TokenArrays, start: int, end: int) -> bool:
    """The place of a dateline in capitals, where a report or a paragraph starts: "COLUMBUS --
    A text message...", "CHARLESTON, W.Va. - Jim...", "MAIDUGURI, Nigeria (AP) —"."""
    if not all(a.orth[k].isupper() and len(a.orth[k]) > 1 for k in range(start, end)):
        return False
    if start > 0 and a.orth[start - 1] not in (".", "!", "?") and "\n" not in a.orth[start - 1] \
            and "\n" not in a.text[a.idx[start - 1] + len(a.orth[start - 1]):a.idx[start]]:
        return False
    for k in range(end, min(len(a), end + _DATELINE_REACH)):
        if _DASHES.issuperset(a.orth[k]) or a.orth[k] == "(":
            return k == end or a.orth[end] == ","
        if a.alpha[k] and a.orth[k].islower():
            return False
    return False


_DASHES = frozenset("-\u2013\u2014")
_DATELINE_REACH = 8  # tokens from the place to the dash: ", W.Va. -", ", Nigeria (AP) —"


def _whole_facility(a: TokenArrays, start: int, end: int) -> bool:
    """NER calls exactly these tokens a facility: a place it mislabelled ("Kabul" as FAC), not a
    name inside a facility's ("Shamrock Street", "City Hall")."""
    return a.ent_iob[start] == "B" and a.ent_type[start] == "FAC" \
        and all(a.ent_iob[k] == "I" for k in range(start + 1, end)) \
        and (end == len(a) or a.ent_iob[end] != "I")


def _named_place(entries: Sequence[Entry], min_population: int = 0) -> bool:
    """Some reading of at least `min_population` is a place by its own name or a town's, not only
    a county's name without its kind word ("Hall" for Hall County), mostly a surname or a noun.
    With PROMINENT_POPULATION: a place prominent enough to be named with no preposition ("hit
    Kharkiv and Izium"); the gazetteer is full of hamlets named like people (Smith, Texas:
    1,033; Jones, Philippines: 5,227): "attacked Smith and Jones"."""
    return any((e.primary or e.place.feature_code != "ADM2") and e.population >= min_population for e in entries)


def _matches_in_run(a: TokenArrays, run: tuple[int, int], gaz: Gazetteer) -> list[tuple[int, int, int]]:
    """Greedy longest gazetteer matches inside a run, each kept only with evidence; where no
    name matches, the whole run when a kind word or "near" shows it is a place."""
    start, end = run
    cap = a.cap
    out: list[tuple[int, int, int]] = []
    kinds = _roles("admin", "settlement", "road")
    i = start
    while i < end:
        if not cap[i] or not gaz.is_place_word(a.orth[i]):
            i += 1
            continue
        for j in range(min(end, i + _MAX_NAME_TOKENS), i, -1):
            if not cap[j - 1]:
                continue
            text = a.span_text(i, j)
            entries = gaz.entries(text, limit=5) if gaz.has_name(text) else []
            words = sum(1 for k in range(i, j) if cap[k])
            if not entries or text.lower() in kinds or not (_named_place(entries) or words >= 2):
                # "City officials", "Shamrock Street": a kind word alone names no place (though
                # Street, Somerset is a town); "City Hall": nor does a county's bare name.
                continue
            context, kind_after, hint = _evidence(a, i, j)
            ner_place = any(a.ent_type[k] in ("GPE", "LOC") for k in range(i, j)) or _whole_facility(a, i, j)
            multiword = words >= 2
            strong = entries[0].kind in _STRONG_KINDS and (entries[0].primary or entries[0].kind == "country")
            if not multiword and not any(e.primary or e.kind in _STRONG_KINDS for e in entries) \
                    and expand_abbreviation(text) is None:
                # One word that is only another spelling of a town's name ("Khan" for Haan):
                # a preposition before it is no evidence; a person's name part often has one.
                context = kind_after
            context = context or _dateline_name(a, i, j)
            if context or ner_place or multiword or strong or (hint and _named_place(entries, PROMINENT_POPULATION)):
                out.append((i, j, 1))
            i = j - 1
            break
        i += 1
    if not out and not all(a.stop[k] for k in range(start, end)):  # "The city was ...": no name
        _, kind_after, _ = _evidence(a, start, end)
        prev = a.lower[start - 1] if start > 0 else ""
        if kind_after or prev in role_words("near"):
            out.append((start, end, 2))
    return out


def _without_overlaps(a: TokenArrays, found: dict[tuple[int, int], int]) -> list[Span]:
    chosen: list[tuple[int, int]] = []
    for (s, e), _p in sorted(found.items(), key=lambda kv: (kv[1], -(kv[0][1] - kv[0][0]), kv[0][0])):
        if all(e <= cs or s >= ce for cs, ce in chosen):
            chosen.append((s, e))
    spans = []
    for s, e in sorted(chosen):
        start_char = a.idx[s]
        end_char = a.idx[e - 1] + len(a.orth[e - 1])
        spans.append(Span(a.text[start_char:end_char], start_char, end_char))
    return spans
