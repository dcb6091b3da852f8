"""Whether a sentence opens another event than the one the report was telling.

"In a second, unrelated attack on Saturday, twelve people were killed", "Separately, gunmen
shot dead a farmer", "Four more soldiers were killed when rebels ambushed a convoy": such a
sentence never continues or joins the event before it, though it shares its paragraph, its day
or its doers. The cue words are data (ontology/discourse.yaml).
"""

from __future__ import annotations

import functools

from spacy.tokens import Span as SpacySpan

from ..resources import read_yaml


@functools.lru_cache(maxsize=1)
def _cues() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    raw = read_yaml("ontology/discourse.yaml")
    return (frozenset(raw["new_event_words"]), frozenset(raw["new_event_modifiers"]),
            frozenset(raw["event_nouns"]), frozenset(raw["more_words"]))


def opens_new_event(sent: SpacySpan) -> bool:
    """Whether the sentence (or clause) says it tells another event."""
    words, modifiers, nouns, more = _cues()
    toks = list(sent)
    for k, tok in enumerate(toks):
        low = tok.lower_
        if low in words:
            return True
        if low in modifiers and tok.head.lemma_.lower() in nouns and tok.head.i > tok.i and tok.head.tag_ == "NN":
            return True  # "a second attack", "in another incident"; not "two separate raids" (a summary)
        if low in more and k > 0 and toks[k - 1].like_num and (k + 1 == len(toks) or toks[k + 1].lower_ != "than") \
                and not any(t.like_num for t in toks[:k - 1]):
            return True  # "four more soldiers", not "more than 20" nor "two died and two more went missing"
    return False
