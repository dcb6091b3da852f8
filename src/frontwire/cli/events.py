"""`frontwire events`: query the event store; `frontwire events show ID`: explain one cluster.

The list is of clusters (one row per real event, its toll chosen over all its reports) unless
`--reports` asks for the raw per-article reports. Clusters are read as the web API reads them
(store/events_query.py EventQueries): the reviewers' edits overlaid, rejected events left out unless
`--review` asks for them, and the review state in each record, so an export from the terminal
holds what the web page shows. Reports are the extraction as stored (reviews are of clusters).

Flags are read by the one event query (store/events_query.py parse_query, as the API's
parameters are) before the store is opened, so a typo gets a message that names the flag and what
it expected (UsageError; the CLI turns it into one line and exit code 2).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from .. import export
from ..errors import UsageError
from ..export import REVIEW_COLUMNS, review_columns
from ..model import STATUSES
from ..store import EventFilter, Store
from ..store.events_query import EventQuery, parse_query
from ..web.review import REVIEW_VIEWS, Reviews, fold
from .explain import explain_cluster
from .options import add_acled_options, add_output, add_store_options, open_store, output_format, write_events

# The representatives' evidence is fetched this many reports at a time: under the 999 bound
# parameters of older SQLite builds, and the fastest of 500/900/5000 on 20,000 clusters.
_EVIDENCE_BATCH = 900


# --- the parser ---------------------------------------------------------------------------------

def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
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
    ev.add_argument("--status", metavar="S", help=f"one or more (comma-separated) of {', '.join(STATUSES)}")
    ev.add_argument("--text", metavar="WORDS", help="words in the notes or evidence sentences (any case), as the "
                                                     "API's q=")
    ev.add_argument("--review", metavar="VIEW", choices=REVIEW_VIEWS, default=None,
                    help="which reviewed events, as the web API's review=: default (all but the rejected), "
                         "all, unreviewed, accepted or rejected; reviewers' edits are always applied")
    ev.add_argument("--reports", action="store_true",
                    help="list the per-article reports (as extracted; reviews are of clusters) instead of "
                         "the clusters")
    add_output(ev, export.ALL_FORMATS, "table (default on a terminal), jsonl (default otherwise), csv (every "
                                       "field, ACLED's names where it has one), acled (ACLED's 31 export columns, "
                                       "its events only), ucdp (UCDP GED's columns, fatal political violence "
                                       "only), geojson, parquet (needs --output); with --output, the file's "
                                       "suffix picks it")
    add_acled_options(ev)
    ev.add_argument("--aggregate", metavar="BY",
                    help="count the events and their dead instead of listing them, by one or more (comma-separated) "
                         "of day, month, type, country, admin1, actor, month_type (as the API's /api/stats?by=); table, csv or "
                         "jsonl"),
    actions = ev.add_subparsers(dest="events_action", metavar="[show ID]", required=False)
    show = actions.add_parser(
        "show", help="explain a cluster: its fields and reports, why each merged, how its toll was set")
    show.add_argument("cluster_id", metavar="ID")
    show.add_argument("--format", dest="show_format", choices=("text", "json"), default="text",
                      help="text (default) or json")
    add_store_options(show, inherited=True)
    ev.set_defaults(func=run)


# --- the command --------------------------------------------------------------------------------

_LIST_ONLY = ("since", "until", "country", "bbox", "event_type", "actor", "min_fatalities", "status", "text",
              "review", "format", "output", "aggregate")


def _query_of(args: argparse.Namespace) -> EventQuery:
    return parse_query(since=args.since, until=args.until, country=args.country, bbox=args.bbox,
                       event_type=args.event_type, actor=args.actor, min_fatalities=args.min_fatalities,
                       status=args.status, q=args.text, review=args.review or "default")


def clusters_with_evidence(store: Store, query: EventQuery | EventFilter) -> list[dict[str, Any]]:
    """The clusters of the query as the web API lists them (EventQueries: the review's edits
    overlaid, filtered on the edited values, the review view applied, a `review` member), each
    with its representative report's evidence (the API's records carry the report's columns,
    not its evidence sentences). A bare filter is queried with the default review view."""
    from ..store.events_query import EventQueries  # not needed for --reports or `show`

    queries = EventQueries(store.engine, Reviews(store.engine))
    rows = list(queries.iterate(query if isinstance(query, EventQuery) else EventQuery(filter=query)))
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
    if args.aggregate is not None:
        return _aggregate(args, out)
    fmt = output_format(args, out, by_suffix=True)
    if fmt in export.BINARY_FORMATS and args.output is None:
        raise UsageError(f"--format {fmt} writes a binary file: give --output FILE")
    if fmt in export.BINARY_FORMATS:
        from ..extras import require

        require("parquet", f"--format {fmt}")
    query = _query_of(args)
    if args.reports and args.review is not None:
        raise UsageError("--review: only for the clusters; --reports lists the reports as extracted "
                         "(a review is of a cluster)")
    if args.reports and (query.q or query.statuses):
        raise UsageError(f"{'--text' if query.q else '--status with several statuses'}: only for the clusters; "
                         "--reports takes one --status")
    what = "report" if args.reports else "cluster"
    with open_store(args) as store:
        records: Sequence[Any]
        extras: tuple[str, ...]
        if args.reports:
            records, extras = store.query_reports(query.filter), ()
        else:
            records = clusters_with_evidence(store, query)
            extras = tuple(export.CLUSTER_FIELDS)
            if fmt in ("csv", *export.BINARY_FORMATS):  # flat columns; the others keep the object
                records, extras = [review_columns(r) for r in records], (*extras, *REVIEW_COLUMNS)
        if args.output is None:
            written = write_events(records, fmt, out, args, extras)
        elif fmt in export.BINARY_FORMATS:
            written = export.write_parquet(records, args.output, extras)
        else:
            with args.output.open("w", encoding="utf-8", newline="") as handle:
                written = write_events(records, fmt, handle, args, extras)
        counts = store.count() if not records and not args.reports else None
        name = store.name
    line = f"frontwire: {written} {what}(s)"
    if written < len(records):
        why = {"acled": "not ACLED events (statements, background; --include-statements, --include-historical)",
               "ucdp": "not fatal political violence"}.get(fmt, "without coordinates")
        line += f" of {len(records)}; {len(records) - written} {why} left out of the {'GeoJSON' if fmt == 'geojson' else fmt}"
    print(f"{line} ({name})", file=sys.stderr)
    if counts is not None and counts["clusters"] == 0 and counts["reports"] > 0:
        print(f"frontwire: the store holds {counts['reports']} report(s) but no clusters yet; "
              "`frontwire ingest` deduplicates them, or list them with --reports", file=sys.stderr)
    return 0


def _aggregate(args: argparse.Namespace, out: TextIO) -> int:
    """`frontwire events --aggregate month,type [filters]`: the counts of EventQueries.stats."""
    from ..store.events_query import GROUPINGS, EventQueries

    by = [b.strip() for b in args.aggregate.split(",") if b.strip()]
    wrong = [b for b in by if b not in GROUPINGS]
    if wrong or not by:
        raise UsageError(f"--aggregate: expected one or more of {', '.join(GROUPINGS)}, got {args.aggregate!r}")
    if args.reports:
        raise UsageError("--aggregate: counts the clusters (the events); --reports lists the reports")
    fmt = output_format(args, out, by_suffix=True)
    if fmt not in ("table", "csv", "jsonl"):
        raise UsageError(f"--aggregate: writes table, csv or jsonl, not {fmt}")
    query = _query_of(args)
    with open_store(args) as store:
        stats = EventQueries(store.engine, Reviews(store.engine)).stats(query, by)
        name = store.name
    rows = export.aggregate_rows(stats, by)
    if args.output is None:
        export.write_aggregates(rows, fmt, out)
    else:
        with args.output.open("w", encoding="utf-8", newline="") as handle:
            export.write_aggregates(rows, fmt, handle)
    print(f"frontwire: {stats['events']} event(s), {stats['fatalities']} dead, by {', '.join(by)} ({name})",
          file=sys.stderr)
    return 0


def _show(args: argparse.Namespace, out: TextIO) -> int:
    given = [name for name in _LIST_ONLY if getattr(args, name, None) is not None] + (
        ["reports"] if getattr(args, "reports", False) else [])
    if given:
        flags = ", ".join("--" + ("type" if n == "event_type" else n.replace("_", "-")) for n in given)
        raise UsageError(f"events show takes an ID, --db and --format text|json; {flags}: only for the list")
    with open_store(args) as store:
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
