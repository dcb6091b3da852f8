"""`frontwire events`: query the event store; `frontwire events show ID`: explain one cluster.

The list is of clusters (one row per real event, its toll chosen over all its reports) unless
`--reports` asks for the raw per-article reports. Clusters are read as the web API reads them
(store/events_query.py EventQueries): the reviewers' edits overlaid, rejected events left out unless
`--review` asks for them, and the review state in each record, so an export from the terminal
holds what the web page shows. Reports are the extraction as stored (reviews are of clusters).

Flags are checked here, before the store is opened, so a typo gets a message that names the flag
and what it expected (UsageError; the CLI turns it into one line and exit code 2). `parse_filter`
is shared with anything else that takes the same filters as text (an HTTP query string): only the
option names in its messages differ.
"""

from __future__ import annotations

import argparse
import difflib
import json
import math
import re
import sys
import textwrap
import typing
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from . import export
from .errors import UsageError
from .export import REVIEW_COLUMNS, review_columns
from .model import Status
from .settings import SETTINGS, Options
from .store import EventFilter, Store
from .web.review import REVIEW_VIEWS, Reviews, ReviewView, fold

STATUSES: tuple[str, ...] = typing.get_args(Status)

# Suffix of --output -> format, when --format is not given.
SUFFIX_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".geojson": "geojson",
                  ".parquet": "parquet"}

# ACLED's precision codes, in words, for `show`.
TIME_PRECISION = {1: "the day is known", 2: "within a week or a short range", 3: "a month or a longer range"}
GEO_PRECISION = {1: "the place itself", 2: "near the place, or a part of a region", 3: "only a larger region"}

# The representatives' evidence is fetched this many reports at a time: under the 999 bound
# parameters of older SQLite builds, and the fastest of 500/900/5000 on 20,000 clusters.
_EVIDENCE_BATCH = 900

_DB_HELP = ("store: an SQLite path or an SQLAlchemy URL (postgresql+psycopg://...); "
            "default frontwire.sqlite in the data folder")


# --- the parser ---------------------------------------------------------------------------------

def add_store_options(parser: argparse.ArgumentParser, *, data_dir: bool = True, create: bool = False,
                      inherited: bool = False) -> None:
    """--db (and --data-dir, and --create for a command that may make a new store), declared
    once for every command that opens the store. `inherited`: on a subcommand (`events show`)
    they default to SUPPRESS so that `events --db X show ID` keeps the X given before `show`
    (argparse copies a subcommand's defaults over its parent's)."""
    default = argparse.SUPPRESS if inherited else None
    parser.add_argument("--db", default=default, help=_DB_HELP)
    if data_dir:
        [setting] = [s for s in SETTINGS if s.name == "data_dir"]
        parser.add_argument("--data-dir", default=default, help=f"{setting.help} (env {setting.env})")
    if create:
        parser.add_argument("--create", action="store_true",
                            help="make the folder of the --db path when it does not exist (without it a "
                                 "missing folder is an error, so a mistyped path never makes a new store)")


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `events` (and `events show ID`) to the CLI's subcommands."""
    ev = sub.add_parser(
        "events", help="list the stored events (clusters of reports) or the raw reports; explain one",
        description="List the events of the store: one row per cluster of reports of the same event "
                    "(default) or per article report (--reports). `frontwire events show ID` explains "
                    "one cluster.")
    # A box west of Greenwich starts with a minus ("--bbox -10,40,10,50"), which argparse takes
    # for an option; let this parser read "-<number>,..." as a value, as it reads "-10" (no flag
    # of `events` looks like a number, so nothing is shadowed).
    ev._negative_number_matcher = re.compile(r"^-\d+$|^-\d*\.\d+$|^-\d*\.?\d+(,\s*-?\d*\.?\d+)+$")
    add_store_options(ev)
    ev.add_argument("--since", metavar="DATE", help="events on or after this day (YYYY-MM-DD)")
    ev.add_argument("--until", metavar="DATE", help="events on or before this day (YYYY-MM-DD)")
    ev.add_argument("--country", metavar="ISO3|NAME",
                    help="where the event happened: an ISO 3166 code or a country name")
    ev.add_argument("--bbox", metavar="MINLON,MINLAT,MAXLON,MAXLAT",
                    help="events inside this box, in degrees (WGS 84)")
    ev.add_argument("--type", dest="event_type", metavar="TYPE",
                    help="ACLED event type or sub-event type, e.g. Battles or 'Armed clash'")
    ev.add_argument("--actor", metavar="TEXT", help="actor1 or actor2 contains this text (any case)")
    ev.add_argument("--min-fatalities", metavar="N", help="at least N dead (a cluster: its toll)")
    ev.add_argument("--status", metavar="S", help=f"one of {', '.join(STATUSES)}")
    ev.add_argument("--review", metavar="VIEW", choices=REVIEW_VIEWS, default=None,
                    help="which reviewed events, as the web API's review=: default (all but the rejected), "
                         "all, unreviewed, accepted or rejected; reviewers' edits are always applied")
    ev.add_argument("--reports", action="store_true",
                    help="list the per-article reports (as extracted; reviews are of clusters) instead of "
                         "the clusters")
    ev.add_argument("--format", choices=export.ALL_FORMATS, default=None,
                    help="table (default on a terminal), jsonl (default otherwise), csv (ACLED columns), "
                         "geojson, parquet (needs --output); with --output, the file's suffix picks it")
    ev.add_argument("--output", "-o", type=Path, help="write to this file instead of standard output")
    actions = ev.add_subparsers(dest="events_action", metavar="[show ID]", required=False)
    show = actions.add_parser(
        "show", help="explain a cluster: its fields and reports, why each merged, how its toll was set")
    show.add_argument("cluster_id", metavar="ID")
    show.add_argument("--format", dest="show_format", choices=("text", "json"), default="text",
                      help="text (default) or json")
    add_store_options(show, inherited=True)


# --- the filters --------------------------------------------------------------------------------

def _option(name: str, prefix: str) -> str:
    return prefix + name.replace("_", "-") if prefix else name


def _day(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"{option}: not an ISO date (YYYY-MM-DD): {value!r}") from None


def parse_bbox(value: str, option: str = "--bbox") -> tuple[float, float, float, float]:
    """'min_lon,min_lat,max_lon,max_lat' in degrees (WGS 84), each min below its max."""
    expected = f"{option}: expected min_lon,min_lat,max_lon,max_lat with min < max, got {value!r}"
    parts = value.split(",")
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        raise UsageError(expected) from None
    if len(numbers) != 4 or not all(math.isfinite(x) for x in numbers):
        raise UsageError(expected)
    min_lon, min_lat, max_lon, max_lat = numbers
    if not (min_lon < max_lon and min_lat < max_lat):
        raise UsageError(expected)
    if not (min_lon >= -180 and max_lon <= 180 and min_lat >= -90 and max_lat <= 90):
        raise UsageError(f"{expected} (longitudes lie in -180..180, latitudes in -90..90)")
    return min_lon, min_lat, max_lon, max_lat


def _country(value: str, option: str) -> str:
    """An ISO 3166 code (alpha-3 or alpha-2) or a country name -> its alpha-3 code, which the
    store matches against `iso3`. A name pycountry does not know (Kosovo) is passed on as
    given: the store also matches it against the gazetteer's country name."""
    import pycountry

    text = value.strip()
    if not text:
        raise UsageError(f"{option}: expected an ISO 3166 code or a country name, got {value!r}")
    try:
        return str(pycountry.countries.lookup(text).alpha_3)
    except LookupError:
        return text


def _event_type(value: str, option: str) -> str:
    """An ACLED event type or sub-event type, in any case; returned in ACLED's spelling."""
    from .extract.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    names = [*taxonomy.event_types, *(s.name for s in taxonomy.sub_types)]
    by_lower = {n.lower(): n for n in names}
    found = by_lower.get(value.strip().lower())
    if found is not None:
        return found
    wanted = value.strip().lower()
    close = [n for n in by_lower if wanted and wanted in n][:3] or difflib.get_close_matches(
        wanted, list(by_lower), n=3, cutoff=0.6)
    hint = ("; did you mean " + " or ".join(repr(by_lower[c]) for c in close) + "?") if close else (
        "; ACLED's event types are " + ", ".join(taxonomy.event_types))
    raise UsageError(f"{option}: unknown ACLED event type or sub-event type {value!r}{hint}")


def _status(value: str, option: str) -> str:
    status = value.strip().lower()
    if status not in STATUSES:
        raise UsageError(f"{option}: unknown status {value!r}; expected one of {', '.join(STATUSES)}")
    return status


def _min_fatalities(value: str | int, option: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise UsageError(f"{option}: expected a whole number of dead >= 0, got {value!r}")
    return number


def parse_filter(*, since: str | None = None, until: str | None = None, country: str | None = None,
                 bbox: str | None = None, event_type: str | None = None, actor: str | None = None,
                 min_fatalities: str | int | None = None, status: str | None = None,
                 prefix: str = "--") -> EventFilter:
    """The store filter of these textual options; UsageError naming the first bad one. `prefix`:
    how the options are named in messages ('--' for flags: --min-fatalities; '' for parameters:
    min_fatalities)."""
    day_from = _day(since, _option("since", prefix)) if since is not None else None
    day_to = _day(until, _option("until", prefix)) if until is not None else None
    if day_from and day_to and day_from > day_to:
        since_option, until_option = _option("since", prefix), _option("until", prefix)
        raise UsageError(f"{since_option} {day_from} is after {until_option} {day_to}: no event can match")
    if actor is not None and not actor.strip():
        raise UsageError(f"{_option('actor', prefix)}: expected some text of an actor's name, got {actor!r}")
    type_option = "--type" if prefix == "--" else "event_type"
    return EventFilter(
        since=day_from,
        until=day_to,
        country=_country(country, _option("country", prefix)) if country is not None else None,
        bbox=parse_bbox(bbox, _option("bbox", prefix)) if bbox is not None else None,
        event_type=_event_type(event_type, type_option) if event_type is not None else None,
        actor=actor.strip() if actor is not None else None,
        min_fatalities=(_min_fatalities(min_fatalities, _option("min_fatalities", prefix))
                        if min_fatalities is not None else None),
        status=_status(status, _option("status", prefix)) if status is not None else None,
    )


def _filter_of(args: argparse.Namespace) -> EventFilter:
    return parse_filter(since=args.since, until=args.until, country=args.country, bbox=args.bbox,
                        event_type=args.event_type, actor=args.actor, min_fatalities=args.min_fatalities,
                        status=args.status)


# --- the command --------------------------------------------------------------------------------

_LIST_ONLY = ("since", "until", "country", "bbox", "event_type", "actor", "min_fatalities", "status",
              "review", "format", "output")


def _open_store(args: argparse.Namespace) -> Store:
    """The store to read. A read never creates one: a path where there is no file is an error
    (a new, empty store there would quietly answer every query with nothing)."""
    data_dir = Options.from_env(data_dir=Path(args.data_dir) if args.data_dir else None).data_dir
    return Store.open(args.db, data_dir, must_exist=True)


def _format(args: argparse.Namespace, out: TextIO) -> str:
    if args.format:
        return str(args.format)
    if args.output is not None:
        return SUFFIX_FORMATS.get(args.output.suffix.lower(), "jsonl")
    return "table" if out.isatty() else "jsonl"


def clusters_with_evidence(store: Store, f: EventFilter, review: ReviewView = "default") -> list[dict[str, Any]]:
    """The clusters of the filter as the web API lists them (EventQueries: the review's edits
    overlaid, filtered on the edited values, the review view applied, a `review` member), each
    with its representative report's evidence (the API's records carry the report's columns,
    not its evidence sentences)."""
    from .store.events_query import EventQueries, EventQuery  # not needed for --reports or `show`

    queries = EventQueries(store.engine, Reviews(store.engine))
    rows = list(queries.iterate(EventQuery(filter=f, review=review)))
    ids = [str(r["event_id"]) for r in rows]
    evidence: dict[str, list[Any]] = {}
    for i in range(0, len(ids), _EVIDENCE_BATCH):
        for report in store.reports_of(ids[i:i + _EVIDENCE_BATCH]):
            evidence[report.event_id] = list(report.evidence)
    return [{**r, "evidence": evidence.get(str(r["event_id"]), [])} for r in rows]


def run(args: argparse.Namespace, out: TextIO) -> int:
    """`frontwire events [filters]` and `frontwire events show ID`; returns the exit code."""
    if getattr(args, "events_action", None) == "show":
        return _show(args, out)
    fmt = _format(args, out)
    if fmt in export.BINARY_FORMATS and args.output is None:
        raise UsageError(f"--format {fmt} writes a binary file: give --output FILE")
    if fmt in export.BINARY_FORMATS:
        from .extras import require

        require("parquet", f"--format {fmt}")
    f = _filter_of(args)
    if args.reports and args.review is not None:
        raise UsageError("--review: only for the clusters; --reports lists the reports as extracted "
                         "(a review is of a cluster)")
    what = "report" if args.reports else "cluster"
    with _open_store(args) as store:
        records: Sequence[Any]
        extras: tuple[str, ...]
        if args.reports:
            records, extras = store.query_reports(f), ()
        else:
            records = clusters_with_evidence(store, f, args.review or "default")
            extras = tuple(export.CLUSTER_FIELDS)
            if fmt in ("csv", *export.BINARY_FORMATS):  # flat columns; the others keep the object
                records, extras = [review_columns(r) for r in records], (*extras, *REVIEW_COLUMNS)
        if args.output is None:
            written = export.write(records, fmt, out, extras)
        elif fmt in export.BINARY_FORMATS:
            written = export.write_parquet(records, args.output, extras)
        else:
            with args.output.open("w", encoding="utf-8", newline="") as handle:
                written = export.write(records, fmt, handle, extras)
        counts = store.count() if not records and not args.reports else None
        name = store.name
    line = f"frontwire: {written} {what}(s)"
    if written < len(records):
        line += f" of {len(records)}; {len(records) - written} without coordinates left out of the GeoJSON"
    print(f"{line} ({name})", file=sys.stderr)
    if counts is not None and counts["clusters"] == 0 and counts["reports"] > 0:
        print(f"frontwire: the store holds {counts['reports']} report(s) but no clusters yet; "
              "`frontwire ingest` deduplicates them, or list them with --reports", file=sys.stderr)
    return 0


def _show(args: argparse.Namespace, out: TextIO) -> int:
    given = [name for name in _LIST_ONLY if getattr(args, name, None) is not None] + (
        ["reports"] if getattr(args, "reports", False) else [])
    if given:
        flags = ", ".join("--" + ("type" if n == "event_type" else n.replace("_", "-")) for n in given)
        raise UsageError(f"events show takes an ID, --db and --format text|json; {flags}: only for the list")
    with _open_store(args) as store:
        detail = store.cluster(args.cluster_id)
        name = store.name
        if detail is not None:  # the review as the API's event detail has it
            history = Reviews(store.engine).history(args.cluster_id)
            state = fold(history)
            detail = {**detail, "review": state.to_dict(), "edits": state.edits,
                      "history": [rev.to_dict() for rev in history]}
    if detail is None:
        raise UsageError(f"no cluster {args.cluster_id!r} in {name}; `frontwire events` lists them")
    if args.show_format == "json":
        out.write(json.dumps(detail, ensure_ascii=False, indent=1, default=str) + "\n")
    else:
        out.write(explain_cluster(detail))
    return 0


# --- explaining a cluster -------------------------------------------------------------------------

def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") if not float(value).is_integer() else str(int(value))


def readable(value: Any) -> str:
    """A merge reason (or any JSON value) in words: {"km_apart": 3.2, "same_place": true} ->
    'km apart: 3.2; same place: yes'."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return _number(value)
    if isinstance(value, Mapping):
        return "; ".join(f"{_words(k)}: {readable(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "; ".join(readable(v) for v in value) if value else "-"
    return str(value)


def _extracted(detail: Mapping[str, Any], rep: Mapping[str, Any], name: str) -> Any:
    """An edited field's value as extracted: the cluster row's (its toll, its copies of the
    representative's fields) or else the representative report's."""
    return detail[name] if name in detail else rep.get(name)


def _words(key: object) -> str:
    return str(key).replace("_", " ")


def _place(r: Mapping[str, Any]) -> str:
    parts = (r.get("location"), r.get("admin2"), r.get("admin1"), r.get("country"))
    names = list(dict.fromkeys(p for p in parts if p))
    return ", ".join(names) or "-"


def _when(r: Mapping[str, Any]) -> str:
    start, end = r.get("event_date"), r.get("event_date_end")
    text = start or "unknown date"
    if start and end and end != start:
        text += f" to {end}"
    return text


def _toll(r: Mapping[str, Any]) -> str:
    sides = [(label, r.get(f"deaths_{label}")) for label in ("actor1", "actor2", "civilians", "unknown")]
    known = ", ".join(f"{label} {n}" for label, n in sides if n is not None)
    return f"{r.get('fatalities')}" + (f" ({known})" if known else "")


def _source(r: Mapping[str, Any]) -> str:
    parts = [r.get("source") or "unknown source"]
    if r.get("published"):
        parts.append(f"published {r['published']}")
    if r.get("url"):
        parts.append(str(r["url"]))
    return ", ".join(parts)


def _wrap(label: str, text: str) -> str:
    return textwrap.fill(text, width=100, initial_indent=f"      {label:<10}", subsequent_indent=" " * 16,
                         break_long_words=False, break_on_hyphens=False)


def _paragraph(text: str) -> list[str]:
    return textwrap.wrap(text, width=100, subsequent_indent="  ", break_long_words=False, break_on_hyphens=False)


def explain_cluster(detail: Mapping[str, Any]) -> str:
    """`frontwire events show`: the cluster's fields, then each report with its source, date,
    place, toll and evidence, and why it was merged (the dedup score and its reasons)."""
    reports: list[Mapping[str, Any]] = list(detail.get("reports") or [])
    merges = {m["event_id"]: m for m in detail.get("merges") or []}
    representative = next((r for r in reports if r.get("event_id") == detail.get("representative_id")), None)
    rep: Mapping[str, Any] = representative or detail
    kind = ": ".join(k for k in (detail.get("event_type"), detail.get("sub_event_type")) if k)
    n_reports = detail.get("n_reports", len(reports))
    lines = [f"cluster {detail['cluster_id']}: {n_reports} report(s) of one event"]

    def field(label: str, text: str) -> None:
        lines.append(f"  {label:<12}{text}")

    field("what", f"{kind or 'no ACLED type'} ({rep.get('plover_type', '-')})")
    tp = rep.get("time_precision")
    field("when", _when(rep) + (f" (time precision {tp}: {TIME_PRECISION.get(tp, '?')})" if tp else ""))
    where = _place(rep)
    if detail.get("latitude") is not None and detail.get("longitude") is not None:
        where += f" at {float(detail['latitude']):.4f}, {float(detail['longitude']):.4f} (lat, lon)"
    gp = rep.get("geo_precision")
    field("where", where + (f" (geo precision {gp}: {GEO_PRECISION.get(gp, '?')})" if gp else ""))
    field("who", " → ".join(a for a in (detail.get("actor1"), detail.get("actor2")) if a) or "-")
    field("status", str(detail.get("status")) + (f", attributed to {rep['attributed_to']}"
                                                if rep.get("attributed_to") else ""))
    field("dead", f"{detail.get('fatalities')}")
    field("represented", f"by report {detail.get('representative_id')}"
                         + (f" ({_source(representative)})" if representative else " (not stored)"))
    if rep.get("notes"):
        field("notes", str(rep["notes"]))
    review = detail.get("review")
    if review and review.get("revisions"):
        edits: Mapping[str, Any] = detail.get("edits") or {}
        field("review", f"{review['status']}; {review['revisions']} revision(s), the last by "
                        f"{review['reviewer']} at {review['at']}")
        if edits:  # what a reviewer changed, beside the extracted value (the exports carry the new one)
            field("edited", "; ".join(f"{_words(k)} {readable(v)} (extracted: {readable(_extracted(detail, rep, k))})"
                                      for k, v in sorted(edits.items())))

    figures = ", ".join(f"{r.get('fatalities')} ({r.get('event_id')}, {r.get('source') or '?'}"
                        f"{', ' + str(r['published']) if r.get('published') else ''})" for r in reports)
    rule = detail.get("fatalities_rule")
    lines += ["", *_paragraph(f"The toll: {detail.get('fatalities')} dead. How it was chosen: {rule}"),
              *_paragraph(f"The reports' own figures: {figures or 'none stored'}."),
              "", f"Reports ({len(reports)}):"]
    for i, r in enumerate(reports, 1):
        mark = "  (representative)" if r.get("event_id") == detail.get("representative_id") else ""
        lines.append(f"  [{i}] {r.get('event_id')}{mark}")
        lines.append(_wrap("source", _source(r)))
        kind_of = r.get("sub_event_type") or r.get("plover_type")
        lines.append(_wrap("event", f"{_when(r)} at {_place(r)}; {kind_of}; status {r.get('status')}"))
        lines.append(_wrap("dead", _toll(r)))
        for ev in r.get("evidence") or []:
            lines.append(_wrap("evidence", f"\u201c{ev['text']}\u201d [chars {ev['start']}-{ev['end']}]"))
        merge = merges.get(r.get("event_id"))
        if merge is None:
            lines.append(_wrap("merged", "the cluster's first report: the others were merged into it"
                                         if len(reports) > 1 else "the only report of this event"))
            continue
        reasons = merge["reasons"]
        lines.append(_wrap("merged", f"with report {merge['matched_event_id']}, score {_number(merge['score'])}"
                                     + (", because:" if isinstance(reasons, Mapping) else f": {readable(reasons)}")))
        if isinstance(reasons, Mapping):  # the comparator's reasons, one a line
            lines += [_wrap("", f"  {_words(k)}: {readable(v)}") for k, v in reasons.items()]
    return "\n".join(lines) + "\n"
