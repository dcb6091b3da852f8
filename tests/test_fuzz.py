"""Fuzzing with Hypothesis: generated texts, HTML pages, feeds, WARC archives, page bodies, IP
addresses, extractor inputs and web API queries. The property is the same for every target: it
returns, or refuses with the project's documented refusal (InputError where the entry point
raises one, a Skipped where it yields them); nothing else escapes.

Two settings profiles:
- "ci" (the default, what the test suite runs): a few hundred examples in all, derandomized so
  that every run tries the same cases, no example database, no deadline;
- "long" (scripts/fuzz.sh): FRONTWIRE_FUZZ_CASES cases in all (default 100,000), shared among the
  targets by WEIGHTS, random. With FRONTWIRE_FUZZ_KEEP_GOING=1 a crash is recorded and the run
  goes on (no shrinking), so that one bug does not hide the others; each test fails at its end
  if its target crashed.
Every call is timed and counted; with FRONTWIRE_FUZZ_REPORT=PATH the figures (cases, crashes by
kind with a sample input, the slowest cases, peak memory) are written there as JSON.

Every failure the fuzzing found is a plain test at the end of this file, with the minimal input.
"""

from __future__ import annotations

import faulthandler
import io
import ipaddress
import json
import os
import resource
import tempfile
import time
import traceback
import warnings
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from frontwire.errors import InputError
from frontwire.ingest.feeds import FeedEntry, feed_entries, looks_like_feed
from frontwire.ingest.fetch import blocked_kind, embedded_ipv4
from frontwire.ingest.files import DEFAULT_MAX_BYTES, read_stream
from frontwire.ingest.html import article_from_html
from frontwire.ingest.sources import decode_page, page_article, read_sources
from frontwire.ingest.text import article_from_text
from frontwire.model import Article, Skipped

with warnings.catch_warnings():  # as in test_web_api.py: Starlette's TestClient warns about httpx
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from fuzz_strategies import (
    ADDRESSES,
    API_REQUEST,
    CONTENT_TYPES,
    EXTRACTOR_TEXT,
    FEED_BYTES,
    FEED_ORIGIN,
    HTML,
    PAGE_BODY,
    STDIN_BYTES,
    TEXT,
    WARC,
)

# --- profiles and figures -------------------------------------------------------------------------

# Share of the long run's cases per target (the ci profile gives each CI_EXAMPLES[target]).
WEIGHTS = {
    "text": 0.14, "stdin": 0.08, "html": 0.20, "page": 0.08, "feed": 0.12, "warc": 0.10, "address": 0.06,
    "extractor": 0.10, "api": 0.12,
}
CI_EXAMPLES = {
    "text": 60, "stdin": 40, "html": 50, "page": 30, "feed": 50, "warc": 30, "address": 60, "extractor": 15,
    "api": 40,
}
PROFILE = os.environ.get("FRONTWIRE_FUZZ_PROFILE", "ci")
TOTAL = int(os.environ.get("FRONTWIRE_FUZZ_CASES", "100000"))
KEEP_GOING = os.environ.get("FRONTWIRE_FUZZ_KEEP_GOING") == "1"
REPORT = os.environ.get("FRONTWIRE_FUZZ_REPORT")
SLOW_S = float(os.environ.get("FRONTWIRE_FUZZ_SLOW_S", "10"))  # a case slower than this is reported
HANG_S = 120.0  # the long profile prints the stack of a case still running after this long

# Hypothesis keeps caches (constants it found in the code, Unicode tables) in a .hypothesis folder
# of the working directory: under the temporary directory instead, so the checkout stays clean.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "frontwire-hypothesis")
_COMMON: dict[str, Any] = {
    "deadline": None,
    "database": None,  # nothing written into the repository
    "suppress_health_check": [
        HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
        HealthCheck.large_base_example,
    ],
}
settings.register_profile("ci", derandomize=True, print_blob=False, **_COMMON)
settings.register_profile("long", print_blob=True, **_COMMON)
settings.load_profile(PROFILE)


def examples(target: str) -> settings:
    """The settings of one target's test: its share of the run."""
    count = max(1, round(TOTAL * WEIGHTS[target])) if PROFILE == "long" else CI_EXAMPLES[target]
    return settings(max_examples=count)


def shown(value: object, limit: int = 240) -> str:
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text):,} characters)"


@dataclass
class Figures:
    cases: Counter[str] = field(default_factory=Counter)
    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    crashes: dict[str, dict[str, Any]] = field(default_factory=dict)  # kind -> count, target, sample
    slowest: list[tuple[float, str, str]] = field(default_factory=list)  # the ten slowest
    slow: Counter[str] = field(default_factory=Counter)  # cases over SLOW_S, by target
    grew: Counter[str] = field(
        default_factory=Counter
    )  # how much the peak RSS (KB) grew in each target's cases
    _peak: int = 0

    def timed(self, target: str, elapsed: float, value: object) -> None:
        self.cases[target] += 1
        self.seconds[target] += elapsed
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if self._peak and peak > self._peak:
            self.grew[target] += peak - self._peak
        self._peak = peak
        if elapsed > SLOW_S:
            self.slow[target] += 1
        if len(self.slowest) < 10 or elapsed > self.slowest[-1][0]:
            self.slowest = sorted([*self.slowest, (elapsed, target, shown(value))], reverse=True)[:10]

    def crashed(self, target: str, exc: BaseException, value: object) -> str:
        frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
        where = f"{Path(frame.filename).name}:{frame.lineno}" if frame else "?"
        kind = f"{target}: {type(exc).__name__} at {where}"
        entry = self.crashes.setdefault(
            kind, {"count": 0, "target": target, "error": shown(exc, 400), "sample": shown(value, 600)}
        )
        entry["count"] += 1
        return kind

    def report(self) -> dict[str, Any]:
        return {
            "profile": PROFILE, "cases": sum(self.cases.values()), "cases_by_target": dict(self.cases),
            "seconds_by_target": {k: round(v, 1) for k, v in self.seconds.items()},
            "crash_kinds": len(self.crashes),
            "crashing_cases": sum(c["count"] for c in self.crashes.values()), "crashes": self.crashes,
            "slow_limit_s": SLOW_S, "slow_cases": dict(self.slow),
            "slowest": [{"seconds": round(s, 3), "target": t, "input": v} for s, t, v in self.slowest],
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "peak_rss_growth_mb_by_target": {k: round(v / 1024, 1) for k, v in self.grew.most_common()},
        }


FIGURES = Figures()


@pytest.fixture(scope="module", autouse=True)
def _write_report() -> Iterator[None]:
    yield
    if REPORT:
        Path(REPORT).write_text(json.dumps(FIGURES.report(), indent=2, ensure_ascii=True), "utf-8")


def exercise(
    target: str, value: object, call: Callable[[], object], refusals: tuple[type[BaseException], ...] = ()
) -> object:
    """Run one case: a documented refusal is fine; anything else is a crash (re-raised for
    Hypothesis to shrink, or only recorded with FRONTWIRE_FUZZ_KEEP_GOING=1)."""
    if PROFILE == "long":  # a case that hangs shows where, on stderr
        faulthandler.dump_traceback_later(HANG_S)
    start = time.perf_counter()
    try:
        return call()
    except refusals:
        return None
    except Exception as exc:
        FIGURES.crashed(target, exc, value)
        if not KEEP_GOING:
            raise
        return None
    finally:
        FIGURES.timed(target, time.perf_counter() - start, value)
        if PROFILE == "long":
            faulthandler.cancel_dump_traceback_later()


# --- fixtures -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def extractor(nlp: Any) -> Any:
    from frontwire.pipeline import Extractor

    return Extractor(nlp=nlp)


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    from frontwire.store import Store
    from frontwire.web import create_app
    from test_web_api import fill

    url = f"sqlite:///{tmp_path_factory.mktemp('fuzz-api') / 'store.sqlite'}"
    with Store.open(url) as store:
        fill(store)
    with TestClient(create_app(url)) as client:
        yield client


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


# --- the properties -------------------------------------------------------------------------------


def capped(text: str) -> str:
    """The text cut to ingest's size limit (5 MB of UTF-8): no entry point is given more, and the
    recursive strategies can build pages of a hundred megabytes."""
    if len(text) <= DEFAULT_MAX_BYTES // 4:
        return text
    data = text.encode("utf-8", "surrogatepass")
    return text if len(data) <= DEFAULT_MAX_BYTES else data[:DEFAULT_MAX_BYTES].decode("utf-8", "ignore")


def _article_or_refusal(result: object) -> None:
    if result is not None:
        assert isinstance(result, Article) and result.text.strip() and "\x00" not in result.text


@examples("text")
@given(TEXT, st.sampled_from([None, date(2020, 7, 13), date(1, 1, 1), date(9999, 12, 31)]))
def test_text_never_crashes(text: str, published: date | None) -> None:
    text = capped(text)
    _article_or_refusal(
        exercise("text", text, lambda: article_from_text(text, "fuzz.txt", published), (InputError,))
    )


@examples("stdin")
@given(STDIN_BYTES)
def test_stdin_bytes_never_crash(data: bytes) -> None:
    result = exercise("stdin", data, lambda: read_stream(io.BytesIO(data), None, 5_000_000))
    assert result is None or isinstance(result, Article | Skipped)


@examples("html")
@given(HTML, st.sampled_from(["page.html", "https://news.example.org/2024/07/12/story", "-"]))
def test_html_never_crashes(html: str, origin: str) -> None:
    html = capped(html)
    _article_or_refusal(exercise("html", html, lambda: article_from_html(html, origin, None), (InputError,)))


@examples("page")
@given(PAGE_BODY, CONTENT_TYPES)
def test_page_bodies_never_crash(body: bytes, content_type: str | None) -> None:
    body = body[:DEFAULT_MAX_BYTES]

    def call() -> object:
        decode_page(body, content_type)
        return page_article(body, content_type, "https://news.example.org/story", None)

    _article_or_refusal(exercise("page", (content_type, body), call, (InputError,)))


@examples("feed")
@given(FEED_BYTES, FEED_ORIGIN)
def test_feeds_never_crash(data: bytes, origin: str) -> None:
    data = data[:DEFAULT_MAX_BYTES]

    def call() -> object:
        looks_like_feed(data)
        return feed_entries(data, origin)

    result = exercise("feed", data, call, (InputError,))
    assert result is None or (isinstance(result, list) and all(isinstance(e, FeedEntry) for e in result))


@examples("warc")
@given(WARC, st.booleans())
def test_warc_archives_never_crash(scratch: Path, data: bytes, gz_name: bool) -> None:
    path = scratch / ("fuzz.warc.gz" if gz_name else "fuzz.warc")
    path.write_bytes(data)
    results = exercise("warc", data, lambda: list(read_sources([str(path)], max_bytes=1_000_000)))
    assert results is None or (
        isinstance(results, list) and all(isinstance(r, Article | Skipped) for r in results)
    )


@examples("address")
@given(ADDRESSES)
def test_addresses_are_judged_with_what_they_embed(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address,
) -> None:
    def call() -> object:
        kind = blocked_kind(address)
        embedded = embedded_ipv4(address)
        if embedded is not None:  # an IPv6 form of an IPv4 address is judged as that address
            assert kind == blocked_kind(embedded[1]), (address, embedded)
        return kind

    exercise("address", address, call)


@examples("extractor")
@given(EXTRACTOR_TEXT, st.sampled_from([None, date(2020, 7, 13)]))
def test_extractor_never_crashes(extractor: Any, text: str, published: date | None) -> None:
    article = Article(article_id="fuzz", text=text, published=published, origin="fuzz")

    def call() -> object:
        events = extractor.extract(article)
        assert isinstance(events, list)
        for event in events:  # every evidence span is where it says it is
            for ev in event.evidence:
                assert text[ev.start : ev.end] == ev.text, (ev.start, ev.end, ev.text)
        return events

    exercise("extractor", text, call, (InputError,))


@examples("api")
@given(API_REQUEST)
def test_api_get_routes_never_crash(api: TestClient, request_: tuple[str, dict[str, str]]) -> None:
    path, params = request_

    def call() -> object:
        response = api.get(path, params=params)
        # 405: "/api/articles/" with an empty id is the POST-only collection
        assert response.status_code in (200, 400, 404, 405, 422), (response.status_code, response.text[:300])
        if response.status_code == 200 and "json" in response.headers.get("content-type", ""):
            response.json()
        return response

    exercise("api", request_, call)


# --- regressions: every failure the fuzzing found, with its minimal input --------------------------
# (Lone surrogates in article_from_text / article_from_html, and pages nested past libxml2's
# default depth, are in tests/test_ingest.py.)


def test_page_that_opens_with_an_iframe_before_its_body() -> None:
    # with the page parsed by fromstring(), the <iframe> became the root element and trafilatura's
    # cleaning, removing iframes, failed on it (AssertionError in lxml's drop_tree)
    with pytest.raises(InputError) as caught:
        article_from_html("<iframe><body>", "page.html", None)
    assert caught.value.reason.startswith("too little article text in the page")


@pytest.mark.parametrize("reference", ["&#x110000;", "&#1114112;", "&#99999999999999;", "&#xD800;"])
def test_feed_with_a_character_reference_to_no_character(reference: str) -> None:
    # feedparser's lenient parser raised ValueError (chr() arg not in range), OverflowError or
    # UnicodeEncodeError on these; now they read as U+FFFD
    data = (
        f'<rss version="2.0"><channel><item><title>a {reference} b</title>'
        "<link>https://news.example.org/a</link></item></channel></rss>"
    ).encode()
    assert feed_entries(data, "wire.rss") == [
        FeedEntry("https://news.example.org/a", "a \ufffd b", None, None)
    ]


def test_feed_with_such_a_reference_in_utf16_is_refused_not_crashed_on() -> None:
    data = (
        '<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel><item><title>&#x110000;'
        "</title><link>https://news.example.org/a</link></item></channel></rss>"
    ).encode("utf-16")
    with pytest.raises(InputError) as caught:
        feed_entries(data, "wire.rss")
    assert caught.value.reason == (
        "not a readable RSS or Atom feed: the feed parser failed on it (chr() arg not in range(0x110000))"
    )


def test_feed_date_in_year_zero_is_no_date() -> None:
    # feedparser gives year -1 for it, and date() raised ValueError
    data = (
        b'<rss version="2.0"><channel><item><title>t</title><link>https://news.example.org/a</link>'
        b"<pubDate>0000-00-00T00:00:00Z</pubDate></item></channel></rss>"
    )
    assert feed_entries(data, "wire.rss") == [FeedEntry("https://news.example.org/a", "t", None, None)]


def test_feed_title_with_a_long_style_attribute() -> None:
    # feedparser's HTML sanitizer checks a style attribute in time quadratic in its length: this
    # title took about 25 s with it (a 300 KB one about a quarter of an hour); the title is plain text now
    style = "x" * 60_000
    data = (
        f'<rss version="2.0"><channel><item><title>&lt;p style="{style}"&gt;Convoy &amp;amp; escort'
        "&lt;/p&gt;</title><link>https://news.example.org/a</link></item></channel></rss>"
    ).encode()
    [entry] = feed_entries(data, "wire.rss")
    assert entry.title == "Convoy & escort"
    # markup feedparser does not call HTML (a <script>) is made text too, without the script
    data = data.replace(b"escort", b"escort&lt;script&gt;alert(1)&lt;/script&gt;")
    assert feed_entries(data, "wire.rss")[0].title == "Convoy & escort"


def test_feed_summary_holding_an_html_tag() -> None:
    # lxml's fragment parser raised AssertionError ("too many bodies") on it when the summary was
    # made plain text
    data = (
        b'<rss version="2.0"><channel><item><title>t</title><link>https://news.example.org/a</link>'
        b"<description><![CDATA[<html name=''>]]></description></item></channel></rss>"
    )
    assert feed_entries(data, "wire.rss") == [FeedEntry("https://news.example.org/a", "t", None, None)]
    data = data.replace(b"<html name=''>", b"<p>Shelling <b>resumed</b> at dawn<script>x()</script>.</p>")
    assert feed_entries(data, "wire.rss")[0].summary == "Shelling resumed at dawn."


def test_api_collection_path_without_an_id(api: TestClient) -> None:
    # the fuzzing's minimal "crash" here was an answer it did not expect: a GET on the POST-only
    # collection is 405, as HTTP has it
    assert api.get("/api/articles/").status_code == 405


def test_extractor_on_a_lone_surrogate(extractor: Any) -> None:
    # fuzzing found spaCy raising UnicodeEncodeError: the extractor refuses the text by name
    article = Article(article_id="fuzz", text="Shelling in Goma \ud800.", origin="fuzz.txt")
    with pytest.raises(InputError, match=r"fuzz\.txt.*lone surrogate U\+D800"):
        extractor.extract(article)


@pytest.mark.parametrize("target", list(WEIGHTS))
def test_no_target_crashed_while_keeping_going(target: str) -> None:
    """With FRONTWIRE_FUZZ_KEEP_GOING=1 crashes are only recorded: each target's are reported here."""
    if not KEEP_GOING:
        pytest.skip("crashes fail their own test unless FRONTWIRE_FUZZ_KEEP_GOING=1")
    kinds = [k for k, c in FIGURES.crashes.items() if c["target"] == target]
    assert not kinds, f"{target} crashed: " + "; ".join(f"{k} ({FIGURES.crashes[k]['error']})" for k in kinds)


def test_extractor_on_a_count_of_four_hundred_digits(extractor: Any) -> None:
    text = f"A drone killed {'9' * 400} villagers in Goma."
    article_from_text(text, "fuzz.txt", None)  # ingest takes it: it is English
    events = extractor.extract(Article(article_id="fuzz", text=text, origin="fuzz"))
    assert all(e.fatalities < 10**10 for e in events)
