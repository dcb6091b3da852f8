"""Which of a sentence's time expressions dates its event.

A sentence often holds more than one day, and the nearest to the trigger is not always its own:
"Residents said on Wednesday that troops had fought Fano near Kobo" dates the report, not the
fighting; "they told of fighting near Kobo, though calm had returned there on Wednesday" dates
the calm. A time expression dates the event when the verb it hangs on is the trigger's own verb,
lies inside the trigger's phrase ("the attack on Tuesday", "the fighting, which began on
Monday"), or governs it ("on Monday gunmen stormed the village, killing five"), unless that
verb only reports it ("said on Wednesday that ..."). A time in a clause beside the trigger's
dates something else.

Pure functions over a parsed sentence; offsets are into the document's text.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..model import TimeSpan
from ..words import function_words
from .modality import reporting_verbs
from .roles import token_at

_VERBS = ("VERB", "AUX")
OTHER_CLAUSES = frozenset({"ccomp", "relcl", "parataxis", "acl"})


def _verb_of(token: Token) -> Token | None:
    """The verb a token hangs on (itself when it is one); None for a verbless fragment."""
    for node in (token, *token.ancestors):
        if node.pos_ in _VERBS:
            return node
    return None


def _root_of(doc: Doc, time: TimeSpan) -> Token | None:
    span = doc.char_span(time.start_char, time.end_char, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def what_it_dates(doc: Doc, time: TimeSpan, trigger_head: int) -> str:
    """What `time` dates for the event whose trigger head is at `trigger_head`: "event" (its
    day), "report" (the day a source told of it: a fair guess when the text gives no other) or
    "other" (something else the sentence tells)."""
    trigger = token_at(doc, trigger_head)
    root = _root_of(doc, time)
    if trigger is None or root is None:
        return "event"
    verb = _verb_of(root)
    own = _verb_of(trigger)
    if verb is None or own is None or verb.i in (own.i, trigger.i):
        return "event"
    if trigger in verb.subtree:  # the time's verb governs the trigger
        return "report" if verb.lemma_.lower() in reporting_verbs() else "event"
    if verb in trigger.subtree:  # inside the trigger's own phrase ("the fighting, which began on Monday")
        return "event"
    # Below the trigger's verb: the same event unless the path enters a reported, relative or
    # conceded clause ("..., though they said calm had returned on Wednesday").
    node = verb
    while node.i != own.i:
        if node.dep_ in OTHER_CLAUSES or (node.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ in function_words("concessive") for c in node.children)):
            return "other"
        if node.head.i == node.i:
            return "other"  # not below the trigger's verb at all: a clause beside it
        node = node.head
    return "event"
