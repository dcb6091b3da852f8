"""RSS and Atom feeds -> their entries (link, title, date, summary), with feedparser.

Pure: bytes in, entries out; fetching the entries' pages is the caller's job (sources.py).

feedparser is lenient by design: on a broken document it sets `bozo` and returns whatever it
could salvage. We accept a salvaged feed that still has entries (a stray unescaped "&" in one
title must not cost the whole feed) and refuse one with none, giving feedparser's reason.
The data is handed over as a stream, never as bytes or str: feedparser treats a str as a URL to
fetch and tries bytes as a file name to open.

feedparser's HTML sanitizer and relative-URI resolver are off: the sanitizer's CSS check is
quadratic in the length of a style attribute (a title holding an escaped <p style="..."> of 16 KB
took 3 s, of 300 KB about a quarter of an hour), and both only rewrite markup that we do not
keep. A title or summary that holds markup is turned into plain text here (script and style
content dropped), which is what an Article's title is.
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
from lxml import etree  # type: ignore[import-untyped]
from lxml.html import HTMLParser  # type: ignore[import-untyped]

from frontwire.errors import InputError

log = logging.getLogger(__name__)

_SNIFF_BYTES = 4096
# What may come before the root element: an XML declaration or processing instructions
# (stylesheets), comments, a DOCTYPE, and whitespace.
_PROLOG = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)", re.DOTALL | re.IGNORECASE)
# The root element of RSS 0.9x/2.0 (rss), Atom (feed) and RSS 1.0 (rdf:RDF), any namespace prefix.
_FEED_ROOT = re.compile(rb"\s*<(?:[\w.-]+:)?(?:rss|feed|RDF)[\s>/]")
_BOMS = (b"\xef\xbb\xbf",)
# A numeric character reference. feedparser's lenient parser (used on a feed that is not
# well-formed) hands its number to chr() and then encodes the character: one past U+10FFFF, too
# large for a C int, or a surrogate raised ValueError, OverflowError or UnicodeEncodeError out of
# feedparser.parse. Such a reference names no character; it becomes U+FFFD, as HTML5 does.
_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));?")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
# What feedparser may still raise on a feed written in an encoding the byte regex cannot read
# (UTF-16, UTF-32).
_FEEDPARSER_ERRORS = (ValueError, OverflowError, UnicodeError)


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
    """A non-blank string, NULs removed (a "&#0;" in the feed), or None."""
    return value.replace("\x00", "").strip() or None if isinstance(value, str) else None


def _valid_reference(match: re.Match[bytes]) -> bytes:
    hexadecimal, decimal = match.groups()
    digits = (hexadecimal or decimal).lstrip(b"0")
    if len(digits) > 8:  # far past U+10FFFF (and past what int() should be given)
        return b"&#xFFFD;"
    code = int(digits or b"0", 16 if hexadecimal else 10)
    return b"&#xFFFD;" if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF else match.group()


def _plain(entry: Any, key: str) -> str | None:
    """The entry's title or summary as plain text: markup (when feedparser takes it for HTML, or
    it holds tags, which feedparser does not call HTML when one is outside its safe list, e.g.
    <script>) is parsed and only its text kept, whitespace runs made single spaces."""
    value = _text(entry.get(key))
    if value is None or "<" not in value:
        return value
    detail = entry.get(f"{key}_detail") or {}
    if "html" not in str(detail.get("type", "")) and not _TAG.search(value):
        return value
    # As a whole document, whatever the markup holds (lxml's fragment parser asserts on an <html>
    # tag inside a fragment); libxml2 recovers from anything else.
    parser = HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True)
    root = etree.fromstring(f"<html><body>{value}</body></html>".encode("utf-8", "replace"), parser)
    if root is None:
        return None
    for unwanted in root.iter("script", "style"):
        unwanted.clear(keep_tail=True)
    return " ".join("".join(root.itertext()).split()) or None


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
            try:
                return date(value.tm_year, value.tm_mon, value.tm_mday)
            except ValueError:  # feedparser passes on a year 0 or -1 ("0000-00-00T00:00:00Z")
                log.debug("feed date %r is no calendar date; ignored", value)
    return None


def feed_entries(data: bytes, origin: str) -> list[FeedEntry]:
    """The entries of an RSS or Atom feed, in document order. `origin` (a path or the feed's URL)
    names the feed in errors; a URL also resolves relative entry links.
    InputError if it is not a feed or too broken to yield any entry."""
    base = origin if origin.startswith(("http://", "https://")) else None
    # With any header given feedparser wants a Content-Type (else it sets bozo); application/xml
    # leaves the encoding to the XML declaration, as for a file.
    headers = {"content-location": base, "content-type": "application/xml"} if base else {}
    data = _CHAR_REF.sub(_valid_reference, data)
    try:
        parsed = feedparser.parse(io.BytesIO(data), response_headers=headers, sanitize_html=False,
                                  resolve_relative_uris=False)
    except _FEEDPARSER_ERRORS as exc:
        reason = f"not a readable RSS or Atom feed: the feed parser failed on it ({exc})"
        raise InputError(origin, reason) from None
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
            title=_plain(entry, "title"),
            published=_date(entry),
            summary=_plain(entry, "summary"),
        )
        for entry in entries
    ]
