"""HTML page -> Article: boilerplate removal and page metadata, with trafilatura.

Pure: the page's markup in, an Article or an InputError out (no network, no disk).

Two choices matter for the records built downstream:
- The publication date anchors every relative date in the article ("on Tuesday", "last
  month"), so a wrong one silently shifts events. htmldate's extensive search guesses from any
  date-like string on the page, e.g. a "(c) 2020" footer becomes 2020-01-01. We only accept a
  date with evidence (meta tags, <time>, JSON-LD, the URL): otherwise it is unknown (None), and
  the user can give it with --published.
- The text keeps one paragraph per block, separated by a blank line, so sentence splitting and
  the evidence offsets see the article's real structure.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from trafilatura import bare_extraction

from frontwire.errors import InputError
from frontwire.ingest.text import article_id_for, check_article_text, normalise_newlines
from frontwire.model import Article

log = logging.getLogger(__name__)

# Evidence-only date search: see the module docstring.
DATE_EXTRACTION_PARAMS: dict[str, Any] = {"extensive_search": False, "original_date": True}

# Below this many words what trafilatura kept is a menu, a caption or a cookie notice, not a
# report; the shortest wire briefs ("Gunmen killed three people in Kano on Tuesday, police
# said.") have about ten.
MIN_ARTICLE_WORDS = 8

_WORD = re.compile(r"[^\W\d_]+")
_CLOSERS = "'\"’”)]»"
_DOCUMENT_MARKUP = re.compile(r"<\s*(html|body)\b", re.IGNORECASE)


def _as_document(html: str) -> str:
    """trafilatura needs a document; a bare fragment ("<p>...</p>" piped on stdin) gets a body."""
    if _DOCUMENT_MARKUP.search(html):
        return html
    return f"<html><body><article>{html}</article></body></html>"


def _paragraphs(text: str, title: str | None) -> str:
    """trafilatura's text has one block per line; we want blank lines between paragraphs. The
    page's <h1> repeats the title (kept in Article.title), so a first line equal to it goes."""
    lines = [line.strip() for line in normalise_newlines(text).split("\n")]
    lines = [line for line in lines if line]
    if lines and title and lines[0].casefold() == title.strip().casefold():
        lines = lines[1:]
    return "\n\n".join(lines)


def _has_sentence(paragraphs: list[str]) -> bool:
    """A real report has a paragraph of several words ending in . ! or ? (maybe inside closing
    quotes); navigation, tag clouds and share bars have none."""
    return any(
        p.rstrip(_CLOSERS).endswith((".", "!", "?")) and len(_WORD.findall(p)) >= 4 for p in paragraphs
    )


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        log.debug("unparseable page date %r ignored", value)
        return None


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname
    if not host:
        return None
    return host.removeprefix("www.")


def _first(values: Any) -> str | None:
    """trafilatura gives categories as a list (from article:section or category links)."""
    if isinstance(values, str):
        return values.strip() or None
    if isinstance(values, list):
        for value in values:
            if isinstance(value, str) and value.strip():
                return value.strip()
    return None


def _none_if_blank(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def article_from_html(html: str, origin: str, published: date | None) -> Article:
    """An Article from an HTML page. `published` (the user's --published) overrides the page's date.
    `origin` is used as the page URL when it is one (a fetched page), to resolve relative links."""
    html = html.removeprefix("\ufeff")
    if not html.strip():
        raise InputError(origin, "empty: no text in it (only whitespace)")
    if "\x00" in html:
        raise InputError(origin, "binary data, not HTML (it contains NUL characters)")
    page_url = origin if origin.startswith(("http://", "https://")) else None
    doc = bare_extraction(
        _as_document(html),
        url=page_url,
        with_metadata=True,
        include_comments=False,  # readers' comments are not the outlet's report
        include_images=False,
        date_extraction_params=DATE_EXTRACTION_PARAMS,
    )
    raw_text = getattr(doc, "text", None) if doc is not None else None
    if not raw_text or not raw_text.strip():
        raise InputError(origin, "no article text found in the page (only navigation or boilerplate)")
    title = _none_if_blank(getattr(doc, "title", None))
    text = _paragraphs(raw_text, title)
    words = len(_WORD.findall(text))
    if words < MIN_ARTICLE_WORDS or not _has_sentence(text.split("\n\n")):
        raise InputError(
            origin,
            f"too little article text in the page ({words} words, no full sentence): "
            "it looks like an index, a menu or an error page",
        )
    check_article_text(text, origin)
    url = _none_if_blank(getattr(doc, "url", None)) or page_url
    source = _none_if_blank(getattr(doc, "sitename", None)) or _domain(url)
    return Article(
        article_id=article_id_for(url, text),
        text=text,
        title=title,
        url=url,
        source=source,
        published=published if published is not None else _parse_date(getattr(doc, "date", None)),
        author=_none_if_blank(getattr(doc, "author", None)),
        section=_first(getattr(doc, "categories", None)),
        origin=origin,
    )
