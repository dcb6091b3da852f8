"""The options several commands share, each declared once: the settings (--model, --data-dir,
--batch-size), the store (--db, --create), the output (--format, --output), --workers, the
geoparse options, and the article inputs; and the readers of what they give."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from .. import export
from ..errors import UsageError
from ..model import Article
from ..settings import SETTINGS, Options, setting
from ..store import Store

DB_HELP = ("store: an SQLite path or an SQLAlchemy URL (postgresql+psycopg://...); "
           "default frontwire.sqlite in the data folder")
PATHS_HELP = ("a .txt file (with an optional Title:/URL:/Source:/Published: header), an .html/.htm page, a "
              ".jsonl or .csv file of articles, a directory, or - for standard input")

# Suffix of --output -> format, when --format is not given.
SUFFIX_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".geojson": "geojson",
                  ".parquet": "parquet"}


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {value!r}") from None


def add_settings(parser: argparse.ArgumentParser) -> None:
    """A flag per setting (settings.SETTINGS: --model, --data-dir, --batch-size), each with its
    environment variable and default in the help."""
    for s in SETTINGS:
        flag = "--" + s.name.replace("_", "-")
        parser.add_argument(flag, default=None, type=int if isinstance(s.default, int) else str,
                            help=f"{s.help} (env {s.env}; default {s.default})")


def options_of(args: argparse.Namespace) -> Options:
    """The settings of a command that took add_settings: flags over environment over defaults."""
    return Options.from_env(model=args.model, data_dir=Path(args.data_dir) if args.data_dir else None,
                            batch_size=args.batch_size)


def add_store_options(parser: argparse.ArgumentParser, *, data_dir: bool = True, create: bool = False,
                      inherited: bool = False) -> None:
    """--db (and --data-dir, and --create for a command that may make a new store), declared
    once for every command that opens the store. `inherited`: on a subcommand (`events show`)
    they default to SUPPRESS so that `events --db X show ID` keeps the X given before `show`
    (argparse copies a subcommand's defaults over its parent's)."""
    default = argparse.SUPPRESS if inherited else None
    parser.add_argument("--db", default=default, help=DB_HELP)
    if data_dir:
        data = setting("data_dir")
        parser.add_argument("--data-dir", default=default, help=f"{data.help} (env {data.env})")
    if create:
        parser.add_argument("--create", action="store_true", default=default if inherited else False,
                            help="make the folder of the --db path when it does not exist (without it a "
                                 "missing folder is an error, so a mistyped path never makes a new store)")


def data_dir_of(args: argparse.Namespace) -> Path | None:
    """The data folder of a command that took add_store_options: --data-dir, else the
    environment's (None: the default folder)."""
    given = getattr(args, "data_dir", None)
    return Options.from_env(data_dir=Path(given) if given else None).data_dir


def open_store(args: argparse.Namespace) -> Store:
    """The store to read. A read never creates one: a path where there is no file is an error
    (a new, empty store there would quietly answer every query with nothing)."""
    return Store.open(args.db, data_dir_of(args), must_exist=True)


def add_output(parser: argparse.ArgumentParser, formats: tuple[str, ...], help: str) -> None:
    """--format (one of `formats`) and --output FILE."""
    parser.add_argument("--format", choices=formats, default=None, help=help)
    parser.add_argument("--output", "-o", type=Path, help="write to this file instead of standard output")


def output_format(args: argparse.Namespace, out: TextIO, *, by_suffix: bool = False) -> str:
    """--format, else (`by_suffix`) the --output file's suffix, else a table on a terminal and
    JSON lines otherwise."""
    if args.format:
        return str(args.format)
    if args.output is not None:
        return SUFFIX_FORMATS.get(args.output.suffix.lower(), "jsonl") if by_suffix else "jsonl"
    return "table" if out.isatty() else "jsonl"


def add_acled_options(parser: argparse.ArgumentParser) -> None:
    """What `--format acled` keeps besides ACLED's events (acled.py acled_events)."""
    parser.add_argument("--include-statements", action="store_true",
                        help="with --format acled: the records without an ACLED event type too (statements, "
                             "threats, meetings: PLOVER only)")
    parser.add_argument("--include-historical", action="store_true",
                        help="with --format acled: the background events (status historical) too")


def write_events(records: Iterable[Any], fmt: str, out: TextIO, args: argparse.Namespace,
                 extras: Sequence[str] | None = None) -> int:
    """The records in the text format `fmt` (export.write; `acled` with add_acled_options')."""
    if fmt == "acled":
        return export.write_acled(records, out, statements=args.include_statements,
                                  historical=args.include_historical)
    return export.write(records, fmt, out, extras)


def add_workers(parser: argparse.ArgumentParser, help: str) -> None:
    parser.add_argument("--workers", type=int, default=1, help=help)


def workers_of(args: argparse.Namespace) -> int:
    if args.workers < 1:
        raise UsageError(f"--workers: expected a number of processes >= 1, got {args.workers}")
    return int(args.workers)


def add_geoparse_options(parser: argparse.ArgumentParser) -> None:
    """The mentions counted and the outlets heard: the same for `geoparse` and `eval geo`."""
    parser.add_argument("--adjectives", action="store_true",
                        help="demonyms too ('American officials', 'Russians'), resolved to the country or region "
                             "they name, as LGL and GeoWebNews annotate them (not GeoVirus; never an event's place)")
    parser.add_argument("--embedded", action="store_true",
                        help="the place names inside organisations' and facilities' names too ('the Ohio Department "
                             "of Transportation'), as LGL and GeoWebNews annotate them (never an event's place)")
    parser.add_argument("--no-outlets", dest="outlets", action="store_false",
                        help="resolve each article alone, not with the locale of its outlet (an article's source, "
                             "a corpus's <domain>) learnt from the outlet's other articles")


def add_paths(parser: argparse.ArgumentParser, *, published: bool = True) -> None:
    """The article inputs (PATH...) and, where dates are read, --published."""
    parser.add_argument("paths", nargs="+", metavar="PATH", help=PATHS_HELP)
    if published:
        parser.add_argument("--published", type=iso_date, help="publication date (YYYY-MM-DD); overrides the page's")


def readable_articles(args: argparse.Namespace) -> tuple[list[Article], int]:
    """The articles of the PATH arguments, and how many inputs were skipped (each reported in
    one line)."""
    from ..ingest import read_inputs
    from ..model import Skipped

    articles: list[Article] = []
    skipped = 0
    for item in read_inputs(args.paths, published=getattr(args, "published", None), stdin=sys.stdin.buffer):
        if isinstance(item, Skipped):
            skipped += 1
            print(f"frontwire: skipped {item.source}: {item.reason}", file=sys.stderr)
        else:
            articles.append(item)
    return articles, skipped
