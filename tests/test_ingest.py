"""Ingest: files, directories, stdin and HTML pages -> Article or Skipped (with a reason)."""

from __future__ import annotations

import io
import logging
from datetime import date
from pathlib import Path

import pytest

from frontwire.errors import InputError
from frontwire.ingest import (
    DEFAULT_MAX_BYTES,
    article_from_html,
    article_from_text,
    article_id_for,
    looks_like_html,
    read_inputs,
)
from frontwire.ingest.language import english_share
from frontwire.model import Article, Skipped

DATA = Path(__file__).parent / "data" / "ingest"
SEED = Path(__file__).resolve().parents[2] / "shared" / "seed"  # as in conftest.py
SEED_TXT = SEED / "000_217ba6ce37b2a28a.txt"
SEED_HTML = SEED / "000_217ba6ce37b2a28a.html"

BRIEF = (
    "Two soldiers were killed when their vehicle hit a roadside bomb near Kandahar on Sunday, "
    "officials said. The Taliban claimed responsibility for the attack.\n"
)


def one(paths: list[str], **kwargs: object) -> Article | Skipped:
    results = list(read_inputs(paths, **kwargs))  # type: ignore[arg-type]
    assert len(results) == 1, results
    return results[0]


def skipped_reason(paths: list[str], **kwargs: object) -> str:
    result = one(paths, **kwargs)
    assert isinstance(result, Skipped), result
    return result.reason


@pytest.fixture(scope="module")
def seed_html() -> str:
    if not SEED_HTML.exists():
        pytest.skip(f"the seed page is not at {SEED_HTML} (shared/ sits beside the checkout)")
    return SEED_HTML.read_text(encoding="utf-8")


# --- text files -------------------------------------------------------------------------------


def test_text_file_is_read_verbatim_with_option_date() -> None:
    article = one([str(DATA / "english_brief.txt")], published=date(2021, 5, 9))
    assert isinstance(article, Article)
    assert article.text == BRIEF
    assert article.title is None
    assert article.published == date(2021, 5, 9)
    assert article.origin == str(DATA / "english_brief.txt")
    assert article.article_id == article_id_for(None, BRIEF)
    assert len(article.article_id) == 16


def test_text_line_endings_normalised_and_offsets_kept(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"\xef\xbb\xbf" + BRIEF.replace("\n", "\r\n").encode() + b"Second line.\rThird.\r\n")
    article = one([str(path)])
    assert isinstance(article, Article)
    assert article.text == BRIEF + "Second line.\nThird.\n"
    assert article.published is None
    start = article.text.index("Kandahar")
    assert article.text[start : start + 8] == "Kandahar"
    assert start == BRIEF.index("Kandahar")  # the BOM adds no offset


def test_seed_text_file_is_unchanged(seed_text: str) -> None:
    article = one([str(SEED_TXT)], published=date(2020, 9, 16))
    assert isinstance(article, Article)
    assert article.text == seed_text


def test_article_from_text_is_pure_and_raises_input_error() -> None:
    article = article_from_text(BRIEF, "brief", None)
    assert article.origin == "brief"
    with pytest.raises(InputError) as info:
        article_from_text("  \n\t\n", "blank", None)
    assert info.value.source == "blank"
    assert info.value.reason.startswith("empty")


# --- bad files ----------------------------------------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"   \n\n\t  \r\n", b"\xef\xbb\xbf\n  \n"])
def test_empty_file_is_skipped(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert skipped_reason([str(path)]).startswith("empty")


def test_binary_file_with_nul_bytes_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 20)
    assert skipped_reason([str(path)]) == "binary file, not text (it contains NUL bytes)"


def test_mostly_control_bytes_is_binary(tmp_path: Path) -> None:
    path = tmp_path / "blob.html"
    path.write_bytes(bytes(range(1, 32)) * 50)
    reason = skipped_reason([str(path)])
    assert reason.startswith("binary file, not text (")
    assert "control bytes" in reason


def test_utf16_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes(BRIEF.encode("utf-16"))
    assert skipped_reason([str(path)]) == "encoded as UTF-16, not UTF-8: convert it to UTF-8 first"


def test_latin1_file_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    text = "Officials in Zürich said the café was closed after the attack. " * 3
    path.write_bytes(text.encode("latin-1"))
    offset = text.encode("latin-1").index(b"\xfc")
    assert skipped_reason([str(path)]) == (
        f"not valid UTF-8 (byte 0xfc at offset {offset}): convert it to UTF-8 first"
    )


def test_file_over_limit_is_skipped_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(BRIEF.encode() * 100)
    size = path.stat().st_size

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened although it is over the limit")

    monkeypatch.setattr(Path, "open", refuse)
    reason = skipped_reason([str(path)], max_bytes=1000)
    assert reason == f"file too large: {size:,} bytes (0.0 MB), the limit is 1,000 bytes (0.0 MB)"


def test_fifty_megabyte_file_with_default_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    with path.open("wb") as handle:  # sparse: costs no disk and no time
        handle.truncate(50_000_000)
    reason = skipped_reason([str(path)])
    assert DEFAULT_MAX_BYTES == 5_000_000
    assert reason == "file too large: 50,000,000 bytes (50.0 MB), the limit is 5,000,000 bytes (5.0 MB)"


def test_missing_path_and_unsupported_type(tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4\n")
    missing = str(tmp_path / "nope.txt")
    results = list(read_inputs([missing, str(pdf), str(DATA / "english_brief.txt")]))
    assert results[0] == Skipped(missing, "no such file or directory")
    assert results[1] == Skipped(str(pdf), "unsupported file type .pdf: expected .txt, .html, .htm, .jsonl, .ndjson or .csv")
    assert isinstance(results[2], Article)  # one bad input never stops the run


# --- language ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "snippet",
    [
        "Gunmen killed three people in Kano on Tuesday.",
        "Police fired tear gas at protesters in Nairobi on Monday.",
        "Israeli airstrikes killed 12 people in Gaza City overnight, the health ministry said.",
        "Rebels seized the town of Bunia. Government troops withdrew to the airport.",
        BRIEF,
    ],
)
def test_short_english_passes(snippet: str) -> None:
    assert article_from_text(snippet, "snippet", None).text == snippet


@pytest.mark.parametrize("name", ["french.txt", "spanish.txt", "german.txt", "russian.txt"])
def test_non_english_text_is_refused(name: str) -> None:
    reason = skipped_reason([str(DATA / name)])
    assert reason.startswith("not English: common English words are ")
    assert reason.endswith("only English articles are supported")


@pytest.mark.parametrize(
    "text",
    [
        "Pelo menos três pessoas foram mortas na terça-feira em um ataque a um mercado no norte do país.",
        "Almeno tre persone sono state uccise martedì in un attacco contro un mercato nel nord del paese.",
    ],
)
def test_other_romance_languages_are_refused(text: str) -> None:
    assert not english_share(text).is_english


def test_seed_is_clearly_english(seed_text: str) -> None:
    verdict = english_share(seed_text)
    assert verdict.is_english
    assert verdict.share > 0.3


# --- HTML ----------------------------------------------------------------------------------


def test_seed_page(seed_html: str) -> None:
    article = article_from_html(seed_html, "seed.html", None)
    assert article.published == date(2020, 9, 16)
    assert article.title == "Defence Minister: Azerbaijani army ready to liberate occupied territories"
    assert article.author == "Fidan Abdullayeva"
    assert article.url == "https://news.example.org/politics/defence-minister-azerbaijani-army-ready"
    assert article.section == "Politics"
    assert article.source == "news.example.org"
    assert article.article_id == article_id_for(article.url, "")
    assert article.text.startswith("Defence Minister Zakir Hasanov has said")
    assert article.text.endswith("the occupied territories of Azerbaijan.")
    for boilerplate in ("Most read", "Share on Facebook", "About Fidan Abdullayeva", "All rights reserved"):
        assert boilerplate not in article.text
    paragraphs = article.text.split("\n\n")
    assert len(paragraphs) == 11
    assert paragraphs[1] == (
        "The minister made the remarks in the Training and Education Center of the Armed Forces on September 16."
    )
    assert "\n" not in paragraphs[6]


def test_option_date_overrides_page_date(seed_html: str) -> None:
    assert article_from_html(seed_html, "seed.html", date(2020, 9, 17)).published == date(2020, 9, 17)


def test_copyright_footer_is_no_publication_date() -> None:
    article = one([str(DATA / "copyright_footer_only.html")])
    assert isinstance(article, Article)
    assert article.published is None
    assert article.title == "Gunmen kill three in northern market attack"
    assert article.url is None
    assert article.source is None
    assert article.text.startswith("Gunmen on motorcycles opened fire")
    assert article.text.count("\n\n") == 2
    assert "rights reserved" not in article.text
    assert article.article_id == article_id_for(None, article.text)


def test_page_without_article_text_is_skipped() -> None:
    reason = skipped_reason([str(DATA / "navigation_only.html")])
    assert reason.startswith("too little article text in the page (")


def test_empty_page_is_no_article_text() -> None:
    with pytest.raises(InputError) as info:
        article_from_html("<html><head><title>x</title></head><body></body></html>", "blank.html", None)
    assert info.value.reason == "no article text found in the page (only navigation or boilerplate)"


def test_non_english_page_is_refused() -> None:
    assert skipped_reason([str(DATA / "french_page.html")]).startswith("not English")


def test_page_url_from_origin_gives_source_domain() -> None:
    html = "<html><body><article><p>" + BRIEF + "</p></article></body></html>"
    article = article_from_html(html, "https://www.example.com/news/kandahar-bomb", None)
    assert article.url == "https://www.example.com/news/kandahar-bomb"
    assert article.source is not None and article.source.endswith("example.com")
    assert article.text == BRIEF.strip()


# --- directories and stdin ----------------------------------------------------------------------


def test_directory_is_walked_recursively_in_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "one.txt").write_text(BRIEF, encoding="utf-8")
    (tmp_path / "a" / "deep" / "two.htm").write_text(
        (DATA / "copyright_footer_only.html").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "a" / "z.TXT").write_text("", encoding="utf-8")
    (tmp_path / "a" / "notes.md").write_text(BRIEF, encoding="utf-8")
    (tmp_path / ".git" / "x.txt").write_text(BRIEF, encoding="utf-8")
    results = list(read_inputs([str(tmp_path)]))
    assert [r.origin if isinstance(r, Article) else r.source for r in results] == [
        str(tmp_path / "a" / "deep" / "two.htm"),
        str(tmp_path / "a" / "z.TXT"),
        str(tmp_path / "b" / "one.txt"),
    ]
    assert [type(r).__name__ for r in results] == ["Article", "Skipped", "Article"]
    first = results[0]
    assert isinstance(first, Article) and first.title == "Gunmen kill three in northern market attack"


def test_directory_without_readable_files(tmp_path: Path) -> None:
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    assert skipped_reason([str(tmp_path)]) == (
        "directory has no readable files (no .txt, .html, .htm, .jsonl, .ndjson or .csv below it)"
    )


def test_stdin_text_and_html_are_sniffed(seed_html: str) -> None:
    text = one(["-"], stdin=io.BytesIO(BRIEF.encode()), published=date(2021, 5, 9))
    assert isinstance(text, Article)
    assert (text.origin, text.text, text.published) == ("<stdin>", BRIEF, date(2021, 5, 9))
    page = one(["-"], stdin=io.BytesIO(b"\xef\xbb\xbf\n  " + seed_html.encode()))
    assert isinstance(page, Article)
    assert page.title == "Defence Minister: Azerbaijani army ready to liberate occupied territories"
    assert page.published == date(2020, 9, 16)


def test_stdin_fragment_and_limits() -> None:
    fragment = one(["-"], stdin=io.BytesIO(b"<p>" + BRIEF.encode() + b"</p>"))
    assert isinstance(fragment, Article) and fragment.text == BRIEF.strip()
    assert skipped_reason(["-"], stdin=io.BytesIO(b"x" * 2000), max_bytes=1000) == (
        "input too large: over the limit of 1,000 bytes (0.0 MB)"
    )
    assert skipped_reason(["-"], stdin=io.BytesIO(b"")).startswith("empty")


def test_sniffing() -> None:
    assert looks_like_html("\ufeff  <!DOCTYPE html><html></html>")
    assert looks_like_html("<HTML><body>x</body></HTML>")
    assert looks_like_html("Breaking:<p class='lead'>Text</p>")
    assert not looks_like_html(BRIEF)
    assert not looks_like_html("Casualties were 3 < 5 reported earlier, officials said.")


# --- ids ----------------------------------------------------------------------------------------


def test_article_ids_are_stable() -> None:
    assert article_id_for(None, "Two  soldiers\nwere killed.") == article_id_for(
        None, "Two soldiers were killed."
    )
    assert article_id_for(None, "Two soldiers were killed.") != article_id_for(
        None, "Three soldiers were killed."
    )
    url_id = article_id_for("https://News.Example.org/a/b?id=7#comments", "anything")
    assert url_id == article_id_for("https://news.example.org/a/b?id=7", "other text")
    assert url_id != article_id_for("https://news.example.org/a/b?id=8", "anything")
    assert len(url_id) == 16 and int(url_id, 16) >= 0


def _nested(depth: int, tag: str = "div") -> str:
    inner = "<p>" + BRIEF.strip() + "</p>"
    return f"<html><body>{f'<{tag}>' * depth}{inner}{f'</{tag}>' * depth}</body></html>"


@pytest.mark.parametrize("depth", [300, 1500])
def test_deeply_nested_page_keeps_its_text(depth: int) -> None:
    # libxml2 stops at 256 levels unless told otherwise; such pages lost all their text before
    article = article_from_html(_nested(depth), "deep.html", None)
    assert article.text == BRIEF.strip()


def test_unclosed_tags_nest_the_article_deep_and_it_is_still_read() -> None:
    # an old page's unclosed <font> tags pile up: the article ends up 400 levels down
    page = "<html><body>" + "<font size=2>" * 400 + "<p>" + BRIEF.strip() + "</p></body></html>"
    assert article_from_html(page, "fonts.html", None).text == BRIEF.strip()


def test_page_nested_past_the_parser_limit_says_so() -> None:
    with pytest.raises(InputError) as caught:
        article_from_html(_nested(3000), "deeper.html", None)
    assert caught.value.reason == (
        "the page's markup is nested more than 2,048 elements deep (unclosed tags?), past what the HTML "
        "parser reads, and no article text lies above that depth"
    )


def test_lone_surrogates_are_refused_not_crashed_on() -> None:
    # a str can hold them (a JSON "\ud800" escape); UTF-8 cannot, so hashing or storing would fail
    for build in (article_from_text, article_from_html):
        with pytest.raises(InputError) as caught:
            build(BRIEF + "\ud83d", "api", None)
        assert caught.value.reason == f"not valid Unicode: a lone surrogate U+D83D at character {len(BRIEF)}"


def test_trafilatura_logs_nothing_to_the_terminal(
    caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    # trafilatura logged "discarding data: None" (WARNING) for pages like these, beside our reason
    caplog.set_level(logging.DEBUG)
    for page in (_nested(3000), "<html><body><nav>Home | World | Sport</nav></body></html>", "<"):
        with pytest.raises(InputError):
            article_from_html(page, "page.html", None)
    assert [r for r in caplog.records if not r.name.startswith("frontwire")] == []
    assert capfd.readouterr() == ("", "")


def test_page_text_is_not_kept_in_trafilatura_caches() -> None:
    # trim() and line_processing() cache their last 1,024 strings: whole page texts, which made a
    # long run (the fuzzing's) grow by about 1 MB a page
    from trafilatura.utils import line_processing, trim

    article_from_html(_nested(3), "page.html", None)
    assert trim.cache_info().currsize == 0 and line_processing.cache_info().currsize == 0
