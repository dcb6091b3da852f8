"""The bounds of every value the web API accepts, declared once.

Whatever a client sends (query and path parameters, JSON body fields, review changes, the parts
of a cursor) is checked against these at the edge, so that a hostile value is answered 400 or 422
with the field named and never reaches a query as something the database refuses (a 500 and a
traceback in the log):

- Text has no control characters (Unicode Cc: C0, DEL, C1) and no lone surrogates. PostgreSQL
  cannot store NUL in text at all, and a lone surrogate (JSON can carry "\\ud800") is not
  encodable as UTF-8 by either database driver. Free text that may run over lines (a review
  comment, an event's notes) may hold tab and line breaks. An article's text or HTML is read as
  ingest reads a file (ingest.text tolerates a stray control code and refuses binary data), so
  only NUL and lone surrogates are refused here.
- Whole numbers stay inside INTEGER (2^31 - 1), which SQLite and PostgreSQL both hold, and inside
  what makes sense for the field: no event has a million deaths in one record.
- Lengths: an id is as long as the store's id columns, a filter word or name as long as any real
  one with room to spare, an article as long as ingest reads. A URL is bounded in bytes: the
  store keeps it in a unique index, whose entries PostgreSQL limits to 2704 bytes (2,000 CJK
  characters are 6,000).

`LINE`, `PROSE` and `ARTICLE` are pydantic validators for the FastAPI/pydantic declarations
(Annotated[str | None, Query(max_length=MAX_WORDS), LINE]; their errors become 422 with the field
in `loc`); `check_text` and `check_int` are the same rules for values checked by hand (review
changes, cursors), raising UsageError "field: what is wrong" (400).
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import AfterValidator

from ..errors import UsageError
from ..ingest.files import DEFAULT_MAX_BYTES
from ..ingest.html import MAX_SOURCE_CHARS, MAX_URL_BYTES
from ..store import schema as t

INT_MAX = 2**31 - 1  # PostgreSQL's INTEGER (SQLite's holds up to 2^63 - 1)
MAX_ID = int(t.ID.length or 64)  # event, cluster and article ids: the store's id columns
MAX_WORDS = 200  # a search, a country, an actor, an event type: longer than any real one
MAX_LIST = 200  # comma-separated choices (statuses, groupings), a bbox
MAX_CURSOR = 512  # an encoded (date, id) pair is under 120 characters
MAX_LIMIT = 10_000  # events in one page
MAX_FATALITIES = 1_000_000  # deaths in one event record (ACLED's largest single records are far below)
MAX_GEONAMES_ID = INT_MAX  # GeoNames ids are below 2*10^7
MAX_TEXT = 2000  # a review comment or an edited field: longer than any ACLED note
MAX_URL = MAX_URL_BYTES  # bytes in UTF-8: PostgreSQL's unique index on articles.url takes at most 2704
MAX_TITLE = 500
MAX_SOURCE = MAX_SOURCE_CHARS  # the articles' and reports' source column: VARCHAR(255)
MAX_ARTICLE = DEFAULT_MAX_BYTES  # characters of an article's text or HTML, as ingest reads files

# What each kind of text may not hold.
_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")  # one line: a name, an id, a filter
_PROSE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")  # tab and line breaks allowed
_ARTICLE = re.compile(r"[\x00\ud800-\udfff]")  # ingest judges the other control codes


def problem(value: str, pattern: re.Pattern[str] = _LINE) -> str | None:
    """What is wrong with `value` under `pattern` ("contains a NUL character (U+0000) at
    character 3"), or None."""
    found = pattern.search(value)
    if found is None:
        return None
    code = ord(found.group())
    what = ("a NUL character" if code == 0 else "a lone surrogate, not valid Unicode text" if 0xD800 <= code <= 0xDFFF
            else "a line break or tab" if found.group() in "\t\n\r" else "a control character")
    return f"contains {what} (U+{code:04X}) at character {found.start() + 1}"


def shown(value: Any, limit: int = 60) -> str:
    """`value` for an error message: repr (control characters and surrogates escaped), cut short."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."


def check_text(name: str, value: str, *, prose: bool = False) -> str:
    """`value` unchanged, or UsageError naming `name` (the rules of LINE, or of PROSE)."""
    wrong = problem(value, _PROSE if prose else _LINE)
    if wrong:
        raise UsageError(f"{name}: {wrong}")
    return value


def check_int(name: str, value: Any, low: int, high: int) -> int:
    """`value` if it is a whole number in low..high (JSON true/false are not), else UsageError."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise UsageError(f"{name}: expected a whole number, got {shown(value)}")
    if not low <= value <= high:
        raise UsageError(f"{name}: {shown(value)} is out of range ({low}..{high})")
    return value


def too_long(value: str, max_bytes: int) -> str | None:
    """What is wrong with `value` if it is longer than `max_bytes` in UTF-8, or None."""
    size = len(value.encode("utf-8", "surrogatepass"))
    return f"{size:,} bytes in UTF-8, at most {max_bytes:,}" if size > max_bytes else None


def _validator(pattern: re.Pattern[str], max_bytes: int | None = None) -> AfterValidator:
    def check(value: str | None) -> str | None:
        if value is None:
            return None
        wrong = problem(value, pattern) or (too_long(value, max_bytes) if max_bytes is not None else None)
        if wrong:
            raise ValueError(wrong)  # pydantic reports it with the field's location: 422
        return value

    return AfterValidator(check)


# Pydantic validators for Annotated declarations, e.g. Annotated[str | None, Query(max_length=MAX_WORDS), LINE].
LINE = _validator(_LINE)  # one line: no control characters
PROSE = _validator(_PROSE)  # free text: tab and line breaks allowed
ARTICLE = _validator(_ARTICLE)  # an article's text or HTML: no NUL, no lone surrogate
URL = _validator(_LINE, MAX_URL)  # one line of at most MAX_URL bytes


__all__ = [
    "ARTICLE",
    "INT_MAX",
    "LINE",
    "MAX_ARTICLE",
    "MAX_CURSOR",
    "MAX_FATALITIES",
    "MAX_GEONAMES_ID",
    "MAX_ID",
    "MAX_LIMIT",
    "MAX_LIST",
    "MAX_SOURCE",
    "MAX_TEXT",
    "MAX_TITLE",
    "MAX_URL",
    "MAX_WORDS",
    "PROSE",
    "URL",
    "check_int",
    "check_text",
    "problem",
    "shown",
    "too_long",
]
