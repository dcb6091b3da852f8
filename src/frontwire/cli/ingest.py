"""`frontwire ingest SOURCE...`: read files, URLs, feeds and WARCs into the store and deduplicate
their events (run/ingest.py); `--failures` lists what could not be read."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from collections.abc import Iterator
from typing import TextIO

from ..errors import UsageError
from .options import add_settings, add_store_options, add_workers, iso_date, options_of, workers_of


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    ing = sub.add_parser("ingest", help="read sources into the event store and deduplicate their events")
    ing.add_argument("sources", nargs="*", metavar="SOURCE",
                     help="a file (.txt, .html, .jsonl or .csv of articles), a directory (recursive), an article "
                          "URL, an RSS/Atom feed (URL or file), or a WARC/WARC.gz file")
    add_store_options(ing, data_dir=False, create=True)  # --data-dir: with the settings
    add_workers(ing, "parse in N worker processes (default 1)")
    ing.add_argument("--cluster", default=None, metavar="ADDRESS|local",
                     help="run the extraction on Dask: 'local' starts a LocalCluster of --workers processes, an "
                          "address joins a running scheduler")
    ing.add_argument("--published", type=iso_date, help="publication date (YYYY-MM-DD); overrides the date of a page, a header or a record")
    ing.add_argument("--allow-private", action="store_true",
                     help="let URLs reach private, loopback and link-local addresses (refused by default)")
    ing.add_argument("--host-interval", type=float, default=1.0, metavar="SECONDS",
                     help="least time between two requests to one host (default 1.0)")
    ing.add_argument("--failures", action="store_true", help="list the recorded failures and exit")
    ing.add_argument("--no-progress", action="store_true", help="no progress bar")
    add_settings(ing)
    ing.set_defaults(func=run)


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


def run(args: argparse.Namespace, stdout: TextIO) -> int:
    from ..run.ingest import ingest
    from ..store import Store

    options = options_of(args)
    workers = workers_of(args)
    with Store.open(args.db, options.data_dir, create=args.create) as store:
        if args.failures:
            stdout.writelines(f"{f['at']:%Y-%m-%d %H:%M}  {f['source']}: {f['reason']} ({f['attempts']} attempt(s))\n"
                              for f in store.failures())
            return 0
        if not args.sources:
            raise UsageError("ingest: give at least one SOURCE (or --failures)")
        with terminate_as_interrupt():  # SIGTERM, like Ctrl-C, lets the run cluster what it stored
            summary = ingest(args.sources, store, options, workers=workers, cluster=args.cluster,
                             published=args.published, allow_private=args.allow_private,
                             host_interval=args.host_interval, progress=not args.no_progress and sys.stderr.isatty())
        for source, reason in summary.failures[:20]:
            print(f"frontwire: failed {source}: {reason}", file=sys.stderr)
        if len(summary.failures) > 20:
            print(f"frontwire: ... and {len(summary.failures) - 20} more (frontwire ingest --failures)", file=sys.stderr)
        print(f"frontwire: {summary.line()} ({store.name})", file=sys.stderr)
    return 0 if summary.read or summary.skipped or not summary.failed else 1
