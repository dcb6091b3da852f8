"""The event ontology, loaded once: ACLED's taxonomy (ontology/acled.yaml) and the trigger lexicon
(ontology/triggers.yaml).

Both are data (a coder extends or corrects them without touching code); this module validates them
and compiles them into lookup tables once per process: sub-event type -> event type, CASE 2021
label, default PLOVER type; trigger words indexed by their first lemma and by dependency head.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import ResourceError
from ..resources import read_yaml


@dataclass(frozen=True)
class SubEventType:
    name: str  # ACLED's exact string, e.g. "Shelling/artillery/missile attack"
    event_type: str  # e.g. "Explosions/Remote violence"
    case2021: str  # e.g. "ART_MISS_ATTACK"
    plover: str  # default PLOVER type of such an event


@dataclass(frozen=True)
class TargetRule:
    """Who was attacked decides between a battle and violence against civilians (acled.yaml)."""

    sub_types: frozenset[str] = frozenset()  # the generic violence sub-types it re-types
    armed: frozenset[str] = frozenset()  # actor kinds of armed, organised sides
    unarmed: frozenset[str] = frozenset()  # actor kinds of unarmed people
    clash: str = "Armed clash"  # the sub-type when both sides are armed
    attack: str = "Attack"  # the sub-type when armed men harm unarmed people
    two_sided: frozenset[str] = frozenset()  # trigger lemmas of fire from both sides: never an Attack


@dataclass(frozen=True)
class Taxonomy:
    sub_types: tuple[SubEventType, ...]
    non_event_labels: tuple[str, ...]  # CASE 2021 classes that are not ACLED events
    none_label: str  # the prediction label for "no ACLED event"
    target_rule: TargetRule = TargetRule()
    crowd_actors: Mapping[str, str] = field(default_factory=dict)  # event type -> its crowd ("Protesters")
    civil_sub_types: frozenset[str] = frozenset()  # strategic developments of a government, not an army

    @functools.cached_property
    def by_name(self) -> dict[str, SubEventType]:
        return {s.name: s for s in self.sub_types}

    @functools.cached_property
    def by_case_label(self) -> dict[str, SubEventType]:
        return {s.case2021: s for s in self.sub_types}

    @property
    def case_labels(self) -> tuple[str, ...]:
        """The 25 CASE 2021 labels of ACLED sub-event types, in taxonomy order."""
        return tuple(s.case2021 for s in self.sub_types)

    @property
    def event_types(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(s.event_type for s in self.sub_types))

    def sub_type(self, name: str) -> SubEventType:
        try:
            return self.by_name[name]
        except KeyError:
            raise ResourceError(f"unknown ACLED sub-event type {name!r} (see ontology/acled.yaml)") from None


def _parse(raw: Any) -> Taxonomy:
    if not isinstance(raw, dict) or not isinstance(raw.get("event_types"), dict):
        raise ResourceError("ontology/acled.yaml: expected a mapping with 'event_types'")
    subs: list[SubEventType] = []
    for event_type, members in raw["event_types"].items():
        if not isinstance(members, dict):
            raise ResourceError(f"ontology/acled.yaml: {event_type!r} must map sub-types to fields")
        for name, fields in members.items():
            try:
                subs.append(SubEventType(str(name), str(event_type), str(fields["case2021"]),
                                         str(fields["plover"])))
            except (TypeError, KeyError) as err:
                raise ResourceError(f"ontology/acled.yaml: {name!r} lacks {err}") from None
    taxonomy = Taxonomy(
        sub_types=tuple(subs),
        non_event_labels=tuple(str(x) for x in raw.get("case2021_non_event", [])),
        none_label=str(raw.get("case2021_none", "NONE")),
        crowd_actors={str(k): str(v) for k, v in (raw.get("crowd_actors") or {}).items()},
        civil_sub_types=frozenset(str(x) for x in raw.get("civil_sub_types", [])),
    )
    rule = raw.get("type_by_target")
    if not rule:
        return taxonomy
    try:
        target = TargetRule(
            sub_types=frozenset(str(x) for x in rule["sub_types"]),
            armed=frozenset(str(x) for x in rule["armed"]),
            unarmed=frozenset(str(x) for x in rule["unarmed"]),
            clash=str(rule["clash"]),
            attack=str(rule["attack"]),
            two_sided=frozenset(str(x).lower() for x in rule.get("two_sided", [])),
        )
    except (KeyError, TypeError) as err:
        raise ResourceError(f"ontology/acled.yaml: type_by_target lacks {err}") from None
    for name in (*target.sub_types, target.clash, target.attack):
        taxonomy.sub_type(name)  # fail early on a misspelt sub-type
    return Taxonomy(taxonomy.sub_types, taxonomy.non_event_labels, taxonomy.none_label, target)


@functools.lru_cache(maxsize=1)
def load_taxonomy() -> Taxonomy:
    """The packaged ACLED taxonomy (read once per process)."""
    return _parse(read_yaml("ontology/acled.yaml"))


def type_by_target(event_type: str | None, sub_event_type: str | None, actor1_kind: str | None,
                   actor2_kind: str | None, *, same_actor: bool = False,
                   trigger_lemma: str | None = None) -> tuple[str | None, str | None]:
    """The ACLED type of a generic act of violence ("attack", "kill", "open fire") by who did it
    to whom, once the event's actors are known (kinds as in model.Actor: military, police, rebel,
    civilians, ...).

    ACLED's rule: violence between two armed, organised sides is a battle, whoever started it
    ("militants attacked an army checkpoint", "gunmen opened fire on police guarding a camp",
    "soldiers killed five insurgents"): Battles/Armed clash. An armed side - state forces
    included - that harms unarmed people commits violence against civilians: Attack. An unknown
    doer (None) counts as armed: ACLED codes it as an unidentified armed group. Other types
    (shelling, bombs, abductions, riots, protests) and other pairs of actors are returned
    unchanged, as is any event whose target is unknown - or is the doer again (`same_actor`: a
    parse that named one party as both). A trigger of fire from both sides ("an exchange of
    fire", "a gunfight": `two_sided`) stays a battle whoever died in it.
    """
    rule = load_taxonomy().target_rule
    if sub_event_type not in rule.sub_types or actor2_kind is None or same_actor:
        return event_type, sub_event_type
    if actor1_kind is not None and actor1_kind not in rule.armed:
        return event_type, sub_event_type
    if actor2_kind in rule.armed:
        sub = rule.clash
    elif actor2_kind in rule.unarmed:
        if (trigger_lemma or "").lower() in rule.two_sided:
            return event_type, sub_event_type
        sub = rule.attack
    else:
        return event_type, sub_event_type
    return load_taxonomy().sub_type(sub).event_type, sub


# ---------------------------------------------------------------- trigger lexicon

SCOPES = ("sentence", "window", "subject", "object", "target", "ancestors")


@dataclass(frozen=True)
class Entry:
    """One lexicon entry (see the header of ontology/triggers.yaml)."""

    words: tuple[str, ...]  # the lemma or phrase; empty for a dependency pattern
    head: frozenset[str]  # dependency pattern: lemmas of the head ...
    child: frozenset[str]  # ... and of a dependent
    pos: frozenset[str]
    group: str
    sub: str | None
    plover: str
    weight: float
    requires_place: bool
    requires_any: frozenset[str]
    absorbs_object: bool
    requires_person: bool = False
    # pattern: the dependent must be the head's object (or part of it), not reached through a
    # preposition ("set up a CAMP" is a base, "opened fire at a police CAMP" is not)
    object_only: bool = False


@dataclass(frozen=True)
class Cue:
    groups: frozenset[str]
    scope: str
    any: frozenset[str]  # lemmas, or phrases joined by one space
    set: str | None
    weight: float | None
    factor: float | None
    unless: frozenset[str] = frozenset()  # the cue does not act when the sentence holds one of these


@dataclass(frozen=True)
class Lexicon:
    by_first: dict[str, tuple[Entry, ...]]  # lemma/phrase entries by their first word
    by_head: dict[str, tuple[Entry, ...]]  # dependency patterns by head lemma
    cues: tuple[Cue, ...]
    place_words: frozenset[str]
    government: frozenset[str]
    non_state: frozenset[str]
    clause_factors: dict[str, float]  # dependency label of a background clause -> score factor
    irregular_forms: dict[str, str]  # inflected form -> lemma, where the lemmatiser errs
    # Fixed expressions whose words are never triggers ("take place", "hit out at"): lemma tuples.
    idioms: tuple[tuple[str, ...], ...] = ()
    person_words: frozenset[str] = frozenset()  # what counts as a person for `requires_person`
    # group -> score factor of its triggers when they are a past participle modifying a noun
    # ("the officers DEPLOYED there were killed": a description of the victims, not a deployment)
    participle_factors: dict[str, float] = field(default_factory=dict)


def _words(value: Any) -> frozenset[str]:
    if value is None:
        return frozenset()
    items = value if isinstance(value, list) else [value]
    return frozenset(" ".join(str(v).lower().replace("-", " ").split()) for v in items)


def _entry(raw: dict[str, Any], taxonomy: Taxonomy) -> Entry:
    sub = raw.get("sub")
    if sub is not None:
        taxonomy.sub_type(str(sub))  # fail early on a misspelt sub-type
    phrase = raw.get("lemma") or raw.get("phrase") or ""
    return Entry(
        words=tuple(str(phrase).lower().replace("-", " ").split()),
        head=_words(raw.get("head")),
        child=_words(raw.get("child")),
        pos=frozenset(str(p) for p in raw.get("pos", [])),
        group=str(raw.get("group", "verbal")),
        sub=None if sub is None else str(sub),
        plover=str(raw["plover"]),
        weight=float(raw["weight"]),
        requires_place=bool(raw.get("requires_place", False)),
        requires_any=_words(raw.get("requires_any")),
        absorbs_object=bool(raw.get("absorbs_object", False)),
        requires_person=bool(raw.get("requires_person", False)),
        object_only=bool(raw.get("object_only", False)),
    )


def _cue(raw: dict[str, Any], taxonomy: Taxonomy) -> Cue:
    scope = str(raw.get("scope", "sentence"))
    if scope not in SCOPES:
        raise ResourceError(f"ontology/triggers.yaml: cue scope {scope!r} is not one of {SCOPES}")
    target = raw.get("set")
    if target is not None:
        taxonomy.sub_type(str(target))
    return Cue(
        groups=_words(raw["groups"]),
        scope=scope,
        any=_words(raw["any"]),
        set=None if target is None else str(target),
        weight=None if raw.get("weight") is None else float(raw["weight"]),
        factor=None if raw.get("factor") is None else float(raw["factor"]),
        unless=_words(raw.get("unless")),
    )


def _parse_lexicon(raw: Any, taxonomy: Taxonomy) -> Lexicon:
    by_first: dict[str, list[Entry]] = {}
    by_head: dict[str, list[Entry]] = {}
    try:
        for item in raw["triggers"]:
            entry = _entry(item, taxonomy)
            if entry.head:
                for lemma in entry.head:
                    by_head.setdefault(lemma, []).append(entry)
            elif entry.words:
                by_first.setdefault(entry.words[0], []).append(entry)
            else:
                raise ResourceError(f"ontology/triggers.yaml: entry without lemma/phrase/head: {item!r}")
        cues = tuple(_cue(c, taxonomy) for c in raw.get("cues", []))
        actors = raw["actors"]
        return Lexicon(
            by_first={k: tuple(v) for k, v in by_first.items()},
            by_head={k: tuple(v) for k, v in by_head.items()},
            cues=cues,
            place_words=_words(raw.get("place_words")),
            government=_words(actors["government"]),
            non_state=_words(actors["non_state"]),
            clause_factors={str(k): float(v) for k, v in raw.get("clause_factors", {}).items()},
            irregular_forms={str(k).lower(): str(v).lower() for k, v in raw.get("irregular_forms", {}).items()},
            idioms=tuple(tuple(w.split()) for w in sorted(_words(raw.get("idioms")))),
            person_words=_words(raw.get("person_words")),
            participle_factors={str(k): float(v) for k, v in raw.get("participle_factors", {}).items()},
        )
    except (KeyError, TypeError, ValueError) as err:
        raise ResourceError(f"ontology/triggers.yaml is malformed: {err!r}") from err


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The packaged trigger lexicon, compiled once per process."""
    return _parse_lexicon(read_yaml("ontology/triggers.yaml"), load_taxonomy())
