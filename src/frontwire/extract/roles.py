"""Who did it to whom: assign actor mentions to the roles of an event trigger.

Initiator = actor1, target = actor2. The dependency path from a mention up to the trigger's
clause says the role: the active subject or the passive agent ("destroyed by the Air Defense
units") initiates; the object, the passive subject, a possessor of the object ("shelled
Azerbaijan's positions") or the object of "against/on/at" is the target. Inside a noun trigger
a modifier ("the Armenian attack") or a "by" phrase ("the attack by gunmen on a market")
initiates, an "of"/"on" phrase ("Russia's shelling of Kharkiv") is the target. "X came under
attack by Y": X is the target. A relative clause trigger gives its noun the role of the
relative pronoun ("the students whom gunmen seized", "the bandits who attacked").

Some verbs decide whatever the path (lists in `ontology/actors.yaml`, section `roles`): who
says, reports or is cited is no party ("..., police said", "according to the governor"); whom
a report blames is the doer ("authorities blamed ISWAP"), and so is a group claiming an attack;
who dies is the target. Mentions the parse does not connect fall back to their order in the
sentence.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from ..model import Actor
from ..words import function_words
from .actors import lexicon

INITIATOR_DEPS = frozenset({"nsubj", "agent", "csubj"})
TARGET_DEPS = frozenset({"dobj", "nsubjpass", "obj", "iobj", "attr", "oprd"})
NOUN_INITIATOR_DEPS = frozenset({"amod", "compound", "poss", "nmod"})
CLAUSE_DEPS = frozenset({"advcl", "xcomp", "conj", "acl", "relcl"})
RELATIVE_TAGS = frozenset({"WDT", "WP", "WP$"})
SOURCE = "source"
PLACE = "place"  # a mention that only says where: no party


def token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def clause_head(trigger: Token) -> Token:
    """The verb that governs a noun trigger ("carried out an airstrike" -> carried; "houses were
    damaged by shelling" -> damaged)."""
    node = trigger
    while node.pos_ not in ("VERB", "AUX") and node.dep_ in ("dobj", "pobj", "prep", "agent", "compound", "nsubj",
                                                             "nsubjpass", "conj") and node.head.i != node.i:
        node = node.head
    return node if node.pos_ in ("VERB", "AUX") else trigger


def shared_subject_verb(verb: Token) -> Token:
    """'bandits killed one person and abducted several': an active verb with no subject of its
    own, conjoined to another, shares that verb's clause - its subject and the other verb's
    objects are the trigger's too. Returns the verb whose clause the roles are read from."""
    if verb.dep_ != "conj" or not _is_verb(verb) or not _is_verb(verb.head):
        return verb
    if any(c.dep_ in ("nsubj", "nsubjpass", "auxpass", "csubj") for c in verb.children):
        return verb
    return verb.head


def _is_verb(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX")


def _governor(mention: Token) -> tuple[Token | None, Token]:
    """The first verb above a mention and the child of that verb the path comes through."""
    node = mention
    for _ in range(10):
        if node.head.i == node.i:
            return None, node
        if _is_verb(node.head):
            return node.head, node
        node = node.head
    return None, node


def _according(mention: Token) -> bool:
    """'according to a police officer', 'citing residents', 'quoted by the agency'."""
    node = mention
    for _ in range(8):
        if node.dep_ == "pobj" and node.head.lower_ == "to" and node.head.head.lower_ == "according":
            return True
        if node.head.i == node.i or _is_verb(node.head):
            return False
        node = node.head
    return False


def _verb_role(mention: Token, trigger: Token, verb: Token) -> str | None:
    """The role a verb of `ontology/actors.yaml` (section `roles`) gives whatever the path."""
    if _according(mention):
        return SOURCE
    if _dies_in_relative(mention, trigger):
        return "target"
    gov, child = _governor(mention)
    if gov is None or gov.i == trigger.i:
        return None
    lex = lexicon()
    lemma = gov.lemma_.lower()
    dep = child.dep_
    if dep == "nsubjpass" and lemma not in lex.blame_verbs:
        raised = _controlled(gov, verb)
        if raised is not None:
            return raised  # "four soldiers are thought to have been killed": the soldiers were killed
    if lemma in lex.blame_verbs:
        if dep in ("dobj", "nsubjpass") or (dep == "prep" and child.lower_ == "on"):
            return "initiator"
        return SOURCE if dep == "nsubj" else None
    if lemma in lex.claim_verbs and dep == "nsubj":
        if any(c.dep_ == "dobj" for c in gov.children):
            return "initiator"
        return _controlled(gov, verb) or SOURCE
    if lemma in lex.speech_verbs and dep in ("nsubj", "nsubjpass", "agent"):
        controlled = _controlled(gov, verb) if dep == "nsubj" else None
        return controlled or SOURCE
    if lemma in lex.cited_verbs and dep in ("dative", "dobj"):
        return SOURCE
    if lemma in lex.victim_verbs and dep == "nsubj":
        return "target"
    if lemma == "be" and dep == "nsubj" and any(c.dep_ == "prep" and c.lower_ == "among" for c in gov.children):
        return "target"  # "three policemen were among those killed"
    if verb.dep_ == "advcl" and gov.i == verb.head.i and dep == "nsubjpass":
        return "weak_target"  # "twelve people were killed when gunmen opened fire"
    if gov.i != verb.i and dep == "nsubj" and _in_clause_of(gov, verb):
        return "weak"  # "nine people were killed when Russian forces fired rockets"
    return None


def _controlled(gov: Token, verb: Token) -> str | None:
    """'a ship reported being struck', 'the army claimed to have shot down': the speaker is the
    unstated subject of a subjectless clause (xcomp) it governs - the target of a passive or of
    "coming under" fire, else the doer."""
    if verb.dep_ != "xcomp" or verb.head.i != gov.i:
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    passive = any(c.dep_ == "auxpass" for c in verb.children) or any(
        c.dep_ == "prep" and c.lower_ == "under" for c in verb.children)
    return "target" if passive else "initiator"


def _dies_in_relative(mention: Token, trigger: Token) -> bool:
    """'the deputy governor, who died when a car bomb went off': a relative clause of the
    mention (or of its apposition) says it died or was killed, and holds the trigger."""
    lex = lexicon()
    nouns = [mention] + [c for c in mention.children if c.dep_ == "appos"]
    if mention.dep_ == "appos":
        nouns.append(mention.head)
    for noun in nouns:
        for clause in noun.children:
            if clause.dep_ != "relcl" or trigger.i not in {t.i for t in clause.subtree}:
                continue
            passive = any(c.dep_ == "nsubjpass" and c.tag_ in RELATIVE_TAGS for c in clause.children)
            if passive or clause.lemma_.lower() in lex.victim_verbs:
                return True
    return False


def _in_clause_of(gov: Token, verb: Token) -> bool:
    """Whether `gov` is an adverbial clause of the trigger's verb: right under it, or a "when"
    clause the parse hung lower in the trigger's clause ("nine were killed - and 37 wounded -
    when Russian forces fired rockets"), under no other verb with a subject of its own."""
    if gov.dep_ != "advcl":
        return False
    if gov.head.i == verb.i:
        return True
    if not any(c.lower_ in function_words("subordinators") and c.dep_ in ("advmod", "mark") for c in gov.children):
        return False
    node = gov.head
    for _ in range(8):
        if node.i == verb.i:
            return True
        if _is_verb(node) and (node.dep_ in ("ccomp", "relcl") or any(
                c.dep_ in ("nsubj", "nsubjpass") for c in node.children)):
            return False
        if node.head.i == node.i:
            return False
        node = node.head
    return False


def _relative_role(mention: Token, verb: Token) -> str | None:
    """A trigger in a relative clause of the mention: the role of the relative pronoun
    ("the bandits who attacked" -> initiator; "the students whom gunmen seized", "villagers
    killed by gunmen" -> target)."""
    if verb.dep_ not in ("relcl", "acl") or verb.head.i != mention.i:
        return None
    for child in verb.children:
        if child.tag_ in RELATIVE_TAGS:
            if child.dep_ in ("nsubj",):
                return "initiator"
            if child.dep_ in ("dobj", "nsubjpass"):
                return "target"
    if verb.tag_ == "VBN" or any(c.dep_ == "nsubj" for c in verb.children):
        return "target"
    return "initiator" if verb.tag_ == "VBG" else None


def _under(trigger: Token, verb: Token) -> bool:
    """'came under attack', 'was under fire': the trigger sits in an "under" phrase of the verb."""
    node = trigger
    while node.i != verb.i and node.head.i != node.i:
        if node.dep_ == "prep" and node.lower_ == "under":
            return True
        node = node.head
    return False


def _noun_role(child: Token, under: bool) -> str | None:
    """The role of a mention reached through `child`, a dependent of a noun trigger."""
    if child.dep_ in NOUN_INITIATOR_DEPS:
        return "initiator"
    if child.dep_ == "prep":
        word = child.lower_
        if word == "by" or (under and word == "from"):
            return "initiator"
        if word in function_words("noun_target"):
            return "target"
        if word in function_words("party"):
            return "party"
    return None


def _between_inside(path: Sequence[Token]) -> bool:
    """'a firefight in Mindoro between troops and rebels': a "between" phrase the parse hung on
    a place or time inside a noun trigger's phrase still names the trigger's two sides (the path
    from the mention up to the trigger holds only nouns and prepositions)."""
    if any(_is_verb(t) for t in path):
        return False
    return any(t.dep_ == "prep" and t.lower_ == "between" for t in path[1:])


def _role(mention: Token, trigger: Token, verb: Token) -> str | None:
    """'initiator', 'target', 'party', 'weak', 'weak_target', 'source', 'place' or None for one mention
    head, by its path up to the trigger (the weak roles fill a slot nothing stronger fills).

    The relation that counts is the one to the nearest verb on the path: in "a bomb hit a
    convoy, killing two peacekeepers" the peacekeepers are the object of "killing", a clause
    of the trigger's verb, and so targets too."""
    fixed = _verb_role(mention, trigger, verb)
    if fixed in (SOURCE, "initiator", "target"):
        return fixed
    relative = _relative_role(mention, verb)
    if relative is not None:
        return relative
    under = _under(trigger, verb)
    if mention.head.i == trigger.i and trigger.i != verb.i and mention.dep_ in NOUN_INITIATOR_DEPS:
        return "initiator"
    path: list[Token] = []
    node = mention
    while node.i != verb.i and node.head.i != node.i:
        path.append(node)
        if node.head.i == trigger.i and trigger.i != verb.i:
            inner = _noun_role(node, under)
            if node.dep_ == "acl" and len(path) > 1 and path[-2].dep_ == "agent":
                inner = "initiator"  # "a missile fired by Russian forces"
            if inner is None and _between_inside(path):
                inner = "party"  # "a firefight in the hills between troops and rebels"
            if inner is not None:
                return inner
        node = node.head
        if len(path) > 8:
            return fixed
    if node.i != verb.i or not path:
        return fixed
    top = path[-1]
    for child in path:
        if child.head.pos_ in ("VERB", "AUX") and child.head.i != verb.i and child.dep_ in TARGET_DEPS \
                and top.dep_ in CLAUSE_DEPS:
            return "target"  # object of a clause of the trigger's verb
        if child.head.pos_ in ("VERB", "AUX"):
            break
    if any(_is_verb(child) and child.dep_ in ("relcl", "acl") for child in path[:-1]):
        return fixed  # "attacked a district where gunmen battled residents": another clause's subject
    for child in path[:-1]:
        if child.dep_ in ("prep", "agent") and child.lower_ == "by" and not _is_verb(child.head):
            return "initiator"  # "killed in an attack by armed men"
    if top.dep_ in INITIATOR_DEPS or top.dep_ == "agent":
        return "target" if under and top.dep_ == "nsubj" else "initiator"
    if top.dep_ in TARGET_DEPS:
        return "target"
    if top.dep_ == "prep" and top.lower_ in function_words("target"):
        return "target"
    if top.dep_ == "prep" and top.lower_ == "by":
        return "initiator"
    if top.dep_ == "prep" and top.lower_ in function_words("place") and fixed is None:
        return PLACE  # "fighting broke out three kilometres from the troops' detachment"
    return fixed


def _head_token(doc: Doc, actor: Actor) -> Token | None:
    return token_at(doc, actor.head if actor.head is not None else actor.span.start)


def is_source(doc: Doc, actor: Actor, trigger_head: int | None = None) -> bool:
    """Whether a mention only reports ("..., police said", "residents told AFP", "according to
    the governor", "citing officials"): a source is no party to the event it reports."""
    head = _head_token(doc, actor)
    if head is None:
        return False
    trigger = token_at(doc, trigger_head) if trigger_head is not None else None
    if trigger is None:
        return _according(head) or _verb_role(head, head, head) == SOURCE
    return _verb_role(head, trigger, clause_head(trigger)) == SOURCE


def _reciprocal(trigger: Token, verb: Token) -> bool:
    """Whether the trigger is a fight between its sides ("clashed", "fought a gun battle")."""
    words = lexicon().reciprocal_words
    return trigger.lemma_.lower() in words or verb.lemma_.lower() in words


def speaks_of_itself(doc: Doc, actor: Actor, trigger_head: int) -> bool:
    """Whether a mention that reports the event reports its own part in it ("a tanker reported
    being struck", "the army claimed to have shot down two drones"): it is the unstated subject
    of the trigger's subjectless clause, a party and no mere source."""
    head = _head_token(doc, actor)
    trigger = token_at(doc, trigger_head)
    if head is None or trigger is None or head.dep_ != "nsubj":
        return False
    return _controlled(head.head, clause_head(trigger)) is not None


def assign_roles(doc: Doc, trigger_head: int, actors: Sequence[Actor]) -> tuple[Actor | None, Actor | None]:
    """(actor1, actor2) for the trigger whose head token starts at char `trigger_head`."""
    trigger = token_at(doc, trigger_head)
    if trigger is None or not actors:
        return (actors[0] if actors else None, actors[1] if len(actors) > 1 else None)
    verb = shared_subject_verb(clause_head(trigger))
    initiator: Actor | None = None
    target: Actor | None = None
    parties: list[Actor] = []
    weak: list[Actor] = []
    weak_targets: list[Actor] = []
    rest: list[Actor] = []
    for actor in actors:
        head = _head_token(doc, actor)
        role = _role(head, trigger, verb) if head is not None else None
        if role in (SOURCE, PLACE):
            continue
        if role == "initiator" and initiator is None:
            initiator = actor
        elif role == "target" and target is None:
            target = actor
        elif role == "party":
            parties.append(actor)
        elif role == "weak":
            weak.append(actor)
        elif role == "weak_target":
            weak_targets.append(actor)
        else:
            rest.append(actor)
    # "A firefight between X and Y left six people dead": the two sides, not the people hit
    # (a side that died stays the target: the other side is then the doer).
    sides = list({a.name: a for a in parties}.values())
    if len(sides) >= 2 and (target is None or target.kind == "civilians") \
            and (initiator is None or initiator.name in (sides[0].name, sides[1].name)):
        initiator, target = sides[0], sides[1]
    # The other side of "fighting with X", and the doer of a clause that explains a passive
    # ("were killed when Russian forces fired rockets").
    for actor in parties + weak:
        if initiator is None and (target is None or actor.name != target.name):
            initiator = actor
        elif target is None and initiator is not None and actor.name != initiator.name and actor in parties:
            target = actor
    for actor in weak_targets:
        if target is None and (initiator is None or actor.name != initiator.name):
            target = actor
    # "X and Y fought": a second side in the doer's own phrase (one mention split by its
    # conjoined groups) is the other side - before the people the fighting killed when the
    # trigger is a fight between them ("Russian and Syrian warplanes struck ..., killing nine
    # civilians": allies, and the civilians the target).
    mutual = _reciprocal(trigger, verb)
    for actor in rest:
        if (target is None or (mutual and target.kind == "civilians")) and initiator is not None \
                and actor.span == initiator.span and actor.name != initiator.name:
            target = actor
    rest = [a for a in rest if a is not target]
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
