"""The dead a sentence reports, read from its dependency parse by ACLED's conservative rules.

A count is taken only where the grammar makes it a count of the DEAD: the object of a killing
verb ("killed 12 Azerbaijani servicemen"), the subject of a passive killing or of dying
("20,000 Azerbaijanis were killed", "two civilians died"), a resultative "dead" ("left 9 dead",
"shot dead two farmers"), the lives lost or claimed, a death toll, or a count of deaths. So a
number that is an age ("a 76-year-old"), a clock time, a year, a unit or resolution number, or a
count of shells, drones or buildings is never a toll: it is not in one of those places.

What is never counted (ACLED records only the dead): the wounded, the missing, the displaced,
the captured, and "casualties" unqualified (killed + wounded). A figure shared by a killing and a
wounding verb ("12 were killed or wounded") is an undivided casualty figure and is dropped.

Groups joined by "and" / "as well as" add up ("killed 5 soldiers and 12 militants"); a group
introduced by "including" / "among them" / "of whom" is a subset of one already counted and is
not returned. A cumulative toll ("bringing the death toll to 25") is dropped when the same
sentence counts the dead of the event itself. A total followed by its breakdown ("seven people,
four soldiers and three civilians") is one figure. Bodies found or recovered are dead; the
military euphemisms ("neutralised") count only people.

Lexicons live in ontology/casualties.yaml; quantities are read by `quantities.parse_quantity`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from ..docarrays import TokenArrays, token_arrays
from ..model import Span, VictimGroup, VictimKind
from .quantities import VictimWords, parse_quantity, victim_words

__all__ = ["find_victims", "parse_quantity", "reports_no_deaths", "total_dead"]

# Entity labels under which a number is not a count of people.
_NOT_PEOPLE_ENTS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "ORDINAL", "QUANTITY"})
_OBJ = ("dobj", "obj")
_PASS_SUBJ = ("nsubjpass", "csubjpass")
_SUBJ = ("nsubj",)
# Children that are not part of a group's own phrase: other groups, subsets, clauses, places.
# A year: a four-figure number that a DATE entity holding it is a real date by.
_YEAR = re.compile(r"1\d{3}|2\d{3}")
_OUTSIDE_GROUP = frozenset({"conj", "cc", "punct", "appos", "relcl", "acl", "advcl", "prep", "preconj"})


@dataclass(frozen=True)
class _Arg:
    """A token in a slot that holds the dead, and whether it came from a toll."""

    token: Token
    toll: bool = False


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _is_verb(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")


def _children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def _coordinated_verbs(verb: Token) -> list[Token]:
    """The verbs coordinated with `verb` ("killed and wounded", "were killed or injured")."""
    root = verb
    while root.dep_ == "conj" and _is_verb(root.head):
        root = root.head
    out = [root]
    stack = [root]
    while stack:
        for c in stack.pop().children:
            if c.dep_ == "conj" and _is_verb(c):
                out.append(c)
                stack.append(c)
    return [v for v in out if v.i != verb.i]


def _is_kill_verb(tok: Token, w: VictimWords) -> bool:
    if not _is_verb(tok):
        return False
    lemma = _lemma(tok)
    if lemma in w.kill_verbs or lemma in w.person_kill_verbs:
        return True
    particles = w.phrasal_kill_verbs.get(lemma)
    if particles and any(c.dep_ == "prt" and c.lower_ in particles for c in tok.children):
        return True  # "gunned down"
    # "beaten / burnt / stabbed to death"
    return any(
        c.dep_ == "prep" and c.lower_ == "to" and any(p.lemma_.lower() == "death" for p in c.children)
        for c in tok.children
    )


def _slot_args(verb: Token, deps: Sequence[str]) -> list[Token]:
    args = _children(verb, *deps)
    if len(args) > 1:
        # one slot, two fillers: a misparse such as a dateline ("Khartoum, 35 protesters were
        # killed"); a bare proper name there is not one of the dead
        args = [a for a in args if not (a.pos_ == "PROPN" and not _children(a, "nummod", "det"))] or args
    return args


def _is_passive(verb: Token) -> bool:
    """A passive verb, or a participle conjoined to one ('was shot and killed')."""
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children):
        return True
    return (
        verb.dep_ == "conj"
        and verb.tag_ == "VBN"
        and not _children(verb, *_SUBJ, *_OBJ)
        and any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.head.children)
    )


def _kill_args(verb: Token, w: VictimWords) -> list[Token] | None:
    """The dead of a killing verb; None when the figure is shared with a wounding verb."""
    if any(c.dep_ == "neg" for c in verb.children):
        return []
    passive = _is_passive(verb)
    deps = _PASS_SUBJ if passive else _OBJ
    args = _slot_args(verb, deps)
    partners = _coordinated_verbs(verb)
    wounding = [v for v in partners if _lemma(v) in w.wound_verbs]
    if args:
        # "12 soldiers were killed or wounded": the wounding verb has no subject of its own
        if any(not _slot_args(v, deps + _SUBJ) for v in wounding):
            return None
        return args
    for v in partners:  # "killed and wounded 12 people", "shot and killed two men"
        borrowed = _slot_args(v, deps)
        if borrowed:
            return None if wounding else borrowed
    if verb.dep_ in ("xcomp", "oprd") and verb.tag_ == "VBN" and _is_verb(verb.head):
        # "seven people were reported to have been killed", "one person was confirmed killed"
        return _slot_args(verb.head, _PASS_SUBJ + _SUBJ)
    if verb.dep_ in ("acl", "amod") and verb.tag_ == "VBN":
        return [_quantifier_of(verb.head, w)]  # "12 soldiers killed in the attack", "the killed soldiers"
    if verb.dep_ == "relcl":
        return [verb.head] if passive else []
    subjects = _slot_args(verb, _SUBJ)
    # headline passive without auxiliary, object-less: "Five soldiers killed in blast" (the
    # tagger often says VBD there); a victim noun or a number as subject marks it
    if verb.tag_ in ("VBN", "VBD") and subjects and all(_is_victim_word(s, w) for s in subjects):
        return subjects
    return []


def _quantifier_of(noun: Token, w: VictimWords) -> Token:
    """The quantifier a bare noun is the 'of'-object of: 'dozens of people killed' -> 'dozens'."""
    prep = noun.head
    if (
        noun.dep_ == "pobj"
        and prep.lower_ == "of"
        and (prep.head.lower_ in w.of_heads or prep.head.like_num)
        and not _children(noun, "det", "poss")
    ):
        return prep.head
    return noun


def _is_victim_word(tok: Token, w: VictimWords) -> bool:
    return (
        tok.like_num
        or tok.pos_ == "NUM"
        or tok.lower_ in w.noun_kind
        or _lemma(tok) in w.noun_kind
        or tok.lower_ in w.of_heads
    )


def _resolve_relative(tok: Token) -> Token:
    """'who' / 'that' in a relative clause stands for the noun the clause modifies."""
    if tok.tag_ in ("WP", "WDT") and tok.head.dep_ == "relcl":
        return tok.head.head
    return tok


def _dead_args(dead: Token, w: VictimWords) -> list[Token]:
    """The dead of a resultative "dead": '25 dead', 'left 9 (people) dead', 'found dead'."""
    if any(
        c.dep_ == "conj"
        and (c.lower_ in w.wound_words or _lemma(c) in w.wound_verbs)
        and not any(n.like_num for n in c.children)
        for c in dead.children
    ):
        return []  # "left 20 people dead or injured": one figure for both
    nums = [c for c in dead.children if c.dep_ == "nummod" or c.like_num]
    if nums:
        return nums[:1]
    if _children(dead, *_SUBJ):
        return _children(dead, *_SUBJ)  # "left seven people dead", parsed as a small clause
    if dead.dep_ == "amod" and dead.head.pos_ in ("NOUN", "PROPN"):
        return [dead.head]  # "shot dead two farmers", "two dead soldiers"
    resultative = dead.dep_ in ("oprd", "acomp", "xcomp", "ccomp", "advmod", "attr", "dobj")
    if resultative and _is_verb(dead.head) and _lemma(dead.head) in w.resultative_verbs:
        verb = dead.head
        args = _children(verb, *_OBJ) or _children(verb, *_PASS_SUBJ)
        if not args and _lemma(verb) in ("be", "lie", "lay", "remain"):
            args = _children(verb, *_SUBJ)  # "five are dead", "two bodies lay dead"
        if not args and verb.tag_ in ("VBN", "VBD"):
            # headline passive: "Three militants shot dead by police", "Two journalists found dead"
            subjects = _children(verb, *_SUBJ)
            if subjects and (_children(verb, "agent") or all(_is_victim_word(s, w) for s in subjects)):
                args = subjects
        return args
    return []


def _toll_args(toll: Token, w: VictimWords) -> list[Token]:
    """The figure of a death toll: 'the death toll rose to 40', 'a death toll of 40'.

    A count noun ("the number of dead rose to 14") is a toll only when its 'of' is the dead,
    and its figure is never in that 'of'.
    """
    mods = {_lemma(c) for c in toll.children if c.dep_ in ("compound", "amod", "nmod")}
    if mods & w.non_death_toll_modifiers:
        return []
    places: list[Token] = [toll]
    if _lemma(toll) in w.count_nouns:
        # "the number of dead", "the number of people killed" (the parser may hang 'killed' on 'number')
        if not any(_is_dead_phrase(o, w) for o in [*_of_objects(toll), toll]):
            return []
        places = []
    if toll.dep_ in ("nsubj", "nsubjpass", "dobj") and _is_verb(toll.head):
        places.append(toll.head)  # "the toll rose to 40", "officials put the toll at 40"
    for place in places:
        for c in place.children:
            if c.dep_ == "prep" and c.lower_ in (("of",) if place is toll else ("to", "at")):
                found = [p for p in c.children if p.dep_ == "pobj" and _is_victim_word(p, w)]
                if found:
                    return found
            if place is not toll and c.dep_ in ("dobj", "attr") and (c.like_num or c.pos_ == "NUM"):
                return [c]  # "the toll reached 40", "the toll is 40"
    return []


def _is_dead_phrase(tok: Token, w: VictimWords) -> bool:
    """'dead', 'deaths', 'people killed', 'those who died': what a count noun may count."""
    if _lemma(tok) in ("dead",) or _lemma(tok) in w.death_nouns:
        return True
    return any(
        c.dep_ in ("acl", "relcl") and (_lemma(c) in w.die_verbs or _is_kill_verb(c, w)) for c in tok.children
    )


def _bodies_found(tok: Token, sent: SpacySpan, w: VictimWords) -> bool:
    """Bodies found or recovered: 'six bodies were recovered', 'police found the bodies of four men'."""
    verb = tok.head
    if not _is_verb(verb) or _lemma(verb) not in w.body_found_verbs:
        return False
    headline = tok.dep_ in _SUBJ and verb.tag_ in ("VBN", "VBD") and not _children(verb, *_OBJ)
    if tok.dep_ not in _OBJ + _PASS_SUBJ and not headline:
        return False
    return not any(_lemma(t) in w.body_not_counted_places for t in sent)


def _slots(sent: SpacySpan, w: VictimWords) -> Iterator[_Arg | None]:
    """Every token that holds dead people in `sent`; None marks a shared killed-or-wounded figure."""
    doc = sent.doc
    arrays = token_arrays(doc)
    words = _slot_words(w)
    to_death = _to_death(arrays)
    for k in range(sent.start, sent.end):
        if arrays.lemma[k] not in words and k not in to_death:
            continue  # no branch below takes it (read from the per-document lists: no Token made)
        tok = doc[k]
        lemma = _lemma(tok)
        if _is_kill_verb(tok, w):
            args = _kill_args(tok, w)
            if args is None:
                yield None
                continue
            if lemma in w.person_kill_verbs:  # "neutralised nine terrorists", not "a bomb"
                args = [a for a in args if _is_person(a, w) or any(_is_person(o, w) for o in _of_objects(a))]
            yield from (_Arg(_resolve_relative(a)) for a in args)
        elif lemma in w.die_verbs and _is_verb(tok) and not any(c.dep_ == "neg" for c in tok.children):
            subjects = _children(tok, *_SUBJ)
            if not subjects and tok.dep_ in ("relcl", "acl"):
                subjects = [tok.head]
            if not subjects and tok.dep_ == "xcomp" and _children(tok.head, *_PASS_SUBJ):
                subjects = _children(tok.head, *_PASS_SUBJ)  # "seven are thought to have died"
            yield from (_Arg(_resolve_relative(s)) for s in subjects)
        elif lemma in w.life_nouns and tok.dep_ in _OBJ + _PASS_SUBJ and _is_verb(tok.head):
            verb = _lemma(tok.head)
            if verb in w.life_lose_verbs and tok.dep_ in _OBJ:  # "three soldiers lost their lives"
                yield from (_Arg(_resolve_relative(s)) for s in _children(tok.head, *_SUBJ))
            elif (verb in w.life_lose_verbs and tok.dep_ in _PASS_SUBJ) or verb in w.life_take_verbs:
                of = _of_objects(tok)
                yield from (_Arg(a) for a in (of or [tok]))  # "claimed the lives of 7", "claimed 7 lives"
        elif lemma in w.life_lose_verbs and _is_verb(tok) and not any(c.dep_ == "neg" for c in tok.children):
            # "the army lost seven soldiers": a side losing its people is their death
            yield from (
                _Arg(o) for o in _children(tok, *_OBJ) if _is_person(o, w) and _lemma(o) not in w.life_nouns
            )
        elif lemma == "dead" and tok.pos_ in ("ADJ", "NOUN"):
            yield from (_Arg(_resolve_relative(a)) for a in _dead_args(tok, w))
        elif lemma in w.toll_nouns or (lemma in w.count_nouns and tok.pos_ == "NOUN"):
            yield from (_Arg(a, toll=True) for a in _toll_args(tok, w))
        elif lemma in w.body_nouns and _bodies_found(tok, sent, w):
            yield _Arg(tok)
        elif (lemma in w.kill_nouns or lemma in w.death_nouns) and tok.pos_ == "NOUN":
            of = _of_objects(tok)
            if of:
                yield from (_Arg(a) for a in of)  # "the killing of 5 civilians"
            elif lemma in w.death_nouns and tok.dep_ != "compound":
                yield _Arg(tok)  # "25 deaths", "civilian deaths"
        elif lemma in w.casualty_nouns and any(_lemma(c) in w.fatal_modifiers for c in tok.children):
            yield _Arg(tok)  # "fatal casualties"


def _slot_words(w: VictimWords) -> frozenset[str]:
    """Every lemma a branch of `_slots` asks for: a token with none of them (and no "to death"
    after it) holds no dead."""
    return _packaged_slot_words() if w is victim_words() else _slot_words_of(w)


@functools.lru_cache(maxsize=1)
def _packaged_slot_words() -> frozenset[str]:
    return _slot_words_of(victim_words())


def _slot_words_of(w: VictimWords) -> frozenset[str]:
    return frozenset({"dead"}).union(
        w.kill_verbs, w.person_kill_verbs, w.phrasal_kill_verbs.keys(), w.die_verbs, w.life_nouns, w.life_lose_verbs,
        w.toll_nouns, w.count_nouns, w.body_nouns, w.kill_nouns, w.death_nouns, w.casualty_nouns)


def _to_death(arrays: TokenArrays) -> frozenset[int]:
    """The tokens with "to death" after them, as `_is_kill_verb` reads it ("beaten to death"): the
    heads of a "to" with a dependent of lemma "death". Once per document."""
    found = arrays.memo.get(_to_death)
    if not isinstance(found, frozenset):
        head, dep = arrays.head, arrays.dep
        found = arrays.memo[_to_death] = frozenset(
            head[to] for death, lemma in enumerate(arrays.lemma) if lemma == "death"
            for to in (head[death],) if to != death and dep[to] == "prep" and arrays.lower[to] == "to"
            and head[to] != to)
    return found


def _introduced_as_subset(tok: Token, w: VictimWords) -> bool:
    """A phrase opened by 'including' / 'among' (the parser sometimes makes it a conjunct)."""
    i = tok.left_edge.i - 1
    while i >= 0 and (tok.doc[i].is_punct or tok.doc[i].dep_ == "cc"):
        i -= 1
    return i >= 0 and tok.doc[i].lemma_.lower() in w.subset_markers


def _coordination(tok: Token, w: VictimWords) -> list[Token]:
    """`tok` and the groups joined to it by 'and' / 'as well as' (not 'including': a subset)."""
    out = [tok]
    stack = [tok]
    while stack:
        node = stack.pop()
        for c in node.children:
            joined = c.dep_ == "conj" and not _is_verb(c)
            if (joined or _listed_apart(node, c, w)) and not _introduced_as_subset(c, w):
                out.append(c)
                stack.append(c)
    return out


def _listed_apart(head: Token, appos: Token, w: VictimWords) -> bool:
    """An apposition that is a group of its own: the next item of a list ('5 soldiers, 3
    militants and 2 civilians', parsed as apposition) or a breakdown of a total of unspecified
    people ('six people, five rebels and a soldier', settled by `_breakdown_dropped`)."""
    if appos.dep_ != "appos" or not any(c.dep_ == "nummod" for c in appos.children):
        return False
    if _lemma(head) in w.total_nouns:
        return True
    return "unknown" != _kind(head, w) != _kind(appos, w)


def _phrase_tokens(head: Token, w: VictimWords) -> list[Token]:
    """The tokens of a group's own phrase: its subtree less other groups, subsets and clauses."""
    keep = [head]
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ == "of":  # "four of his bodyguards", not "... in Helmand"
            keep.append(c)
            for p in c.children:
                keep.extend(_phrase_tokens(p, w) if p.dep_ == "pobj" else ())
            continue
        if c.dep_ in _OUTSIDE_GROUP or _lemma(c) in w.fatal_modifiers:
            continue  # the "dead" of "shot dead two farmers" is the predicate, not the group
        keep.extend(c.subtree)
    return sorted(keep, key=lambda t: t.i)


def _of_objects(tok: Token) -> list[Token]:
    """The objects of the 'of' attached to `tok`: 'the lives of [7 people]', 'dozens of [civilians]'."""
    return [
        p
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for p in c.children
        if p.dep_ == "pobj"
    ]


def _of_object(tok: Token) -> Token | None:
    found = _of_objects(tok)
    return found[0] if found else None


def _count(head: Token, w: VictimWords) -> int | None:
    """How many people the group head stands for, or None when the text gives no count."""
    if _lemma(head) == "old":
        return parse_quantity(" ".join(t.text for t in head.subtree))  # "a 17-year-old", "two 17-year-olds"
    if _not_people(head, _NOT_PEOPLE_ENTS) and head.lower_ not in w.of_heads:
        return None  # "killed on 12 July", "in 1994"
    if head.like_num or head.pos_ == "NUM" or head.lower_ in w.of_heads:
        return parse_quantity(_quantity_text(head))
    for c in head.children:
        if c.dep_ == "nummod" and not _not_people(c, _NOT_PEOPLE_ENTS - {"QUANTITY"}) and not _designator(c):
            return parse_quantity(" ".join(t.text for t in c.subtree))
    if _lemma(head) in w.group_nouns:
        return w.group_nouns[_lemma(head)]  # "the pair were shot dead"
    stray = _stray_number(head)
    if stray is not None:
        return parse_quantity(stray.text)
    for c in head.children:
        # a number the parser hung on a name in front of the head: "Four [Facilities Protection
        # Service] personnel"; only at the very start of the modifier, so not "Brigade 93"
        first = c.left_edge
        premodifier = c.dep_ in ("compound", "nmod") and c.i < head.i
        if (
            premodifier
            and first.dep_ == "nummod"
            and first.like_num
            and first.ent_type_ not in _NOT_PEOPLE_ENTS
        ):
            return parse_quantity(first.text)
    for c in head.children:
        if c.dep_ in ("amod", "det", "advmod", "quantmod") and c.i < head.i:
            if c.lower_ == "both" and _children(head, "conj"):
                continue  # "both soldiers and civilians": 'both ... and', not two
            value = parse_quantity(" ".join(t.text for t in c.subtree))
            if value is not None and (value != 1 or head.tag_ in ("NN", "NNP")):
                return value  # "several civilians", "a 76-year-old civilian", "the commander"
            if c.lower_ == "the" and head.tag_ in ("NN",) and _is_person(head, w):
                return 1
    if head.tag_ == "NN" and any(c.dep_ == "poss" for c in head.children) and _is_person(head, w):
        return 1  # "his son was killed"
    if head.tag_ == "NNP" and head.ent_type_ == "PERSON":
        return 1  # a named person
    if (
        head.tag_ == "NNP"
        and head.ent_type_ in ("", "FAC")
        and any(c.dep_ == "compound" and c.tag_ == "NNP" for c in head.children)
        and not _is_person(head, w)
        and not w.is_demonym(head.text)
    ):
        return 1  # a full name the tagger did not know: "Abdelghani Al-Kikli"
    return None


def _not_people(tok: Token, labels: frozenset[str]) -> bool:
    """`tok` is in an entity that is no count of people; a bare figure taken for a date is not."""
    if tok.ent_type_ not in labels:
        return False
    if tok.ent_type_ != "DATE":
        return True
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    if ent is None:
        return True
    # "11 had died", "between 15 and 20 people": no month, day or year in the entity
    return any(
        not (t.like_num or t.is_punct or t.pos_ in ("ADP", "CCONJ", "ADV", "DET")) or _YEAR.fullmatch(t.text)
        for t in ent
    )


def _stray_number(head: Token) -> Token | None:
    """A count the parser hung on a date just before the group: 'on January 30 three militants'."""
    i = head.left_edge.i - 1
    if i < 0 or _children(head, "nummod"):
        return None
    num = head.doc[i]
    if num.like_num and num.ent_type_ == "CARDINAL" and num.dep_ == "nummod" and num.head.ent_type_ == "DATE":
        return num
    return None


def _designator(num: Token) -> bool:
    """A number that names rather than counts: 'Brigade 93', 'Route 60', 'Resolution 822'."""
    if num.i == 0:
        return False
    prev = num.doc[num.i - 1]
    return prev.pos_ in ("PROPN", "NOUN") and prev.text[:1].isupper() and not prev.is_sent_start


def _quantity_text(head: Token) -> str:
    """The words of a numeric head's quantity ('at least 10', 'Two to five'), less its 'of' phrase."""
    of = _of_object(head)
    skip = {t.i for t in of.subtree} if of is not None else set()
    return " ".join(t.text for t in head.subtree if t.i not in skip and t.dep_ != "prep" and t.i <= head.i)


def _is_person(tok: Token, w: VictimWords) -> bool:
    return tok.lower_ in w.noun_kind or _lemma(tok) in w.noun_kind


def _denied(noun: Token, w: VictimWords) -> bool:
    """A noun said not to exist: 'no casualties', 'without loss of life', 'did not cause any deaths'."""
    if _negated(noun, w):
        return True
    if noun.dep_ == "pobj" and noun.head.lower_ in w.negators:
        return True
    verb = noun.head
    return (
        noun.dep_ in _OBJ + ("attr",)
        and any(c.lower_ == "any" for c in noun.children)
        and _is_verb(verb)
        and any(c.dep_ == "neg" for c in verb.children)
    )


def _negated(head: Token, w: VictimWords) -> bool:
    if head.lower_ in ("nobody", "none", "noone"):
        return True
    return any(c.lower_ in w.negators and c.dep_ in ("det", "neg", "advmod") for c in head.children)


def _kind(head: Token, w: VictimWords) -> VictimKind:
    noun = head
    if head.like_num or head.pos_ == "NUM" or head.lower_ in w.of_heads:
        of = _of_object(head)
        if of is None:
            return "unknown"
        noun = of
    kind = w.noun_kind.get(noun.lower_) or w.noun_kind.get(_lemma(noun))
    if kind is None or noun.lower_ in w.generic_heads or _lemma(noun) in w.generic_heads:
        for mod in _modifiers(noun):
            mkind = w.modifier_kind.get(mod.lower_) or w.modifier_kind.get(_lemma(mod))
            if mkind is not None:
                return mkind
    return kind or "unknown"


def _modifiers(noun: Token) -> Iterable[Token]:
    """Compounds, adjectives and possessors of a noun, and those of its 'of'-object."""
    for c in noun.children:
        if c.dep_ in ("compound", "amod", "nmod", "poss", "npadvmod"):
            yield c
            yield from (g for g in c.children if g.dep_ in ("compound", "amod"))
    of = _of_object(noun)
    if of is not None:
        yield of
        yield from _modifiers(of)


def _nationality(head: Token, w: VictimWords) -> str | None:
    nouns = [head]
    of = _of_object(head)
    if of is not None:
        nouns.append(of)
    for noun in nouns:
        for mod in sorted(_modifiers(noun), key=lambda t: t.i):
            if w.is_demonym(mod.text):
                return mod.text
        if noun.pos_ == "PROPN" and w.is_demonym(noun.text):
            return noun.text  # "20,000 Azerbaijanis"
    return None


def _group(head: Token, w: VictimWords) -> VictimGroup | None:
    body_of = _of_object(head) if _lemma(head) in w.body_nouns else None
    if body_of is not None:
        head = body_of  # "the bodies of two journalists were found dead": the journalists
    if head.pos_ == "PRON" or _negated(head, w) or _lemma(head) in w.wound_words:
        return None
    if _lemma(head) in w.toll_nouns or _lemma(head) in w.count_nouns:
        return None  # "..., a toll that shocked the city": the figure is elsewhere
    of = _of_object(head)
    if of is not None and of.pos_ == "PRON":
        return None  # "two of them", "of whom": a subset of a group already counted
    count = _count(head, w)
    if count is None or count <= 0:
        return None
    tokens = _phrase_tokens(head, w)
    stray = _stray_number(head)
    if stray is not None:
        tokens.insert(0, stray)
    doc = head.doc
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    return VictimGroup(
        count=count,
        kind=_kind(head, w),
        nationality=_nationality(head, w),
        # doc[i:j].text, not doc.text[...]: Doc.text rebuilds the whole article on each access
        span=Span(text=doc[tokens[0].i : tokens[-1].i + 1].text, start=start, end=end),
    )


def find_victims(sent: SpacySpan) -> list[VictimGroup]:
    """The groups of dead people `sent` reports, in text order; subsets excluded, no wounded."""
    w = victim_words()
    heads: dict[int, bool] = {}  # token index -> came from a toll
    for arg in _slots(sent, w):
        if arg is None:
            continue
        for tok in _coordination(arg.token, w):
            heads.setdefault(tok.i, arg.toll)
    doc = sent.doc
    found = {i: g for i in sorted(heads) if not _grievance(doc[i], w) and (g := _group(doc[i], w)) is not None}
    for i in _breakdown_dropped(found, doc, w):
        del found[i]
    groups = _drop_nested([(g, heads[i]) for i, g in found.items()])
    if any(not toll for _, toll in groups):
        groups = [(g, toll) for g, toll in groups if not toll]  # a cumulative toll restates them
    return [g for g, _ in groups]


def _grievance(tok: Token, w: VictimWords) -> bool:
    """Whether the dead are what a protest is about ("gathered in protest at the death of a
    writer, who died in jail"), not its toll."""
    for node in tok.ancestors:
        if node.dep_ == "prep" and node.lower_ in w.grievance_preps and (
                node.head.lemma_.lower() in w.grievance_heads
                or node.i > 0 and node.nbor(-1).lemma_.lower() in w.grievance_heads):  # "in protest at"
            return True
    return False


def _breakdown_dropped(found: dict[int, VictimGroup], doc: Doc, w: VictimWords) -> set[int]:
    """A total and its breakdown are one figure, not two: 'seven people, four soldiers and three
    civilians, were killed' is seven, so is 'seven civilians, three women and four children'.

    Read so only where the parts follow the total after punctuation (not 'and'), and the total
    is of unspecified people ('people', 'victims') or the parts are all of its kind and add up
    to it ('5 soldiers, 3 militants and 2 civilians' is a list of ten). A breakdown by kind that
    adds up is kept (it says who died), else the total.
    """
    dropped: set[int] = set()
    for i, total in found.items():
        head = doc[i]
        first = next((c for c in head.children if c.dep_ in ("conj", "appos")), None)
        if first is None or not doc[first.left_edge.i - 1].is_punct:
            continue
        parts = [found[t.i] for t in _coordination(head, w) if t.i != i and t.i in found]
        if not parts:
            continue
        adds_up = sum(p.count for p in parts) == total.count
        if total.kind == "unknown" and _lemma(_of_object(head) or head) in w.total_nouns:
            keep_parts = adds_up
        elif adds_up and all(p.kind == total.kind for p in parts):
            keep_parts = False
        else:
            continue
        dropped.update([i] if keep_parts else [t.i for t in _coordination(head, w) if t.i != i])
    return dropped


def _drop_nested(groups: list[tuple[VictimGroup, bool]]) -> list[tuple[VictimGroup, bool]]:
    """A group whose phrase lies inside another's (a number read twice) is dropped."""
    out = []
    for g, toll in groups:
        inside = any(
            o is not g
            and o.span.start <= g.span.start
            and g.span.end <= o.span.end
            and (o.span.start, o.span.end) != (g.span.start, g.span.end)
            for o, _ in groups
        )
        if not inside:
            out.append((g, toll))
    return out


def total_dead(groups: Sequence[VictimGroup]) -> int:
    """The dead of a sentence: the sum of its groups (subsets are already excluded)."""
    return sum(g.count for g in groups)


def reports_no_deaths(sent: SpacySpan) -> bool:
    """True when `sent` says no one died: 'no one was killed', 'there were no casualties'."""
    w = victim_words()
    for tok in sent:
        lemma = _lemma(tok)
        if lemma in w.no_death_nouns and _denied(tok, w):
            return True  # "no casualties", "no lives were lost", "without loss of life"
        reports = lemma in w.no_death_report_nouns and _negated(tok, w)
        if reports and any(_lemma(o) in w.no_death_nouns for o in _of_objects(tok)):
            return True  # "there were no reports of casualties"
        wounding = lemma in w.wound_verbs  # "nobody was hurt": no one died either
        if _is_kill_verb(tok, w) or lemma in w.die_verbs or wounding:
            if not wounding and any(c.dep_ == "neg" for c in tok.children):
                return True  # "were not killed"
            subjects = _children(tok, *_PASS_SUBJ, *_SUBJ, *_OBJ)
            if any(_negated(s, w) for s in subjects):
                return True  # "no one was killed", "nobody died"
    return False


def revises_toll(sent: SpacySpan) -> bool:
    """Whether the sentence revises a toll stated before ("the death toll rose to 9")."""
    verbs = victim_words().revision_verbs
    arrays = token_arrays(sent.doc)
    return any(arrays.lemma[k] in verbs for k in range(sent.start, sent.end) if arrays.pos[k] in ("VERB", "AUX"))
