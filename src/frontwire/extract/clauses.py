"""Several events in one sentence: the clauses of a round-up.

Round-ups and trackers pack one event into each clause: "On 29 January police killed two
students in Ilorin, and cultists killed five people in Ilesha", "11 people were killed by
bandits in Shiroro, while in Gujba two militants were killed by troops". When a sentence has
violent triggers in different clauses and each clause names a place of its own, each clause is
read as a sentence of its own (its trigger, place, actors and dead); otherwise the sentence is
one unit, as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from ..model import Toponym, Trigger
from ..nlp import doc_text
from ..words import function_words
from .quantities import parse_quantity
from .roles import clause_head, token_at

# Relations that join two clauses of equal weight in a round-up ("and", "while", "whereas");
# an adverbial clause only with a contrastive marker or none ("since X attacked", "when
# gunmen opened fire" tell the time or the cause of the main clause's event, not another).
CLAUSE_LINKS = frozenset({"conj", "advcl", "parataxis"})


def _links(verb: Token) -> bool:
    if verb.dep_ not in CLAUSE_LINKS:
        return False
    if verb.dep_ == "advcl":
        marks = [c.lower_ for c in verb.children if c.dep_ == "mark"]
        return all(m in function_words("contrast_markers") for m in marks)
    return True


def _clause_verbs(sent: SpacySpan, triggers: Sequence[Trigger]) -> list[Token]:
    verbs: dict[int, Token] = {}
    for trigger in triggers:
        if trigger.event_type is None:
            continue
        token = token_at(sent.doc, trigger.head)
        if token is None:
            continue
        verb = clause_head(token)
        if verb.pos_ in ("VERB", "AUX"):
            verbs.setdefault(verb.i, verb)
    return [verbs[i] for i in sorted(verbs)]


def _own_tokens(verb: Token, others: Sequence[Token]) -> list[int]:
    """The verb's subtree less the subtrees of the other clause verbs inside it."""
    inner = {t.i for other in others if other.i != verb.i and verb.is_ancestor(other) for t in other.subtree}
    return sorted(t.i for t in verb.subtree if t.i not in inner)


def _places_in(span: SpacySpan, toponyms: Sequence[Toponym]) -> set[str]:
    return {t.place.name for t in toponyms if t.place is not None
            and span.start_char <= t.span.start and t.span.end <= span.end_char}


def clause_units(sent: SpacySpan, triggers: Sequence[Trigger], toponyms: Sequence[Toponym]) -> list[SpacySpan]:
    """The sentence's units: one per clause of a round-up, else the sentence itself."""
    verbs = _clause_verbs(sent, triggers)
    if len(verbs) < 2 or not all(_links(v) for v in verbs[1:]):
        return [sent]
    doc = sent.doc
    firsts: list[int] = []
    for verb in verbs:
        own = _own_tokens(verb, verbs)
        if not own:
            return [sent]
        firsts.append(own[0])
    # Each clause runs from its first word to the next clause's; the words before the first
    # clause ("The tracker recorded that on 29 January") belong to it.
    firsts = sorted(set(firsts))
    if len(firsts) < len(verbs):
        return [sent]
    bounds = [sent.start, *firsts[1:], sent.end]
    units = [doc[a:b] for a, b in pairwise(bounds)]
    places = [_places_in(u, toponyms) for u in units]
    if any(not p for p in places) or len({frozenset(p) for p in places}) < len(units):
        return [sent]
    return units


def gapped_counts(sent: SpacySpan, toponyms: Sequence[Toponym]) -> list[tuple[int, Toponym, int]]:
    """"Three civilians died in X, and one in Y": the verbless conjuncts of a round-up that give
    another place its own dead, as (count, place, the conjunct's first character). Only where
    the conjunct holds no verb of its own and the place resolved."""
    if " and " not in doc_text(sent.doc)[sent.start_char:sent.end_char]:
        return []
    starts = {t.span.start: t for t in toponyms if t.place is not None}
    found: list[tuple[int, Toponym, int]] = []
    toks = list(sent)
    # Words that may stand between a gapped count and its place: "and one in Y", "and two more near Y".
    fillers, preps = function_words("gap_fillers"), function_words("gap_prepositions")
    for k, tok in enumerate(toks[:-3]):
        if tok.lower_ != "and" or k == 0:
            continue
        j = k + 1
        count = parse_quantity(toks[j].text) if toks[j].like_num else None
        if count is None:
            continue
        j += 1
        while j < len(toks) and toks[j].lower_ in fillers:
            j += 1
        if j + 1 >= len(toks) or toks[j].lower_ not in preps or toks[j + 1].idx not in starts:
            continue
        rest = toks[k + 1:]
        end = next((m for m, t in enumerate(rest) if t.text in (",", ";", ".") or t.lower_ == "and"), len(rest))
        if any(t.pos_ in ("VERB", "AUX") for t in rest[:end]):
            continue
        found.append((count, starts[toks[j + 1].idx], tok.idx))
    return found
