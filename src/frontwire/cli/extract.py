"""`frontwire extract PATH...` (event records of articles) and `frontwire geoparse PATH...` (their
place names and where they resolve): the library's Extractor on files, without a store."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from .. import export
from .options import (
    add_acled_options,
    add_geoparse_options,
    add_output,
    add_paths,
    add_settings,
    options_of,
    output_format,
    readable_articles,
    write_events,
)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    ex = sub.add_parser("extract", help="read news articles and write event records")
    add_paths(ex)
    add_output(ex, export.FORMATS, "table (default on a terminal), jsonl (default otherwise), csv (every field), "
                                   "acled (ACLED's 31 export columns), ucdp (UCDP GED's), geojson")
    add_acled_options(ex)
    add_settings(ex)
    ex.set_defaults(func=run_extract)

    gp = sub.add_parser("geoparse", help="list the place names of articles and where they resolve")
    add_paths(gp, published=False)
    add_output(gp, ("jsonl", "table"), "table (default on a terminal) or jsonl")
    add_geoparse_options(gp)
    add_settings(gp)
    gp.set_defaults(func=run_geoparse)


def run_extract(args: argparse.Namespace, stdout: TextIO) -> int:
    from ..model import Event, Skipped
    from ..pipeline import Extractor

    fmt = output_format(args, stdout)
    extractor = Extractor(options_of(args))
    events: list[Event] = []
    read = 0
    articles, failed = readable_articles(args)
    for article, result in extractor.extract_many(articles):
        if isinstance(result, Skipped):
            failed += 1
            print(f"frontwire: skipped {result.source}: {result.reason}", file=sys.stderr)
            continue
        read += 1
        events.extend(result)
        if article.published is None and any(e.event_date is None for e in result):
            print(f"frontwire: warning: {article.origin}: no publication date, so dates without a year "
                  "were left unresolved; pass --published YYYY-MM-DD", file=sys.stderr)
    if args.output is not None:
        with args.output.open("w", encoding="utf-8", newline="") as out:
            write_events(events, fmt, out, args)
    else:
        write_events(events, fmt, stdout, args)
    print(f"frontwire: {read} article(s) read, {failed} skipped, {len(events)} event(s)", file=sys.stderr)
    return 0 if read else 1


def run_geoparse(args: argparse.Namespace, stdout: TextIO) -> int:
    from ..pipeline import Extractor

    fmt = output_format(args, stdout)
    articles, _ = readable_articles(args)
    extractor = Extractor(options_of(args))
    rows = [export.toponym_record(a.article_id, t)
            for a, tops in extractor.geoparse_many(articles, adjectival=args.adjectives, embedded=args.embedded,
                                                   outlets=args.outlets) for t in tops]
    if args.output is not None:
        with args.output.open("w", encoding="utf-8") as out:
            export.write_toponyms(rows, fmt, out)
    else:
        export.write_toponyms(rows, fmt, stdout)
    print(f"frontwire: {len(articles)} article(s) read, {len(rows)} toponym(s)", file=sys.stderr)
    return 0 if articles else 1
