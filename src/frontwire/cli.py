"""Command line: `frontwire extract`, `ingest`, `geoparse`, `store`, `gazetteer`, `eval`.

The edge where options are read, logging is configured, errors become one-line messages and
exit codes. No traceback reaches the user (`--debug` shows them).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import io
import logging
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy.exc import OperationalError, SQLAlchemyError

from . import __version__, events_cli, export
from .errors import FrontwireError, UsageError
from .model import Article
from .settings import SETTINGS, Options
from .store.db import first_line
from .web import cli as web_cli

log = logging.getLogger("frontwire")


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {value!r}") from None


def _add_settings(parser: argparse.ArgumentParser) -> None:
    for s in SETTINGS:
        flag = "--" + s.name.replace("_", "-")
        parser.add_argument(flag, default=None, type=int if isinstance(s.default, int) else str,
                            help=f"{s.help} (env {s.env}; default {s.default})")


def _add_geoparse_options(parser: argparse.ArgumentParser) -> None:
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="frontwire", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--version", action="version", version=f"frontwire {__version__}")
    parser.add_argument("--debug", action="store_true", help="show debug logs and tracebacks")
    sub = parser.add_subparsers(dest="command", required=True)

    ex = sub.add_parser("extract", help="read news articles and write event records")
    ex.add_argument("paths", nargs="+", metavar="PATH",
                    help="a .txt file, an .html/.htm page, a directory, or - for standard input")
    ex.add_argument("--published", type=_date, help="publication date (YYYY-MM-DD); overrides the page's")
    ex.add_argument("--format", choices=export.FORMATS, default=None,
                    help="table (default on a terminal), jsonl (default otherwise), csv, geojson")
    ex.add_argument("--output", "-o", type=Path, help="write to this file instead of standard output")
    _add_settings(ex)

    gp = sub.add_parser("geoparse", help="list the place names of articles and where they resolve")
    gp.add_argument("paths", nargs="+", metavar="PATH",
                    help="a .txt file, an .html/.htm page, a directory, or - for standard input")
    gp.add_argument("--format", choices=("jsonl", "table"), default=None,
                    help="table (default on a terminal) or jsonl")
    gp.add_argument("--output", "-o", type=Path, help="write to this file instead of standard output")
    _add_geoparse_options(gp)
    _add_settings(gp)

    ing = sub.add_parser("ingest", help="read sources into the event store and deduplicate their events")
    ing.add_argument("sources", nargs="*", metavar="SOURCE",
                     help="a file, a directory (recursive), an article URL, an RSS/Atom feed (URL or file), "
                          "or a WARC/WARC.gz file")
    events_cli.add_store_options(ing, data_dir=False, create=True)  # --data-dir: with the settings
    ing.add_argument("--workers", type=int, default=1, help="parse in N worker processes (default 1)")
    ing.add_argument("--cluster", default=None, metavar="ADDRESS|local",
                     help="run the extraction on Dask: 'local' starts a LocalCluster of --workers processes, an "
                          "address joins a running scheduler")
    ing.add_argument("--published", type=_date, help="publication date (YYYY-MM-DD) for inputs that lack one")
    ing.add_argument("--allow-private", action="store_true",
                     help="let URLs reach private, loopback and link-local addresses (refused by default)")
    ing.add_argument("--host-interval", type=float, default=1.0, metavar="SECONDS",
                     help="least time between two requests to one host (default 1.0)")
    ing.add_argument("--failures", action="store_true", help="list the recorded failures and exit")
    ing.add_argument("--no-progress", action="store_true", help="no progress bar")
    _add_settings(ing)

    events_cli.add_parser(sub)
    web_cli.add_parsers(sub)

    st = sub.add_parser("store", help="back up or restore the event store (SQLite; a PostgreSQL store: "
                                      "pg_dump and pg_restore, see the README)")
    st_sub = st.add_subparsers(dest="store_action", required=True)
    backup = st_sub.add_parser("backup", help="copy the store to the file PATH, consistently, while others "
                                              "read and write it")
    backup.add_argument("path", type=Path, metavar="PATH")
    backup.add_argument("--force", action="store_true", help="overwrite PATH if it exists")
    events_cli.add_store_options(backup)
    restore = st_sub.add_parser("restore", help="replace the store's content by the backup PATH")
    restore.add_argument("path", type=Path, metavar="PATH")
    restore.add_argument("--force", action="store_true", help="replace a store that is not empty")
    events_cli.add_store_options(restore, create=True)

    gz = sub.add_parser("gazetteer", help="build, extend or describe the place index")
    gz_sub = gz.add_subparsers(dest="action", required=True)
    gz_build = gz_sub.add_parser("build", help="(re)build the index from the packaged data")
    _add_settings(gz_build)
    gz_info = gz_sub.add_parser("info", help="say what the index holds")
    _add_settings(gz_info)
    gz_import = gz_sub.add_parser("import", help="add a GeoNames dump (allCountries.zip, AZ.zip, AZ.txt)")
    gz_import.add_argument("file", type=Path)
    gz_import.add_argument("--features", default=None,
                           help="feature classes/codes to add, e.g. 'PAT,S.AIRP' (default: populated places, "
                                "admin areas, terrain and a few conflict-relevant spots)")
    gz_import.add_argument("--min-population", type=int, default=0)
    _add_settings(gz_import)

    ev = sub.add_parser("eval", help="score the extractor against human-coded data")
    ev_sub = ev.add_subparsers(dest="dataset", required=True)
    case = ev_sub.add_parser("case2021", help="CASE 2021 task 2 snippets (id, EventSnippet, SubType)")
    case.add_argument("file", type=Path)
    case.add_argument("--predictions", type=Path, help="write id<TAB>label predictions here")
    _add_settings(case)
    geo = ev_sub.add_parser("geo", help="toponym resolution on LGL / GeoVirus / TR-News / GeoWebNews XML")
    geo.add_argument("file", type=Path)
    geo.add_argument("--predictions", type=Path,
                     help='write one JSON line per gold toponym: {"docid", "start", "end", "lat", "lon"}')
    _add_geoparse_options(geo)
    _add_settings(geo)
    events = ev_sub.add_parser("events", help="events of news reports against hand-coded gold events "
                                              "(shared/eval/events, scored as shared/tools/score-events)")
    events.add_argument("articles", type=Path, metavar="ARTICLES_DIR",
                        help="NAME.txt files: header lines, a '---' line, then the body")
    events.add_argument("gold", type=Path, metavar="GOLD_DIR", help="NAME.json gold files")
    events.add_argument("--predictions", type=Path,
                        help="write every record the extractor made as a JSON line, with the article's name")
    _add_settings(events)
    return parser


def _options(args: argparse.Namespace) -> Options:
    return Options.from_env(model=args.model, data_dir=Path(args.data_dir) if args.data_dir else None,
                            batch_size=args.batch_size)


def cmd_extract(args: argparse.Namespace, stdout: TextIO) -> int:
    from .model import Event, Skipped
    from .pipeline import Extractor

    fmt = args.format or ("table" if stdout.isatty() and args.output is None else "jsonl")
    extractor = Extractor(_options(args))
    events: list[Event] = []
    read = 0
    articles, failed = _readable(args)
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
            export.write(events, fmt, out)
    else:
        export.write(events, fmt, stdout)
    print(f"frontwire: {read} article(s) read, {failed} skipped, {len(events)} event(s)", file=sys.stderr)
    return 0 if read else 1


def _readable(args: argparse.Namespace) -> tuple[list[Article], int]:
    """The articles of the PATH arguments, and how many inputs were skipped (each reported in
    one line)."""
    from .ingest import read_inputs
    from .model import Skipped

    articles: list[Article] = []
    skipped = 0
    for item in read_inputs(args.paths, published=getattr(args, "published", None), stdin=sys.stdin.buffer):
        if isinstance(item, Skipped):
            skipped += 1
            print(f"frontwire: skipped {item.source}: {item.reason}", file=sys.stderr)
        else:
            articles.append(item)
    return articles, skipped


def cmd_geoparse(args: argparse.Namespace, stdout: TextIO) -> int:
    from .pipeline import Extractor

    fmt = args.format or ("table" if stdout.isatty() and args.output is None else "jsonl")
    articles, _ = _readable(args)
    extractor = Extractor(_options(args))
    rows = [export.toponym_record(a.article_id, t)
            for a, tops in extractor.geoparse_many(articles, adjectival=args.adjectives,
                                                                       embedded=args.embedded, outlets=args.outlets) for t in tops]
    if args.output is not None:
        with args.output.open("w", encoding="utf-8") as out:
            export.write_toponyms(rows, fmt, out)
    else:
        export.write_toponyms(rows, fmt, stdout)
    print(f"frontwire: {len(articles)} article(s) read, {len(rows)} toponym(s)", file=sys.stderr)
    return 0 if articles else 1


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """Within the block, SIGTERM (what `kill`, systemd and Kubernetes send) raises
    KeyboardInterrupt as Ctrl-C does, so that the work in progress is closed properly."""
    if threading.current_thread() is not threading.main_thread():
        yield  # (signal handlers can only be set from the main thread)
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def cmd_ingest(args: argparse.Namespace, stdout: TextIO) -> int:
    from .run.ingest import ingest
    from .store import Store

    options = _options(args)
    if args.workers < 1:
        raise UsageError(f"--workers: expected a number of processes >= 1, got {args.workers}")
    with Store.open(args.db, options.data_dir, create=args.create) as store:
        if args.failures:
            stdout.writelines(f"{f['at']:%Y-%m-%d %H:%M}  {f['source']}: {f['reason']} ({f['attempts']} attempt(s))\n"
                              for f in store.failures())
            return 0
        if not args.sources:
            raise UsageError("ingest: give at least one SOURCE (or --failures)")
        with terminate_as_interrupt():  # SIGTERM, like Ctrl-C, lets the run cluster what it stored
            summary = ingest(args.sources, store, options, workers=args.workers, cluster=args.cluster,
                             published=args.published, allow_private=args.allow_private,
                             host_interval=args.host_interval, progress=not args.no_progress and sys.stderr.isatty())
        for source, reason in summary.failures[:20]:
            print(f"frontwire: failed {source}: {reason}", file=sys.stderr)
        if len(summary.failures) > 20:
            print(f"frontwire: ... and {len(summary.failures) - 20} more (frontwire ingest --failures)", file=sys.stderr)
        print(f"frontwire: {summary.line()} ({store.name})", file=sys.stderr)
    return 0 if summary.read or summary.skipped or not summary.failed else 1


def cmd_store(args: argparse.Namespace) -> int:
    from .store import Store, resolve_url
    from .store.backup import backup, require_sqlite, restore

    data_dir = Options.from_env(data_dir=Path(args.data_dir) if args.data_dir else None).data_dir
    if args.store_action == "backup":
        require_sqlite(resolve_url(args.db, data_dir), "backed up")  # before connecting to a server
        with Store.open(args.db, data_dir, must_exist=True) as store:
            done = backup(store, args.path, force=args.force)
        print(f"frontwire: backed up {done.line()}", file=sys.stderr)
    else:
        done = restore(args.path, args.db, data_dir, force=args.force, create=args.create)
        print(f"frontwire: restored {done.line()}", file=sys.stderr)
    return 0


def cmd_gazetteer(args: argparse.Namespace, stdout: TextIO) -> int:
    from .geo.build import build_index
    from .geo.gazetteer import default_path
    from .geo.importer import DEFAULT_FEATURES, import_geonames
    from .geo.info import gazetteer_info

    options = _options(args)
    path = default_path(options.data_dir)
    if args.action == "build":
        stats = build_index(path)
        stdout.write(f"built {path}: {stats['places']:.0f} places, {stats['bytes'] / 1e6:.1f} MB, "
                     f"{stats['seconds']:.1f} s\n")
    elif args.action == "import":
        done = import_geonames(path, args.file, feature_classes=args.features or DEFAULT_FEATURES,
                               min_population=args.min_population)
        stdout.write(f"imported {done.file} into {path}: {done.rows_read} rows read, {done.places_added} places "
                     f"and {done.names_added} names added, {done.skipped_existing} already present, "
                     f"{done.skipped_filtered} not selected, {done.seconds:.1f} s\n")
    else:
        stdout.write(gazetteer_info(path).format() + "\n")
    return 0


def cmd_eval(args: argparse.Namespace, stdout: TextIO) -> int:
    from .pipeline import Extractor

    extractor = Extractor(_options(args))
    if args.dataset == "case2021":
        from .eval.case2021 import evaluate, format_report, read_case2021

        report = evaluate(read_case2021(args.file), extractor, args.predictions)
        stdout.write(format_report(report) + "\n")
        return 0
    if args.dataset == "geo":
        from .eval.geo import evaluate_geo, format_geo_report, read_geo_corpus

        geo_report = evaluate_geo(read_geo_corpus(args.file), extractor.nlp, extractor.gazetteer, args.predictions,
                                  adjectival=args.adjectives, embedded=args.embedded,
                                  outlets=args.outlets)
        stdout.write(format_geo_report(geo_report) + "\n")
        return 0
    if args.dataset == "events":
        from .eval.events import evaluate_events, format_events_report, read_events_corpus

        corpus = read_events_corpus(args.articles, args.gold)
        events_report = evaluate_events(corpus, extractor, args.predictions)
        stdout.write(format_events_report(events_report) + "\n")
        return 0
    raise UsageError(f"unknown evaluation set {args.dataset!r}")


class _ClosedInput(io.RawIOBase):
    """Standard input of a process started without one (`frontwire extract - <&-`), where
    Python leaves sys.stdin None: reading it fails like reading a closed descriptor, so "-" is
    skipped with that reason, as any input that cannot be read is."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        raise OSError(errno.EBADF, "standard input is closed")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if sys.stdin is None:
        sys.stdin = io.TextIOWrapper(io.BufferedReader(_ClosedInput()))
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING,
                        format="frontwire: %(levelname)s: %(message)s")
    try:
        if args.command == "extract":
            return cmd_extract(args, sys.stdout)
        if args.command == "geoparse":
            return cmd_geoparse(args, sys.stdout)
        if args.command == "gazetteer":
            return cmd_gazetteer(args, sys.stdout)
        if args.command == "ingest":
            return cmd_ingest(args, sys.stdout)
        if args.command == "events":
            return events_cli.run(args, sys.stdout)
        if args.command == "serve":
            return web_cli.run_serve(args)
        if args.command == "token":
            return web_cli.run_token(args, sys.stdout)
        if args.command == "store":
            return cmd_store(args)
        return cmd_eval(args, sys.stdout)
    except FrontwireError as err:
        if args.debug:
            raise
        print(f"frontwire: error: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("frontwire: interrupted", file=sys.stderr)
        return 130
    except OSError as err:  # an output file that cannot be written, a full disk
        if args.debug:
            raise
        print(f"frontwire: error: {err}", file=sys.stderr)
        return 2
    except OperationalError as err:  # the database failed in a way frontwire.store does not name
        if args.debug:
            raise
        print(f"frontwire: error: the store failed: {first_line(err)}", file=sys.stderr)
        return 2
    except Exception as err:  # a bug: say so in one line, the traceback is behind --debug
        if args.debug:
            raise
        # A database error's first line only: the rest is the SQL and its parameters (a token's hash).
        text = first_line(err) if isinstance(err, SQLAlchemyError) else str(err)
        print(f"frontwire: internal error ({type(err).__name__}: {text}); run with --debug for the "
              "traceback and report it", file=sys.stderr)
        return 3


if __name__ == "__main__":
    sys.exit(main())
