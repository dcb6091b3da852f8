"""Which of a sentence's places can be its event's scene.

"A bomb killed seven in Konduga. Twenty others were wounded and taken to hospital in Maiduguri":
Maiduguri is where the wounded were treated, not where the bomb went off; "thousands fled to
the capital" names a destination; "the London-based monitor" names a seat. Such places never place an event (the words are data:
ontology/event_places.yaml).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from importlib import resources
from typing import Any

import yaml
from spacy.tokens import Doc

from ..model import Toponym

# How many words before the name a care noun may stand ("hospital in X", "a clinic in nearby X").
CARE_WINDOW = 4


@functools.lru_cache(maxsize=1)
def _words() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    raw: dict[str, Any] = yaml.safe_load(
        resources.files("frontwire.ontology").joinpath("event_places.yaml").read_text(encoding="utf-8"))
    return frozenset(raw["care_nouns"]), frozenset(raw["movement_verbs"]), frozenset(raw["seat_words"]), frozenset(raw["office_nouns"])


def not_a_scene(doc: Doc, toponym: Toponym) -> bool:
    """Whether the toponym is a destination or a place of care rather than an event's scene."""
    care, movement, based, offices = _words()
    span = doc.char_span(toponym.span.start, toponym.span.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    first = span[0]
    after = doc[span.end:span.end + 2]
    if len(after) == 2 and after[0].text == "-" and after[1].lower_ in based:
        return True  # "the Britain-based monitor", "a London-based group"
    before = doc[max(first.sent.start, first.i - CARE_WINDOW):first.i]
    lemmas = [t.lemma_.lower() for t in before]
    if any(lemma in care for lemma in lemmas) and "in" in lemmas:
        return True
    holder = span.root.head
    if span.root.dep_ in ("compound", "amod", "poss", "nmod") and holder.lemma_.lower() in offices:
        return True  # "the former United States Ambassador", "Kenya's envoy"
    prep = span.root.head
    if prep.dep_ == "prep" and prep.lower_ in ("to", "towards", "toward"):
        verb = prep.head
        return verb.pos_ == "VERB" and verb.lemma_.lower() in movement
    return False


def scenes(doc: Doc, toponyms: Sequence[Toponym]) -> list[Toponym]:
    """The toponyms that can place an event."""
    return [t for t in toponyms if not not_a_scene(doc, t)]
