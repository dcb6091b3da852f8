"""The event store in SQLite and in a real PostgreSQL server (frontwire.store)."""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import inspect, select

from frontwire.model import Article, Event, Evidence
from frontwire.store import EventFilter, Store, StoreError
from frontwire.store import schema as t
from frontwire.store.schema import metadata

_DATABASES = iter(range(1_000_000))
TEXT = "Armenian forces shelled positions in Tovuz on Sunday, killing four soldiers, the ministry said."


def article(n: int = 0, url: str | None = None, text: str = TEXT) -> Article:
    return Article(article_id=f"a{n:04d}", text=f"{text} ({n})" if n else text, url=url, source="example.org",
                   published=date(2020, 7, 13), origin=f"/corpus/{n}.txt")


def event(article_id: str, n: int, **kw: object) -> Event:
    values: dict[str, object] = dict(  # noqa: C408 - keyword form mirrors the Event fields
        event_id=f"{article_id}-e{n}", article_id=article_id, event_date="2020-07-12", event_date_end=None,
        time_precision=1, event_type="Explosions/Remote violence", sub_event_type="Shelling/artillery/missile attack",
        plover_type="ATTACK", actor1="Military Forces of Armenia", actor1_iso3="ARM",
        actor2="Military Forces of Azerbaijan", actor2_iso3="AZE", country="Azerbaijan", iso3="AZE", admin1="Tovuz",
        admin2=None, location="Tovuz", latitude=40.99, longitude=45.63, geonames_id=584821, geo_precision=1,
        fatalities=4, deaths_actor1=None, deaths_actor2=4, deaths_civilians=None, deaths_unknown=None,
        status="reported", attributed_to="the ministry", source="example.org", url=None, published="2020-07-13",
        notes="shelling in Tovuz", evidence=[Evidence(TEXT, 0, len(TEXT))], confidence=0.8)
    values.update(kw)
    return Event(**values)  # type: ignore[arg-type]


def test_schema_matches_the_migrations(db_url: str) -> None:
    with Store.open(db_url) as store:
        tables = set(inspect(store.engine).get_table_names())
        assert set(metadata.tables) <= tables
        for name, table in metadata.tables.items():
            assert {c["name"] for c in inspect(store.engine).get_columns(name)} == {c.name for c in table.columns}


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_store_made_at_each_earlier_schema_opens_upgraded_with_its_rows(backend: str, tmp_path: Path,
                                                                         request: pytest.FixtureRequest) -> None:
    """A store left at every earlier migration, with an article, its report and evidence and a
    token written in that schema's own columns, opens at the latest schema with them intact."""
    from datetime import UTC, datetime

    from sqlalchemy import MetaData, create_engine, insert

    from frontwire.store import text_hash
    from frontwire.store.db import head_revision, known_revisions, schema_revision, upgrade

    earlier = known_revisions()[:-1]
    assert earlier and known_revisions()[-1] == head_revision()
    a, e = article(7), event("a0007", 0)
    rows = {
        "articles": [{"article_id": a.article_id, "url": None, "text_hash": text_hash(a.text), "title": "Shelling",
                      "source": a.source, "published": "2020-07-13", "origin": a.origin, "text": a.text,
                      "n_events": 1, "ingested_at": datetime(2021, 3, 1, tzinfo=UTC)}],
        "reports": [{k: v for k, v in e.to_dict().items() if k != "evidence"}],
        "evidence": [{"event_id": e.event_id, "ordinal": i, "text": ev.text, "start": ev.start, "end": ev.end}
                     for i, ev in enumerate(e.evidence)],
        "tokens": [{"name": "ana", "token_hash": "sha256:" + "cd" * 32, "created_at": datetime(2021, 3, 1, tzinfo=UTC),
                    "revoked": False}],
    }
    for revision in earlier:
        if backend == "sqlite":
            url = f"sqlite:///{tmp_path / f'at{revision}.sqlite'}"
        else:
            url = request.getfixturevalue("postgres").create_database(f"at{revision}_{next(_DATABASES)}")
        engine = create_engine(url)
        upgrade(engine, revision)
        old = MetaData()
        old.reflect(engine)
        with engine.begin() as conn:  # only the columns that schema had
            for name, table_rows in rows.items():
                table = old.tables[name]
                conn.execute(insert(table), [{k: v for k, v in r.items() if k in table.c} for r in table_rows])
        assert schema_revision(engine) == revision
        engine.dispose()
        with Store.open(url) as store:
            assert schema_revision(store.engine) == head_revision(), revision
            stored = store.article(a.article_id)
            assert stored is not None and (stored["text"], stored["title"]) == (a.text, "Shelling")
            assert store.has_article(a) and store.reports_of([e.event_id]) == [e]
            assert store.count() == {"articles": 1, "reports": 1, "clusters": 0, "failures": 0}
            with store.engine.connect() as conn:
                assert [r[0] for r in conn.execute(select(t.tokens.c.name))] == ["ana"]


def test_an_article_is_stored_once_by_id_url_or_text(db_url: str) -> None:
    with Store.open(db_url) as store:
        a = article(1, url="HTTPS://Example.org/news/1#top")
        assert store.add_article(a, [event(a.article_id, 0), event(a.article_id, 1, fatalities=2)])
        assert not store.add_article(a, [event(a.article_id, 0)])  # same id
        same_url = Article("other-id", "A different text about the same page " * 3, url="https://example.org/news/1")
        assert store.has_article(same_url) and not store.add_article(same_url, [])
        same_text = Article("third-id", "  " + a.text.replace(" ", "\n  ") + "\n")  # same words, other spacing
        assert not store.add_article(same_text, [])
        assert store.count() == {"articles": 1, "reports": 2, "clusters": 0, "failures": 0}
        [first, second] = list(store.iter_reports())
        assert first == event(a.article_id, 0) and second.fatalities == 2


def test_failures_are_recorded_counted_and_cleared_by_success(db_url: str) -> None:
    with Store.open(db_url) as store:
        store.record_failure("/corpus/1.txt", "not English")
        store.record_failure("/corpus/1.txt", "not English")
        store.record_failure("https://example.org/x", "HTTP 404")
        fails = store.failures()
        assert [(f["source"], f["attempts"]) for f in fails] == [("/corpus/1.txt", 2), ("https://example.org/x", 1)]
        store.add_article(article(1), [])  # origin /corpus/1.txt now read
        assert [f["source"] for f in store.failures()] == ["https://example.org/x"]


def test_query_filters(db_url: str) -> None:
    with Store.open(db_url) as store:
        a, b = article(1), article(2)
        store.add_article(a, [event(a.article_id, 0)])
        store.add_article(b, [event(b.article_id, 0, event_date="2020-08-23", location="Goranboy", latitude=40.61,
                                    longitude=46.79, fatalities=0, event_type="Battles", sub_event_type="Armed clash",
                                    actor1="Military Forces of Azerbaijan", actor2="Military Forces of Armenia")])
        ids = {e.event_id for e in store.query_reports(EventFilter())}
        assert ids == {"a0001-e0", "a0002-e0"}
        assert [e.location for e in store.query_reports(EventFilter(since=date(2020, 8, 1)))] == ["Goranboy"]
        assert [e.location for e in store.query_reports(EventFilter(bbox=(45.0, 40.5, 46.0, 41.5)))] == ["Tovuz"]
        assert [e.location for e in store.query_reports(EventFilter(min_fatalities=1))] == ["Tovuz"]
        assert [e.location for e in store.query_reports(EventFilter(event_type="armed clash"))] == ["Goranboy"]
        assert len(store.query_reports(EventFilter(country="aze", actor="armenia"))) == 2
        assert store.query_reports(EventFilter(country="Georgia")) == []


def test_clusters_replace_atomically_and_query(db_url: str) -> None:
    with Store.open(db_url) as store:
        a, b = article(1), article(2)
        store.add_article(a, [event(a.article_id, 0, fatalities=4)])
        store.add_article(b, [event(b.article_id, 0, fatalities=5)])
        cluster = {"cluster_id": "c1", "representative_id": "a0001-e0", "n_reports": 2, "fatalities": 4,
                   "fatalities_rule": "lowest of the latest reports", "event_date": "2020-07-12",
                   "event_type": "Explosions/Remote violence", "sub_event_type": "Shelling/artillery/missile attack",
                   "actor1": "Military Forces of Armenia", "actor2": "Military Forces of Azerbaijan", "iso3": "AZE",
                   "latitude": 40.99, "longitude": 45.63, "status": "reported"}
        members = [{"event_id": "a0001-e0", "cluster_id": "c1"}, {"event_id": "a0002-e0", "cluster_id": "c1"}]
        merges = [{"event_id": "a0002-e0", "cluster_id": "c1", "matched_event_id": "a0001-e0", "score": 0.9,
                   "reasons": {"km_apart": 0.0, "days_apart": 0}}]
        store.replace_clusters([cluster], members, merges)
        store.replace_clusters([cluster], members, merges)  # again: replaced, not doubled
        assert store.count()["clusters"] == 1 and store.cluster_ids() == {"a0001-e0": "c1", "a0002-e0": "c1"}
        [row] = store.query_clusters(EventFilter(min_fatalities=4))
        assert (row["cluster_id"], row["n_reports"], row["fatalities"], row["location"]) == ("c1", 2, 4, "Tovuz")
        detail = store.cluster("c1")
        assert detail is not None and [r["event_id"] for r in detail["reports"]] == ["a0001-e0", "a0002-e0"]
        assert detail["merges"][0]["reasons"] == {"km_apart": 0.0, "days_apart": 0}


def test_reports_in_no_cluster_are_counted(db_url: str) -> None:
    with Store.open(db_url) as store:
        a, b = article(1), article(2)
        store.add_article(a, [event(a.article_id, 0)])
        store.add_article(b, [event(b.article_id, 0), event(b.article_id, 1)])
        assert store.unclustered() == 3  # as a run killed before its deduplication leaves them
        cluster = {"cluster_id": "c1", "representative_id": "a0001-e0", "n_reports": 1, "fatalities": 4,
                   "fatalities_rule": "the only report", "event_date": "2020-07-12", "event_type": None,
                   "sub_event_type": None, "actor1": None, "actor2": None, "iso3": "AZE", "latitude": 40.99,
                   "longitude": 45.63, "status": "reported"}
        store.replace_clusters([cluster], [{"event_id": "a0001-e0", "cluster_id": "c1"}], [])
        assert store.unclustered() == 2


def test_a_full_disk_rolls_the_article_back(tmp_path: Path) -> None:
    path = tmp_path / "small.sqlite"
    with Store.open(str(path)) as store:
        store.add_article(article(1), [event("a0001", 0)])
        con = sqlite3.connect(path)
        pages = con.execute("PRAGMA page_count").fetchone()[0]
        con.close()

        def cap(dbapi_connection: object, _record: object) -> None:  # the disk holds no more pages
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 1}")  # type: ignore[attr-defined]

        from sqlalchemy import event as sa_event

        store.engine.dispose()
        sa_event.listen(store.engine, "connect", cap)
        big = Article("a0002", "Shelling continued near the border overnight. " * 20000, origin="/corpus/2.txt")
        with pytest.raises(StoreError, match="disk is full .* rolled back, nothing of it was written"):
            store.add_article(big, [event("a0002", i) for i in range(50)])
        assert store.count()["articles"] == 1 and store.count()["reports"] == 1
        assert not store.has_article(big)


def test_a_locked_sqlite_database_is_retried(tmp_path: Path) -> None:
    path = tmp_path / "locked.sqlite"
    with Store.open(str(path)) as store:
        store.engine.dispose()
        from sqlalchemy import event as sa_event

        sa_event.listen(store.engine, "connect", lambda c, _r: c.execute("PRAGMA busy_timeout = 50"))
        holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock ...
        release = threading.Timer(0.5, lambda: holder.execute("COMMIT"))  # ... for half a second
        release.start()
        t0 = time.perf_counter()
        assert store.add_article(article(1), [event("a0001", 0)])
        assert time.perf_counter() - t0 >= 0.4
        release.join()
        holder.close()


def test_unreachable_and_bad_databases_say_so(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"cannot connect to the store postgresql\+psycopg://u:\*\*\*@127.0.0.1:1/x: "
                                         "Connection refused"):
        Store.open("postgresql+psycopg://u:secret@127.0.0.1:1/x")
    not_db = tmp_path / "notes.txt"
    not_db.write_text("this is not a database\n" * 100)
    with pytest.raises(StoreError, match=r"the store .*notes.txt is not an SQLite database"):
        Store.open(str(not_db))


def test_a_page_declaring_an_overlong_name_and_url_is_stored(db_url: str) -> None:
    # a site name past VARCHAR(255) and a canonical URL past PostgreSQL's 2,704-byte index entries
    # (ingest from a file, a feed or a WARC record): the name is cut, the URL left out, the article kept
    from frontwire.ingest.html import article_from_html

    cjk = "\u4e2d"  # three bytes in UTF-8
    body = " ".join(["Gunmen attacked a checkpoint on the road to Gao on Tuesday, killing two soldiers."] * 3)
    page = (f'<html><head><meta property="og:site_name" content="{"Daily " * 80}">'
            f'<link rel="canonical" href="https://news.example.org/{cjk * 1000}"></head>'
            f"<body><article><h1>Checkpoint attacked</h1><p>{body}</p></article></body></html>")
    a = article_from_html(page, "saved/page.html", date(2024, 5, 14))
    assert a.url is None and a.source is not None and len(a.source) <= 255
    with Store.open(db_url) as store:
        assert store.add_article(a, [])
        stored = store.article(a.article_id)
        assert stored is not None and stored["source"] == a.source and stored["url"] is None
