"""`frontwire dedup [--full]`: bring the store's clusters up to date (the reports stored since
the last deduplication, and what they touch), or rebuild them all with --full."""

from __future__ import annotations

import argparse
import sys
import time
from typing import TextIO

from .options import add_store_options, open_store


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    dd = sub.add_parser("dedup", help="cluster the reports stored since the last deduplication (ingest does this "
                                      "itself); --full rebuilds every cluster")
    add_store_options(dd)
    dd.add_argument("--full", action="store_true",
                    help="re-cluster every stored report (after changing the dedup rules or data)")
    dd.set_defaults(func=run)


def run(args: argparse.Namespace, stdout: TextIO) -> int:
    from ..run.recluster import recluster, recluster_new

    with open_store(args) as store:
        start = time.monotonic()
        written = (recluster if args.full else recluster_new)(store)
        total = store.count()["clusters"]
        name = store.name
    what = "rebuilt" if args.full else "written"
    print(f"frontwire: {written} cluster(s) {what} in {time.monotonic() - start:.1f} s; {total} in the store "
          f"({name})", file=sys.stderr)
    return 0
