"""Status of an event: reported, claimed (with who claims it), denied, threatened, historical;
and whether it is negated.

Reads the dependency path from the trigger up to the sentence root: a reporting verb above the
trigger names the source ("the Defence Ministry said ..."); a denial verb makes it `denied`; a
threat cue, a modal or a condition makes it `threatened` (`is_hypothetical`: "could attack",
"would have killed", "if it had exploded"). Historical status comes from the time expression (a
date decades before publication is background, not news). `is_negated` reads the trigger's own
negators and its arguments ("did not open fire", "no arrests", "nobody was detained", "not a
single shot was fired", "without firing a shot"); a negated event is not an event. Both tests are
shared with extract/triggers.py, which scores such triggers down. The cue words are data
(ontology/modality.yaml).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..model import Status, TimeSpan
from ..nlp import doc_text
from ..resources import read_yaml, word_list
from . import timelex


@dataclass(frozen=True)
class Modality:
    status: Status
    attributed_to: str | None
    source_head: int | None = None  # char offset of the source's head token ("police" in "police said")
    negated: bool = False  # the text says the event did not happen ("no one was detained")


@functools.lru_cache(maxsize=1)
def _cues() -> dict[str, frozenset[str]]:
    raw = read_yaml("ontology/modality.yaml", ("reporting_verbs", "negators", "negation_exceptions"))
    return {key: word_list(raw, key, "ontology/modality.yaml") for key in raw}


def reporting_verbs() -> frozenset[str]:
    """Lemmas of the verbs that report an event ("said", "told", "confirmed")."""
    return _cues()["reporting_verbs"]


def _negates(tok: Token) -> bool:
    """`tok` is a negator of its head, not a quantifier ("no fewer than 20", "not only")."""
    cues = _cues()
    if tok.lower_ not in cues["negators"] or tok.dep_ not in ("neg", "det", "advmod", "preconj"):
        return False
    return tok.i + 1 >= len(tok.doc) or tok.nbor().lower_ not in cues["negation_exceptions"]


def _negative_phrase(tok: Token) -> bool:
    """A nominal argument that denies the event: "nobody", "no one", "not a single shot"."""
    if tok.lower_ in _cues()["negative_pronouns"]:
        return True
    inner = [g for c in tok.children if c.dep_ in ("amod", "nummod", "det", "quantmod") for g in c.children]
    return any(_negates(c) for c in (*tok.children, *inner))


def _support_verb(token: Token) -> Token | None:
    """The light verb whose argument the event noun is ("did not MAKE any arrests"), if any."""
    if token.pos_ in ("NOUN", "PROPN") and token.dep_ in ("dobj", "nsubjpass", "nsubj", "attr") \
            and token.head is not token and token.head.lemma_.lower() in _cues()["support_verbs"]:
        return token.head
    return None


def is_negated(token: Token) -> bool:
    """Whether the text says the event of trigger head `token` did not happen."""
    support = _support_verb(token)
    args = ("nsubj", "nsubjpass", "dobj")
    for node in (token,) if support is None else (token, support):
        if any(_negates(c) for c in node.children):
            return True
        if any(c.dep_ in args and c is not token and _negative_phrase(c) for c in node.children):
            return True
        if node.dep_ in ("pcomp", "pobj") and node.head.lower_ in _cues()["negating_preps"]:
            return True
    # "Nobody was killed or injured": a verb conjoined without a subject of its own shares it.
    if token.dep_ == "conj" and token.pos_ == "VERB" and not any(c.dep_ in args[:2] for c in token.children):
        return any(c.dep_ in args[:2] and _negative_phrase(c) for c in token.head.children)
    return False


def _has_modal(node: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in _cues()["future_modals"] for c in node.children)


def is_hypothetical(token: Token) -> bool:
    """Whether the event of trigger head `token` is only possible, planned or conditional: a modal
    on the trigger or on its light verb ("could launch an attack"), a counterfactual of which the
    trigger is the subject ("the bomb would have killed"), or a condition ("if it had exploded")."""
    support = _support_verb(token)
    if _has_modal(token) or (support is not None and _has_modal(support)):
        return True
    head = token.head
    if token.dep_ == "nsubj" and _has_modal(head) and any(c.dep_ == "aux" and c.lemma_ == "have"
                                                          for c in head.children):
        return True
    for node in (token, *token.ancestors):
        marks = [c.lower_ for c in node.children if c.dep_ == "mark"]
        if marks:
            return not _cues()["conditional_marks"].isdisjoint(marks)
        if node.dep_ in ("ccomp", "relcl", "parataxis"):
            break
    return False


def is_conflict_origin(token: Token, sent: SpacySpan) -> bool:
    """Whether the trigger lies in the cause of a war or a crisis ("the Gaza war was triggered
    by Hamas's October 7 attack, which killed 1,139 people"): background, not the report's news."""
    conflicts = timelex.lexicon().conflict_nouns
    verbs = _cues()["origin_verbs"]
    text = doc_text(token.doc)[sent.start_char:sent.end_char].lower()
    if not any(c in text for c in conflicts):
        return False  # most sentences: no war or crisis named
    for verb in sent:
        lemma = verb.lemma_.lower()
        if verb.pos_ not in ("VERB", "AUX") or lemma not in verbs:
            continue
        if lemma in _cues()["origin_verbs_with_off"] and not any(c.dep_ == "prt" and c.lower_ == "off" for c in verb.children):
            continue
        kids = list(verb.children)
        passive = any(c.dep_ == "auxpass" for c in kids)
        if not any(c.dep_ in ("dobj", "nsubjpass") and c.lemma_.lower() in conflicts for c in kids) and not (
                passive and any(t.lemma_.lower() in conflicts for t in sent if t.i < verb.i)):
            continue  # "set off the war"; "the Gaza war, ..., was triggered by" (however parsed)
        causes = [c for c in kids if c.dep_ == "nsubj"]
        causes += [g for c in kids if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if any(token.i in {t.i for t in cause.subtree} for cause in causes):
            return True
        if causes and passive and token.dep_ == "conj" and token.head.i == verb.i:
            return True  # "... was triggered by the attack and has killed thousands": the war's own toll
    return False


FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


def is_habitual(token: Token) -> bool:
    """Whether the clause of trigger head `token` tells what usually happens ("the army seldom
    comments on its strikes", "militants often attack convoys here"): a frequency adverb on the
    trigger, its light verb, or the verb of its clause."""
    habitual = _cues()["habitual_adverbs"]
    for node in (token, *token.ancestors):
        if any(c.dep_ == "advmod" and c.lower_ in habitual for c in node.children):
            return True
        if node.tag_ in FINITE_TAGS or any(c.dep_ in ("aux", "auxpass") for c in node.children):
            return False  # the clause's own verb: a participle ("operations targeting X") looks on up
    return False


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
    if is_conflict_origin(token, sent):
        return Modality("historical", None)

    chain = _ancestors_with_self(token)
    # Denial anywhere above the trigger, or a negated trigger under a reporting verb.
    for node in chain[1:]:
        if node.lemma_.lower() in cues["denial_verbs"]:
            subject = _source_phrase(node)
            return Modality("denied", _phrase(subject) if subject is not None else None,
                            subject.idx if subject is not None else None)

    negated = is_negated(token)
    if plover_type == "THREATEN" or any(
        n.lemma_.lower() in cues["threat_lemmas"] for n in chain
    ) or is_hypothetical(token):
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
        return Modality(status, attributed, source.idx, negated)
    return Modality(status, None, source.idx if source is not None else None, negated)
