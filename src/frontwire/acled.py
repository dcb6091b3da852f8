"""A v1 record as a row of ACLED's export: the 31 columns, in ACLED's order and types, that
ACLED's own scripts and an analyst's pandas code load (`--format acled`).

What frontwire's record does not hold is derived, with these rules:
- `event_id_cnty`: the ISO3 code of the event's country and a number: the first 40 bits of the
  SHA-256 of the cluster's id (of the report's id outside a store), so the same event keeps its
  id from one export to the next (ACLED numbers events in the order it codes them; frontwire has
  no such order across runs). Two events of one country share a number with odds of about
  n^2 / 2^41 (under 1 in 200 for 10^5 events).
- `disorder_type`: from the event and sub-event type (acled.yaml `disorder_types`).
- `inter1`, `inter2`: ACLED's actor type codes 1-8 from the actor's name: its generic names
  ("Military Forces of X" 1, "Unidentified Armed Group" 3, "Civilians" 7) and the kind of the
  named and identity groups of actors.yaml (acled.yaml `inter_codes`); 0 without an actor, 8 for a name
  neither knows. `interaction`: the two codes, the smaller first (12, 17, 37); one actor alone:
  its code and 0 (60: protesters alone).
- `civilian_targeting`: "Civilian targeting" for political violence whose second actor is
  civilians (code 7).
- `iso`, `region`: ISO 3166 numeric and ACLED's region of the event's country
  (acled_regions.csv); `country`: ACLED's short name.
- `assoc_actor_1/2`, `admin3`, `source_scale`, `tags`: empty: frontwire does not extract them.
- `timestamp`: the publication date at 00:00 UTC as Unix seconds (ACLED's is when the row was
  last changed; the publication date is the nearest fact a report holds), 0 without one.

Which records are events for ACLED: those with an ACLED event type (a PLOVER-only record is a
statement, a threat, a meeting), and not `historical` (background); `acled_events` keeps them
unless asked to keep the others too.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, date, datetime
from typing import Any

from .errors import ResourceError
from .resources import read_csv, read_yaml

COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)
# ACLED's column types (its codebook), for a reader that wants them: every other column is text.
INTEGER_COLUMNS = frozenset({"year", "time_precision", "inter1", "inter2", "interaction", "iso", "geo_precision",
                             "fatalities", "timestamp"})
FLOAT_COLUMNS = frozenset({"latitude", "longitude"})
CIVILIAN_TARGETING = "Civilian targeting"
CIVILIANS = 7


@functools.lru_cache(maxsize=1)
def _codes() -> tuple[dict[str, str], dict[str, str], list[tuple[re.Pattern[str], int]], dict[str, int]]:
    raw = read_yaml("ontology/acled.yaml", ("disorder_types", "disorder_sub_types", "inter_codes"))
    try:
        names = [(re.compile(str(pattern)), int(code)) for pattern, code in raw["inter_codes"]["names"]]
        kinds = {str(k): int(v) for k, v in raw["inter_codes"]["kinds"].items()}
    except (KeyError, TypeError, ValueError, AttributeError, re.error) as err:
        raise ResourceError("ontology/acled.yaml: inter_codes needs 'names' ([pattern, code] pairs) and 'kinds' "
                            f"(kind: code): {err}") from None
    return ({str(k): str(v) for k, v in raw["disorder_types"].items()},
            {str(k): str(v) for k, v in raw["disorder_sub_types"].items()}, names, kinds)


@functools.lru_cache(maxsize=1)
def country_codes() -> dict[str, tuple[int, str]]:
    """ISO3 -> (ISO 3166 numeric, ACLED's region): acled_regions.csv."""
    rows = read_csv("ontology/acled_regions.csv", required=("iso3", "iso_numeric", "region"))
    try:
        return {r["iso3"]: (int(r["iso_numeric"]), r["region"]) for r in rows}
    except ValueError as err:
        raise ResourceError(f"ontology/acled_regions.csv: an iso_numeric is not a number: {err}") from None


@functools.lru_cache(maxsize=1)
def _group_kinds() -> list[tuple[re.Pattern[str], str]]:
    """ACLED's names of the named groups of actors.yaml ("Islamic State ({country})") as patterns,
    with their kinds."""
    from .extract.actors import lexicon

    seen: dict[str, str] = {}
    for group in lexicon().aliases.values():
        seen.setdefault(group.name, group.kind)
    return [(re.compile("^" + re.escape(name).replace(re.escape("{country}"), ".+") + "$"), kind)
            for name, kind in seen.items()]


@functools.lru_cache(maxsize=4096)
def inter_code(actor: str | None) -> int:
    """ACLED's actor type code of an actor's name: 0 for none, 8 for a name no rule knows."""
    if not actor or not actor.strip():
        return 0
    name = actor.strip()
    _, _, names, kinds = _codes()
    for pattern, kind in _group_kinds():
        if pattern.match(name) and kind in kinds:
            return kinds[kind]
    return next((code for pattern, code in names if pattern.search(name)), 8)


def interaction(inter1: int, inter2: int) -> int:
    if not inter2:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def disorder_type(event_type: str | None, sub_event_type: str | None) -> str:
    types, sub_types, _, _ = _codes()
    if sub_event_type and sub_event_type in sub_types:
        return sub_types[sub_event_type]
    return types.get(event_type or "", "")


def event_number(key: str) -> int:
    """The stable number of `event_id_cnty`: the first 40 bits of SHA-256 of the event's id."""
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:10], 16)


def _timestamp(published: Any) -> int:
    if not published:
        return 0
    try:
        day = published if isinstance(published, date) else date.fromisoformat(str(published)[:10])
    except ValueError:
        return 0
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


def acled_row(record: Mapping[str, Any]) -> dict[str, Any]:
    """The ACLED export row of a v1 record (a report, or a cluster with `cluster_id`)."""
    from .extract.countries import country_name

    iso3 = record.get("iso3") or None
    key = str(record.get("cluster_id") or record.get("event_id") or "")
    inter1, inter2 = inter_code(record.get("actor1")), inter_code(record.get("actor2"))
    disorder = disorder_type(record.get("event_type"), record.get("sub_event_type"))
    numeric, region = country_codes().get(iso3 or "", (None, ""))
    event_date = record.get("event_date")
    return {
        "event_id_cnty": f"{iso3 or 'XXX'}{event_number(key)}",
        "event_date": event_date,
        "year": int(str(event_date)[:4]) if event_date else None,
        "time_precision": record.get("time_precision"),
        "disorder_type": disorder,
        "event_type": record.get("event_type"),
        "sub_event_type": record.get("sub_event_type"),
        "actor1": record.get("actor1"),
        "assoc_actor_1": "",
        "inter1": inter1,
        "actor2": record.get("actor2"),
        "assoc_actor_2": "",
        "inter2": inter2,
        "interaction": interaction(inter1, inter2),
        "civilian_targeting": CIVILIAN_TARGETING if "Political violence" in disorder and inter2 == CIVILIANS else "",
        "iso": numeric,
        "region": region,
        "country": country_name(iso3) if iso3 else record.get("country"),
        "admin1": record.get("admin1"),
        "admin2": record.get("admin2"),
        "admin3": "",
        "location": record.get("location"),
        "latitude": record.get("latitude"),
        "longitude": record.get("longitude"),
        "geo_precision": record.get("geo_precision"),
        "source": record.get("source"),
        "source_scale": "",
        "notes": record.get("notes"),
        "fatalities": record.get("fatalities") or 0,
        "tags": "",
        "timestamp": _timestamp(record.get("published")),
    }


def acled_events(records: Iterable[Mapping[str, Any]], *, statements: bool = False,
                 historical: bool = False) -> Iterator[Mapping[str, Any]]:
    """The records that are ACLED events: with an ACLED event type (`statements`: the PLOVER-only
    ones too) and not background (`historical`: those too)."""
    for record in records:
        if not statements and not record.get("event_type"):
            continue
        if not historical and record.get("status") == "historical":
            continue
        yield record
