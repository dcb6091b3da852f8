"""RSS and Atom feeds -> their entries (link, title, date, summary), with feedparser.

Pure: bytes in, entries out; fetching the entries' pages is the caller's job (sources.py).

feedparser is lenient by design: on a broken document it sets `bozo` and returns whatever it
could salvage. We accept a salvaged feed that still has entries (a stray unescaped "&" in one
title must not cost the whole feed) and refuse one with none, giving feedparser's reason.
The data is handed over as a stream, never as bytes or str: feedparser treats a str as a URL to
fetch and tries bytes as a file name to open.
"""

from __future__ import annotations

import io
import logging
import re
import time
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urljoin
from xml.sax import SAXParseException

import feedparser  # type: ignore[import-untyped]

from frontwire.errors import InputError

log = logging.getLogger(__name__)

_SNIFF_BYTES = 4096
# What may come before the root element: an XML declaration or processing instructions
# (stylesheets), comments, a DOCTYPE, and whitespace.
_PROLOG = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)", re.DOTALL | re.IGNORECASE)
# The root element of RSS 0.9x/2.0 (rss), Atom (feed) and RSS 1.0 (rdf:RDF), any namespace prefix.
_FEED_ROOT = re.compile(rb"\s*<(?:[\w.-]+:)?(?:rss|feed|RDF)[\s>/]")
_BOMS = (b"\xef\xbb\xbf",)


@dataclass(frozen=True)
class FeedEntry:
    """One feed item: where the article is, and what the feed says about it."""

    link: str | None
    title: str | None
    published: date | None
    summary: str | None


def looks_like_feed(data: bytes) -> bool:
    """True if the document's root element is <rss>, <feed> or <rdf:RDF> (after any prolog)."""
    head = data[:_SNIFF_BYTES]
    for bom in _BOMS:
        head = head.removeprefix(bom)
    position = 0
    while (match := _PROLOG.match(head, position)) is not None and match.end() > position:
        position = match.end()
    return _FEED_ROOT.match(head, position) is not None


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _link(value: Any, base: str | None) -> str | None:
    """The entry's link, made absolute against the feed's URL (feedparser's lenient parser, used on
    a broken feed, leaves relative links as they are)."""
    link = _text(value)
    return urljoin(base, link) if link and base else link


def _problem(exc: Any) -> str:
    """feedparser's bozo exception as a reason: an XML error with its line and column."""
    if isinstance(exc, SAXParseException):
        return f"{exc.getMessage()} at line {exc.getLineNumber()}, column {exc.getColumnNumber()}"
    return str(exc) or type(exc).__name__


def _date(entry: Any) -> date | None:
    """feedparser normalises every date format it knows to a UTC struct_time."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            return date(value.tm_year, value.tm_mon, value.tm_mday)
    return None


def feed_entries(data: bytes, origin: str) -> list[FeedEntry]:
    """The entries of an RSS or Atom feed, in document order. `origin` (a path or the feed's URL)
    names the feed in errors; a URL also resolves relative entry links.
    InputError if it is not a feed or too broken to yield any entry."""
    base = origin if origin.startswith(("http://", "https://")) else None
    # With any header given feedparser wants a Content-Type (else it sets bozo); application/xml
    # leaves the encoding to the XML declaration, as for a file.
    headers = {"content-location": base, "content-type": "application/xml"} if base else {}
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    entries = list(parsed.get("entries") or [])
    if not entries:
        if parsed.get("bozo"):
            raise InputError(origin, f"not an RSS or Atom feed: {_problem(parsed.get('bozo_exception'))}")
        if not parsed.get("version"):
            raise InputError(origin, "not an RSS or Atom feed: no <rss>, <feed> or <rdf:RDF> root element")
    elif parsed.get("bozo"):
        log.warning(
            "%s: feed is not well-formed (%s); read %d entries anyway",
            origin,
            _problem(parsed.get("bozo_exception")),
            len(entries),
        )
    return [
        FeedEntry(
            link=_link(entry.get("link"), base),
            title=_text(entry.get("title")),
            published=_date(entry),
            summary=_text(entry.get("summary")),
        )
        for entry in entries
    ]
