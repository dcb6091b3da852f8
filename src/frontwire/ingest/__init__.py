"""Ingest: files, directories, standard input and HTML pages -> Article (or Skipped, with why).

`read_inputs` is the I/O edge used by `frontwire extract PATH...`; `article_from_text` and
`article_from_html` are pure and raise `errors.InputError` on content that is not an English
news article.
"""

from __future__ import annotations

from frontwire.ingest.files import DEFAULT_MAX_BYTES, SUFFIXES, looks_like_html, read_inputs
from frontwire.ingest.html import article_from_html
from frontwire.ingest.text import article_from_text, article_id_for

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUFFIXES",
    "article_from_html",
    "article_from_text",
    "article_id_for",
    "looks_like_html",
    "read_inputs",
]
