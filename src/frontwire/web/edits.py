"""What a reviewer may change in an event, and the checks a change must pass.

An edit is a set of v1 fields with new values. It is checked here, field by field and then as a
whole record (a sub-event type must belong to the event type, coordinates come in pairs, an end
date is not before the start), so that a corrected event is still a valid v1 record: exports and
evaluations read edited events exactly like extracted ones.

Every value is bounded (bounds.py): text has no control characters (notes may run over lines),
counts within 0..MAX_FATALITIES, ids within INTEGER, so that an edited event can be stored,
summed and exported on both databases.

Identity and provenance fields (ids, source, url, published, evidence, confidence) are not
editable: they say where the record came from, and a review cannot change that.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from ..errors import UsageError
from ..extract.taxonomy import load_taxonomy
from ..model import STATUSES
from .bounds import MAX_FATALITIES, MAX_GEONAMES_ID, MAX_TEXT, check_int, check_text, shown

_ISO3 = re.compile(r"[A-Z]{3}")
_PLOVER = re.compile(r"[A-Z][A-Z_]{1,39}")

Check = Callable[[str, Any], Any]


def _text(nullable: bool, prose: bool = False) -> Check:
    """Text of at most MAX_TEXT characters (a paste of a whole article into a field is a
    mistake), on one line unless `prose`."""

    def check(name: str, value: Any) -> Any:
        if value is None:
            if nullable:
                return None
            raise UsageError(f"{name}: may not be empty")
        if not isinstance(value, str):
            raise UsageError(f"{name}: expected text, got {type(value).__name__}")
        value = value.strip()
        if not value:
            if nullable:
                return None
            raise UsageError(f"{name}: may not be empty")
        if len(value) > MAX_TEXT:
            raise UsageError(f"{name}: {len(value)} characters, at most {MAX_TEXT}")
        return check_text(name, value, prose=prose)

    return check


def _int(low: int, high: int, nullable: bool) -> Check:
    def check(name: str, value: Any) -> Any:
        if value is None:
            if nullable:
                return None
            raise UsageError(f"{name}: may not be empty")
        return check_int(name, value, low, high)

    return check


def _float(low: float, high: float) -> Check:
    def check(name: str, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise UsageError(f"{name}: expected a number, got {shown(value)}")
        if not low <= value <= high:  # compared as given: float() of a huge JSON integer overflows; NaN fails
            raise UsageError(f"{name}: {shown(value)} is out of range ({low:g}..{high:g})")
        return float(value)

    return check


def _date(name: str, value: Any) -> Any:
    if value is None:
        return None
    if not isinstance(value, str):
        raise UsageError(f"{name}: expected an ISO date (YYYY-MM-DD), got {shown(value)}")
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise UsageError(f"{name}: not an ISO date (YYYY-MM-DD): {shown(value)}") from None


def _iso3(name: str, value: Any) -> Any:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _ISO3.fullmatch(value.strip().upper()):
        raise UsageError(f"{name}: expected a three-letter ISO 3166 code, got {shown(value)}")
    return value.strip().upper()


def _status(name: str, value: Any) -> Any:
    if value not in STATUSES:
        raise UsageError(f"{name}: expected one of {', '.join(STATUSES)}, got {shown(value)}")
    return value


def _plover(name: str, value: Any) -> Any:
    if not isinstance(value, str) or not _PLOVER.fullmatch(value.strip().upper()):
        raise UsageError(f"{name}: expected a PLOVER event type such as ASSAULT, got {shown(value)}")
    return value.strip().upper()


def _event_type(name: str, value: Any) -> Any:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or value not in load_taxonomy().event_types:
        raise UsageError(f"{name}: not an ACLED event type: {shown(value)}")
    return value


def _sub_event_type(name: str, value: Any) -> Any:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or value not in load_taxonomy().by_name:
        raise UsageError(f"{name}: not an ACLED sub-event type: {shown(value)}")
    return value


@functools.cache
def checks() -> dict[str, Check]:
    """Editable field -> its check (returns the normalised value or raises UsageError)."""
    optional_text = _text(True)
    count = _int(0, MAX_FATALITIES, True)
    return {
        "event_date": _date, "event_date_end": _date, "time_precision": _int(1, 3, True),
        "event_type": _event_type, "sub_event_type": _sub_event_type, "plover_type": _plover,
        "actor1": optional_text, "actor1_iso3": _iso3, "actor2": optional_text, "actor2_iso3": _iso3,
        "country": optional_text, "iso3": _iso3, "admin1": optional_text, "admin2": optional_text,
        "location": optional_text, "latitude": _float(-90.0, 90.0), "longitude": _float(-180.0, 180.0),
        "geonames_id": _int(0, MAX_GEONAMES_ID, True), "geo_precision": _int(1, 3, True),
        "fatalities": _int(0, MAX_FATALITIES, False), "deaths_actor1": count, "deaths_actor2": count,
        "deaths_civilians": count, "deaths_unknown": count, "status": _status,
        "attributed_to": optional_text, "notes": _text(False, prose=True),
    }


EDITABLE: tuple[str, ...] = tuple(checks())


def check_changes(changes: Mapping[str, Any]) -> dict[str, Any]:
    """The changes with each value normalised; UsageError naming the first bad field."""
    if not changes:
        raise UsageError("changes: an edit must change at least one field")
    table = checks()
    unknown = sorted(set(changes) - set(table))
    if unknown:
        named = ", ".join(name if name.isidentifier() and len(name) <= 40 else shown(name, 40) for name in unknown[:5])
        more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
        raise UsageError(f"changes: not editable: {named}{more} (editable: {', '.join(EDITABLE)})")
    return {name: table[name](name, value) for name, value in changes.items()}


def check_record(record: Mapping[str, Any]) -> None:
    """Whole-record rules an edited event must still satisfy (UsageError naming the fields)."""
    sub = record.get("sub_event_type")
    if sub is not None:
        parent = load_taxonomy().by_name[sub].event_type
        if record.get("event_type") != parent:
            raise UsageError(f"sub_event_type: {sub!r} belongs to event type {parent!r}, "
                             f"not {record.get('event_type')!r}: change both together")
    if (record.get("latitude") is None) != (record.get("longitude") is None):
        raise UsageError("latitude, longitude: give both coordinates or neither")
    start, end = record.get("event_date"), record.get("event_date_end")
    if start is not None and end is not None and end < start:
        raise UsageError(f"event_date_end: {end} is before event_date {start}")


__all__ = ["EDITABLE", "STATUSES", "check_changes", "check_record", "checks"]
