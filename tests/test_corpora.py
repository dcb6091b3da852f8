"""Corpora as users have them: a .txt with a header block, and JSON Lines / CSV files of many
articles (news-please's field names too), read in one run with each article's own metadata."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from frontwire import cli
from frontwire.errors import InputError
from frontwire.ingest import read_inputs
from frontwire.ingest.metadata import header, parse_published
from frontwire.model import Article, Skipped
from frontwire.store import Store

# Written for these tests: two short reports in the style of a wire service.
KANO = ("Gunmen killed four farmers in the village of Dansoshiya in Kano State on Monday, the "
        "police said. The attackers arrived on motorcycles and fled into the forest after the "
        "raid, a spokesman told reporters.")
GAO = ("A roadside bomb killed three soldiers near Gao in northern Mali on Tuesday, the army "
       "said in a statement. The patrol was returning to its base when the blast hit its "
       "lead vehicle.")


def _only(items: list[Article | Skipped]) -> list[Article]:
    assert all(isinstance(i, Article) for i in items), items
    return [i for i in items if isinstance(i, Article)]


def test_a_text_header_gives_the_article_its_metadata(tmp_path: Path) -> None:
    path = tmp_path / "kano.txt"
    path.write_text("Title: Gunmen kill four farmers in Kano\nURL: https://example.org/news/kano-raid\n"
                    "Source: Example Wire\nPublished: 2023-05-09\n\n" + KANO + "\n", encoding="utf-8")
    [article] = _only(list(read_inputs([str(path)])))
    assert (article.title, article.url, article.source, article.published) == (
        "Gunmen kill four farmers in Kano", "https://example.org/news/kano-raid", "Example Wire", date(2023, 5, 9))
    assert article.text == KANO + "\n"  # the header is not the article's text
    plain = tmp_path / "plain.txt"
    plain.write_text(KANO, encoding="utf-8")
    [other] = _only(list(read_inputs([str(plain)])))
    assert other.article_id != article.article_id  # the URL, not the text, names the article with a header


@pytest.mark.parametrize(("text", "fields"), [
    ("Title: A\nOutlet: B\nPUBLISHED: unknown\nREWRITTEN: yes\n---\nBody.", {"title": "A", "outlet": "B",
                                                                             "published": "unknown", "rewritten": "yes"}),
    ("Note: the figures are provisional.\n\nBody.", {}),  # an unknown key before a blank line: the article's own text
    ("Title: A\nUpdated: 10:45\n\nBody.", {}),
    ("Gunmen killed four.\nTitle: A\n\n", {}),  # a header starts on the first line or not at all
    ("Title: A\nSource: B\nBody without a break.", {}),
])
def test_what_is_a_header(text: str, fields: dict[str, str]) -> None:
    found, body = header(text)
    assert found == fields
    assert body == (text.split("---\n", 1)[1] if fields else text)


def test_publication_dates_as_corpora_write_them() -> None:
    for written in ("2023-05-09", "2023-05-09T08:15:00Z", "2023-05-09 08:15:00", "9 May 2023", "May 9, 2023",
                    "Tue, 09 May 2023 08:15:00 GMT"):
        assert parse_published(written, "x") == date(2023, 5, 9), written
    assert parse_published("unknown", "x") is None and parse_published("", "x") is None
    with pytest.raises(InputError, match="not a date: 'last Tuesday'"):
        parse_published("last Tuesday", "x")


def test_a_json_lines_corpus_is_read_record_by_record(tmp_path: Path) -> None:
    path = tmp_path / "crawl.jsonl"
    records = [
        json.dumps({"url": "https://example.org/a/kano", "source": "Example Wire", "published": "2023-05-09",
                    "title": "Kano raid", "text": KANO}),
        "{not json",
        json.dumps({"url": "https://example.org/a/empty", "title": "No body"}),
        "",
        # news-please's names
        json.dumps({"url": "https://example.net/mali", "source_domain": "example.net", "date_publish":
                    "2023-05-10 07:00:00", "title": "Bomb in Gao", "maintext": GAO, "authors": ["A. Writer"]}),
        json.dumps({"html": f"<html><head><title>Gao blast</title></head><body><article><p>{GAO}</p>"
                            "</article></body></html>", "url": "https://example.com/gao", "published": "soon"}),
        json.dumps(["a", "list"]),
    ]
    path.write_text("\n".join(records) + "\n", encoding="utf-8")
    items = list(read_inputs([str(path)]))
    skipped = {i.source: i.reason for i in items if isinstance(i, Skipped)}
    articles = [i for i in items if isinstance(i, Article)]
    assert [(a.url, a.source, a.published) for a in articles] == [
        ("https://example.org/a/kano", "Example Wire", date(2023, 5, 9)),
        ("https://example.net/mali", "example.net", date(2023, 5, 10))]
    assert articles[1].author == "A. Writer" and articles[1].text == GAO
    assert skipped[f"{path}:2"].startswith("not valid JSON")
    assert skipped[f"{path}:3"].startswith("no article in the record")
    assert skipped[f"{path}:6: published"].startswith("not a date: 'soon'")
    assert skipped[f"{path}:7"] == "expected a JSON object, found list"


def test_a_csv_corpus_with_quoted_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "articles.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["url", "source", "published", "title", "text"])
        writer.writerow(["https://example.org/kano", "Example Wire", "2023-05-09", "Kano", KANO.replace(". ", ".\n\n", 1)])
        writer.writerow(["https://example.org/gao", "Example Wire", "2023-05-10", "Gao", GAO, "extra"])
        writer.writerow(["https://example.org/gao2", "Example Wire", "2023-05-10", "Gao", GAO])
    items = list(read_inputs([str(path)]))
    assert [a.url for a in items if isinstance(a, Article)] == ["https://example.org/kano", "https://example.org/gao2"]
    assert [(s.source, s.reason) for s in items if isinstance(s, Skipped)] == [
        (f"{path}:5", "6 fields, the header has 5")]
    notes = tmp_path / "notes.csv"
    notes.write_text("name,value\na,1\n", encoding="utf-8")
    assert list(read_inputs([str(notes)])) == [
        Skipped(str(notes), "a CSV of articles needs a text or html column; its columns are name, value")]


def test_one_ingest_run_stores_each_article_with_its_own_metadata(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "kano.txt").write_text("URL: https://example.org/kano\nSource: Example Wire\nPublished: 2023-05-09\n"
                                     "---\n" + KANO, encoding="utf-8")
    (folder / "more.jsonl").write_text(json.dumps({"url": "https://example.net/gao", "source": "Example Net",
                                                   "published": "2023-05-10", "text": GAO}) + "\n", encoding="utf-8")
    db = str(tmp_path / "store.sqlite")
    assert cli.main(["ingest", str(folder), "--db", db, "--no-progress"]) == 0
    with Store.open(db) as store:
        reports = {e.source: e for e in store.iter_reports()}
    assert set(reports) == {"Example Wire", "Example Net"}
    assert reports["Example Wire"].url == "https://example.org/kano"
    assert reports["Example Wire"].event_date == "2023-05-08"  # "on Monday" before Tuesday 9 May
    assert reports["Example Net"].event_date == "2023-05-09"  # "on Tuesday" before Wednesday 10 May
    assert "2 article(s) stored, 0 already stored, 0 failed" in capsys.readouterr().err


def test_a_mixed_corpus_of_thirty_reports_in_one_run(tmp_path: Path) -> None:
    """The shared dev reports as a user's folder: 21 .txt with their header, 3 as news pages,
    6 in one .jsonl; one `ingest`, each article stored with its own outlet, URL and date."""
    import html as html_lib

    from conftest import SHARED
    from frontwire.ingest.metadata import header as read_header

    sources = sorted((SHARED / "eval" / "events" / "articles").glob("*.txt"))
    if len(sources) < 30:
        pytest.skip("the shared dev reports are not beside the checkout")
    folder, expected = tmp_path / "corpus", {}
    folder.mkdir()
    records = []
    for i, path in enumerate(sources[:30]):
        raw = path.read_text(encoding="utf-8")
        fields, body = read_header(raw)
        day = parse_published(fields.get("published"), str(path))
        expected[fields["url"]] = (fields["outlet"], day.isoformat() if day else None)
        if i < 21:
            (folder / path.name).write_text(raw, encoding="utf-8")
        elif i < 24:
            paragraphs = "".join(f"<p>{html_lib.escape(p)}</p>" for p in body.split("\n") if p.strip())
            meta = f'<meta property="article:published_time" content="{day.isoformat()}">' if day else ""
            page = (f'<html><head><title>Report {i}</title>{meta}<meta property="og:site_name" '
                    f'content="{html_lib.escape(fields["outlet"])}"><link rel="canonical" href="{fields["url"]}">'
                    f"</head><body><article>{paragraphs}</article></body></html>")
            (folder / f"{path.stem}.html").write_text(page, encoding="utf-8")
        else:
            records.append(json.dumps({"url": fields["url"], "source": fields["outlet"],
                                       "published": fields.get("published"), "text": body}))
    (folder / "more.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    assert len(list(folder.iterdir())) == 25
    db = str(tmp_path / "store.sqlite")
    assert cli.main(["ingest", str(folder), "--db", db, "--no-progress"]) == 0
    with Store.open(db) as store, store.engine.connect() as conn:
        from frontwire.store import schema as t

        stored = {row.url: (row.source, row.published) for row in conn.execute(t.articles.select())}
    assert set(stored) == set(expected)  # 30 articles, each under its own URL
    assert {url: stored[url] for url in expected} == expected  # and its own outlet and date
