"""An event under construction: one mention (a trigger sentence and the sentences that
continue it), later joined with the article's other mentions of the same event."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Actor, Evidence, TimeSpan, Toponym, Trigger, VictimGroup


@dataclass
class Draft:
    """An event under construction from one or more sentences."""

    trigger: Trigger
    paragraph: int
    time: TimeSpan | None
    time_explicit: bool
    actors: list[Actor]
    actor1: Actor | None
    actor2: Actor | None
    victims: list[VictimGroup]
    dead: int
    place: Toponym | None
    status: str
    attributed_to: str | None
    evidence: list[Evidence] = field(default_factory=list)
    speaker: Actor | None = None
    last_paragraph: int = -1  # the paragraph of the draft's latest sentence
    # Why other mentions were joined to this one (document-level linking), for the notes.
    joined: list[str] = field(default_factory=list)
    revised: bool = False  # a sentence of it revises a toll ("the death toll rose to 9")
    fresh: bool = False  # its sentence says it tells another event ("in a second attack")
    plural: bool = False  # the trigger is a plural noun ("attacks", "killings"): maybe a tally
    summary: bool = False  # its sentence lists several places ("attacks hit A, B, C and D"): a round-up

    def __post_init__(self) -> None:
        if self.last_paragraph < 0:
            self.last_paragraph = self.paragraph

    @property
    def violent(self) -> bool:
        return self.trigger.event_type is not None
