"""Errors.

    FrontwireError                 root: every error frontwire raises on purpose
    ├── InputError                 an input (file, page, stdin) cannot be read as an article
    ├── ResourceError              a packaged or user resource (pipeline, gazetteer, lexicon) is missing or bad
    └── UsageError                 a bad option value (a date that is not a date, an unknown format)

The CLI turns them into one-line messages; no traceback reaches the user.
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
