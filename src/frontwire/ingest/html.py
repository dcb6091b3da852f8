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

The page is parsed here, not by trafilatura: libxml2's HTML parser stops at 256 levels of
nesting unless it is given XML_PARSE_HUGE (lxml's huge_tree), and trafilatura's own parser does
not set it, so a page whose article sits deeper (unclosed <font> or <div> tags pile up fast on
old sites) lost all its text with a misleading "only boilerplate" reason. With huge_tree the
limit is 2048 levels; a page nested deeper than that gets a reason that says so.

trafilatura, htmldate and courlan log their own troubles (e.g. "discarding data: None") at
WARNING and ERROR; what matters of them reaches the user as this module's InputError, so their
loggers are set to CRITICAL here and the terminal shows frontwire's one-line message only.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from lxml.etree import ParserError  # type: ignore[import-untyped]
from lxml.html import HtmlElement, HTMLParser, document_fromstring  # type: ignore[import-untyped]
from trafilatura import bare_extraction
from trafilatura.utils import line_processing, repair_faulty_html, trim

from frontwire.errors import InputError
from frontwire.ingest.text import article_id_for, check_article_text, check_unicode, normalise_newlines
from frontwire.model import Article

log = logging.getLogger(__name__)

QUIET_LOGGERS = ("trafilatura", "htmldate", "courlan", "justext")
for _name in QUIET_LOGGERS:
    logging.getLogger(_name).setLevel(logging.CRITICAL)

# libxml2's nesting limit with XML_PARSE_HUGE (without it: 256). Past it the parser stops and the
# rest of the page is lost.
MAX_DEPTH = 2048
NO_TEXT = "no article text found in the page (only navigation or boilerplate)"

# Evidence-only date search: see the module docstring.
DATE_EXTRACTION_PARAMS: dict[str, Any] = {"extensive_search": False, "original_date": True}

# Below this many words what trafilatura kept is a menu, a caption or a cookie notice, not a
# report; the shortest wire briefs ("Gunmen killed three people in Kano on Tuesday, police
# said.") have about ten.
MIN_ARTICLE_WORDS = 8
# What the store keeps of a page's metadata: an outlet's name (the v1 `source`) of at most
# MAX_SOURCE_CHARS characters (the store's VARCHAR(255), which PostgreSQL enforces), and a URL of
# at most MAX_URL_BYTES bytes of UTF-8 (an index on a longer value fails in PostgreSQL, whose
# B-tree entries hold at most 2,704 bytes; browsers and sitemaps stop near 2,000 characters too).
# A longer name is cut; a longer URL is dropped, and the article is kept without one (stored and
# deduplicated by its text).
MAX_SOURCE_CHARS = 255
MAX_URL_BYTES = 2000

_WORD = re.compile(r"[^\W\d_]+")
_CLOSERS = "'\"’”)]»"
_DOCUMENT_MARKUP = re.compile(r"<\s*(html|body)\b", re.IGNORECASE)


def _as_document(html: str) -> str:
    """trafilatura needs a document; a bare fragment ("<p>...</p>" piped on stdin) gets a body."""
    if _DOCUMENT_MARKUP.search(html):
        return html
    return f"<html><body><article>{html}</article></body></html>"


def _parse(document: str, origin: str) -> tuple[HtmlElement, bool]:
    """The page's tree, parsed as trafilatura parses it but with huge_tree (see the module
    docstring), and whether the nesting limit cut it short. Always a whole document (the <html>
    element): lxml's fromstring() returns the first element of a page without <html>, and
    trafilatura then fails removing it (an <iframe> root: AssertionError). A new parser per call:
    lxml parsers must not be shared between threads (the web app reads pages in a thread pool)."""
    parser = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
                        remove_pis=True, huge_tree=True)
    repaired = repair_faulty_html(document, document[:50].lower())
    try:
        tree = document_fromstring(repaired.encode("utf-8"), parser=parser)
    except ParserError:  # "Document is empty": nothing but comments or processing instructions
        raise InputError(origin, NO_TEXT) from None
    too_deep = any("Excessive depth" in error.message for error in parser.error_log)
    return tree, too_deep


def _forget_page_text() -> None:
    """Empty trafilatura's caches of text: trim() and line_processing() keep their last 1,024
    arguments and results, whole paragraphs and element texts, so a long run held up to 2,048
    page-sized strings (in the fuzzing, 1 MB more for every page read, up to gigabytes). They pay
    off within a page (a thousand hits a miss), hardly across pages."""
    trim.cache_clear()
    line_processing.cache_clear()


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


def _bounded_url(url: str | None, origin: str) -> str | None:
    if url is not None and len(url.encode("utf-8", "surrogatepass")) > MAX_URL_BYTES:
        log.warning("%s: the page's URL is longer than %d bytes; the article is kept without it", origin, MAX_URL_BYTES)
        return None
    return url


def _bounded_source(name: str | None) -> str | None:
    return name if name is None or len(name) <= MAX_SOURCE_CHARS else name[:MAX_SOURCE_CHARS].rstrip()


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
    check_unicode(html, origin)
    page_url = origin if origin.startswith(("http://", "https://")) else None
    tree, too_deep = _parse(_as_document(html), origin)
    try:
        doc = bare_extraction(
            tree,
            url=page_url,
            with_metadata=True,
            include_comments=False,  # readers' comments are not the outlet's report
            include_images=False,
            date_extraction_params=DATE_EXTRACTION_PARAMS,
        )
    finally:
        _forget_page_text()
    raw_text = getattr(doc, "text", None) if doc is not None else None
    if not raw_text or not raw_text.strip():
        if too_deep:
            raise InputError(
                origin,
                f"the page's markup is nested more than {MAX_DEPTH:,} elements deep (unclosed tags?), past "
                "what the HTML parser reads, and no article text lies above that depth",
            )
        raise InputError(origin, NO_TEXT)
    if too_deep:
        log.warning("%s: the page's markup is nested more than %d elements deep; the text below that depth "
                    "is not read", origin, MAX_DEPTH)
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
    url = _bounded_url(_none_if_blank(getattr(doc, "url", None)), origin) or _bounded_url(page_url, origin)
    source = _bounded_source(_none_if_blank(getattr(doc, "sitename", None)) or _domain(url))
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
