"""What a corpus says about an article besides its text: title, URL, outlet, publication date,
author. Two shapes carry it:

- a header block at the top of a .txt file (`header`):

      Title: Shelling hits Tovuz district
      URL: https://example.org/news/tovuz-shelling
      Source: Example News
      Published: 2020-07-13

      Azerbaijani officials said on Sunday ...

  "Key: value" lines from the first line on, ended by a blank line or a `---` line. Keys are
  case-insensitive; `Outlet` is a synonym of `Source`, `Date` of `Published`. A block ended by
  a blank line holds only known keys (otherwise it is the article's own first paragraph: "Note:
  ..."); a block ended by `---` may hold other keys too, which are ignored. A `Published` of
  "unknown" or nothing is no date.
- a record of a JSON Lines or CSV article file (records.py), with the same fields and the names
  that crawlers such as news-please give them (`maintext`, `date_publish`, `source_domain`).

A bad value (a date that is not one) is an InputError naming the field: the article is
skipped with that reason, the run goes on.
"""

from __future__ import annotations

import dataclasses
import email.utils
import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from frontwire.errors import InputError
from frontwire.ingest.text import article_id_for
from frontwire.model import Article

# Field -> the names it goes by, in the order they are tried (header keys and record keys alike).
FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "source": ("source", "outlet", "source_domain", "publisher"),
    "published": ("published", "date", "date_publish", "published_at", "pubdate"),
    "author": ("author", "authors", "byline"),
}
_KNOWN_KEYS = frozenset(k for names in FIELDS.values() for k in names)
_HEADER_LINE = re.compile(r"([A-Za-z][A-Za-z0-9_ -]{0,30}):(?:[ \t]+(.*))?")
SEPARATOR = "---"
_NO_DATE = frozenset({"", "unknown", "n/a", "none", "null", "-"})
_MAX_HEADER_LINES = 20
# Dates written out, besides ISO 8601 and RFC 2822: "13 July 2020", "July 13, 2020", "13 Jul 2020".
_LAYOUTS = ("%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%B %d %Y")


def parse_published(value: Any, where: str) -> date | None:
    """A publication date as corpora write it: "2020-07-13", "2020-07-13T08:15:00Z",
    "2020-07-13 08:15:00" (news-please), "13 July 2020"; None for "unknown" or nothing.
    InputError naming `where` otherwise."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if text.lower() in _NO_DATE:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    for layout in _LAYOUTS:
        try:
            return datetime.strptime(text, layout).date()
        except ValueError:
            continue
    try:  # an RSS feed's RFC 2822 date: "Mon, 13 Jul 2020 08:15:00 GMT"
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError):
        raise InputError(where, f"not a date: {text[:60]!r} (write it as YYYY-MM-DD)") from None


def field(record: Mapping[str, Any], name: str) -> Any:
    """The value of the field `name` in `record` under any of its names (case-insensitive keys);
    None when absent or empty. A list (news-please's `authors`) is joined with commas."""
    lowered = {str(k).strip().lower(): v for k, v in record.items()}
    for key in FIELDS.get(name, (name,)):
        value = lowered.get(key)
        if isinstance(value, list):
            value = ", ".join(str(v).strip() for v in value if str(v).strip())
        if value is not None and str(value).strip():
            return value
    return None


def header(text: str) -> tuple[dict[str, str], str]:
    """The header fields at the top of a text and the text after the header; ({}, text) when
    it has none."""
    lines = text.split("\n")
    fields: dict[str, str] = {}
    unknown = False
    for number, line in enumerate(lines[:_MAX_HEADER_LINES + 1]):
        stripped = line.strip()
        if stripped == SEPARATOR or (not stripped and fields):
            if not fields or (unknown and stripped != SEPARATOR):
                return {}, text
            return fields, "\n".join(lines[number + 1:])
        match = _HEADER_LINE.fullmatch(line.rstrip())
        if match is None:
            return {}, text
        key = match.group(1).strip().lower()
        if number == 0 and key not in _KNOWN_KEYS:
            return {}, text
        unknown = unknown or key not in _KNOWN_KEYS
        fields[key] = (match.group(2) or "").strip()
    return {}, text


def with_metadata(article: Article, record: Mapping[str, Any], origin: str,
                  published: date | None = None) -> Article:
    """`article` with the fields of `record` (a header or a corpus record): its URL (which then
    gives the article's id, so the same page read from a crawl and from the web is one
    article), outlet, author and date, and its title where the article has none. `published`
    (the user's --published) overrides the record's date, as it overrides a page's."""
    url = field(record, "url")
    date_given = published if published is not None else parse_published(field(record, "published"),
                                                                          f"{origin}: published")
    title, source, author = field(record, "title"), field(record, "source"), field(record, "author")
    return dataclasses.replace(
        article,
        article_id=article_id_for(str(url), article.text) if url else article.article_id,
        url=str(url).strip() if url else article.url,
        title=article.title or (str(title).strip() if title else None),
        source=str(source).strip() if source else article.source,
        author=str(author).strip() if author else article.author,
        published=date_given if date_given is not None else article.published,
    )
