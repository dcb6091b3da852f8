"""Hypothesis strategies for tests/test_fuzz.py: generated texts, HTML pages, page bodies, feeds,
WARC archives, IP addresses and web API queries, each built to reach the inputs that break
parsers (random Unicode with surrogates, control characters, huge numbers, deep nesting, broken
entities, enormous lines, damaged bytes) while staying close enough to the real thing to get past
the first check.
"""

from __future__ import annotations

import base64
import gzip
import io
import ipaddress
import json
import warnings
from dataclasses import dataclass
from datetime import date
from typing import Literal
from urllib.parse import quote

from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders  # type: ignore[import-untyped]
from warcio.warcwriter import WARCWriter  # type: ignore[import-untyped]

with warnings.catch_warnings():  # as in test_web_api.py: Starlette's TestClient warns about httpx
    warnings.simplefilter("ignore")


# --- strategies: text -----------------------------------------------------------------------------

SUBJECTS = [
    "Gunmen", "Soldiers of the army", "Police officers", "Rebels", "A drone", "Unknown attackers",
    "Militia fighters", "Protesters", "Troops",
]
VERBS = [
    "killed", "attacked", "shelled", "wounded", "abducted", "clashed with", "burned the homes of",
    "marched against", "fired on",
]
OBJECTS = ["villagers", "civilians", "people", "soldiers", "farmers", "pupils", "police", "the convoy"]
PLACES = [
    "Kano", "Tovuz", "Goma", "Mosul", "Aleppo", "Ganja", "Kharkiv", "Djibo", "Sake", "the capital",
    "a village near the border",
]
WHENS = [
    "on Tuesday", "on 12 July 2020", "last month", "on 31 February 2021", "in the year 99999",
    "on Sunday night", "yesterday", "on 2020-07-12", "since 1900", "on 1 January 0001",
]
NUMBERS = st.one_of(
    st.integers(0, 40).map(str),
    st.sampled_from(
        [
            "three", "a dozen", "hundreds of", "at least 12", "1,000,000,000,000", "-4", "0.5", "1e308",
            "nine hundred ninety-nine trillion", "½", "٣", "Ⅻ",
        ]
    ),
    st.integers(10**15, 10**40).map(str),
    st.integers(1, 4000).map(lambda n: "9" * n),  # a number of thousands of digits
)
SENTENCE = st.builds(
    lambda s, v, n, o, p, w, end: f"{s} {v} {n} {o} in {p} {w}{end}",
    st.sampled_from(SUBJECTS), st.sampled_from(VERBS), NUMBERS, st.sampled_from(OBJECTS),
    st.one_of(st.sampled_from(PLACES), st.text(max_size=20)), st.sampled_from(WHENS),
    st.sampled_from([".", ", police said.", "!", "?", "", " ...", ".\n\n", ".\r\n", "\u2029"]),
)
# Characters that break naive code: controls, NUL, direction marks and overrides, BOM, line and
# paragraph separators, combining marks, zero-width joiners, emoji, a lone surrogate.
NOISE = st.sampled_from(
    [
        "\x00", "\x1b[31m", "\x07", "\x7f", "\x85", "\x9b", "\u200f", "\u200e", "\u202e", "\u2066", "\u2069",
        "\ufeff", "\r", "\r\n", "\n\r", "\u2028", "\u2029", "\u0301" * 40, "\u200d", "\U0001f4a3", "\ud800",
        "\udfff", "\t" * 50, "\f", "\v", "\ufffd", "\uffff", "\U0010ffff", "ﷺ", "…", "\u0000\u0000",
    ]
)
RAW_CHARS = st.text(st.characters(codec=None, exclude_categories=()), max_size=60)  # surrogates included
ENORMOUS_LINE = st.builds(
    lambda word, n: word * n, st.sampled_from(["killed ", "a", "9", "\u202e", "بغداد "]),
    st.integers(1000, 60_000),
)
TEXT = st.lists(
    st.one_of(
        SENTENCE, SENTENCE, SENTENCE, NOISE, RAW_CHARS, st.just("\n\n"), ENORMOUS_LINE.filter(lambda _: True)
    ),
    max_size=25,
).map("".join)
# Short enough for spaCy to parse in well under a second on 2 cores. No lone surrogates: ingest
# refuses them before any text reaches the extractor, and the extractor's own failure on them is
# test_extractor_on_a_lone_surrogate below.
EXTRACTOR_TEXT = st.lists(
    st.one_of(
        SENTENCE, SENTENCE, SENTENCE, NOISE.filter(lambda c: not 0xD800 <= ord(c[0]) <= 0xDFFF),
        st.text(max_size=60), st.just("\n\n"),
    ),
    min_size=1,
    max_size=12,
).map("".join)


def utf8_with_damage(text: str, bad: list[bytes]) -> bytes:
    """The text as UTF-8 (surrogates as CESU-style bytes), with bad byte sequences spread in."""
    data = text.encode("utf-8", "surrogatepass")
    for i, chunk in enumerate(bad):
        at = (len(data) * (i + 1)) // (len(bad) + 1)
        data = data[:at] + chunk + data[at:]
    return data


BAD_BYTES = st.sampled_from(
    [
        b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xc0\xaf", b"\xff", b"\xfe\xff", b"\xef\xbb\xbf", b"\x00",
        b"\xf4\x90\x80\x80", b"\xe2\x82", b"\x80", b"\x1b", b"\x00\x00\x00\x00",
    ]
)
STDIN_BYTES = st.one_of(
    st.builds(utf8_with_damage, TEXT, st.lists(BAD_BYTES, max_size=4)),
    st.binary(max_size=400),
    st.builds(
        lambda bom, t: bom + t.encode("utf-16-le", "surrogatepass"),
        st.sampled_from([b"\xff\xfe", b"\xfe\xff", b""]), TEXT,
    ),
)

# --- strategies: HTML -----------------------------------------------------------------------------

TAGS = [
    "p", "div", "article", "main", "span", "font", "b", "a", "table", "tr", "td", "ul", "li", "h1", "h2",
    "section", "header", "footer", "nav", "aside", "script", "style", "title", "time", "figure", "svg",
    "math", "template", "noscript", "iframe", "select", "textarea", "pre", "blockquote", "br", "img", "meta",
    "head", "body", "html", "form", "x-custom", "p:p", "?", "",
]
ENTITIES = st.sampled_from(
    [
        "&amp;", "&amp", "&lt",
        "&#0;",
        "&#x0;",
        "&#xD800;",
        "&#1114112;",
        "&#99999999999999;",
        "&#;",
        "&#x;",
        "&nbsp", "&unknownentity;", "&",
        "&#x41",
        "&#65",
        "&#-1;",
        "&#x110000;",
        "&#9;",
        "&quot",
        "&;",
    ]
)
ATTR_VALUE = st.one_of(
    st.text(max_size=30),
    st.integers(0, 300_000).map(lambda n: "x" * n),  # huge attributes
    st.sampled_from(
        [
            "2020-07-12", "2020-02-30T25:61:00Z", "99999-01-01", "javascript:alert(1)",
            "text/html; charset=klingon", "utf-8", "og:title", "article:published_time", "\"'><script>",
            "rtl",
        ]
    ),
)
ATTRS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "class", "id", "href", "content", "name", "property", "datetime", "charset", "style", "lang",
                "dir", "itemprop", "x" * 300, "on",
            ]
        ),
        ATTR_VALUE,
        st.sampled_from(['"', "'", ""]),
    ),
    max_size=3,
)


def element(tag: str, attrs: list[tuple[str, str, str]], children: list[str], closed: bool) -> str:
    rendered = "".join(f" {name}={quote_}{value}{quote_}" for name, value, quote_ in attrs)
    return f"<{tag}{rendered}>" + "".join(children) + (f"</{tag}>" if closed else "")


LEAF = st.one_of(
    SENTENCE, SENTENCE, NOISE, ENTITIES, st.text(max_size=20),
    st.sampled_from(
        [
            "<!-- unclosed comment", "<![CDATA[ x ]]>", "<?php echo 1 ?>", "</p>", "<", ">", "<p",
            "</div></div></div>", "<br/>", "<!DOCTYPE html>", "<html/>",
        ]
    ),
)
NODE = st.recursive(
    LEAF,
    lambda kids: st.builds(element, st.sampled_from(TAGS), ATTRS, st.lists(kids, max_size=4), st.booleans()),
    max_leaves=30,
)
DEEP = st.builds(
    lambda tag, depth, inner, closed: f"<{tag}>" * depth + inner + (f"</{tag}>" * depth if closed else ""),
    st.sampled_from(["div", "font", "span", "b", "td", "li", "blockquote"]), st.integers(0, 3000), NODE,
    st.booleans(),
)
HEAD = st.builds(
    lambda title, date_, extra: (
        f"<head><title>{title}</title>"
        f'<meta property="article:published_time" content="{date_}">{extra}</head>'
    ),
    st.text(max_size=40), ATTR_VALUE, st.one_of(st.just(""), NODE),
)
# A page that reads as a report, so that cases get past the "no article" refusals into the rest.
ARTICLE_PAGE = st.builds(
    lambda title, paragraphs, extra: (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + f"{extra}</article></body></html>"
    ),
    st.one_of(st.sampled_from(SUBJECTS), st.text(max_size=30)),
    st.lists(st.lists(SENTENCE, min_size=1, max_size=4).map(" ".join), min_size=1, max_size=6),
    st.one_of(st.just(""), NODE, DEEP),
)
HTML = st.one_of(
    ARTICLE_PAGE,
    st.builds(
        lambda pre, head, body: f"{pre}<html>{head}<body>{body}</body></html>",
        st.sampled_from(
            [
                "", "<!DOCTYPE html>\n", '<?xml version="1.0" encoding="iso-8859-1"?>',
                "<!doctype html><html/>\n", "\ufeff",
            ]
        ),
        HEAD,
        st.lists(st.one_of(NODE, DEEP), max_size=6).map("".join),
    ),
    st.lists(st.one_of(NODE, DEEP), max_size=6).map("".join),  # a fragment
    TEXT,  # not HTML at all
)

# --- strategies: page bodies, feeds -----------------------------------------------------------------

CONTENT_TYPES = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "text/html", "text/html; charset=utf-8", "text/html; charset=iso-8859-1",
            "text/html; charset=klingon", "text/plain", "text/plain; charset=utf-16", "application/xhtml+xml",
            "image/png", "application/rss+xml", "", ";", "text/html;charset=", 'TEXT/HTML; CHARSET="UTF-8"',
            "text/html; charset=utf-32",
        ]
    ),
    st.text(max_size=30),
)
PAGE_BODY = st.one_of(
    HTML.map(lambda h: h.encode("utf-8", "surrogatepass")),
    st.builds(
        lambda h, enc: h.encode(enc, "replace"), HTML,
        st.sampled_from(["latin-1", "cp1252", "utf-16", "shift_jis", "koi8-r"]),
    ),
    st.binary(max_size=300),
)
FEED_DATES = st.one_of(
    st.sampled_from(
        [
            "Tue, 10 Jun 2003 04:00:00 GMT", "Mon, 31 Feb 2021 25:61:00 +9999", "0000-00-00T00:00:00Z",
            "9999-12-31T23:59:60Z", "-0001-01-01", "2020-07-12", "yesterday", "", "Sun, 00 Jan 0000",
            "Fri, 31 Dec 9999 23:59:59 -2400", "1e400", "2020-W53-8", "12/31/99999",
        ]
    ),
    st.datetimes().map(lambda d: d.isoformat()),
    st.text(max_size=30),
)
LINKS = st.one_of(
    st.sampled_from(
        [
            "https://news.example.org/a", "/relative/path", "javascript:alert(1)", "http://[::1",
            "http://169.254.169.254/", "", " ", "//host.example/x", "mailto:x@example.org",
            "https://xn--n3h.example/☃", "http://a b/",
        ]
    ),
    st.text(max_size=40),
)
XML_TEXT = st.one_of(
    SENTENCE, ENTITIES, st.text(max_size=40), st.builds(lambda t: f"<![CDATA[{t}]]>", TEXT), NODE
)


def rss_item(title: str, link: str, when: str, summary: str) -> str:
    return (
        f"<item><title>{title}</title><link>{link}</link><pubDate>{when}</pubDate>"
        f"<description>{summary}</description></item>"
    )


def atom_entry(title: str, link: str, when: str, summary: str) -> str:
    return (
        f'<entry><title>{title}</title><link href="{link}"/><updated>{when}</updated>'
        f"<summary>{summary}</summary></entry>"
    )


def feed_document(kind: str, decl: str, items: list[tuple[str, str, str, str]]) -> str:
    if kind == "rss":
        body = "".join(rss_item(*i) for i in items)
        return f'{decl}<rss version="2.0"><channel><title>Wire</title>{body}</channel></rss>'
    if kind == "atom":
        body = "".join(atom_entry(*i) for i in items)
        return f'{decl}<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>{body}</feed>'
    body = "".join(rss_item(*i) for i in items)
    return (
        f'{decl}<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        f'xmlns="http://purl.org/rss/1.0/"><channel><title>Wire</title></channel>{body}</rdf:RDF>'
    )


def mutate(data: bytes, how: str, where: float, junk: bytes) -> bytes:
    at = int(len(data) * where)
    if how == "truncate":
        return data[:at]
    if how == "insert":
        return data[:at] + junk + data[at:]
    if how == "overwrite":
        return data[:at] + junk + data[at + len(junk) :]
    return data


MUTATION = st.tuples(
    st.sampled_from(["none"] * 4 + ["truncate", "insert", "overwrite"]), st.floats(0, 1),
    st.binary(min_size=1, max_size=12),
)
FEED_BYTES = st.one_of(
    st.builds(
        lambda kind, decl, items, enc, mutation: mutate(
            feed_document(kind, decl, items).encode(enc, "replace"), *mutation
        ),
        st.sampled_from(["rss", "atom", "rdf"]),
        st.sampled_from(
            [
                "", '<?xml version="1.0"?>', '<?xml version="1.0" encoding="utf-16"?>',
                '<?xml version="1.0" encoding="klingon"?>', '<?xml version="1.0" encoding="latin-1"?>',
                "\ufeff",
                '<!DOCTYPE rss [<!ENTITY e "&#38;#38;">]>',
                "<!-- c -->",
            ]
        ),
        st.lists(st.tuples(XML_TEXT, LINKS, FEED_DATES, XML_TEXT), max_size=6),
        st.sampled_from(["utf-8", "utf-8", "latin-1", "utf-16"]), MUTATION,
    ),
    st.builds(
        lambda prolog, tail: prolog + tail, st.sampled_from([b"<rss", b"<feed ", b"<?xml?><rdf:RDF>", b""]),
        st.binary(max_size=200),
    ),
)
FEED_ORIGIN = st.sampled_from(["wire.rss", "https://news.example.org/feed", "http://[::1]:80/feed", "x"])

# --- strategies: WARC -----------------------------------------------------------------------------

REC_TYPES = st.sampled_from(
    ["response"] * 8 + ["request", "metadata", "revisit", "resource", "warcinfo", "conversion", "bogus"]
)
URIS = st.one_of(
    st.sampled_from(
        ["https://news.example.org/2024/a"] * 6
        + [
            "http://x.example/a b c", "ftp://x/", "dns:news.example.org", "",
            'https://news.example.org/?q=<>"',
        ]
    ),
    st.text(max_size=30),
)
STATUS = st.sampled_from(
    ["200 OK"] * 6 + ["404 Not Found", "301 Moved", "200", "999 Weird", "abc", "200 OK\x00"]
)


def chunked(data: bytes, broken: bool) -> bytes:
    if broken:
        return b"zz\r\n" + data
    pieces = [data[i : i + 700] for i in range(0, len(data), 700)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\n\r\n"


@dataclass(frozen=True)
class RecordPlan:
    rec_type: str
    uri: str
    status: str
    content_type: str | None
    body: bytes
    encoding: str  # "", "gzip", "gzip-broken", "deflate", "chunked", "chunked-broken"


def build_archive(plans: list[RecordPlan], gzip_records: bool, mutation: tuple[str, float, bytes]) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip_records)
    for plan in plans:
        headers = [("Content-Type", plan.content_type)] if plan.content_type is not None else []
        body = plan.body
        if plan.encoding.startswith("gzip"):
            body = gzip.compress(body)
            if plan.encoding == "gzip-broken":
                body = body[: len(body) // 2] + b"\x00" * 30 + body[len(body) // 2 :]
            headers.append(("Content-Encoding", "gzip"))
        elif plan.encoding == "deflate":
            body = gzip.compress(body)[10:]  # not what the header says
            headers.append(("Content-Encoding", "deflate"))
        elif plan.encoding.startswith("chunked"):
            body = chunked(body, plan.encoding == "chunked-broken")
            headers.append(("Transfer-Encoding", "chunked"))
        try:
            http = (
                StatusAndHeaders(plan.status, headers, protocol="HTTP/1.1")
                if plan.rec_type in ("response", "request", "revisit")
                else None
            )
            record = writer.create_warc_record(
                plan.uri, plan.rec_type, payload=io.BytesIO(body), http_headers=http
            )
            writer.write_record(record)
        except (ValueError, TypeError, UnicodeError):
            buffer.write(b"WARC/1.0\r\nWARC-Type: " + plan.rec_type.encode("utf-8", "replace") + b"\r\n\r\n")
    return mutate(buffer.getvalue(), *mutation)


RECORD = st.builds(
    RecordPlan, REC_TYPES, URIS, STATUS,
    st.one_of(st.just("text/html; charset=utf-8"), st.just("text/plain"), CONTENT_TYPES),
    st.one_of(
        ARTICLE_PAGE.map(lambda h: h.encode("utf-8", "surrogatepass")), PAGE_BODY, st.binary(max_size=2000)
    ),
    st.sampled_from(["", "", "", "gzip", "gzip-broken", "deflate", "chunked", "chunked-broken"]),
)
WARC = st.one_of(
    st.builds(build_archive, st.lists(RECORD, max_size=4), st.booleans(), MUTATION),
    st.builds(
        lambda head, tail: head + tail, st.sampled_from([b"WARC/1.0\r\n", b"\x1f\x8b\x08\x00", b""]),
        st.binary(max_size=300),
    ),
)

# --- strategies: addresses and API queries ------------------------------------------------------

ADDRESSES = st.one_of(
    st.ip_addresses(),
    st.ip_addresses(v=4).map(lambda a: ipaddress.IPv6Address(0x2002 << 112 | int(a) << 80)),  # 6to4
    st.ip_addresses(v=4).map(lambda a: ipaddress.IPv6Address(0x64FF9B << 96 | int(a))),  # NAT64
    st.ip_addresses(v=4).map(lambda a: ipaddress.IPv6Address(0xFFFF << 32 | int(a))),  # IPv4-mapped
)

SURROGATES: tuple[Literal["Cs"]] = ("Cs",)  # lone surrogates cannot be encoded
API_TEXT = st.text(st.characters(exclude_categories=SURROGATES), max_size=40)
API_DATE = st.one_of(
    st.dates().map(date.isoformat),
    API_TEXT,
    st.sampled_from(
        ["2020-02-30", "0000-01-01", "99999-01-01", "2020-13-01", "", "2020-07-12T00:00:00", "2020-07-12\x00"]
    ),
)
API_NUMBER = st.one_of(st.integers(-10, 10**30).map(str), st.floats().map(str), API_TEXT)
API_FLOAT = st.one_of(st.floats(), st.integers(-400, 400)).map(str)
API_PARAMS = st.fixed_dictionaries(
    {},
    optional={
        "since": API_DATE, "until": API_DATE,
        "country": st.one_of(st.sampled_from(["AZE", "geo", "Georgia"]), API_TEXT),
        "bbox": st.one_of(st.lists(API_FLOAT, min_size=0, max_size=5).map(",".join), API_TEXT),
        "type": st.one_of(
            st.sampled_from(["Battles", "armed clash", "Explosions/Remote violence"]), API_TEXT
        ),
        "actor": API_TEXT,
        "status": st.one_of(st.sampled_from(["claimed", "reported,denied", ",,,"]), API_TEXT),
        "min_fatalities": API_NUMBER, "q": st.text(st.characters(exclude_categories=SURROGATES), max_size=260),
        "review": st.sampled_from(["default", "all", "unreviewed", "accepted", "rejected", "x"]),
        "order": st.sampled_from(["asc", "desc", "random"]),
        "cursor": st.one_of(
            API_TEXT,
            st.binary(max_size=80).map(lambda b: base64.urlsafe_b64encode(b).decode()),
            st.builds(
                lambda d, c: base64.urlsafe_b64encode(json.dumps([d, c]).encode()).decode(),
                st.one_of(st.none(), API_DATE, st.integers()), st.one_of(API_TEXT, st.integers()),
            ),
        ),
        "limit": API_NUMBER, "format": st.sampled_from(["json", "geojson", "csv", "xml"]),
        "all": st.sampled_from(["true", "false", "1", "maybe"]), "brief": st.sampled_from(["true", "0", "?"]),
        "by": st.one_of(st.sampled_from(["day", "type,country", "week", ""]), API_TEXT),
    },
)
API_REQUEST = st.one_of(
    st.tuples(st.sampled_from(["/api/events", "/api/stats"]), API_PARAMS),
    st.tuples(
        st.builds(
            lambda base, ident: base + quote(ident, safe=""),
            st.sampled_from(["/api/events/", "/api/articles/"]),
            st.one_of(st.sampled_from(["a0001-e0", "a0001", "..", "%00", "x" * 5000]), API_TEXT),
        ),
        st.just({}),
    ),
    st.just(("/api/meta", {})),
)
