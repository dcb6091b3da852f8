"""Who did it to whom: assign actor mentions to the roles of an event trigger.

Initiator = actor1, target = actor2. The dependency path from a mention up to the trigger's
clause says the role: the active subject or the passive agent ("destroyed by the Air Defense
units") initiates; the object, the passive subject, a possessor of the object ("shelled
Azerbaijan's positions") or the object of "against/on/at" is the target. A modifier of a noun
trigger ("the Armenian attack") initiates. Mentions the parse does not connect fall back to
their order in the sentence.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from ..model import Actor

INITIATOR_DEPS = frozenset({"nsubj", "agent", "csubj"})
TARGET_DEPS = frozenset({"dobj", "nsubjpass", "obj", "iobj", "attr", "oprd"})
TARGET_PREPS = frozenset({"against", "on", "at", "upon", "toward", "towards", "over"})
NOUN_INITIATOR_DEPS = frozenset({"amod", "compound", "poss", "nmod"})


def token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def clause_head(trigger: Token) -> Token:
    """The verb that governs a noun trigger ("carried out an airstrike" -> carried)."""
    node = trigger
    while node.pos_ not in ("VERB", "AUX") and node.dep_ in ("dobj", "pobj", "prep", "compound", "nsubj",
                                                             "nsubjpass", "conj") and node.head.i != node.i:
        node = node.head
    return node if node.pos_ in ("VERB", "AUX") else trigger


def _role(mention: Token, trigger: Token, verb: Token) -> str | None:
    """'initiator', 'target' or None for one mention head, by its path up to the trigger.

    The relation that counts is the one to the nearest verb on the path: in "a bomb hit a
    convoy, killing two peacekeepers" the peacekeepers are the object of "killing", a clause
    of the trigger's verb, and so targets too."""
    if mention.head.i == trigger.i and trigger.i != verb.i and mention.dep_ in NOUN_INITIATOR_DEPS:
        return "initiator"
    path: list[Token] = []
    node = mention
    while node.i != verb.i and node.head.i != node.i:
        path.append(node)
        node = node.head
        if len(path) > 8:
            return None
    if node.i != verb.i or not path:
        return None
    top = path[-1]
    for child in path:
        if child.head.pos_ in ("VERB", "AUX") and child.head.i != verb.i and child.dep_ in TARGET_DEPS \
                and top.dep_ in ("advcl", "xcomp", "conj", "acl", "relcl"):
            return "target"  # object of a clause of the trigger's verb
        if child.head.pos_ in ("VERB", "AUX"):
            break
    if top.dep_ in INITIATOR_DEPS or top.dep_ == "agent":
        return "initiator"
    if top.dep_ in TARGET_DEPS:
        return "target"
    if top.dep_ == "prep" and top.lower_ in TARGET_PREPS:
        return "target"
    if top.dep_ == "prep" and top.lower_ == "by":
        return "initiator"
    return None


def assign_roles(doc: Doc, trigger_head: int, actors: Sequence[Actor]) -> tuple[Actor | None, Actor | None]:
    """(actor1, actor2) for the trigger whose head token starts at char `trigger_head`."""
    trigger = token_at(doc, trigger_head)
    if trigger is None or not actors:
        return (actors[0] if actors else None, actors[1] if len(actors) > 1 else None)
    verb = clause_head(trigger)
    initiator: Actor | None = None
    target: Actor | None = None
    rest: list[Actor] = []
    for actor in actors:
        head = token_at(doc, actor.head if actor.head is not None else actor.span.start)
        role = _role(head, trigger, verb) if head is not None else None
        if role == "initiator" and initiator is None:
            initiator = actor
        elif role == "target" and target is None:
            target = actor
        else:
            rest.append(actor)
    # Mentions the parse does not connect: before the trigger they read as its doer, after it
    # as its target (English news puts the agent first).
    for actor in rest:
        before = actor.span.start < trigger.idx
        if initiator is None and before and (target is None or actor.name != target.name):
            initiator = actor
        elif target is None and not before and (initiator is None or actor.name != initiator.name):
            target = actor
    if initiator is not None and target is not None and initiator.name == target.name:
        target = None
    return initiator, target


def pronoun_subject(doc: Doc, trigger_head: int) -> bool:
    """Whether the trigger's clause has a pronoun for subject ("... said it shot down")."""
    trigger = token_at(doc, trigger_head)
    if trigger is None:
        return False
    verb = clause_head(trigger)
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "PRON" and c.lower_ in ("it", "they", "we")
               for c in verb.children if c.dep_ == "nsubj")
