"""Which of a sentence's places can be its event's scene.

"A bomb killed seven in Konduga. Twenty others were wounded and taken to hospital in Maiduguri":
Maiduguri is where the wounded were treated, not where the bomb went off; "thousands fled to
the capital" names a destination; "the London-based monitor" names a seat. Such places never
place an event (the words are data: ontology/event_places.yaml).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from ..ingest.language import english_function_words
from ..model import Toponym
from ..nlp import doc_text
from ..resources import read_yaml
from .actors import lexicon
from .modality import reporting_verbs

# How many words before the name a care noun may stand ("hospital in X", "a clinic in nearby X").
CARE_WINDOW = 4
PAREN_SLACK = 6  # words a bracketed aside may add to the window


@functools.lru_cache(maxsize=1)
def _words() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    raw = read_yaml("ontology/event_places.yaml")
    return frozenset(raw["care_nouns"]), frozenset(raw["movement_verbs"]), frozenset(raw["seat_words"]), frozenset(raw["office_nouns"])


@functools.lru_cache(maxsize=1)
def _party_words() -> tuple[frozenset[str], frozenset[str]]:
    """Lower-cased names of armed groups and words for forces ("Fano", "Police"), and English
    function words ("One", "The"): capitalised, the recogniser may take them for places."""
    lex = lexicon()
    names = frozenset(a.lower() for a in lex.aliases) | frozenset(lex.noun_kinds)
    return names, english_function_words()


def _words_before(doc: Doc, i: int, n: int) -> SpacySpan:
    """Up to n tokens before token i, within its sentence (`Token.sent` would rebuild the
    document's sentences at every call)."""
    start = i
    while start > 0 and i - start < n and not doc[start].is_sent_start:
        start -= 1
    return doc[start:i]


def _lemmas_before(doc: Doc, i: int, n: int) -> list[str]:
    """The lemmas of up to n words before token i, leaving out a bracketed acronym ("the
    Institute of Medical Sciences (RIMS) in X")."""
    out: list[str] = []
    depth = 0
    for tok in reversed(_words_before(doc, i, n + PAREN_SLACK)):
        if tok.text == ")":
            depth += 1
        elif tok.text == "(":
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(tok.lemma_.lower())
            if len(out) == n:
                break
    return out[::-1]


def _party_name(span: SpacySpan) -> bool:
    """'Fano fighters', 'Police said': the name of a party or a function word, not a place,
    unless a locative word introduces it ("in Tank", "near Fano")."""
    names, function_words = _party_words()
    text = span.text.lower()
    if text not in names and text not in function_words:
        return False
    before = _words_before(span.doc, span.start, 2)
    return not any(t.lower_ in lexicon().locative_preps for t in before)


# After a dateline's place: an optional kind word in capitals ("SAN PEDRO CITY"), an optional
# ", Country" or ", Jan 12", an optional "(Agency)", then a dash or a colon ("KABUL, Jan 12
# (Reuters) -", "MAPUTO —", "CAIRO:").
_DATELINE_TAIL = re.compile(r"(?:\s+[A-Z]{2,})?(?:,[^\n,.;]{1,30}){0,2}\s*(?:\([^)\n]{1,30}\))?\s*(?:--|[-\u2013\u2014:])(?=\s)")
# A dateline opens its line: at most a stamp of a few words stands before the place.
DATELINE_LEAD_WORDS = 3


def _in_dateline(text: str, toponym: Toponym) -> bool:
    """'KABUL, Jan 12 (Reuters) - ...': where the report was filed, not where it happened."""
    line_start = text.rfind("\n", 0, toponym.span.start) + 1
    if len(text[line_start:toponym.span.start].split()) > DATELINE_LEAD_WORDS:
        return False
    return _DATELINE_TAIL.match(text, toponym.span.end) is not None


def _in_longer_name(span: SpacySpan) -> bool:
    """'Capt. Chris Cuenca', 'the Iraqi Kurdistan counter-terrorism service': part of a longer
    name of a person or an organisation."""
    doc = span.doc
    for tok in span:
        if tok.ent_type_ in ("PERSON", "ORG") and tok.ent_iob_ != "O":
            start = tok.i  # the entity's bounds from its IOB tags (Doc.ents is rebuilt per call)
            while start > 0 and doc[start].ent_iob_ == "I":
                start -= 1
            end = tok.i + 1
            while end < len(doc) and doc[end].ent_iob_ == "I":
                end += 1
            if start < span.start or end > span.end:
                return True
    return False


def not_a_scene(doc: Doc, toponym: Toponym) -> bool:
    """Whether the toponym is a destination, a place of care, a seat, an office or a party's
    name rather than an event's scene."""
    care, movement, based, offices = _words()
    span = doc.char_span(toponym.span.start, toponym.span.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    if _party_name(span) or _in_dateline(doc_text(doc), toponym) or _in_longer_name(span):
        return True
    first = span[0]
    after = doc[span.end:span.end + 2]
    if len(after) == 2 and after[0].text == "-" and after[1].lower_ in based:
        return True  # "the Britain-based monitor", "a London-based group"
    lemmas = _lemmas_before(doc, first.i, CARE_WINDOW)
    if any(lemma in care for lemma in lemmas) and "in" in lemmas:
        return True
    head = span.root.head
    if span.root.dep_ in ("compound", "amod", "poss", "nmod") and head.lemma_.lower() in offices:
        return True  # "the former United States Ambassador", "Kenya's envoy", "near the U.S. border"
    if head.dep_ == "prep" and head.lower_ in ("to", "towards", "toward"):
        return head.head.pos_ == "VERB" and head.head.lemma_.lower() in movement
    return False


def is_source_seat(doc: Doc, toponym: Toponym) -> bool:
    """"..., said authorities in the Kurdistan region", "officials in Kano told reporters": the
    place of whoever reports the event (the subject of a reporting verb). It is the scene only
    when the sentence names no other place."""
    span = doc.char_span(toponym.span.start, toponym.span.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    node = span.root
    while node.dep_ in ("compound", "amod", "nmod") and node.head.i != node.i:
        node = node.head  # "the autonomous Kurdistan region"
    prep = node.head
    if node.dep_ != "pobj" or prep.lower_ not in ("in", "of", "from"):
        return False
    source = prep.head
    return source.dep_ == "nsubj" and source.head.lemma_.lower() in reporting_verbs()


def scenes(doc: Doc, toponyms: Sequence[Toponym]) -> list[Toponym]:
    """The toponyms that can place an event."""
    return [t for t in toponyms if not not_a_scene(doc, t)]
