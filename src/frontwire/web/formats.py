"""GET /api/events in JSON, GeoJSON and CSV, streamed page by page for exports.

The records are v1 events (the representative report of each cluster, review edits overlaid)
with the cluster's fields. CSV is written by export.py's one CSV writer (ACLED's column names,
formulas defused), with the columns `frontwire events --format csv` has, less the evidence
sentences the API's records do not carry, so an export opens in the same tools. `brief` keeps
the fields the map and the list draw, so a map of thousands of events stays small.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from .. import export
from ..model import EVENT_FIELDS
from .queries import REPORT_COLUMNS

FORMATS = ("json", "geojson", "csv")
BRIEF_FIELDS = ("cluster_id", "event_date", "event_type", "sub_event_type", "plover_type", "actor1", "actor2",
                "location", "country", "iso3", "latitude", "longitude", "geo_precision", "fatalities",
                "status", "n_reports", "notes")
# The CSV's columns: the v1 fields a record holds (a report's columns: not its evidence), then the
# cluster's and the review's, as `frontwire events --format csv` orders them.
CSV_EVENT_FIELDS = tuple(f for f in EVENT_FIELDS if f in REPORT_COLUMNS)
CSV_EXTRAS = (*export.CLUSTER_FIELDS, *export.REVIEW_COLUMNS)
CSV_CHUNK_LINES = 500  # lines of CSV per chunk of the streamed response
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


def csv_chunks(records: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """The CSV (export.csv_lines) in chunks of CSV_CHUNK_LINES lines; the header alone when no
    record matches."""
    lines = export.csv_lines(map(export.review_columns, records), CSV_EXTRAS, CSV_EVENT_FIELDS)
    while chunk := "".join(itertools.islice(lines, CSV_CHUNK_LINES)):
        yield chunk


__all__ = ["BRIEF_FIELDS", "CSV_EVENT_FIELDS", "CSV_EXTRAS", "FORMATS", "MEDIA_TYPES", "brief", "csv_chunks", "feature",
           "geojson_chunks", "json_chunks"]
