"""Writers for event records: JSON Lines, CSV (ACLED's column names), GeoJSON, Parquet, a text table.

Pure formatting; the caller owns the file or stream. A record is a v1 `Event`, or a mapping with
the v1 fields plus extra fields after them (a cluster row of the store adds `cluster_id`,
`n_reports`, `report_fatalities`, `fatalities_rule`). Every writer first turns a record into one
ordered dict (`as_record`; `json_record` for the JSON formats), so the formats cannot disagree
about what a record holds. This module is the one writer of each format: the web API's exports
(web/formats.py) stream `csv_lines`, `json_record` + `dumps` and `geojson_lines`.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import itertools
import json
import math
import textwrap
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from .model import EVENT_FIELDS, Event, Toponym

FORMATS = ("table", "jsonl", "csv", "acled", "ucdp", "geojson")  # written to a text stream
BINARY_FORMATS = ("parquet",)  # written to a path or a binary file
ALL_FORMATS = FORMATS + BINARY_FORMATS

Record = Event | Mapping[str, Any]

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

# The fields a cluster row adds after the v1 fields, with their types (for Parquet's schema).
# In a cluster row `fatalities` is the cluster's toll and `report_fatalities` the representative
# report's own figure; `fatalities_rule` says how the toll was chosen.
CLUSTER_FIELDS: dict[str, type] = {
    "cluster_id": str,
    "n_reports": int,
    "report_fatalities": int,
    "fatalities_rule": str,
}


# --- records ------------------------------------------------------------------------------------

def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return value


def as_record(record: Record) -> dict[str, Any]:
    """The record as one dict: the v1 fields in their order (a missing one is None, evidence a
    list of {text, start, end}), then the record's other fields in its own order."""
    raw: Mapping[str, Any] = record.to_dict() if isinstance(record, Event) else record
    out = {name: raw.get(name) for name in EVENT_FIELDS}
    out["evidence"] = [_plain(e) for e in (raw.get("evidence") or [])]
    out.update((k, v) for k, v in raw.items() if k not in out)
    return out


def extra_fields(record: Mapping[str, Any]) -> tuple[str, ...]:
    """The fields of an `as_record` dict after the v1 ones."""
    return tuple(k for k in record if k not in EVENT_FIELDS)


def _prepared(records: Iterable[Record],
              extras: Sequence[str] | None) -> tuple[tuple[str, ...], Iterator[dict[str, Any]]]:
    """The extra columns (given, or those of the first record) and the records as dicts, lazily."""
    rows = map(as_record, records)
    if extras is not None:
        return tuple(extras), rows
    first = next(rows, None)
    if first is None:
        return (), iter(())
    return extra_fields(first), itertools.chain([first], rows)


# --- JSON: one record, JSON Lines -------------------------------------------------------------------

# The v1 fields typed float (coordinates, confidence): JSON has no NaN or infinity, so such a value
# is written as null (for a coordinate that is what it is: the event cannot be placed).
FLOAT_FIELDS = tuple(name for name, hint in typing.get_type_hints(Event).items()
                     if name in EVENT_FIELDS and (hint is float or float in typing.get_args(hint)))


def json_record(record: Record) -> dict[str, Any]:
    """The record as the JSON formats write it (JSON Lines, the API's JSON, GeoJSON's properties):
    the v1 fields it carries in their order (evidence a list of {text, start, end}), then its other
    fields in its own order; a float field that is not a finite number is None. Unlike `as_record`
    (CSV's fixed columns) a field the record does not carry is left out, not null: the API's
    records carry no evidence sentences and its `brief` ones only the fields a map draws."""
    raw: Mapping[str, Any] = record.to_dict() if isinstance(record, Event) else record
    keys = tuple(raw)
    in_order = _IN_ORDER.get(keys)
    if in_order is None:
        if len(_IN_ORDER) > 256:  # a caller with ever new field sets: keep the cache small
            _IN_ORDER.clear()
        in_order = _IN_ORDER[keys] = _json_order(keys) == keys
    if in_order:  # the common case (a store row, an Event): a copy, no reordering
        out = dict(raw)
    else:
        out = {name: raw[name] for name in EVENT_FIELDS if name in raw}
        out.update((k, v) for k, v in raw.items() if k not in out)
    if "evidence" in out:
        out["evidence"] = [_plain(e) for e in (out["evidence"] or [])]
    for name in FLOAT_FIELDS:
        value = out.get(name)
        if isinstance(value, float) and not math.isfinite(value):
            out[name] = None
    return out


_IN_ORDER: dict[tuple[str, ...], bool] = {}  # a record's keys -> whether they are in `_json_order`


def _json_order(keys: Sequence[str]) -> tuple[str, ...]:
    """`json_record`'s order of these keys: the v1 fields in their order, then the others."""
    return (*(name for name in EVENT_FIELDS if name in keys), *(k for k in keys if k not in EVENT_FIELDS))


def dumps(value: Any) -> str:
    """JSON text as every JSON format here writes it: UTF-8 as is, no spaces after separators, and
    no NaN or infinity (not JSON: a browser's JSON.parse rejects them; `json_record` nulls them)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def write_jsonl(records: Iterable[Record], out: TextIO, extras: Sequence[str] | None = None) -> int:
    """One `json_record` a line; `extras` is ignored (JSON writes every field a record has)."""
    n = 0
    for record in records:
        out.write(dumps(json_record(record)) + "\n")
        n += 1
    return n


# --- CSV ------------------------------------------------------------------------------------------

# The review state as columns (a cluster record of the API and of `frontwire events` carries it as
# a `review` object; JSON Lines and GeoJSON keep the object, CSV and Parquet flatten it).
REVIEW_COLUMNS = ("review_status", "review_edited")

# A text cell starting with one of these is run as a formula by a spreadsheet (OWASP, "CSV
# injection"): an article can put "=HYPERLINK(...)" into the notes or an actor's name.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def review_columns(record: Mapping[str, Any]) -> dict[str, Any]:
    """A cluster record with its `review` object as the two REVIEW_COLUMNS (for CSV and Parquet)."""
    flat = dict(record)
    review = flat.pop("review", None) or {}
    flat["review_status"], flat["review_edited"] = review.get("status"), ",".join(review.get("edited") or [])
    return flat


def csv_header(extras: Sequence[str] = (), fields: Sequence[str] = EVENT_FIELDS) -> list[str]:
    """ACLED's column names for the v1 fields, `year` (as ACLED has), then any extra fields.
    `fields`: the v1 fields written (all of them unless a caller has no value for some)."""
    return [ACLED_COLUMNS.get(name, name) for name in fields] + ["year", *extras]


def csv_cell(value: Any) -> Any:
    """One CSV cell: None is empty, a list or dict (evidence) compact JSON, and text that a
    spreadsheet would run as a formula (FORMULA_START) gets a leading apostrophe, as OWASP
    advises. Only text: a number (a longitude of -3.2) stays a number."""
    if isinstance(value, str):  # the common case first: this runs for every cell of an export
        return "'" + value if value.startswith(FORMULA_START) else value
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)  # starts with [ or {: never a formula
    return value


def csv_row(record: Mapping[str, Any], extras: Sequence[str] = (),
            fields: Sequence[str] = EVENT_FIELDS) -> list[Any]:
    """The cells of an `as_record` dict, in `csv_header`'s order."""
    year = (record.get("event_date") or "")[:4]
    return ([csv_cell(record.get(name)) for name in fields] + [csv_cell(year)]
            + [csv_cell(record.get(name)) for name in extras])


def csv_lines(records: Iterable[Record], extras: Sequence[str] | None = None,
              fields: Sequence[str] = EVENT_FIELDS) -> Iterator[str]:
    """The header line, then one line per record (each ends in CRLF, as RFC 4180 and Python's csv
    module have it), lazily: the one CSV writer, for files (`write_csv`) and for the API's
    streamed export (web/formats.py). `extras` as in `write`."""
    columns, rows = _prepared(records, extras)
    yield from _csv_text(csv_header(columns, fields), (csv_row(row, columns, fields) for row in rows))


def _csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """CSV lines (CRLF-ended, as RFC 4180 has them) of a header and rows of cells, lazily."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(cells: Sequence[Any]) -> str:
        writer.writerow(cells)
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield line(header)
    for cells in rows:
        yield line(cells)


def acled_lines(records: Iterable[Record], *, statements: bool = False, historical: bool = False) -> Iterator[str]:
    """ACLED's export (acled.py: its 31 columns in its order) of the records that are ACLED
    events (`statements`, `historical`: the others too), lazily; text cells neutralised as in
    `csv_lines`."""
    from .acled import COLUMNS, acled_events, acled_row

    kept = acled_events((as_record(r) for r in records), statements=statements, historical=historical)
    rows = (acled_row(record) for record in kept)
    yield from _csv_text(COLUMNS, ([csv_cell(row[c]) for c in COLUMNS] for row in rows))


def ucdp_lines(records: Iterable[Record]) -> Iterator[str]:
    """UCDP GED's columns (ucdp.py) of the records UCDP would code (fatal political violence),
    lazily; text cells neutralised as in `csv_lines`."""
    from .ucdp import COLUMNS, ucdp_events, ucdp_row

    rows = (ucdp_row(record) for record in ucdp_events(as_record(r) for r in records))
    yield from _csv_text(COLUMNS, ([csv_cell(row[c]) for c in COLUMNS] for row in rows))


def write_ucdp(records: Iterable[Record], out: TextIO, extras: Sequence[str] | None = None) -> int:
    """`ucdp_lines` into `out`; returns how many events were written (`extras` is ignored)."""
    return _write_lines(ucdp_lines(records), out)


def write_acled(records: Iterable[Record], out: TextIO, extras: Sequence[str] | None = None, *,
                statements: bool = False, historical: bool = False) -> int:
    """`acled_lines` into `out`; returns how many events were written (`extras` is ignored: the
    columns are ACLED's)."""
    return _write_lines(acled_lines(records, statements=statements, historical=historical), out)


def write_csv(records: Iterable[Record], out: TextIO, extras: Sequence[str] | None = None) -> int:
    """`csv_lines` into `out`; returns how many records were written."""
    return _write_lines(csv_lines(records, extras), out)


def _write_lines(lines: Iterator[str], out: TextIO) -> int:
    """The header line and the rows of a CSV into `out`; the number of rows."""
    out.write(next(lines))
    n = 0
    for text in lines:
        out.write(text)
        n += 1
    return n


# --- aggregates -----------------------------------------------------------------------------------

AGGREGATE_COLUMNS = ("by", "key", "iso3", "events", "fatalities")


def aggregate_rows(stats: Mapping[str, Any], by: Sequence[str]) -> list[dict[str, Any]]:
    """The groupings of a stats answer (store/events_query.py EventQueries.stats) as flat rows:
    the grouping, its key (a day, a month, a type, a country's name, a region, an actor), the
    country's ISO3 where the key has one, the events and the fatalities; a last `total` row."""
    key_of = {"day": "date", "month": "month", "type": "event_type", "country": "country", "admin1": "admin1",
              "actor": "actor"}
    def key(name: str, r: Mapping[str, Any]) -> Any:
        if name == "country":
            return r.get("country") or r.get("iso3")
        if name == "month_type":
            return f"{r['month']} {r.get('event_type') or 'no ACLED type'}"
        return r.get(key_of[name])

    rows = [{"by": name, "key": key(name, r), "iso3": r.get("iso3"), "events": r["events"], "fatalities": r["fatalities"]}
            for name in by for r in stats.get(f"by_{name}", [])]
    rows.append({"by": "total", "key": None, "iso3": None, "events": stats["events"], "fatalities": stats["fatalities"]})
    return rows


def write_aggregates(rows: Sequence[Mapping[str, Any]], fmt: str, out: TextIO, width: int | None = None) -> int:
    """Aggregate rows as CSV (the one CSV writer), JSON Lines, or a table for people (a block per
    grouping, as wide as the terminal)."""
    if fmt == "csv":
        _write_lines(_csv_text(AGGREGATE_COLUMNS, ([csv_cell(r[c]) for c in AGGREGATE_COLUMNS] for r in rows)), out)
    elif fmt == "jsonl":
        out.writelines(dumps(dict(r)) + "\n" for r in rows)
    else:
        import shutil

        total = width or shutil.get_terminal_size((TABLE_DEFAULT_WIDTH, 24)).columns
        for name in dict.fromkeys(r["by"] for r in rows):
            block = [r for r in rows if r["by"] == name]
            cells = [["-" if r["key"] is None else str(r["key"]) + (f" ({r['iso3']})" if name == "admin1" else ""),
                      str(r["events"]), str(r["fatalities"])] for r in block]
            columns = [(name if name != "total" else "", True), ("events", False), ("fatalities", False)]
            widths = column_widths(columns, cells, total)
            out.write("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, ((c, _), w) in
                                enumerate(zip(columns, widths, strict=True))).rstrip() + "\n")
            for line in cells:
                out.write("  ".join(_cut(c, w).ljust(w) if i == 0 else c.rjust(w)
                                    for i, (c, w) in enumerate(zip(line, widths, strict=True))).rstrip() + "\n")
            out.write("\n")
    return len(rows)


# --- GeoJSON --------------------------------------------------------------------------------------

def _coordinate(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def feature(record: Record) -> dict[str, Any] | None:
    """The record as an RFC 7946 Point feature, or None when it has no finite latitude and
    longitude (it cannot be placed): [longitude, latitude] (WGS 84, no `crs` member), the
    record's id as the feature id (`cluster_id` for a cluster row, else `event_id`), the rest of
    its `json_record` as `properties`."""
    row = json_record(record)
    lat, lon = _coordinate(row.get("latitude")), _coordinate(row.get("longitude"))
    if lat is None or lon is None:
        return None
    props = {k: v for k, v in row.items() if k not in ("latitude", "longitude")}
    return {"type": "Feature", "id": row.get("cluster_id") or row.get("event_id"),
            "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": props}


def features(records: Iterable[Record]) -> Iterator[dict[str, Any]]:
    """The `feature` of each record that has one, lazily."""
    return (f for f in map(feature, records) if f is not None)


def geojson(records: Iterable[Record]) -> dict[str, Any]:
    """An RFC 7946 FeatureCollection of the records that have coordinates, as one dict."""
    return {"type": "FeatureCollection", "features": list(features(records))}


def geojson_lines(records: Iterable[Record], members: Mapping[str, Any] | None = None) -> Iterator[str]:
    """A FeatureCollection's text, lazily: the opening line, then one `feature` a line, then the
    closing line with any further `members` (the API's `next` cursor); the one GeoJSON writer,
    for files (`write_geojson`) and for the API's streamed GeoJSON (web/formats.py)."""
    yield '{"type":"FeatureCollection","features":[\n'
    first = True
    for feat in features(records):
        yield ("" if first else ",\n") + dumps(feat)
        first = False
    tail = "".join(f",{dumps(k)}:{dumps(v)}" for k, v in (members or {}).items())
    yield "\n]" + tail + "}\n"


def write_geojson(records: Iterable[Record], out: TextIO, extras: Sequence[str] | None = None) -> int:
    """`geojson_lines` into `out`; returns how many features were written (records without
    coordinates are left out)."""
    n = -2  # the opening and the closing
    for text in geojson_lines(records):
        out.write(text)
        n += 1
    return n


# --- Parquet --------------------------------------------------------------------------------------

PARQUET_ROW_GROUP = 50_000


def _arrow_type(hint: Any) -> Any:
    """The Arrow type of a v1 field from its annotation: every column nullable; the evidence
    list is a JSON string (Arrow's nested types read badly in the tools people open Parquet
    with, and a string keeps the offsets exactly)."""
    import pyarrow as pa  # type: ignore[import-untyped]

    base = hint
    if typing.get_origin(hint) in (typing.Union, types.UnionType):  # X | None
        [base] = [a for a in typing.get_args(hint) if a is not type(None)]
    if base is int:
        return pa.int64()
    if base is float:
        return pa.float64()
    if base is str or typing.get_origin(base) is typing.Literal:
        return pa.string()
    if typing.get_origin(base) is list:
        return pa.string()
    raise TypeError(f"no Parquet type for {hint!r}")


def parquet_schema(extras: Sequence[str] = ()) -> Any:
    """The typed Arrow schema of a record: v1 fields from the `Event` annotations (dates are ISO
    strings, coordinates float64, counts nullable int64), then the extras (CLUSTER_FIELDS'
    types; an unknown extra is a string)."""
    import pyarrow as pa

    hints = typing.get_type_hints(Event)
    fields = [pa.field(name, _arrow_type(hints[name])) for name in EVENT_FIELDS]
    fields += [pa.field(name, _arrow_type(CLUSTER_FIELDS.get(name, str))) for name in extras]
    meta = {"frontwire": "event record v1; evidence is a JSON list of {text, start, end} (offsets into the "
                         "article text)"}
    return pa.schema(fields, metadata=meta)


def _parquet_value(value: Any, as_text: bool) -> Any:
    if as_text and value is not None and not isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # evidence, or an unknown extra
    return value


def write_parquet(records: Iterable[Record], where: str | Path | BinaryIO,
                  extras: Sequence[str] | None = None) -> int:
    """Write a Parquet file (a path or a binary file) with `parquet_schema`, in row groups of
    PARQUET_ROW_GROUP records, so a large export never holds more than one group as Arrow."""
    import pyarrow as pa
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    columns, rows = _prepared(records, extras)
    schema = parquet_schema(columns)
    text_columns = [(f.name, f.type == pa.string()) for f in schema]
    n = 0
    with pq.ParquetWriter(where, schema) as writer:
        while batch := list(itertools.islice(rows, PARQUET_ROW_GROUP)):
            data = {name: [_parquet_value(r.get(name), as_text) for r in batch] for name, as_text in text_columns}
            writer.write_table(pa.Table.from_pydict(data, schema=schema))
            n += len(batch)
    return n


# --- a table for people -----------------------------------------------------------------------------

# Column -> whether it is text that may give way (cut with "…", widest first, down to
# TABLE_MIN_TEXT characters) when the table would be wider than the terminal. The others (dates,
# codes, numbers, cluster ids) are read whole or not at all: never cut.
TABLE_COLUMNS: Sequence[tuple[str, bool]] = (
    ("event_date", False),
    ("p", False),
    ("status", False),
    ("type", True),
    ("actors", True),
    ("location", True),
    ("dead", False),
)
TABLE_MIN_TEXT = 10
TABLE_DEFAULT_WIDTH = 160  # when the output is no terminal (a file, a pipe) and COLUMNS is not set


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def table_rows(record: Record) -> list[str]:
    row = as_record(record)
    kind = row["sub_event_type"] or f"({row['plover_type']})"
    actors = " → ".join(a for a in (row["actor1"], row["actor2"]) if a) or "-"
    place = ", ".join(p for p in (row["location"], row["iso3"]) if p) or "-"
    return [
        row["event_date"] or "?",
        str(row["time_precision"] or "-"),
        str(row["status"]),
        kind,
        actors,
        place,
        str(row["fatalities"]),
    ]


def column_widths(columns: Sequence[tuple[str, bool]], cells: Sequence[Sequence[str]], width: int) -> list[int]:
    """The width of each column: as wide as its widest cell, the text columns narrowed (widest
    first, down to TABLE_MIN_TEXT) while the table with its two-space gaps is wider than `width`."""
    widths = [max([len(name), *(len(row[i]) for row in cells)]) for i, (name, _) in enumerate(columns)]
    text = [i for i, (_, gives_way) in enumerate(columns) if gives_way]
    excess = sum(widths) + 2 * (len(widths) - 1) - width
    while excess > 0:
        shrinkable = [i for i in text if widths[i] > max(TABLE_MIN_TEXT, len(columns[i][0]))]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: widths[i])
        widths[widest] -= 1
        excess -= 1
    return widths


def write_table(records: Iterable[Record], out: TextIO, extras: Sequence[str] | None = None,
                width: int | None = None) -> int:
    """A table for people, as wide as the terminal (`width`: else the terminal's, COLUMNS, or
    TABLE_DEFAULT_WIDTH); the notes line under each row says what the event is. Cluster rows lead
    with the cluster id (what `frontwire events show` takes) and the number of reports. Numbers,
    dates and ids are never cut; the text columns give way."""
    import shutil

    rows = [as_record(r) for r in records]
    columns = list(TABLE_COLUMNS)
    clustered = any("cluster_id" in r for r in rows)
    if clustered:
        columns[:0] = [("cluster", False), ("n", False)]
    cells = []
    for row in rows:
        cells.append(table_rows(row))
        if clustered:
            cells[-1][:0] = [str(row.get("cluster_id")), str(row.get("n_reports") or "-")]
    total = width or shutil.get_terminal_size((TABLE_DEFAULT_WIDTH, 24)).columns
    widths = column_widths(columns, cells, total)
    buf = io.StringIO()
    header = "  ".join(name.ljust(w) for (name, _), w in zip(columns, widths, strict=True))
    buf.write(header.rstrip() + "\n" + "-" * len(header) + "\n")
    for row, line_cells in zip(rows, cells, strict=True):
        line = "  ".join(_cut(c, w).ljust(w) for c, w in zip(line_cells, widths, strict=True))
        buf.write(line.rstrip() + "\n")
        buf.write(textwrap.fill(str(row["notes"]), width=max(total, 40), initial_indent="    ",
                                subsequent_indent="    ", break_long_words=False, break_on_hyphens=False) + "\n")
    out.write(buf.getvalue())
    return len(rows)


# --- toponyms -------------------------------------------------------------------------------------

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


# --- dispatch -------------------------------------------------------------------------------------

Writer = Callable[[Iterable[Record], TextIO, Sequence[str] | None], int]

WRITERS: dict[str, Writer] = {
    "jsonl": write_jsonl,
    "csv": write_csv,
    "acled": write_acled,
    "ucdp": write_ucdp,
    "geojson": write_geojson,
    "table": write_table,
}


def write(records: Iterable[Record], fmt: str, out: TextIO, extras: Sequence[str] | None = None) -> int:
    """Write `records` in the text format `fmt`; returns how many records were written.
    `extras`: the fields after the v1 ones that CSV gives columns to (default: the first
    record's). Parquet is binary: see `write_parquet`."""
    if fmt in BINARY_FORMATS:
        raise ValueError(f"{fmt} is a binary format: use write_parquet with a path or a binary file")
    return WRITERS[fmt](records, out, extras)
