"""Typed records that every stage speaks.

Article -> (annotate) -> Event. `Event` is the v1 record of shared/DESIGN.md: fields may be
added, none renamed. Offsets (`start`, `end`) are always character offsets into `Article.text`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, get_args

Status = Literal["reported", "claimed", "denied", "threatened", "historical"]
STATUSES: tuple[str, ...] = get_args(Status)
VictimKind = Literal["military", "civilian", "police", "rebel", "unknown"]


@dataclass(frozen=True)
class Span:
    """A piece of the article text with its character offsets."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Article:
    article_id: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: date | None = None
    author: str | None = None
    section: str | None = None
    origin: str | None = None  # where it was read from: a path, "<stdin>", a URL


@dataclass(frozen=True)
class Skipped:
    """An input that could not be read as an article, and why (shown to the user, counted)."""

    source: str
    reason: str


@dataclass(frozen=True)
class TimeSpan:
    """A resolved time expression. `start` is None when it cannot be resolved (no publication
    date for a yearless date); `precision` is ACLED's time_precision (1 day, 2 week/short range,
    3 month or longer)."""

    text: str
    start_char: int
    end_char: int
    start: date | None
    end: date | None
    precision: int
    # True for expressions that point far into the past ("in the early 1990s", "in 1994")
    # relative to publication: background, not news.
    historical: bool = False


@dataclass(frozen=True)
class Place:
    name: str
    country: str | None
    iso3: str | None
    admin1: str | None = None
    admin2: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geonames_id: int | None = None
    feature_code: str | None = None
    geo_precision: int = 3  # ACLED: 1 town, 2 near a town / part of region, 3 larger region


@dataclass(frozen=True)
class Toponym:
    """A place mention in the text and what it resolved to (place None: unresolved)."""

    span: Span
    place: Place | None
    score: float = 0.0


@dataclass(frozen=True)
class Actor:
    """An actor mention normalised to an ACLED-style name."""

    name: str  # "Military Forces of Armenia", "Civilians (Azerbaijan)"
    iso3: str | None
    kind: str  # military, police, rebel, government, civilians, protesters, person, org, country
    span: Span
    head: int | None = None  # char offset of the mention's syntactic head, for role assignment


@dataclass(frozen=True)
class VictimGroup:
    """A count of dead people in one sentence: '12 Azerbaijani servicemen'."""

    count: int
    kind: VictimKind
    nationality: str | None  # the demonym or country word in the group's phrase ("Azerbaijani"), if any
    span: Span


@dataclass(frozen=True)
class Trigger:
    """A word or phrase that signals an event, mapped to the taxonomies."""

    span: Span
    lemma: str
    event_type: str | None  # ACLED; None for PLOVER-only events (statements, threats, diplomacy)
    sub_event_type: str | None
    plover_type: str
    score: float
    head: int  # char offset of the trigger's head token


@dataclass(frozen=True)
class Evidence:
    text: str
    start: int
    end: int


@dataclass
class Event:
    """The v1 event record."""

    event_id: str
    article_id: str
    event_date: str | None
    event_date_end: str | None
    time_precision: int | None
    event_type: str | None
    sub_event_type: str | None
    plover_type: str
    actor1: str | None
    actor1_iso3: str | None
    actor2: str | None
    actor2_iso3: str | None
    country: str | None
    iso3: str | None
    admin1: str | None
    admin2: str | None
    location: str | None
    latitude: float | None
    longitude: float | None
    geonames_id: int | None
    geo_precision: int | None
    fatalities: int
    deaths_actor1: int | None
    deaths_actor2: int | None
    deaths_civilians: int | None
    deaths_unknown: int | None
    status: Status
    attributed_to: str | None
    source: str | None
    url: str | None
    published: str | None
    notes: str
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.5

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


EVENT_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Event))
