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
("Kharkiv and Izium") are looked at one by one. Never places on their own: a kind word ("City
officials", Street in "Shamrock Street"), a county's bare name ("Hall"), a name inside a
facility's ("City Hall"), a capitalised article before a kind word ("The city"). Never places: words
inside a personal name or an organisation name, demonyms and other adjectives ("Armenian
forces"), titles before a name ("President"), months and weekdays.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..model import Span
from .cues import expand_abbreviation, role_words
from .gazetteer import Entry, Gazetteer
from .scope import container

if TYPE_CHECKING:  # spaCy is only needed by whoever made the Doc; importing it costs ~1 s
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

_MAX_NAME_TOKENS = 8
_STRONG_KINDS = frozenset({"country", "region", "admin1"})
PROMINENT_POPULATION = 15_000  # GeoNames' "cities15000" tier


def find_toponym_spans(doc: Doc, gaz: Gazetteer) -> list[Span]:
    """Character spans of the place names in `doc`, in text order, without overlaps."""
    blocked = _blocked_tokens(doc, gaz)
    never = role_words("never")
    found: dict[tuple[int, int], int] = {}  # token (start, end) -> priority (lower wins on overlap)
    for ent in doc.ents:
        if ent.label_ in ("GPE", "LOC"):
            span = _trim(ent, gaz)
            # A possessive inside ("Azerbaijan's Nagorno-Karabakh") joins two names: the runs
            # below find each of them. A word the article uses as a person's or a people's name
            # ("Cuenca said", "the Kuki") is no place even where NER says so.
            if span is not None and not _is_adjectival(span) and span[0].lower_ not in never \
                    and not any(t.tag_ == "POS" or t.lower_ in ("'s", "’s") for t in span) \
                    and not all(t.i in blocked for t in span):
                found[(span.start, span.end)] = 0
    for run in _capitalised_runs(doc, blocked):
        for start, end, priority in [*_prefixed_name(doc, run, blocked, gaz), *_matches_in_run(doc, run, gaz)]:
            found.setdefault((start, end), priority)
    # A known name of several words beats an NER span inside it: "Dera Ismail Khan" (NER: "Khan
    # city"), "Oriental Mindoro" (NER: "Mindoro"), "Iraqi Kurdistan" (NER: "Kurdistan").
    longer = [(s, e) for (s, e), p in found.items() if p == 1 and e - s >= 2]
    for (s, e), p in list(found.items()):
        if p == 0 and any(ls <= s and e <= le and (ls, le) != (s, e) for ls, le in longer):
            del found[(s, e)]
    # A common part of personal names alone ("Khan") is no place, whatever NER says.
    parts = role_words("name_part")
    found = {k: p for k, p in found.items() if not (k[1] - k[0] == 1 and doc[k[0]].lower_ in parts)}
    return _without_overlaps(doc, found)


def _prefixed_name(doc: Doc, run: tuple[int, int], blocked: set[int], gaz: Gazetteer) -> list[tuple[int, int, int]]:
    """A region named with a demonym or another adjective in front ("Iraqi Kurdistan",
    "Oriental Mindoro"): the adjective is blocked as a word of its own, but the whole is a
    name the gazetteer has."""
    start, end = run
    first = start - 1
    if first < 0 or first not in blocked or not _is_cap(doc[first]) or doc[first].ent_type_ == "PERSON" \
            or doc[first].lower_ in role_words("never") or doc[first].tag_ in _FUNCTION_TAGS:
        return []
    for j in range(min(end, start + _MAX_NAME_TOKENS - 1), start, -1):
        text = doc[first:j].text
        if _is_cap(doc[j - 1]) and gaz.has_name(text):
            entries = gaz.entries(text, limit=5)
            if entries and (entries[0].kind in _STRONG_KINDS or entries[0].place.feature_code in ("ADM1", "ADM2")
                            or _named_place(entries, PROMINENT_POPULATION)):
                return [(first, j, 1)]
    return []


def _trim(span: SpacySpan, gaz: Gazetteer) -> SpacySpan | None:
    """Drop a leading article, a trailing possessive and a trailing kind word: "the United
    States", "Azerbaijan's", "Marib governorate" (unless the whole is a name: "Kurdistan
    Region")."""
    doc, start, end = span.doc, span.start, span.end
    while start < end and doc[start].lower_ in ("the", "a"):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].lower_ in ("'s", "’s")):
        end -= 1
    kinds = role_words("admin") | role_words("settlement")
    if end - start > 1 and doc[end - 1].lower_ in kinds and not gaz.has_name(doc[start:end].text):
        end -= 1
    return doc[start:end] if end > start else None


def _is_adjectival(span: SpacySpan) -> bool:
    last = span[-1]
    return last.tag_ in ("JJ", "JJR", "JJS") or last.dep_ == "amod" or last.ent_type_ == "NORP"


def _is_personal_name(ent: SpacySpan) -> bool:
    """A first+last name ("Ilham Aliyev"): 2-4 capitalised alphabetic tokens, nothing else.
    NER also says PERSON for "Azerbaijan's Nagorno-Karabakh", which has a possessive and a
    hyphen, so those spans are not treated as names of people."""
    words = [t for t in ent if not (t.text == "." or len(t.text) == 1)]
    return 2 <= len(words) <= 4 and all(t.is_alpha and t.text[0].isupper() for t in words) \
        and len(words) == len(ent) - sum(1 for t in ent if t.text == ".")


def _blocked_tokens(doc: Doc, gaz: Gazetteer) -> set[int]:
    never = role_words("never")
    blocked: set[int] = set()
    surnames: set[str] = set()
    for ent in doc.ents:
        trimmed = _trim(ent, gaz)
        whole_is_place = trimmed is not None and (gaz.has_name(trimmed.text) or _is_place_list(trimmed, gaz))
        kind_after = ent.end < len(doc) and doc[ent.end].lower_ in role_words("admin") | role_words("settlement")
        if ent.label_ == "PERSON" and _is_personal_name(ent) and not whole_is_place and not kind_after \
                and not _inside_longer_place(doc, ent.start, ent.end, gaz):
            # ("Aleppo's Sheikh Maqsoud neighbourhood": a name with a kind word after it is a place;
            # "Dera Ismail Khan": NER's "Ismail Khan" is the end of a city's name)
            blocked.update(range(ent.start, ent.end))
            if not any(t.lower_ in role_words("admin") | role_words("settlement") for t in ent):
                surnames.add(ent[-1].text)  # (not "Village Malakal": a place NER took for a person)
            # A capitalised title right before the name ("President", "General", "Sheikh").
            i = ent.start - 1
            while i >= 0 and doc[i].text[:1].isupper() and doc[i].dep_ == "compound" and doc[i].ent_type_ == "":
                blocked.add(i)
                i -= 1
        elif ent.label_ in _NUMERIC_LABELS or ent.label_ in (
                "ORG", "NORP", "DATE", "TIME", "WORK_OF_ART", "LAW", "EVENT", "LANGUAGE") and not whole_is_place:
            # A number is never a place, though GeoNames has a town for it ("One" -> Onè).
            blocked.update(range(ent.start, ent.end))
    blocked |= _person_and_people_words(doc, gaz, surnames)
    media = role_words("media")
    for tok in doc:
        if not tok.text[:1].isupper():
            # Only capitalised tokens start or extend a name; of the rest, the words that never
            # belong to one are all that matters (cheap: this loop sees every token).
            if tok.lower_ in never:
                blocked.add(tok.i)
            continue
        if tok.tag_ in _FUNCTION_TAGS and tok.ent_type_ not in ("GPE", "LOC"):
            blocked.add(tok.i)  # a capitalised function word or numeral: "One", "Over", "Along"
        elif tok.lower_ in never or tok.tag_ in ("JJ", "JJR", "JJS") or tok.dep_ == "amod" \
                or (tok.ent_type_ == "NORP" and not (tok.pos_ == "PROPN" and gaz.has_name(tok.text))):
            # NORP is a nationality ("Armenian"), but the small model also puts city names there
            # ("neighbourhoods of Aleppo"): a proper noun that is a place name stays a candidate.
            blocked.add(tok.i)
        elif tok.text[:1].isupper() and (
                tok.dep_ in ("appos", "compound") and tok.head.lower_ in media
                or (tok.i > 0 and doc[tok.i - 1].lower_ in media)
                or (tok.n_lefts and any(c.dep_ == "compound" and c.lower_ in media for c in tok.lefts))):
            blocked.add(tok.i)  # "state news agency SANA reported": an outlet, not Sanaa
    return blocked


_NUMERIC_LABELS = frozenset({"CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"})
# Part-of-speech tags of words that are never a name, even capitalised at a sentence's start.
_FUNCTION_TAGS = frozenset({"CD", "DT", "IN", "CC", "PRP", "PRP$", "WDT", "WP", "WP$", "WRB", "MD", "EX",
                            "PDT", "TO", "UH"})
_NAME_REACH = 3  # capitalised words on either side of a person's name searched for a longer place name


def _inside_longer_place(doc: Doc, start: int, end: int, gaz: Gazetteer) -> bool:
    """The tokens are part of a longer capitalised name the gazetteer has as a prominent place:
    NER's PERSON "Ismail Khan" in "Dera Ismail Khan", a city of 200,000."""
    lo = start
    while lo > max(0, start - _NAME_REACH) and _is_cap(doc[lo - 1]):
        lo -= 1
    hi = end
    while hi < min(len(doc), end + _NAME_REACH) and _is_cap(doc[hi]):
        hi += 1
    for k in range(lo, start + 1):
        for m in range(hi, end - 1, -1):
            if (k < start or m > end) and gaz.has_name(doc[k:m].text):
                entries = gaz.entries(doc[k:m].text, limit=5)
                if entries[0].kind in _STRONG_KINDS or _named_place(entries, PROMINENT_POPULATION):
                    return True
    return False


def _person_and_people_words(doc: Doc, gaz: Gazetteer, surnames: set[str]) -> set[int]:
    """Capitalised words the article uses as a person's or a people's name, not a place's:
      * a surname of a person named in full elsewhere ("Capt. Maria Soto ... Soto said",
        "according to Soto"): one name keeps one sense in one article;
      * a name qualifying a word for a people ("the Hmong community", "the Dinka and Nuer
        tribes"), and the names joined to it by "and".
    A country, a state or a curated region keeps its own sense, as does a name with a kind word
    after it ("Soto town") or its country or state after it ("Reston, Virginia"); NER's place label saves a name from the second rule only."""
    people = role_words("people")
    kinds = role_words("admin") | role_words("settlement")
    out: set[int] = set()
    for tok in doc:
        if not _is_cap(tok) or tok.ent_type_ in ("GPE", "LOC") and tok.text not in surnames:
            continue
        group = tok.head if tok.dep_ == "conj" else tok
        named_people = group.dep_ in ("compound", "nmod", "amod") and group.head.lower_ in people \
            and group.head.i > tok.i
        if not (named_people or tok.text in surnames) or _inside_longer_place(doc, tok.i, tok.i + 1, gaz):
            continue  # ("Khan" of "Dera Ismail Khan" though a Mr Khan is named too)
        if tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in kinds or container(doc, tok.i, tok.i + 1, gaz) != (None, None):
            continue
        entries = gaz.entries(tok.text, limit=3) if gaz.has_name(tok.text) else []
        if entries and entries[0].kind in _STRONG_KINDS and entries[0].primary:
            continue
        out.add(tok.i)
    return out


def _is_place_list(span: SpacySpan, gaz: Gazetteer) -> bool:
    """"Kharkiv and Izium", "Homs, Hama and Idlib": names the gazetteer has, joined by commas and
    "and", which the small model takes for one organisation."""
    parts: list[list[str]] = [[]]
    for tok in span:
        if tok.lower_ in ("and", ","):
            parts.append([])
        else:
            parts[-1].append(tok.text_with_ws)
    names = ["".join(p).strip() for p in parts]
    return len(names) > 1 and all(n and gaz.has_name(n) and _named_place(gaz.entries(n, limit=5), PROMINENT_POPULATION) for n in names)


def _is_cap(tok: Token) -> bool:
    return tok.is_alpha and tok.text[0].isupper()


def _capitalised_runs(doc: Doc, blocked: set[int]) -> list[tuple[int, int]]:
    """Maximal token ranges of capitalised words, joined by hyphens and name-internal
    connectors ("Nagorno-Karabakh", "Deir ez-Zor", "Bosnia and Herzegovina")."""
    runs: list[tuple[int, int]] = []
    i, n = 0, len(doc)
    while i < n:
        if not _is_cap(doc[i]) or i in blocked:
            i += 1
            continue
        j = i + 1
        while j < n:
            tok = doc[j]
            if _is_cap(tok) and j not in blocked:
                j += 1
            elif tok.text in ("-", "‑") and not doc[j - 1].whitespace_ and j + 1 < n and doc[j + 1].is_alpha \
                    and (j + 1) not in blocked:
                j += 2  # "Nagorno-Karabakh", "ez-Zor"; a lower-case tail ("-occupied") is checked below
            elif tok.lower_ in role_words("connector") and j + 1 < n and _is_cap(doc[j + 1]) and (j + 1) not in blocked:
                j += 1
            else:
                break
        while j > i and not _is_cap(doc[j - 1]):
            j -= 1  # never end on a connector or a lower-case hyphenated tail
        runs.append((i, j))
        i = max(j, i + 1)
    return runs


def _evidence(doc: Doc, start: int, end: int, conjunct: bool = True) -> tuple[bool, bool, bool]:
    """(a place-like context, a kind word right after, a weaker hint): 'in X', 'near X', 'X
    district'; the hint is 'shelling hit X' (the object of a verb of attack or capture), 'fell on
    X' (a preposition that precedes dates as often as places) or 'in Y and X' (a conjunct of a
    name with a context or a hint)."""
    before = start - 1
    while before >= 0 and (doc[before].lower_ == "the" or doc[before].lower_ in role_words("compass")):
        before -= 1
    prev = doc[before].lower_ if before >= 0 else ""
    nxt = doc[end].lower_ if end < len(doc) else ""
    if nxt in ("-", "‑") and end + 2 < len(doc):  # "the Kabul-Jalalabad road": both ends
        nxt = doc[end + 2].lower_
    kind_after = nxt in role_words("admin") | role_words("settlement") | role_words("road")
    place_before = nxt in role_words("resident") or prev in role_words("locative") | role_words("near") or (
        prev == "of" and before >= 1 and doc[before - 1].lower_ in role_words("admin") | role_words("settlement"))
    root = doc[end - 1]
    hint = prev in role_words("hint") or (root.dep_ == "dobj" and root.head.lemma_.lower() in role_words("target"))
    if not hint and conjunct and root.dep_ == "conj" and root.head.i < start:
        head = root.head
        hint = head.ent_type_ in ("GPE", "LOC") or any(_evidence(doc, head.i, head.i + 1, conjunct=False)[::2])
    return place_before or kind_after, kind_after, hint


def _whole_facility(doc: Doc, start: int, end: int) -> bool:
    """NER calls exactly these tokens a facility: a place it mislabelled ("Kabul" as FAC), not a
    name inside a facility's ("Shamrock Street", "City Hall")."""
    return doc[start].ent_iob_ == "B" and doc[start].ent_type_ == "FAC" \
        and all(doc[k].ent_iob_ == "I" for k in range(start + 1, end)) \
        and (end == len(doc) or doc[end].ent_iob_ != "I")


def _named_place(entries: Sequence[Entry], min_population: int = 0) -> bool:
    """Some reading of at least `min_population` is a place by its own name or a town's, not only
    a county's name without its kind word ("Hall" for Hall County), mostly a surname or a noun.
    With PROMINENT_POPULATION: a place prominent enough to be named with no preposition ("hit
    Kharkiv and Izium"); the gazetteer is full of hamlets named like people (Smith, Texas:
    1,033; Jones, Philippines: 5,227): "attacked Smith and Jones"."""
    return any((e.primary or e.place.feature_code != "ADM2") and e.population >= min_population for e in entries)


def _matches_in_run(doc: Doc, run: tuple[int, int], gaz: Gazetteer) -> list[tuple[int, int, int]]:
    """Greedy longest gazetteer matches inside a run, each kept only with evidence; where no
    name matches, the whole run when a kind word or "near" shows it is a place."""
    start, end = run
    out: list[tuple[int, int, int]] = []
    kinds = role_words("admin") | role_words("settlement") | role_words("road")
    i = start
    while i < end:
        if not _is_cap(doc[i]) or not gaz.is_place_word(doc[i].text):
            i += 1
            continue
        for j in range(min(end, i + _MAX_NAME_TOKENS), i, -1):
            if not _is_cap(doc[j - 1]):
                continue
            text = doc[i:j].text
            entries = gaz.entries(text, limit=5) if gaz.has_name(text) else []
            words = sum(1 for k in range(i, j) if _is_cap(doc[k]))
            if not entries or text.lower() in kinds or not (_named_place(entries) or words >= 2):
                # "City officials", "Shamrock Street": a kind word alone names no place (though
                # Street, Somerset is a town); "City Hall": nor does a county's bare name.
                continue
            context, kind_after, hint = _evidence(doc, i, j)
            ner_place = any(doc[k].ent_type_ in ("GPE", "LOC") for k in range(i, j)) or _whole_facility(doc, i, j)
            multiword = words >= 2
            strong = entries[0].kind in _STRONG_KINDS and (entries[0].primary or entries[0].kind == "country")
            if not multiword and not any(e.primary or e.kind in _STRONG_KINDS for e in entries) \
                    and expand_abbreviation(text) is None:
                # One word that is only another spelling of a town's name ("Khan" for Haan):
                # a preposition before it is no evidence; a person's name part often has one.
                context = kind_after
            if context or ner_place or multiword or strong or (hint and _named_place(entries, PROMINENT_POPULATION)):
                out.append((i, j, 1))
            i = j - 1
            break
        i += 1
    if not out and not all(doc[k].is_stop for k in range(start, end)):  # "The city was ...": no name
        _, kind_after, _ = _evidence(doc, start, end)
        prev = doc[start - 1].lower_ if start > 0 else ""
        if kind_after or prev in role_words("near"):
            out.append((start, end, 2))
    return out


def _without_overlaps(doc: Doc, found: dict[tuple[int, int], int]) -> list[Span]:
    chosen: list[tuple[int, int]] = []
    for (s, e), _p in sorted(found.items(), key=lambda kv: (kv[1], -(kv[0][1] - kv[0][0]), kv[0][0])):
        if all(e <= cs or s >= ce for cs, ce in chosen):
            chosen.append((s, e))
    spans = []
    for s, e in sorted(chosen):
        sp = doc[s:e]
        spans.append(Span(sp.text, sp.start_char, sp.end_char))
    return spans
