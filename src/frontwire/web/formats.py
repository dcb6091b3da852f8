"""GET /api/events in JSON, GeoJSON and CSV, streamed page by page for exports.

The records are v1 events (the representative report of each cluster, review edits overlaid)
with the cluster's fields. export.py writes each format, as it does for `frontwire events`: a
record of the JSON is `export.json_record` (the object `--format jsonl` writes on a line, less the
evidence sentences the API's records do not carry), the GeoJSON is `export.geojson_lines` (the
same features, the same left out), the CSV `export.csv_lines` (ACLED's column names, formulas
defused, the CLI's columns less the evidence). This module adds the API's envelopes: `{"events":
[...], "next": cursor}` and a FeatureCollection with a `next` member. `brief` keeps the fields the
map and the list draw, so a map of thousands of events stays small.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from .. import export
from ..model import EVENT_FIELDS
from ..store.events_query import REPORT_COLUMNS

FORMATS = ("json", "geojson", "csv", "acled", "ucdp")
# In `export.json_record`'s order (the v1 fields in theirs, then the cluster's), which keeps them so.
BRIEF_FIELDS = ("event_date", "event_type", "sub_event_type", "plover_type", "actor1", "actor2", "country", "iso3",
                "location", "latitude", "longitude", "geo_precision", "fatalities", "status", "notes",
                "cluster_id", "n_reports")
# The CSV's columns: the v1 fields a record holds (a report's columns: not its evidence), then the
# cluster's and the review's, as `frontwire events --format csv` orders them.
CSV_EVENT_FIELDS = tuple(f for f in EVENT_FIELDS if f in REPORT_COLUMNS)
CSV_EXTRAS = (*export.CLUSTER_FIELDS, *export.REVIEW_COLUMNS)
CHUNK_LINES = 500  # records (lines of CSV, features, JSON records) per chunk of a streamed response
MEDIA_TYPES = {"json": "application/json", "geojson": "application/geo+json", "csv": "text/csv; charset=utf-8",
               "acled": "text/csv; charset=utf-8", "ucdp": "text/csv; charset=utf-8"}


def brief(record: Mapping[str, Any]) -> dict[str, Any]:
    out = {k: record.get(k) for k in BRIEF_FIELDS}
    out["review"] = {"status": record["review"]["status"]}
    return out


def _chunks(texts: Iterator[str]) -> Iterator[str]:
    """`texts` joined CHUNK_LINES at a time: a streamed response's chunks."""
    while chunk := "".join(itertools.islice(texts, CHUNK_LINES)):
        yield chunk


def json_chunks(records: Iterable[Mapping[str, Any]], next_cursor: str | None) -> Iterator[str]:
    """`{"events": [export.json_record of each], "next": next_cursor}`, in chunks."""
    def texts() -> Iterator[str]:
        yield '{"events":['
        for i, record in enumerate(records):
            yield ("," if i else "") + export.dumps(export.json_record(record))
        yield '],"next":' + export.dumps(next_cursor) + "}"
    return _chunks(texts())


def json_page(records: Iterable[Mapping[str, Any]], next_cursor: str | None) -> str:
    """One page as `json_chunks` writes it, encoded in one call (a page is held whole anyway;
    encoding record by record cost a third of an unfiltered page's CPU)."""
    return export.dumps({"events": [export.json_record(r) for r in records], "next": next_cursor})


def geojson_chunks(records: Iterable[Mapping[str, Any]], next_cursor: str | None) -> Iterator[str]:
    """The FeatureCollection of `export.geojson_lines` (records without coordinates left out) with
    a `next` member, in chunks."""
    return _chunks(export.geojson_lines(records, {"next": next_cursor}))


def csv_chunks(records: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """The CSV (export.csv_lines) in chunks; the header alone when no record matches."""
    return _chunks(export.csv_lines(map(export.review_columns, records), CSV_EXTRAS, CSV_EVENT_FIELDS))


def acled_chunks(records: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """ACLED's export (export.acled_lines: its 31 columns, its events only) in chunks."""
    return _chunks(export.acled_lines(records))


def ucdp_chunks(records: Iterable[Mapping[str, Any]]) -> Iterator[str]:
    """UCDP GED's columns (export.ucdp_lines: fatal political violence only) in chunks."""
    return _chunks(export.ucdp_lines(records))


__all__ = ["BRIEF_FIELDS", "CSV_EVENT_FIELDS", "CSV_EXTRAS", "FORMATS", "MEDIA_TYPES", "acled_chunks", "brief", "ucdp_chunks", "csv_chunks",
           "geojson_chunks", "json_chunks", "json_page"]
