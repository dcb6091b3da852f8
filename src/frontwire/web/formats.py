"""GET /api/events in JSON, GeoJSON and CSV, streamed page by page for exports.

The records are v1 events (the representative report of each cluster, review edits overlaid)
with the cluster's fields; CSV uses ACLED's column names where ACLED has one, as `frontwire
extract --format csv` does, so an export opens in the same tools. `brief` keeps the fields the
map and the list draw, so a map of thousands of events stays small.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ..export import ACLED_COLUMNS
from .queries import CLUSTER_FIELDS, REPORT_COLUMNS

FORMATS = ("json", "geojson", "csv")
BRIEF_FIELDS = ("cluster_id", "event_date", "event_type", "sub_event_type", "plover_type", "actor1", "actor2",
                "location", "country", "iso3", "latitude", "longitude", "geo_precision", "fatalities",
                "status", "n_reports", "notes")
CSV_FIELDS = (*REPORT_COLUMNS, *(f for f in CLUSTER_FIELDS if f not in REPORT_COLUMNS), "review_status",
              "review_edited")
MEDIA_TYPES = {"json": "application/json", "geojson": "application/geo+json", "csv": "text/csv; charset=utf-8"}


def brief(record: Mapping[str, Any]) -> dict[str, Any]:
    out = {k: record.get(k) for k in BRIEF_FIELDS}
    out["review"] = {"status": record["review"]["status"]}
    return out


def feature(record: Mapping[str, Any]) -> dict[str, Any] | None:
    """A GeoJSON Point feature, or None for an event without coordinates (it cannot be placed)."""
    lat, lon = record.get("latitude"), record.get("longitude")
    if lat is None or lon is None:
        return None
    props = {k: v for k, v in record.items() if k not in ("latitude", "longitude")}
    return {"type": "Feature", "id": record["cluster_id"], "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": props}


COMPACT = (",", ":")  # JSON without the spaces json.dumps puts after separators


def json_chunks(records: Iterable[Mapping[str, Any]], next_cursor: str | None) -> Iterator[str]:
    yield '{"events":['
    for i, record in enumerate(records):
        yield ("," if i else "") + json.dumps(record, ensure_ascii=False, default=str, separators=COMPACT)
    yield '],"next":' + json.dumps(next_cursor) + "}"


def json_page(records: Iterable[Mapping[str, Any]], next_cursor: str | None) -> str:
    """One page as `json_chunks` writes it, encoded in one call (a page is held whole anyway;
    encoding record by record cost a third of an unfiltered page's CPU)."""
    return json.dumps({"events": list(records), "next": next_cursor}, ensure_ascii=False, default=str,
                      separators=COMPACT)


def geojson_chunks(records: Iterable[Mapping[str, Any]], next_cursor: str | None) -> Iterator[str]:
    yield '{"type":"FeatureCollection","features":['
    first = True
    for record in records:
        feat = feature(record)
        if feat is None:
            continue
        yield ("" if first else ",") + json.dumps(feat, ensure_ascii=False, default=str)
        first = False
    yield '],"next":' + json.dumps(next_cursor) + "}"


def csv_header() -> list[str]:
    return [ACLED_COLUMNS.get(name, name) for name in CSV_FIELDS]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    """A CSV cell. Text that a spreadsheet would run as a formula (an article can put
    "=HYPERLINK(...)" into notes or an actor name) gets a leading apostrophe (OWASP's advice)."""
    if value is None:
        return ""
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_chunks(records: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(csv_header())
    for i, record in enumerate(records):
        review = record.get("review") or {}
        values = {**record, "review_status": review.get("status"), "review_edited": ",".join(review.get("edited", []))}
        writer.writerow([_cell(values.get(name)) for name in CSV_FIELDS])
        if i % 500 == 499:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


__all__ = ["BRIEF_FIELDS", "CSV_FIELDS", "FORMATS", "MEDIA_TYPES", "brief", "csv_chunks", "csv_header", "feature",
           "geojson_chunks", "json_chunks"]
