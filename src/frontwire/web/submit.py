"""POST /api/articles: a text, an HTML page or a URL -> an Article -> its events, stored.

The extractor (spaCy pipeline and gazetteer, seconds to load) is built on the first submission
and kept for the app's life; reading the events of a page needs no model at all. Extraction runs
under a lock: one spaCy pipeline is not meant to parse from several threads at once, and
submissions are rare next to reads.

A URL is fetched by ingest.fetch.Fetcher, which refuses private, loopback and link-local
addresses on every redirect hop: a server that fetches what its clients name must not become a
way into the network it runs in.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ..errors import InputError, UsageError
from ..ingest.files import decode, looks_like_html
from ..ingest.html import article_from_html
from ..ingest.text import article_from_text, article_id_for
from ..model import Article, Event
from ..store import Store
from ..store import schema as t

if TYPE_CHECKING:
    from ..ingest.fetch import Fetcher
    from ..pipeline import Extractor

API_ORIGIN = "<api>"


@dataclass(frozen=True)
class Submitted:
    article: Article
    stored: bool  # False: the article was in the store already (same id, URL or text); nothing changed
    events: list[Event]


def default_extractor() -> Extractor:
    from ..pipeline import Extractor

    return Extractor()


def default_fetcher() -> Fetcher:
    from ..ingest.fetch import Fetcher

    return Fetcher()


def _reading(field: str, read: Callable[[], Article]) -> Article:
    """`read()`, its InputError told of the request's `field` (the origin of a pasted text is no
    file a client would know: "text: empty: no text in it")."""
    try:
        return read()
    except InputError as err:
        raise InputError(field, err.reason) from None


class Submitter:
    def __init__(self, store: Store, extractor: Callable[[], Extractor] = default_extractor,
                 fetcher: Callable[[], Fetcher] = default_fetcher,
                 after_store: Callable[[Store], object] | None = None) -> None:
        self.store = store
        self._make_extractor = extractor
        self._make_fetcher = fetcher
        self._after_store = after_store
        self._extractor: Extractor | None = None
        self._lock = threading.Lock()

    def extractor(self) -> Extractor:
        with self._lock:
            if self._extractor is None:
                self._extractor = self._make_extractor()
            return self._extractor

    def article(self, *, text: str | None = None, html: str | None = None, url: str | None = None,
                published: date | None = None, title: str | None = None, source: str | None = None) -> Article:
        """The article of one submission (exactly one of text, html and url; with text or html a
        url only names the page). InputError when it cannot be read as an English article, with
        the field as its source when the text or the HTML is at fault."""
        given = [name for name, value in (("text", text), ("html", html)) if value is not None]
        if len(given) > 1:
            raise UsageError("give one of text, html or url, not both text and html")
        if text is not None:
            article = _reading("text", lambda: article_from_text(text, url or API_ORIGIN, published))
            if url:
                article = dataclasses.replace(article, article_id=article_id_for(url, article.text), url=url)
        elif html is not None:
            article = _reading("html", lambda: article_from_html(html, url or API_ORIGIN, published))
        elif url:
            article = self._fetch(url, published)
        else:
            raise UsageError("give the article as text, html or url")
        if title:
            article = dataclasses.replace(article, title=title)
        if source:
            article = dataclasses.replace(article, source=source)
        return article  # (article_from_html keeps a page's own name and URL within the store's columns)

    def _fetch(self, url: str, published: date | None) -> Article:
        with self._make_fetcher() as fetcher:
            page = fetcher.get(url)
        body = decode(page.body, url)
        kind = (page.content_type or "").split(";")[0].strip().lower()
        if kind in ("text/html", "application/xhtml+xml") or (not kind and looks_like_html(body)):
            return article_from_html(body, page.url, published)
        if kind == "text/plain" or not kind:
            article = article_from_text(body, page.url, published)
            return dataclasses.replace(article, article_id=article_id_for(page.url, article.text), url=page.url)
        raise InputError(url, f"not an article page: Content-Type {kind}")

    def submit(self, article: Article) -> Submitted:
        """Extract the article's events and store both (unless the store has the article)."""
        if self.store.has_article(article):  # nothing new: the events stored from it before, if same id
            return Submitted(article, False, list(self.store.iter_reports(
                t.reports.c.article_id == article.article_id)))
        extractor = self.extractor()
        with self._lock:
            events = extractor.extract(article)
        stored = self.store.add_article(article, events)
        if stored and self._after_store is not None:
            self._after_store(self.store)
        return Submitted(article, stored, events if stored else [])


__all__ = ["API_ORIGIN", "Submitted", "Submitter", "default_extractor", "default_fetcher"]
