"""Errors.

    FrontwireError                 root: every error frontwire raises on purpose
    ├── InputError                 an input (file, page, stdin) cannot be read as an article
    ├── ResourceError              a packaged or user resource (pipeline, gazetteer, lexicon) is missing or bad
    ├── UsageError                 a bad option value (a date that is not a date, an unknown format)
    └── StoreError                 the event store cannot be opened, read or written
        ├── StoreReadOnly          it can only be read (a read-only file, folder or filesystem)
        ├── StoreCorrupt           its file is damaged, or is not an SQLite database
        ├── StoreLocked            another process holds its lock (transient: retried first)
        └── StoreUnreachable       its PostgreSQL server refused the connection or the login

The CLI turns them into one-line messages; no traceback reaches the user. A StoreError's
message names the store (without a password) and says what to do.
"""

from __future__ import annotations


class FrontwireError(Exception):
    """Root of every error frontwire raises on purpose."""


class InputError(FrontwireError):
    """An input cannot be read as an article. `source` names it, `reason` says what is wrong."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class ResourceError(FrontwireError):
    """A resource frontwire needs is missing or damaged; the message says how to fix it."""


class UsageError(FrontwireError):
    """A command-line or API option has a bad value."""


class StoreError(FrontwireError):
    """The event store cannot be opened, read or written; the message names it and says why.
    `transient`: the same operation may succeed if tried again a little later."""

    transient = False


class StoreReadOnly(StoreError):
    """The store can be read but not written: nothing was changed."""


class StoreCorrupt(StoreError):
    """The store's file is damaged (or is not a database at all): restore it from a backup."""


class StoreLocked(StoreError):
    """Another connection holds the store's lock longer than the wait allows."""

    transient = True


class StoreUnreachable(StoreError):
    """A PostgreSQL store cannot be connected to: refused, unknown host, failed login, no database."""
