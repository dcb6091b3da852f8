"""Command line: read articles, fill and query the event store, serve it, score the extractor.

`frontwire extract`, `geoparse`, `ingest`, `events`, `serve`, `token`, `store`, `gazetteer`,
`eval`: the edge where options are read, logging is configured, errors become one-line messages and
exit codes. No traceback reaches the user (`--debug` shows them). A module per command group
(extract.py: extract and geoparse; web.py: serve and token; ...), the options they share declared
once in options.py.
"""

from __future__ import annotations

import argparse
import errno
import io
import logging
import sys
from collections.abc import Sequence
from typing import Any

from sqlalchemy.exc import OperationalError, SQLAlchemyError

from .. import __version__
from ..errors import FrontwireError
from ..store.db import first_line
from . import dedup, evaluate, events, extract, gazetteer, ingest, store, web

log = logging.getLogger("frontwire")


# The command groups, in the order of `frontwire --help`: each module adds its sub-commands
# (`register`) and sets each one's handler (`func`: (args, stdout) -> exit code).
COMMANDS = (extract, ingest, dedup, events, web, store, gazetteer, evaluate)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="frontwire", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--version", action="version", version=f"frontwire {__version__}")
    parser.add_argument("--debug", action="store_true", help="show debug logs and tracebacks")
    sub = parser.add_subparsers(dest="command", required=True)
    for group in COMMANDS:
        group.register(sub)
    return parser


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
        return int(args.func(args, sys.stdout))
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
