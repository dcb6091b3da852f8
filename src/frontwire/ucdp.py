"""A v1 record as a row of UCDP's Georeferenced Event Dataset (GED): `--format ucdp`.

UCDP codes organised violence that killed at least one person, so only records of political
violence (acled.py disorder types) with a toll above zero are written. The columns and how each
is derived:
- `id`: the stable number of acled.py (40 bits of the SHA-256 of the cluster's or report's id).
- `type_of_violence`: 3 one-sided when the second actor is civilians (or protesters met with
  force), else 1 state-based when either actor is a state's force, else 2 non-state (ucdp.yaml;
  the actor codes of acled.py).
- `side_a`, `side_b`: the state (state-based) or the perpetrator (one-sided) first; UCDP's
  "Civilians" for the civilian side. `deaths_a`, `deaths_b` follow the sides; `deaths_civilians`,
  `deaths_unknown` are the record's.
- `best`: the record's toll (a cluster's: the toll chosen over its reports); `low` and `high`: the
  same, as a report gives one figure (UCDP's low and high come from disagreeing sources). The
  deaths a report does not assign to a side are `deaths_unknown`, so the four parts add up to
  `best`, as in UCDP's data.
- `where_prec`: 1 the place itself (geo_precision 1); 6 the country named as the place; 4 a
  first-order division; 3 a second-order division; 2 near a place (geo_precision 2); 4 otherwise
  (a region below the country).
- `date_prec`: 1 the day; 2 a span of 2-6 days; 3 a week; 4 a span within a month; 5 longer.
- `country`, `region`: UCDP's region (ucdp.yaml, by ACLED's); `adm_1`, `adm_2`, `where_coordinates`
  (the place's name), `latitude`, `longitude`, `source_article` (source and URL), `year`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import Any

from .acled import country_codes, disorder_type, event_number, inter_code
from .errors import ResourceError
from .resources import read_yaml

COLUMNS: tuple[str, ...] = (
    "id", "year", "type_of_violence", "side_a", "side_b", "source_article", "where_coordinates", "where_prec",
    "adm_1", "adm_2", "latitude", "longitude", "country", "region", "date_prec", "date_start", "date_end",
    "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low",
)
INTEGER_COLUMNS = frozenset({"id", "year", "type_of_violence", "where_prec", "date_prec", "deaths_a", "deaths_b",
                             "deaths_civilians", "deaths_unknown", "best", "high", "low"})
CIVILIANS = "Civilians"


@functools.lru_cache(maxsize=1)
def _codes() -> tuple[dict[str, str], dict[str, str], frozenset[int], frozenset[int]]:
    raw = read_yaml("ontology/ucdp.yaml", ("regions", "region_exceptions", "state_codes", "civilian_codes"))
    try:
        return ({str(k): str(v) for k, v in raw["regions"].items()},
                {str(k): str(v) for k, v in raw["region_exceptions"].items()},
                frozenset(int(c) for c in raw["state_codes"]), frozenset(int(c) for c in raw["civilian_codes"]))
    except (TypeError, ValueError, AttributeError) as err:
        raise ResourceError(f"ontology/ucdp.yaml: {err}") from None


def region(iso3: str | None) -> str:
    regions, exceptions, _, _ = _codes()
    if not iso3:
        return ""
    if iso3 in exceptions:
        return exceptions[iso3]
    return regions.get(country_codes().get(iso3, (0, ""))[1], "")


def type_of_violence(actor1: str | None, actor2: str | None) -> int:
    _, _, state, civilian = _codes()
    inter1, inter2 = inter_code(actor1), inter_code(actor2)
    if inter2 in civilian or (not actor2 and inter1 in civilian):
        return 3
    if inter1 in state or inter2 in state:
        return 1
    return 2


def where_prec(record: Mapping[str, Any]) -> int:
    location, precision = record.get("location"), record.get("geo_precision")
    if location and precision == 1:
        return 1
    if not location or location == record.get("country"):
        return 6
    if location == record.get("admin1"):
        return 4
    if location == record.get("admin2"):
        return 3
    return 2 if precision == 2 else 4


def date_prec(record: Mapping[str, Any]) -> int:
    start, end = record.get("event_date"), record.get("event_date_end") or record.get("event_date")
    if record.get("time_precision") == 1 or not start:
        return 1
    try:
        days = (date.fromisoformat(str(end)[:10]) - date.fromisoformat(str(start)[:10])).days + 1
    except ValueError:
        return 5
    if days <= 1:
        return 1
    return 2 if days <= 6 else 3 if days <= 7 else 4 if days <= 31 else 5


def ucdp_row(record: Mapping[str, Any]) -> dict[str, Any]:
    """The GED row of a v1 record (a report, or a cluster with `cluster_id`)."""
    actor1, actor2 = record.get("actor1"), record.get("actor2")
    violence = type_of_violence(actor1, actor2)
    _, _, state, _ = _codes()
    sides = [(actor1, record.get("deaths_actor1")), (actor2, record.get("deaths_actor2"))]
    if violence == 1 and inter_code(actor1) not in state:
        sides.reverse()  # the state is side A
    if violence == 3:
        sides[1] = (CIVILIANS, None)
    (side_a, deaths_a), (side_b, deaths_b) = sides
    best = int(record.get("fatalities") or 0)
    civilians, unknown = int(record.get("deaths_civilians") or 0), int(record.get("deaths_unknown") or 0)
    deaths_a, deaths_b = int(deaths_a or 0), int(deaths_b or 0)
    unknown += max(0, best - deaths_a - deaths_b - civilians - unknown)  # the parts add up to best
    start = record.get("event_date")
    source = "; ".join(str(x) for x in (record.get("source"), record.get("url")) if x)
    return {
        "id": event_number(str(record.get("cluster_id") or record.get("event_id") or "")),
        "year": int(str(start)[:4]) if start else None,
        "type_of_violence": violence,
        "side_a": side_a or "",
        "side_b": side_b or "",
        "source_article": source,
        "where_coordinates": record.get("location"),
        "where_prec": where_prec(record),
        "adm_1": record.get("admin1"),
        "adm_2": record.get("admin2"),
        "latitude": record.get("latitude"),
        "longitude": record.get("longitude"),
        "country": record.get("country"),
        "region": region(record.get("iso3")),
        "date_prec": date_prec(record),
        "date_start": start,
        "date_end": record.get("event_date_end") or start,
        "deaths_a": deaths_a,
        "deaths_b": deaths_b,
        "deaths_civilians": civilians,
        "deaths_unknown": unknown,
        "best": best,
        "high": best,
        "low": best,
    }


def ucdp_events(records: Iterable[Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:
    """The records UCDP would code: political violence that killed someone, not background."""
    for record in records:
        if record.get("status") == "historical" or not int(record.get("fatalities") or 0):
            continue
        if "Political violence" in disorder_type(record.get("event_type"), record.get("sub_event_type")):
            yield record
