"""Plain text -> Article, and the checks every article's text must pass.

Pure: strings in, an Article or an InputError out. The text is kept exactly as given (only line
endings are normalised to "\\n"), because every evidence span downstream is a character offset
into Article.text and a reviewer must find the same characters in the file.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from urllib.parse import urlsplit, urlunsplit

from frontwire.errors import InputError
from frontwire.ingest.language import not_english_reason
from frontwire.model import Article

# Control characters (Unicode category Cc: C0, DEL, C1) other than tab, newlines, vertical tab
# and form feed; a text with more than MAX_CONTROL_SHARE of them is binary data that happened
# to decode (real articles have none, the bar only tolerates a stray escape code). A regex
# keeps the scan fast on multi-megabyte inputs.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
MAX_CONTROL_SHARE = 0.01
# Lone surrogates: code points that no UTF-8 file can hold, but a str can (a JSON body's "\\ud800"
# escape, a file name decoded with surrogateescape). Nothing downstream can encode them.
_SURROGATE = re.compile("[\ud800-\udfff]")
_ID_LENGTH = 16  # hex digits of sha256: 64 bits, ample for any corpus this tool will see


def normalise_newlines(text: str) -> str:
    """\\r\\n and lone \\r become \\n; nothing else changes."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def canonical_url(url: str) -> str:
    """The URL with what does not name the document removed: surrounding space and the fragment;
    scheme and host are case-insensitive, so they are lowercased. The path and query are kept
    as they are (they are case-sensitive and may identify the article)."""
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, parts.query, ""))


def article_id_for(url: str | None, text: str) -> str:
    """Stable article id: sha256 of the canonical URL when known (the same page read twice, or
    fetched again after a typo fix, keeps its id), else of the whitespace-normalised text (the same
    text saved with other line endings or wrapping keeps its id)."""
    key = "url:" + canonical_url(url) if url and url.strip() else "text:" + " ".join(text.split())
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:_ID_LENGTH]


def control_share(text: str) -> float:
    """Share of control characters (Unicode category Cc, line/tab whitespace excepted)."""
    if not text:
        return 0.0
    return sum(1 for _ in _CONTROL.finditer(text)) / len(text)


def check_unicode(text: str, origin: str) -> None:
    """Raise InputError if `text` holds a lone surrogate (not a character: it cannot be stored,
    hashed or written as UTF-8)."""
    bad = _SURROGATE.search(text)
    if bad is not None:
        raise InputError(
            origin, f"not valid Unicode: a lone surrogate U+{ord(bad.group()):04X} at character {bad.start()}"
        )


def check_article_text(text: str, origin: str) -> None:
    """Raise InputError if `text` cannot be an English news article: empty, binary, not valid
    Unicode or not English."""
    if not text.strip():
        raise InputError(origin, "empty: no text in it (only whitespace)")
    if "\x00" in text:
        raise InputError(origin, "binary data, not text (it contains NUL characters)")
    check_unicode(text, origin)
    share = control_share(text)
    if share > MAX_CONTROL_SHARE:
        raise InputError(origin, f"binary data, not text ({share:.0%} of its characters are control codes)")
    reason = not_english_reason(text)
    if reason is not None:
        raise InputError(origin, reason)


def article_from_text(text: str, origin: str, published: date | None) -> Article:
    """An Article from plain text: the text itself (newlines normalised), no title, the given date."""
    text = text.removeprefix("\ufeff")  # a BOM is an encoding mark, not content
    text = normalise_newlines(text)
    check_article_text(text, origin)
    return Article(
        article_id=article_id_for(None, text),
        text=text,
        title=None,
        published=published,
        origin=origin,
    )
