"""The event filters of `frontwire events`, GET /api/events, the page and every export: what a
filter is (EventFilter), how it is read from text (parse_filter: flags and query parameters alike,
normalised and validated), and what it means, twice: in SQL (filter_conditions) and in Python
(matches, for events whose review edited the filtered fields). tests/test_events_query.py draws
random filters and checks that the two meanings agree on SQLite and PostgreSQL.

A bad value is a UsageError that names the option as the caller spells it ('--min-fatalities' on
the command line, 'min_fatalities' in a query string) and says what was expected.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import and_, func, or_, select

from ..errors import UsageError
from ..model import STATUSES
from . import schema as t


@dataclass(frozen=True)
class EventFilter:
    """The filters of `frontwire events` and GET /api/events."""

    since: date | None = None
    until: date | None = None
    country: str | None = None  # ISO3 or a country name
    bbox: tuple[float, float, float, float] | None = None  # min_lon, min_lat, max_lon, max_lat
    event_type: str | None = None  # ACLED event type or sub-event type
    actor: str | None = None  # substring of actor1 or actor2, case-insensitive
    min_fatalities: int | None = None
    status: str | None = None


# --- reading a filter from text -----------------------------------------------------------------

def option_name(name: str, prefix: str) -> str:
    """How the option `name` (a field of EventFilter) is called: '--min-fatalities' for flags
    (prefix '--'), 'min_fatalities' for query parameters (prefix ''). The event type is
    `--type` and `type` in both."""
    name = "type" if name == "event_type" else name
    return prefix + name.replace("_", "-") if prefix else name


def _day(value: str | date, option: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"{option}: not an ISO date (YYYY-MM-DD): {value!r}") from None


def parse_bbox(value: str, option: str = "--bbox") -> tuple[float, float, float, float]:
    """'min_lon,min_lat,max_lon,max_lat' in degrees (WGS 84), each min at most its max (a box may
    be a line or a point: the events exactly there)."""
    expected = f"{option}: expected min_lon,min_lat,max_lon,max_lat with min <= max, got {value!r}"
    try:
        numbers = [float(p) for p in value.split(",")]
    except ValueError:
        raise UsageError(expected) from None
    if len(numbers) != 4 or not all(math.isfinite(x) for x in numbers):
        raise UsageError(expected)
    min_lon, min_lat, max_lon, max_lat = numbers
    if not (min_lon <= max_lon and min_lat <= max_lat):
        raise UsageError(expected)
    if not (min_lon >= -180 and max_lon <= 180 and min_lat >= -90 and max_lat <= 90):
        raise UsageError(f"{expected} (longitudes lie in -180..180, latitudes in -90..90)")
    return min_lon, min_lat, max_lon, max_lat


def parse_country(value: str, option: str) -> str:
    """An ISO 3166 code (alpha-3 or alpha-2) or a country name -> its alpha-3 code, which the
    store matches against `iso3`. The names are the extractor's (extract/countries.py: ISO's,
    pycountry's common and official names, and the colloquial ones of demonyms.csv: "Burma",
    "Ivory Coast", "DR Congo", "Kosovo"), so a filter names a country as the events do. An
    unknown name is refused with the closest known ones: a misspelt country must not quietly
    select nothing."""
    import pycountry

    from ..extract.countries import country_name, country_names, lookup, normalise

    text = value.strip()
    if not text:
        raise UsageError(f"{option}: expected an ISO 3166 code or a country name, got {value!r}")
    if text.isalpha() and len(text) in (2, 3):
        code = text.upper()
        found = pycountry.countries.get(alpha_2=code) if len(code) == 2 else pycountry.countries.get(alpha_3=code)
        if found is not None:
            return str(found.alpha_3)
    hit = lookup(text)
    if hit is not None and hit[1] == "name":
        return hit[0]
    names = country_names()
    if text.isalpha() and len(text) == 3 and text.upper() in names.values():  # XKX: Kosovo's user-assigned code
        return text.upper()
    close = difflib.get_close_matches(normalise(text), list(names), n=3, cutoff=0.75)
    hint = ("; did you mean " + " or ".join(dict.fromkeys(repr(country_name(names[c])) for c in close)) + "?"
            if close else "")
    raise UsageError(f"{option}: unknown country {value!r}: expected an ISO 3166 code or a country name{hint}")


def parse_event_type(value: str, option: str) -> str:
    """An ACLED event type or sub-event type, in any case; returned in ACLED's spelling."""
    from ..extract.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    names = [*taxonomy.event_types, *(s.name for s in taxonomy.sub_types)]
    by_lower = {n.lower(): n for n in names}
    wanted = value.strip().lower()
    found = by_lower.get(wanted)
    if found is not None:
        return found
    close = [n for n in by_lower if wanted and wanted in n][:3] or difflib.get_close_matches(
        wanted, list(by_lower), n=3, cutoff=0.6)
    hint = ("; did you mean " + " or ".join(repr(by_lower[c]) for c in close) + "?") if close else (
        "; ACLED's event types are " + ", ".join(taxonomy.event_types))
    raise UsageError(f"{option}: unknown ACLED event type or sub-event type {value!r}{hint}")


def parse_statuses(value: str, option: str) -> tuple[str, ...]:
    """One status or several, comma-separated ('reported,claimed'), each one of STATUSES."""
    statuses = tuple(dict.fromkeys(s.strip().lower() for s in value.split(",") if s.strip()))
    wrong = [s for s in statuses if s not in STATUSES]
    if wrong or not statuses:
        got = repr(wrong[0]) if wrong else repr(value)
        raise UsageError(f"{option}: expected one or more of {', '.join(STATUSES)} (comma-separated), got {got}")
    return statuses


def _min_fatalities(value: str | int, option: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise UsageError(f"{option}: expected a whole number of dead >= 0, got {value!r}")
    return number


def parse_filter(*, since: str | date | None = None, until: str | date | None = None, country: str | None = None,
                 bbox: str | None = None, event_type: str | None = None, actor: str | None = None,
                 min_fatalities: str | int | None = None, status: str | None = None,
                 prefix: str = "--") -> EventFilter:
    """The store filter of these textual options; UsageError naming the first bad one. An empty
    value is no filter. `status` is one status here (parse_statuses reads a list). `prefix`: how
    the options are named in messages ('--' for flags, '' for query parameters)."""
    def given(value: str | date | int | None) -> bool:
        return value is not None and value != ""

    day_from = _day(since, option_name("since", prefix)) if since is not None and given(since) else None
    day_to = _day(until, option_name("until", prefix)) if until is not None and given(until) else None
    if day_from and day_to and day_from > day_to:
        raise UsageError(f"{option_name('since', prefix)} {day_from} is after {option_name('until', prefix)} "
                         f"{day_to}: no event can match")
    if actor is not None and actor != "" and not actor.strip():
        raise UsageError(f"{option_name('actor', prefix)}: expected some text of an actor's name, got {actor!r}")
    statuses = parse_statuses(status, option_name("status", prefix)) if status is not None and given(status) else ()
    if len(statuses) > 1:
        raise UsageError(f"{option_name('status', prefix)}: one status here, got {status!r}")
    return EventFilter(
        since=day_from,
        until=day_to,
        country=parse_country(country, option_name("country", prefix)) if country and given(country) else None,
        bbox=parse_bbox(bbox, option_name("bbox", prefix)) if bbox and given(bbox) else None,
        event_type=(parse_event_type(event_type, option_name("event_type", prefix))
                    if event_type and given(event_type) else None),
        actor=actor.strip() if actor else None,
        min_fatalities=(_min_fatalities(min_fatalities, option_name("min_fatalities", prefix))
                        if min_fatalities is not None and given(min_fatalities) else None),
        status=statuses[0] if statuses else None,
    )


# --- what a filter means ------------------------------------------------------------------------

def filter_conditions(f: EventFilter, table: Any = t.clusters) -> list[Any]:
    """The filter's SQL conditions on `table`: the clusters table (which carries copies of its
    representative report's filterable fields and the cluster's toll, so no join is needed) or
    the reports table. A three-letter country is an ISO3 code (no country's name has three
    letters); a country name is matched on the reports."""
    c = table.c
    conds: list[Any] = []
    if f.since:
        conds.append(c.event_date >= f.since.isoformat())
    if f.until:
        conds.append(c.event_date <= f.until.isoformat())
    if f.country:
        code = f.country.strip().upper()
        if len(code) == 3 and code.isalpha():
            conds.append(c.iso3 == code)
        else:
            name = func.lower(t.reports.c.country) == f.country.strip().lower()
            conds.append(name if table is t.reports else
                         c.representative_id.in_(select(t.reports.c.event_id).where(name)))
    if f.bbox:
        min_lon, min_lat, max_lon, max_lat = f.bbox
        conds.append(and_(c.latitude >= min_lat, c.latitude <= max_lat, c.longitude >= min_lon, c.longitude <= max_lon))
    if f.event_type:
        conds.append(or_(func.lower(c.event_type) == f.event_type.lower(),
                         func.lower(c.sub_event_type) == f.event_type.lower()))
    if f.actor:
        conds.append(or_(c.actor1.icontains(f.actor, autoescape=True), c.actor2.icontains(f.actor, autoescape=True)))
    if f.min_fatalities is not None:
        conds.append(c.fatalities >= f.min_fatalities)
    if f.status:
        conds.append(c.status == f.status)
    return conds


def matches(record: Mapping[str, Any], f: EventFilter) -> bool:
    """filter_conditions in Python, for edited records (same meaning, on the edited values)."""
    d = record.get("event_date")
    if (f.since and (d is None or d < f.since.isoformat())) or (f.until and (d is None or d > f.until.isoformat())):
        return False
    if f.country:
        code = f.country.strip().upper()
        by_code = len(code) == 3 and code.isalpha()
        if (by_code and (record.get("iso3") or "").upper() != code) or (
                not by_code and (record.get("country") or "").lower() != f.country.strip().lower()):
            return False
    if f.bbox:
        lat, lon = record.get("latitude"), record.get("longitude")
        if lat is None or lon is None or not (f.bbox[1] <= lat <= f.bbox[3] and f.bbox[0] <= lon <= f.bbox[2]):
            return False
    if f.event_type and f.event_type.lower() not in ((record.get("event_type") or "").lower(),
                                                       (record.get("sub_event_type") or "").lower()):
        return False
    if f.actor and not any(f.actor.lower() in (record.get(k) or "").lower() for k in ("actor1", "actor2")):
        return False
    if f.min_fatalities is not None and int(record.get("fatalities") or 0) < f.min_fatalities:
        return False
    return not (f.status and record.get("status") != f.status)


__all__ = ["STATUSES", "EventFilter", "filter_conditions", "matches", "option_name", "parse_bbox", "parse_country",
           "parse_event_type", "parse_filter", "parse_statuses"]
