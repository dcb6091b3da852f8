"""The I/O edge: paths, directories and standard input -> Article | Skipped.

Every bad input becomes a `Skipped(source, reason)` and the run goes on: one unreadable file in
a directory of thousands must not stop the others, and the user sees each reason and the count
at the end (the CLI's job). Size is checked before reading, so a stray disk image or video
costs a stat() and not the memory to hold it.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import BinaryIO, Literal

from frontwire.errors import InputError
from frontwire.ingest.html import article_from_html
from frontwire.ingest.metadata import header, with_metadata
from frontwire.ingest.records import RECORD_SUFFIXES, is_record_file, read_records
from frontwire.ingest.text import article_from_text
from frontwire.model import Article, Skipped

Kind = Literal["text", "html"]

SUFFIXES: dict[str, Kind] = {".txt": "text", ".html": "html", ".htm": "html"}
DEFAULT_MAX_BYTES = 5_000_000
STDIN = "-"
STDIN_ORIGIN = "<stdin>"

# Bytes that never occur in text files (C0 controls other than tab, newlines, form feed,
# vertical tab and escape; DEL). More than this share in the first block means binary data.
_CONTROL_BYTES = frozenset(set(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B} | {0x7F})
MAX_CONTROL_BYTE_SHARE = 0.05
_SNIFF_BYTES = 8192
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

# Standard input is HTML when it opens like a document, or carries block markup early on.
_HTML_OPENING = ("<!doctype", "<html", "<?xml")
_HTML_MARKUP = re.compile(r"<(body|p|div|article|main|head|title|h1)\b[^<>]*>", re.IGNORECASE)


def _size(n: int) -> str:
    return f"{n:,} bytes ({n / 1_000_000:.1f} MB)"


def decode(data: bytes, origin: str) -> str:
    """UTF-8 bytes -> text (a UTF-8 BOM is dropped); InputError naming what is wrong otherwise."""
    if not data.strip(b" \t\r\n\f\v").removeprefix(b"\xef\xbb\xbf").strip():
        raise InputError(origin, "empty: no text in it" if not data else "empty: only whitespace")
    if data.startswith(_UTF16_BOMS):
        raise InputError(origin, "encoded as UTF-16, not UTF-8: convert it to UTF-8 first")
    if b"\x00" in data:
        raise InputError(origin, "binary file, not text (it contains NUL bytes)")
    head = data[:_SNIFF_BYTES]
    controls = sum(1 for b in head if b in _CONTROL_BYTES)
    if controls / len(head) > MAX_CONTROL_BYTE_SHARE:
        raise InputError(origin, f"binary file, not text ({controls / len(head):.0%} control bytes)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start]
        raise InputError(
            origin,
            f"not valid UTF-8 (byte 0x{bad:02x} at offset {exc.start}): convert it to UTF-8 first",
        ) from None


def looks_like_html(text: str) -> bool:
    """Sniff standard input: a document opening, or block markup in the first few kilobytes."""
    head = text.lstrip("\ufeff \t\r\n")[:_SNIFF_BYTES]
    return head[:16].lower().startswith(_HTML_OPENING) or _HTML_MARKUP.search(head) is not None


def build(text: str, kind: Kind, origin: str, published: date | None) -> Article:
    """The article of a page or a text; a text's header block (metadata.header: Title:, URL:,
    Source:, Published:) gives its metadata."""
    if kind == "html":
        return article_from_html(text, origin, published)
    fields, body = header(text)
    article = article_from_text(body, origin, published)
    return with_metadata(article, fields, origin, published) if fields else article


def read_file(path: Path, kind: Kind, published: date | None, max_bytes: int) -> Article | Skipped:
    """One file -> Article, or Skipped with the reason."""
    origin = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return Skipped(origin, f"file too large: {_size(size)}, the limit is {_size(max_bytes)}")
        with path.open("rb") as handle:
            # Read one byte past the limit: the file may have grown since stat().
            data = handle.read(max_bytes + 1)
        if len(data) > max_bytes:
            return Skipped(origin, f"file too large: over the limit of {_size(max_bytes)}")
        return build(decode(data, origin), kind, origin, published)
    except InputError as exc:
        return Skipped(exc.source, exc.reason)
    except OSError as exc:
        return Skipped(origin, f"cannot read it: {exc.strerror or exc}")


def read_stream(stream: BinaryIO, published: date | None, max_bytes: int) -> Article | Skipped:
    """Standard input -> Article (HTML or text, sniffed), or Skipped."""
    try:
        data = stream.read(max_bytes + 1)
        if len(data) > max_bytes:
            return Skipped(STDIN_ORIGIN, f"input too large: over the limit of {_size(max_bytes)}")
        text = decode(data, STDIN_ORIGIN)
        return build(text, "html" if looks_like_html(text) else "text", STDIN_ORIGIN, published)
    except InputError as exc:
        return Skipped(exc.source, exc.reason)
    except OSError as exc:
        return Skipped(STDIN_ORIGIN, f"cannot read it: {exc.strerror or exc}")


def walk(root: Path) -> list[Path]:
    """Every article file (.txt/.html/.htm, and .jsonl/.ndjson/.csv of many articles) below
    `root`, recursively, in sorted order (so runs are
    reproducible). Hidden files and folders (".git", ".cache") are not articles; symlinked
    folders are not followed, so a link loop cannot make the walk endless."""
    found: list[Path] = []
    for folder, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if not name.startswith(".") and Path(name).suffix.lower() in (*SUFFIXES, *RECORD_SUFFIXES):
                found.append(Path(folder, name))
    return sorted(found, key=lambda p: p.relative_to(root).parts)


def _unsupported(path: Path) -> str:
    suffix = path.suffix or "(none)"
    return f"unsupported file type {suffix}: expected .txt, .html, .htm, .jsonl, .ndjson or .csv"


def read_inputs(
    paths: Sequence[str],
    published: date | None = None,
    stdin: BinaryIO | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Article | Skipped]:
    """One Article per readable input, one Skipped per bad one; never raises for bad input.

    PATH is a .txt file (with an optional header block, metadata.py), an .html/.htm page, a
    JSON Lines or CSV file of articles (records.py), a directory (those files, recursively,
    sorted) or "-" for standard input (HTML or text, sniffed). `published` overrides any date
    read from a page, a header or a record.
    """
    for raw in paths:
        if raw == STDIN:
            yield read_stream(stdin if stdin is not None else sys.stdin.buffer, published, max_bytes)
            continue
        path = Path(raw)
        if path.is_dir():
            files = walk(path)
            if not files:
                yield Skipped(raw, "directory has no readable files (no .txt, .html, .htm, .jsonl, .ndjson or .csv "
                                   "below it)")
            for file in files:
                yield from read_any(file, published, max_bytes)
        elif not path.exists():
            yield Skipped(raw, "no such file or directory")
        elif not path.is_file():
            yield Skipped(raw, "not a regular file or directory")
        elif path.suffix.lower() not in SUFFIXES and not is_record_file(path):
            yield Skipped(raw, _unsupported(path))
        else:
            yield from read_any(path, published, max_bytes)


def read_any(path: Path, published: date | None, max_bytes: int) -> Iterator[Article | Skipped]:
    """The article of an article file, or the articles of a JSON Lines / CSV file of them."""
    if is_record_file(path):
        yield from read_records(path, published, max_bytes)
    else:
        yield read_file(path, SUFFIXES[path.suffix.lower()], published, max_bytes)
