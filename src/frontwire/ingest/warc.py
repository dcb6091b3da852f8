"""WARC and WARC.gz archives -> the HTML (and plain text) pages they hold, with warcio.

Only `response` records with a 2xx status and an HTML or text/plain payload are pages; requests,
metadata, revisits, redirects, error pages and images are passed over (counted in `ignored` when
the caller gives a Counter).

A crawl archive is often cut short (a crawler killed mid-write, a partial download). warcio is
lenient about that: it returns short payloads and drops the rest without an error (measured with
warcio 1.8.1: a .warc cut inside a record gives a shortened payload; a .warc.gz cut inside a
gzip member loses the record silently, its decompressor writing the error to stderr; a record
header cut before WARC-Target-URI raises AttributeError). So the archive is read strictly here:
- gzip (sniffed by its magic bytes, whatever the file's name) is decompressed here, member by
  member, with zlib checking each member's CRC and length; a truncated or corrupt member is an
  error. An archive in one gzip member is read too (but see below);
- a record whose block is shorter than its Content-Length, or that has no WARC-Type or no
  Content-Length, is truncated or corrupt;
- when warcio reports the end, every byte of the archive must have been read as records;
- a page is handed out only once the gzip member holding it has been checked whole: damaged
  deflate data can decode to wrong bytes that only the member's CRC reveals, and warcio can
  finish reading a record before the member's trailer. A WARC.gz holds one record per member,
  as the standard asks; in an archive made of one big member, pages cannot be checked before
  its end and go out as read (the damage is still reported where it is met);
- plain .warc records carry no checksum that is reliable in practice (payload digests of
  chunked responses differ between crawlers), so a flipped byte inside one goes unnoticed.
At the first problem one `Skipped` names the file, the record number and what is wrong, and
reading that file stops; the pages before it are kept.

Record offsets are positions in the decompressed archive (for .warc.gz too). A page's origin is
"<path>#<WARC-Record-ID>", which names the record in any archive tool.

warcio reports some troubles itself, beside the Skipped that names them: a logger warning (a
WARC-Target-URI with spaces), and two lines written straight to stderr, "Record not followed by
newline" (a wrong Content-Length) and a zlib error when a page's Content-Encoding (gzip,
deflate) breaks off mid-way, after which warcio quietly hands out the page cut short. Here the
"warcio" logger is set to CRITICAL; the first stderr line is replaced by a Skipped naming the
record, and the second by a Skipped naming the page, which is not handed out.
"""

from __future__ import annotations

import logging
import os
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator  # type: ignore[import-untyped]
from warcio.bufferedreaders import BufferedReader, ChunkedDataReader  # type: ignore[import-untyped]
from warcio.exceptions import ArchiveLoadFailed  # type: ignore[import-untyped]
from warcio.statusandheaders import StatusAndHeadersParserException  # type: ignore[import-untyped]

from frontwire.model import Skipped

log = logging.getLogger(__name__)
logging.getLogger("warcio").setLevel(logging.CRITICAL)  # see the module docstring

PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
_GZIP_MAGIC = b"\x1f\x8b"
_GZIP_WBITS = 16 + zlib.MAX_WBITS  # zlib reads the gzip header and trailer (CRC, length) itself
_CHUNK = 65536
# How far settle() decompresses ahead to reach a member's end: far more than the blank lines
# and trailer that follow a record in its member, bounded for archives that are one member.
_SETTLE_BYTES = 1_000_000
# What warcio's parser raises on a damaged record: its own errors, and (for a record cut inside
# its header) errors from the missing values it then works on, e.g. AttributeError on None.
_PARSE_ERRORS = (ArchiveLoadFailed, StatusAndHeadersParserException, ValueError, AttributeError, TypeError)


@dataclass(frozen=True)
class WarcPage:
    """An archived page: the URL it was fetched from, the payload (content-decoded) and its type."""

    url: str
    body: bytes
    content_type: str | None
    origin: str


class _Damaged(Exception):
    """The compressed stream is truncated or corrupt. Deliberately not an EOFError: warcio takes
    EOFError for the normal end of the archive."""


class _GzipMembers:
    """A multi-member gzip stream, decompressed strictly: zlib checks each member's CRC and length
    as it reaches the member's end. Unlike the standard library's GzipFile it can finish the
    member holding a given offset on request (`settle`), so that a record is known to be whole
    before its page is handed out."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self._decompressor = zlib.decompressobj(wbits=_GZIP_WBITS)
        self._input = b""  # compressed bytes not yet taken by the decompressor
        self._ahead = b""  # decompressed by settle() and not yet read
        self._fresh = True  # no byte of the current member decompressed yet
        self._decoded = 0  # decompressed bytes so far
        self.member_start = 0  # the decompressed offset where the current member began
        self.position = 0  # decompressed bytes handed to the reader

    def _step(self, limit: int) -> bytes | None:
        """One decompression step (b"" is possible); None at a clean end of the file."""
        if not self._input:
            self._input = self._raw.read(_CHUNK)
            if not self._input:
                if self._fresh:
                    return None
                raise _Damaged("the file ends inside its gzip member")
        try:
            out = self._decompressor.decompress(self._input, limit)
        except zlib.error as exc:
            raise _Damaged(f"corrupt gzip data ({exc})") from None
        self._fresh = False
        self._input = self._decompressor.unconsumed_tail
        self._decoded += len(out)
        if self._decompressor.eof:  # the member's CRC and length were checked by zlib
            self._input = self._decompressor.unused_data
            self._decompressor = zlib.decompressobj(wbits=_GZIP_WBITS)
            self._fresh = True
            self.member_start = self._decoded
        return out

    def read(self, size: int = -1) -> bytes:
        """Up to `size` bytes, fewer where a member ends (so that a damaged member is met on the
        read of its own data, not while the one before is still being read); b"" at a clean end."""
        limit = size if size > 0 else _CHUNK
        if self._ahead:
            out, self._ahead = self._ahead[:limit], self._ahead[limit:]
        else:
            pieces: list[bytes] = []
            wanted = limit
            while wanted > 0:
                step = self._step(wanted)
                if step is None:
                    break
                pieces.append(step)
                wanted -= len(step)
                if self._fresh:
                    break
            out = b"".join(pieces)
        self.position += len(out)
        return out

    def settle(self, offset: int) -> None:
        """Decompress to the end of the member holding `offset`, so that its CRC is checked now
        (_Damaged if it fails). Bounded: in an archive that is one big member it gives up after
        _SETTLE_BYTES, the page then going out unchecked, as any page of such an archive must."""
        while not self._fresh and self.member_start <= offset and len(self._ahead) < _SETTLE_BYTES:
            self._ahead += self._step(_CHUNK) or b""

    def tell(self) -> int:
        return self.position


class _StrictArchiveIterator(ArchiveIterator):  # type: ignore[misc]
    """warcio's iterator, with its stderr warning about a record not followed by a blank line
    made empty: `err_count` still counts it, and _read reports it as a Skipped."""

    INC_RECORD = ""


class _BadPayload(Exception):
    """A page's Content-Encoding (gzip, deflate, br) breaks off after its first block."""


class _CheckedDecoding:
    """For warcio's payload readers: a decoding error after the first block raises _BadPayload
    where warcio writes it to stderr and ends the page there. An error on the first block is left
    to warcio (it then reads the payload as not encoded, as browsers do with a false header)."""

    decompressor: Any
    num_block_read: int

    def _decompress(self, data: bytes) -> bytes:
        if self.decompressor is not None and data and self.num_block_read > 0:
            try:
                out: bytes = self.decompressor.decompress(data)
            except (zlib.error, ValueError, OSError, EOFError) as exc:  # zlib's (brotli is no dependency)
                raise _BadPayload(str(exc) or type(exc).__name__) from None
            return out
        decoded: bytes = super()._decompress(data)  # type: ignore[misc]
        return decoded


class _CheckedReader(_CheckedDecoding, BufferedReader):  # type: ignore[misc]
    pass


class _CheckedChunkedReader(_CheckedDecoding, ChunkedDataReader):  # type: ignore[misc]
    pass


def _payload(record: Any) -> Any:
    """The record's HTTP payload, de-chunked and decoded, as warcio's ArcWarcRecord.content_stream
    gives it but with _CheckedDecoding readers."""
    headers = record.http_headers
    encoding = (headers.get_header("content-encoding") or "").lower() or None
    if encoding not in BufferedReader.get_supported_decompressors():
        encoding = None
    if headers.get_header("transfer-encoding") == "chunked":
        return _CheckedChunkedReader(record.raw_stream, decomp_type=encoding)
    if encoding:
        return _CheckedReader(record.raw_stream, decomp_type=encoding)
    return record.raw_stream


def _media_type(content_type: str | None) -> str | None:
    return content_type.split(";", 1)[0].strip().lower() or None if content_type else None


def _drain(stream: Any) -> int:
    """Read the rest of a record's block; return how many of its declared bytes were missing.
    warcio's block reader (a LimitReader) counts down `limit` as it reads."""
    while stream.read(_CHUNK):
        pass
    missing = getattr(stream, "limit", 0)
    return missing if isinstance(missing, int) else 0


def _classify(record: Any) -> str | None:
    """None for a page record, else why it is passed over (the key counted in `ignored`)."""
    if record.rec_type != "response":
        return str(record.rec_type)
    headers = record.http_headers
    if headers is None:
        return "non-HTTP response"
    code = headers.get_statuscode()
    if not (isinstance(code, str) and code.startswith("2")):
        return "non-2xx response"
    if _media_type(headers.get_header("Content-Type")) not in PAGE_TYPES:
        return "non-HTML response"
    return None


def _open(handle: IO[bytes]) -> IO[bytes] | _GzipMembers:
    """The archive's stream: gzip (sniffed, whatever the file's name) is decompressed strictly."""
    magic = handle.read(2)
    handle.seek(0)
    return _GzipMembers(handle) if magic == _GZIP_MAGIC else handle


def _page(record: Any, name: str, number: int, max_bytes: int) -> WarcPage | Skipped | str:
    """A page record -> WarcPage (or Skipped when over the cap); any other -> why it is passed over."""
    reason = _classify(record)
    if reason is not None:
        return reason
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    if not uri.startswith(("http://", "https://")):
        return "response without an http(s) WARC-Target-URI"
    origin = f"{name}#{record.rec_headers.get_header('WARC-Record-ID') or f'record-{number}'}"
    try:
        body = _payload(record).read(max_bytes + 1)
    except _BadPayload as exc:
        encoding = record.http_headers.get_header("content-encoding")
        return Skipped(f"{uri} (from {origin})", f"archived page's {encoding} encoding is corrupt ({exc})")
    if len(body) > max_bytes:
        return Skipped(
            f"{uri} (from {origin})", f"archived page too large: over the limit of {max_bytes:,} bytes"
        )
    return WarcPage(uri, body, record.http_headers.get_header("Content-Type"), origin)


def _read_before(n: int, it: str = "it") -> str:
    """ "3 records before it were read" """
    return f"1 record before {it} was read" if n == 1 else f"{n:,} records before {it} were read"


def _overrun(number: int, start: int) -> str:
    """warcio met data where the blank lines after record `number` (starting at `start`) belong."""
    return (
        f"truncated or corrupt WARC: record {number} (offset {start}) is not followed by a blank line "
        f"where its Content-Length says it ends (the length is wrong); {_read_before(number - 1)}"
    )


def _check_end(stream: IO[bytes] | _GzipMembers, handle: IO[bytes], records: Any, count: int) -> str | None:
    """At warcio's end of the archive, all of it must have been read as complete records: warcio
    also stops, without an error, at a record cut inside its header. Why not, or None."""
    end = stream.tell() if isinstance(stream, _GzipMembers) else os.fstat(handle.fileno()).st_size
    parsed_to = int(records.offset)  # where the last complete record ended
    if end == 0:
        return "empty: no WARC records in it"
    if parsed_to < end:
        return (
            f"truncated WARC: the last {end - parsed_to:,} bytes (from offset {parsed_to}) are not a "
            f"complete record; {_read_before(count, 'them')}"
        )
    return None


def _record_problem(
    record: Any, name: str, number: int, max_bytes: int
) -> tuple[WarcPage | Skipped | str, str | None]:
    """Read one record: what it gives (a page, a Skipped, or why it is passed over) and what is
    wrong with the record itself, if anything."""
    if not record.rec_type or record.rec_headers is None:
        return "corrupt", "has no WARC-Type"
    if record.rec_headers.get_header("Content-Length") is None:
        return "corrupt", "has no Content-Length (its header is cut short?)"
    page = _page(record, name, number, max_bytes)
    missing = _drain(record.raw_stream)
    if missing:
        return page, f"ends {missing:,} bytes short of its Content-Length"
    return page, None


def _read(
    name: str, handle: IO[bytes], max_bytes: int, ignored: Counter[str] | None
) -> Iterator[WarcPage | Skipped]:
    stream = _open(handle)
    records = _StrictArchiveIterator(stream)
    iterator = iter(records)
    number = 0  # the record being read (1-based): the one a problem is reported in
    try:
        while True:
            number += 1
            previous_start = records.offset  # where the record before this one began
            record = next(iterator, None)
            if records.err_count:
                yield Skipped(name, _overrun(number - 1, previous_start))
                return
            if record is None:
                problem = _check_end(stream, handle, records, number - 1)
                if problem is not None:
                    yield Skipped(name, problem)
                return
            start = records.offset
            result, problem = _record_problem(record, name, number, max_bytes)
            if problem is not None:
                uri = record.rec_headers.get_header("WARC-Target-URI") if record.rec_headers else None
                what = f"{uri}, " if uri else ""
                yield Skipped(
                    name,
                    f"truncated or corrupt WARC: record {number} ({what}offset {start}) {problem}; "
                    f"{_read_before(number - 1)}",
                )
                return
            if isinstance(stream, _GzipMembers):
                stream.settle(start)  # damaged deflate data can decode to wrong bytes: check the CRC
            if isinstance(result, str):
                if ignored is not None:
                    ignored[result] += 1
            else:
                yield result
    except _Damaged as exc:
        yield Skipped(
            name,
            f"truncated or corrupt WARC.gz: record {number}: {exc} (after {handle.tell():,} bytes of "
            f"the file); {_read_before(number - 1)}",
        )
    except _PARSE_ERRORS as exc:
        if records.err_count:
            yield Skipped(name, _overrun(number - 1, previous_start))
            return
        if isinstance(exc, AttributeError | TypeError):
            detail = "its WARC header is incomplete"  # warcio failed on a header value it lacks
        else:
            detail = " ".join(str(exc).split()) or type(exc).__name__
        if number == 1:
            yield Skipped(name, f"not a WARC file, or corrupt at its start: {detail}")
        else:
            yield Skipped(
                name,
                f"truncated or corrupt WARC: record {number} cannot be read ({detail}); "
                f"{_read_before(number - 1)}",
            )


def warc_records(
    path: Path, max_bytes: int, *, ignored: Counter[str] | None = None
) -> Iterator[WarcPage | Skipped]:
    """One WarcPage per archived HTML/text page of `path`, in archive order; a Skipped for a page
    over `max_bytes` (that page only), for an unreadable file, or at the first truncated or
    corrupt record (and reading stops there: the pages before it stay). Never raises for bad
    input. `ignored`, when given, counts the records passed over by reason."""
    name = str(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield Skipped(name, f"cannot read it: {exc.strerror or exc}")
        return
    with handle:
        try:
            yield from _read(name, handle, max_bytes, ignored)
        except OSError as exc:
            yield Skipped(name, f"cannot read it: {exc.strerror or exc}")
