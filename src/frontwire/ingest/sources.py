"""SOURCE -> Article | Skipped: the one entry point of `frontwire ingest SOURCE...`.

A SOURCE is
- a file: .txt, .html/.htm (read by files.read_file), a JSON Lines or CSV file of articles
  (records.py), a feed (.rss, .atom, or .xml sniffed as one), a WARC (.warc, .warc.gz);
- a directory: all of those below it, recursively, in sorted order;
- "-": standard input (files.read_inputs);
- an http(s) URL: an article page, or a feed (sniffed after fetching) whose entries' links are
  fetched as article pages.

Every failure is a `Skipped(source, reason)` and the run goes on. An article read from the web or
a WARC carries `url` (the final URL after redirects; the WARC record's target URI) and its
article_id is that URL's, so the store can de-duplicate reports by canonical URL. The page's own
<link rel="canonical"> is not trusted for that: any page can claim any URL.

Feed entries lend what their page lacks: the entry's date when the page has none (and no
`published` was given), the entry's title when the page has none.
"""

from __future__ import annotations

import codecs
import dataclasses
import logging
import os
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Literal

from frontwire.errors import InputError
from frontwire.ingest.feeds import FeedEntry, feed_entries, looks_like_feed
from frontwire.ingest.fetch import Fetched, Fetcher
from frontwire.ingest.files import DEFAULT_MAX_BYTES, STDIN, SUFFIXES, read_file, read_inputs
from frontwire.ingest.html import article_from_html
from frontwire.ingest.records import RECORD_SUFFIXES, read_records
from frontwire.ingest.text import article_from_text, article_id_for
from frontwire.ingest.warc import WarcPage, warc_records
from frontwire.model import Article, Skipped

log = logging.getLogger(__name__)

Kind = Literal["text", "html", "feed", "warc", "records"]

FEED_SUFFIXES = (".rss", ".atom", ".xml")
WARC_SUFFIXES = (".warc", ".warc.gz")
ALL_SUFFIXES = (*SUFFIXES, *RECORD_SUFFIXES, *FEED_SUFFIXES, *WARC_SUFFIXES)
FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_SNIFF_BYTES = 4096


def _listing() -> str:
    return ", ".join(ALL_SUFFIXES[:-1]) + " or " + ALL_SUFFIXES[-1]


def kind_of(path: Path) -> Kind | None:
    """What a file is read as, from its name; None if it is not a source."""
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    suffix = path.suffix.lower()
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    if suffix in FEED_SUFFIXES:
        return "feed"
    if suffix in RECORD_SUFFIXES:
        return "records"
    return None


def walk_sources(root: Path) -> list[Path]:
    """Every source file below `root` (as files.walk, with feeds and WARCs too), sorted; hidden
    files and folders are skipped and symlinked folders not followed (no endless link loops)."""
    found: list[Path] = []
    for folder, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        found.extend(
            Path(folder, name)
            for name in filenames
            if not name.startswith(".") and kind_of(Path(name)) is not None
        )
    return sorted(found, key=lambda p: p.relative_to(root).parts)


def _size(n: int) -> str:
    return f"{n:,} bytes ({n / 1_000_000:.1f} MB)"


def _read_capped(path: Path, max_bytes: int) -> bytes:
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(str(path), f"file too large: {_size(size)}, the limit is {_size(max_bytes)}")
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)  # one byte more: the file may have grown since stat()
    if len(data) > max_bytes:
        raise InputError(str(path), f"file too large: over the limit of {_size(max_bytes)}")
    return data


def media_type(content_type: str | None) -> str | None:
    """ "text/html; charset=utf-8" -> "text/html"."""
    return content_type.split(";", 1)[0].strip().lower() or None if content_type else None


def _charset(body: bytes, content_type: str | None) -> str:
    """The page's encoding: the HTTP header's, else a BOM, else a <meta charset>, else UTF-8 (the
    HTML default today). An unknown name falls back to UTF-8."""
    declared = _CHARSET_PARAM.search(content_type or "")
    names: list[str] = [declared.group(1)] if declared else []
    if body.startswith(codecs.BOM_UTF8):
        names.append("utf-8-sig")
    elif body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        names.append("utf-16")
    meta = _META_CHARSET.search(body[:_SNIFF_BYTES])
    if meta:
        names.append(meta.group(1).decode("ascii", "replace"))
    for name in names:
        try:
            return codecs.lookup(name).name
        except LookupError:
            log.debug("unknown charset %r ignored", name)
    return "utf-8"


def decode_page(body: bytes, content_type: str | None) -> str:
    """Bytes of a web page -> text. Undecodable bytes become U+FFFD rather than losing the page:
    pages that say UTF-8 and hold a stray Windows-1252 quote are common on the web."""
    return body.decode(_charset(body, content_type), errors="replace").removeprefix("\ufeff")


def at_url(article: Article, url: str) -> Article:
    """The article with `url` as its URL and the id of that URL (see the module docstring)."""
    if article.url == url:
        return article
    return dataclasses.replace(article, url=url, article_id=article_id_for(url, article.text))


def page_article(body: bytes, content_type: str | None, url: str, published: date | None) -> Article:
    """A fetched or archived page at `url` -> Article with that URL; InputError if it is not one."""
    media = media_type(content_type)
    if media is not None and media not in HTML_TYPES and media != "text/plain":
        raise InputError(url, f"not an article page: its Content-Type is {media}")
    text = decode_page(body, content_type)
    if media == "text/plain":
        article = article_from_text(text, url, published)
    else:
        article = article_from_html(text, url, published)
    return at_url(article, url)


class _Reader:
    """The state of one read_sources run: its options and the fetcher (made on first use if the
    caller gave none, and then closed at the end)."""

    def __init__(self, published: date | None, max_bytes: int, fetcher: Fetcher | None) -> None:
        self.published = published
        self.max_bytes = max_bytes
        self._fetcher = fetcher
        self._owned: Fetcher | None = None
        self.ignored: Counter[str] = Counter()

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._owned = self._fetcher = Fetcher(max_bytes=self.max_bytes)
        return self._fetcher

    def close(self) -> None:
        if self._owned is not None:
            self._owned.close()

    def source(self, raw: str) -> Iterator[Article | Skipped]:
        if _URL.match(raw):
            yield from self.url(raw)
            return
        if raw == STDIN:
            yield from read_inputs([STDIN], self.published, max_bytes=self.max_bytes)
            return
        path = Path(raw)
        if path.is_dir():
            files = walk_sources(path)
            if not files:
                yield Skipped(raw, f"directory has no readable files (no {_listing()} below it)")
            for file in files:
                yield from self.file(file)
        elif not path.exists():
            yield Skipped(raw, "no such file or directory")
        elif not path.is_file():
            yield Skipped(raw, "not a regular file or directory")
        elif kind_of(path) is None:
            suffix = path.suffix or "(none)"
            yield Skipped(raw, f"unsupported file type {suffix}: expected {_listing()}")
        else:
            yield from self.file(path)

    def file(self, path: Path) -> Iterator[Article | Skipped]:
        kind = kind_of(path)
        if kind == "warc":
            yield from self.warc(path)
        elif kind == "feed":
            yield from self.feed_file(path)
        elif kind == "records":
            yield from read_records(path, self.published, self.max_bytes)
        elif kind is not None:
            yield read_file(path, kind, self.published, self.max_bytes)

    def feed_file(self, path: Path) -> Iterator[Article | Skipped]:
        origin = str(path)
        try:
            data = _read_capped(path, self.max_bytes)
            if path.suffix.lower() == ".xml" and not looks_like_feed(data):
                raise InputError(origin, "not an RSS or Atom feed (an .xml source must be one)")
            entries = feed_entries(data, origin)
        except InputError as exc:
            yield Skipped(exc.source, exc.reason)
            return
        except OSError as exc:
            yield Skipped(origin, f"cannot read it: {exc.strerror or exc}")
            return
        yield from self.entries(entries, origin)

    def url(self, url: str) -> Iterator[Article | Skipped]:
        try:
            fetched = self.fetcher.get(url)
        except InputError as exc:
            yield Skipped(exc.source, exc.reason)
            return
        if media_type(fetched.content_type) in FEED_TYPES or looks_like_feed(fetched.body):
            try:
                entries = feed_entries(fetched.body, fetched.url)
            except InputError as exc:
                yield Skipped(url, exc.reason)
                return
            yield from self.entries(entries, fetched.url)
        else:
            yield self.page(url, fetched, None)

    def page(self, asked: str, fetched: Fetched, entry: FeedEntry | None) -> Article | Skipped:
        """A fetched page -> Article, or Skipped naming the URL that was asked for."""
        if looks_like_feed(fetched.body):
            return Skipped(asked, "a feed, not an article page (feed entries are not followed into feeds)")
        try:
            article = page_article(fetched.body, fetched.content_type, fetched.url, self.published)
        except InputError as exc:
            return Skipped(asked, exc.reason)
        if entry is not None:
            if article.published is None and entry.published is not None:
                article = dataclasses.replace(article, published=entry.published)
            if article.title is None and entry.title is not None:
                article = dataclasses.replace(article, title=entry.title)
        return article

    def entries(self, entries: list[FeedEntry], origin: str) -> Iterator[Article | Skipped]:
        if not entries:
            yield Skipped(origin, "feed has no entries")
        for number, entry in enumerate(entries, 1):
            if entry.link is None:
                label = repr(entry.title) if entry.title else f"number {number}"
                yield Skipped(f"{origin} (entry {label})", "feed entry has no link")
                continue
            try:
                fetched = self.fetcher.get(entry.link)
            except InputError as exc:
                yield Skipped(exc.source, exc.reason)
                continue
            yield self.page(entry.link, fetched, entry)

    def warc(self, path: Path) -> Iterator[Article | Skipped]:
        for item in warc_records(path, self.max_bytes, ignored=self.ignored):
            if isinstance(item, WarcPage):
                yield self.warc_page(item)
            else:
                yield item

    def warc_page(self, page: WarcPage) -> Article | Skipped:
        try:
            article = page_article(page.body, page.content_type, page.url, self.published)
        except InputError as exc:
            return Skipped(f"{page.url} (from {page.origin})", exc.reason)
        return dataclasses.replace(article, origin=page.origin)


def read_sources(
    sources: Sequence[str],
    *,
    published: date | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fetcher: Fetcher | None = None,
) -> Iterator[Article | Skipped]:
    """One Article per readable article, one Skipped per failure, in source order; never raises for
    bad input. `published` overrides any date read from a page or feed. `max_bytes` caps local
    files and archived pages, and fetched pages when no `fetcher` is given (a default, safe
    Fetcher is then made and closed at the end; a given one is left open for its owner)."""
    reader = _Reader(published, max_bytes, fetcher)
    try:
        for raw in sources:
            yield from reader.source(raw)
    finally:
        reader.close()
        if reader.ignored:
            summary = ", ".join(f"{n} {why}" for why, n in sorted(reader.ignored.items()))
            log.info("WARC records passed over (not article pages): %s", summary)
