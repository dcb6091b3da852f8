"""`frontwire store backup PATH` and `frontwire store restore PATH` (SQLite; a PostgreSQL store is
backed up with pg_dump, see the README)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from .options import add_store_options, data_dir_of


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    st = sub.add_parser("store", help="back up or restore the event store (SQLite; a PostgreSQL store: "
                                      "pg_dump and pg_restore, see the README)")
    st_sub = st.add_subparsers(dest="store_action", required=True)
    backup = st_sub.add_parser("backup", help="copy the store to the file PATH, consistently, while others "
                                              "read and write it")
    backup.add_argument("path", type=Path, metavar="PATH")
    backup.add_argument("--force", action="store_true", help="overwrite PATH if it exists")
    add_store_options(backup)
    backup.set_defaults(func=run_backup)
    restore = st_sub.add_parser("restore", help="replace the store's content by the backup PATH")
    restore.add_argument("path", type=Path, metavar="PATH")
    restore.add_argument("--force", action="store_true", help="replace a store that is not empty")
    add_store_options(restore, create=True)
    restore.set_defaults(func=run_restore)


def run_backup(args: argparse.Namespace, stdout: TextIO) -> int:
    from ..store import Store, resolve_url
    from ..store.backup import backup, require_sqlite

    data_dir = data_dir_of(args)
    require_sqlite(resolve_url(args.db, data_dir), "backed up")  # before connecting to a server
    with Store.open(args.db, data_dir, must_exist=True) as store:
        done = backup(store, args.path, force=args.force)
    print(f"frontwire: backed up {done.line()}", file=sys.stderr)
    return 0


def run_restore(args: argparse.Namespace, stdout: TextIO) -> int:
    from ..store.backup import restore

    done = restore(args.path, args.db, data_dir_of(args), force=args.force, create=args.create)
    print(f"frontwire: restored {done.line()}", file=sys.stderr)
    return 0
