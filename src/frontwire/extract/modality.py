"""Status of an event: reported, claimed (with who claims it), denied, threatened, historical.

Reads the dependency path from the trigger up to the sentence root: a reporting verb above the
trigger names the source ("the Defence Ministry said ..."); a denial verb makes it `denied`; a
threat cue or a future modal makes it `threatened`. Historical status comes from the time
expression (a date decades before publication is background, not news).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml
from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..model import Status, TimeSpan


@dataclass(frozen=True)
class Modality:
    status: Status
    attributed_to: str | None
    source_head: int | None = None  # char offset of the source's head token ("police" in "police said")


@functools.lru_cache(maxsize=1)
def _cues() -> dict[str, frozenset[str]]:
    raw: dict[str, Any] = yaml.safe_load(
        resources.files("frontwire.ontology").joinpath("modality.yaml").read_text(encoding="utf-8")
    )
    return {key: frozenset(str(v).lower() for v in values) for key, values in raw.items()}


def _token_at(sent: SpacySpan, char: int) -> Token | None:
    for token in sent:
        if token.idx <= char < token.idx + len(token.text):
            return token
    return None


def _ancestors_with_self(token: Token) -> list[Token]:
    return [token, *token.ancestors]


def _source_phrase(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child
    return None


def _phrase(head: Token) -> str:
    tokens = [t for t in head.subtree if t.dep_ not in ("punct", "relcl", "acl", "appos") or t.i == head.i]
    text = head.doc[tokens[0].i : tokens[-1].i + 1].text  # not doc.text: rebuilt on every access
    if text.lower().startswith("the "):
        text = text[4:]
    return text


def _according_to(sent: SpacySpan) -> Token | None:
    for token in sent:
        if token.lower_ == "according" and token.i + 1 < len(token.doc) and token.nbor().lower_ == "to":
            objects = [c for c in token.nbor().children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


def _is_party(source: Token) -> bool:
    cues = _cues()
    words = {t.lower_ for t in source.subtree} | {t.lemma_.lower() for t in source.subtree}
    if words & cues["neutral_source_words"]:
        return False
    return bool(words & cues["party_source_words"])


def assess(sent: SpacySpan, trigger_head: int, times: list[TimeSpan], plover_type: str) -> Modality:
    """The status of the event whose trigger head is at char offset `trigger_head` in `sent`."""
    cues = _cues()
    if times and all(t.historical for t in times):
        return Modality("historical", None)
    token = _token_at(sent, trigger_head)
    if token is None:
        return Modality("reported", None)

    chain = _ancestors_with_self(token)
    # Denial anywhere above the trigger, or a negated trigger under a reporting verb.
    for node in chain[1:]:
        if node.lemma_.lower() in cues["denial_verbs"]:
            subject = _source_phrase(node)
            return Modality("denied", _phrase(subject) if subject is not None else None,
                            subject.idx if subject is not None else None)

    if plover_type == "THREATEN" or any(
        n.lemma_.lower() in cues["threat_lemmas"] for n in chain
    ) or any(c.dep_ == "aux" and c.lower_ in cues["future_modals"] for c in token.children):
        status: Status = "threatened"
    else:
        status = "reported"

    source: Token | None = None
    for node in chain[1:]:
        if node.lemma_.lower() in cues["reporting_verbs"]:
            source = _source_phrase(node)
            break
    if source is None:
        source = _according_to(sent)
    if source is not None and source.lower_ not in ("he", "she", "it", "they", "we", "i"):
        attributed = _phrase(source)
        if status == "reported" and _is_party(source):
            status = "claimed"
        return Modality(status, attributed, source.idx)
    return Modality(status, None, source.idx if source is not None else None)
