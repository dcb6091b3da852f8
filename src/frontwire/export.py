"""Writers for v1 event records: JSON Lines, CSV (ACLED's column names), GeoJSON, a text table.

Pure formatting over `Event` records; the caller owns the file or stream.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from .model import EVENT_FIELDS, Event, Toponym

FORMATS = ("table", "jsonl", "csv", "geojson")

# v1 field -> ACLED export column, where ACLED has one (ACLED codebook 2023). Fields ACLED lacks
# keep their v1 name, so a CSV round-trips every field.
ACLED_COLUMNS: dict[str, str] = {
    "event_id": "event_id_cnty",
    "event_date": "event_date",
    "time_precision": "time_precision",
    "event_type": "event_type",
    "sub_event_type": "sub_event_type",
    "actor1": "actor1",
    "actor2": "actor2",
    "country": "country",
    "iso3": "iso3",
    "admin1": "admin1",
    "admin2": "admin2",
    "location": "location",
    "latitude": "latitude",
    "longitude": "longitude",
    "geo_precision": "geo_precision",
    "source": "source",
    "notes": "notes",
    "fatalities": "fatalities",
}


def write_jsonl(events: Iterable[Event], out: TextIO) -> int:
    n = 0
    for event in events:
        out.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


def csv_header() -> list[str]:
    return [ACLED_COLUMNS.get(name, name) for name in EVENT_FIELDS] + ["year"]


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        # evidence: the supporting sentences with their offsets, as compact JSON in one cell
        return json.dumps(value, ensure_ascii=False)
    return value


def write_csv(events: Iterable[Event], out: TextIO) -> int:
    writer = csv.writer(out)
    writer.writerow(csv_header())
    n = 0
    for event in events:
        row = event.to_dict()
        year = (event.event_date or "")[:4]
        writer.writerow([_csv_value(row[name]) for name in EVENT_FIELDS] + [year])
        n += 1
    return n


def geojson(events: Iterable[Event]) -> dict[str, Any]:
    """A FeatureCollection of the events that have coordinates (others cannot be placed)."""
    features = []
    for event in events:
        if event.latitude is None or event.longitude is None:
            continue
        props = {k: v for k, v in event.to_dict().items() if k not in ("latitude", "longitude")}
        features.append(
            {
                "type": "Feature",
                "id": event.event_id,
                "geometry": {"type": "Point", "coordinates": [event.longitude, event.latitude]},
                "properties": props,
            }
        )
    return {"type": "FeatureCollection", "features": features}


def write_geojson(events: Iterable[Event], out: TextIO) -> int:
    collection = geojson(events)
    json.dump(collection, out, ensure_ascii=False, indent=1)
    out.write("\n")
    return len(collection["features"])


TABLE_COLUMNS: Sequence[tuple[str, int]] = (
    ("event_date", 10),
    ("p", 1),
    ("status", 10),
    ("type", 34),
    ("actors", 48),
    ("location", 26),
    ("dead", 4),
)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def table_rows(event: Event) -> list[str]:
    kind = event.sub_event_type or f"({event.plover_type})"
    actors = " → ".join(a for a in (event.actor1, event.actor2) if a) or "-"
    place = ", ".join(p for p in (event.location, event.iso3) if p) or "-"
    return [
        event.event_date or "?",
        str(event.time_precision or "-"),
        event.status,
        kind,
        actors,
        place,
        str(event.fatalities),
    ]


def write_table(events: Iterable[Event], out: TextIO) -> int:
    """A fixed-width table for people; the notes line under each row says what the event is."""
    buf = io.StringIO()
    header = "  ".join(name.ljust(width) for name, width in TABLE_COLUMNS)
    buf.write(header.rstrip() + "\n" + "-" * len(header) + "\n")
    n = 0
    for event in events:
        cells = table_rows(event)
        line = "  ".join(_cut(c, w).ljust(w) for c, (_, w) in zip(cells, TABLE_COLUMNS, strict=True))
        buf.write(line.rstrip() + "\n")
        buf.write(f"    {event.notes}\n")
        n += 1
    out.write(buf.getvalue())
    return n


TOPONYM_COLUMNS: Sequence[tuple[str, int]] = (
    ("text", 22), ("start", 6), ("end", 6), ("resolved", 22), ("geonames_id", 11), ("lat", 9), ("lon", 9),
    ("country", 14), ("admin1", 16), ("fcode", 5), ("prec", 4), ("score", 5),
)


def toponym_record(article_id: str, t: Toponym) -> dict[str, Any]:
    """One toponym as a flat record: the mention and what it resolved to (None: unresolved)."""
    p = t.place
    return {
        "article_id": article_id, "text": t.span.text, "start": t.span.start, "end": t.span.end,
        "name": p.name if p else None, "geonames_id": p.geonames_id if p else None,
        "latitude": p.latitude if p else None, "longitude": p.longitude if p else None,
        "country": p.country if p else None, "iso3": p.iso3 if p else None,
        "admin1": p.admin1 if p else None, "feature_code": p.feature_code if p else None,
        "geo_precision": p.geo_precision if p else None, "score": round(t.score, 3),
    }


def write_toponyms(rows: Iterable[dict[str, Any]], fmt: str, out: TextIO) -> int:
    """`frontwire geoparse` output: JSON Lines, or a table for people."""
    n = 0
    if fmt == "table":
        out.write("  ".join(name.ljust(w) for name, w in TOPONYM_COLUMNS).rstrip() + "\n")
    for r in rows:
        if fmt == "jsonl":
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
        else:
            cells = [r["text"], r["start"], r["end"], r["name"], r["geonames_id"],
                     f"{r['latitude']:.4f}" if r["latitude"] is not None else None,
                     f"{r['longitude']:.4f}" if r["longitude"] is not None else None,
                     r["country"], r["admin1"], r["feature_code"], r["geo_precision"], r["score"]]
            line = "  ".join(_cut("-" if c is None else str(c), w).ljust(w)
                             for c, (_, w) in zip(cells, TOPONYM_COLUMNS, strict=True))
            out.write(line.rstrip() + "\n")
        n += 1
    return n


WRITERS = {
    "jsonl": write_jsonl,
    "csv": write_csv,
    "geojson": write_geojson,
    "table": write_table,
}


def write(events: Sequence[Event], fmt: str, out: TextIO) -> int:
    """Write `events` in format `fmt`; returns how many records were written."""
    return WRITERS[fmt](events, out)
