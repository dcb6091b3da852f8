"""Article files that hold many articles: JSON Lines (.jsonl, .ndjson) and CSV (.csv), one
article a record, as crawlers and archives export them:

    {"url": "https://example.org/a1", "source": "Example News", "published": "2020-07-13",
     "title": "Shelling hits Tovuz", "text": "Azerbaijani officials said on Sunday ..."}

A record has its article as `text` (or `maintext`, `body`, `content`) or as a page in `html`;
`url`, `source`, `title`, `published` and `author` as metadata.py reads them (news-please's
`date_publish`, `source_domain`, `authors` too). Other fields are ignored.

The file is streamed: a corpus of a million records is read one record at a time, each held
to the size limit of one article. A bad record (not JSON, no text, a date that is not one, a
text that is not English) is one Skipped naming the file and its line; the others are read.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from frontwire.errors import InputError
from frontwire.ingest.html import article_from_html
from frontwire.ingest.metadata import with_metadata
from frontwire.ingest.text import article_from_text
from frontwire.model import Article, Skipped

RECORD_SUFFIXES = (".jsonl", ".ndjson", ".csv")
TEXT_FIELDS = ("text", "maintext", "body", "content", "article")
HTML_FIELDS = ("html", "raw_html", "page")


def is_record_file(path: Path) -> bool:
    return path.suffix.lower() in RECORD_SUFFIXES


def article_of(record: Mapping[str, Any], origin: str, published: date | None) -> Article:
    """The article of one record; InputError naming `origin` when it has none or a bad field."""
    lowered = {str(k).strip().lower(): v for k, v in record.items()}
    text = next((lowered[k] for k in TEXT_FIELDS if isinstance(lowered.get(k), str) and lowered[k].strip()), None)
    html = next((lowered[k] for k in HTML_FIELDS if isinstance(lowered.get(k), str) and lowered[k].strip()), None)
    if text is not None:
        article = article_from_text(text, origin, published)
    elif html is not None:
        article = article_from_html(html, origin, published)
    else:
        raise InputError(origin, f"no article in the record: expected a {' or '.join(TEXT_FIELDS[:2])} field "
                                 f"(the text) or an html field (the page)")
    return with_metadata(article, record, origin, published)


def _jsonl(path: Path, published: date | None, max_bytes: int) -> Iterator[Article | Skipped]:
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            origin = f"{path}:{number}"
            if not raw.strip():
                continue
            if len(raw) > max_bytes:
                yield Skipped(origin, f"record too large: {len(raw):,} bytes, the limit is {max_bytes:,}")
                continue
            try:
                record = json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
            except UnicodeDecodeError as err:
                yield Skipped(origin, f"not valid UTF-8 (byte 0x{raw[err.start]:02x} at column {err.start + 1})")
                continue
            except (json.JSONDecodeError, RecursionError) as err:
                yield Skipped(origin, f"not valid JSON: {getattr(err, 'msg', err)}")
                continue
            if not isinstance(record, dict):
                yield Skipped(origin, f"expected a JSON object, found {type(record).__name__}")
                continue
            yield _article(record, origin, published)


def _csv(path: Path, published: date | None, max_bytes: int) -> Iterator[Article | Skipped]:
    csv.field_size_limit(max(max_bytes, csv.field_size_limit()))  # one field may hold a whole article
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = [str(h).strip().lower() for h in reader.fieldnames or ()]
        if not set(header) & {*TEXT_FIELDS, *HTML_FIELDS}:
            yield Skipped(str(path), f"a CSV of articles needs a text or html column; its columns are "
                                     f"{', '.join(header) or 'none'}")
            return
        while True:
            line = reader.line_num + 1
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as err:
                yield Skipped(f"{path}:{line}", f"not valid CSV: {err}; the rest of the file is not read")
                return
            origin = f"{path}:{line}"
            if None in record:  # more fields than the header has
                yield Skipped(origin, f"{len(header) + len(record[None])} fields, the header has {len(header)}")
                continue
            yield _article(record, origin, published)


def _article(record: Mapping[str, Any], origin: str, published: date | None) -> Article | Skipped:
    try:
        return article_of(record, origin, published)
    except InputError as exc:
        return Skipped(exc.source, exc.reason)


def read_records(path: Path, published: date | None, max_bytes: int) -> Iterator[Article | Skipped]:
    """The articles of a JSON Lines or CSV article file, one Skipped per bad record (or one for
    a file that cannot be read at all)."""
    reader = _csv if path.suffix.lower() == ".csv" else _jsonl
    try:
        yield from reader(path, published, max_bytes)
    except UnicodeDecodeError as err:
        yield Skipped(str(path), f"not valid UTF-8 (byte 0x{err.object[err.start]:02x} at offset {err.start}): "
                                 "convert it to UTF-8 first")
    except OSError as exc:
        yield Skipped(str(path), f"cannot read it: {exc.strerror or exc}")
