"""The records dedup speaks: `Report` in (one per-article event), `Cluster` and `Merge` out.

The store builds a `Report` from each v1 Event record and keeps every report's own fields and
figures; dedup only says which reports describe one event (`Cluster`) and why (`Merge`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Report:
    """One per-article event, as the store built it from the v1 Event record."""

    report_id: str  # the Event.event_id (unique)
    article_id: str
    source: str | None  # outlet domain
    published: date | None
    event_date: date | None
    event_date_end: date | None
    time_precision: int | None  # ACLED: 1 day, 2 week, 3 month or longer
    latitude: float | None
    longitude: float | None
    geo_precision: int | None  # ACLED: 1 town, 2 part of a region, 3 larger region
    iso3: str | None
    event_type: str | None  # ACLED type; None for PLOVER-only events
    sub_event_type: str | None
    plover_type: str
    actor1: str | None
    actor2: str | None
    fatalities: int
    status: str  # reported / claimed / denied / threatened / historical
    text: str  # the evidence sentences joined (for similarity)
    # Added beyond the brief (optional): the Event's admin1. A coarse (geo_precision 3) report
    # is otherwise compared with a whole country; with admin1 on both sides a report coded to
    # one region does not join an event in another.
    admin1: str | None = None


@dataclass(frozen=True, slots=True)
class Merge:
    """Why a report joined its cluster: the member it matched best, the score, the reasons."""

    report_id: str
    matched_report_id: str  # the cluster member it matched best
    score: float  # 0..1
    reasons: dict[str, float | str]


@dataclass(frozen=True, slots=True)
class Cluster:
    """Reports of one event. Every report is in exactly one cluster (singletons included)."""

    cluster_id: str
    report_ids: tuple[str, ...]  # sorted
    fatalities: int  # by the toll rule (frontwire.dedup.toll)
    fatalities_rule: str  # one line: which report's figure and why
    representative_id: str  # the report whose fields the cluster shows
