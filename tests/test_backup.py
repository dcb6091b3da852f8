"""`frontwire store backup` and `store restore` on SQLite stores (SQLite's online backup API),
and pg_dump / pg_restore of a PostgreSQL store as the README tells it."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, insert, select, text

from frontwire.store import Store
from frontwire.store import schema as t
from frontwire.store.backup import Copied, backup
from frontwire.store.db import head_revision, upgrade
from test_store import article, event
from test_store_faults import damage

FRONTWIRE = Path(sys.executable).parent / "frontwire"


def frontwire(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(FRONTWIRE), *args], capture_output=True, text=True, timeout=300, check=False)


def fill(db: str, n: int = 3) -> None:
    """n articles with a report each, one cluster of the first two, a token and a failure."""
    with Store.open(db) as store:
        for i in range(1, n + 1):
            store.add_article(article(i), [event(f"a{i:04d}", 0)])
        store.replace_clusters(
            [{"cluster_id": "c1", "representative_id": "a0001-e0", "n_reports": 2, "fatalities": 4,
              "fatalities_rule": "the lowest", "event_date": "2020-07-12", "event_type": "Battles",
              "sub_event_type": "Armed clash", "actor1": "A", "actor2": "B", "iso3": "AZE", "latitude": 40.99,
              "longitude": 45.63, "status": "reported"}],
            [{"event_id": "a0001-e0", "cluster_id": "c1"}, {"event_id": "a0002-e0", "cluster_id": "c1"}],
            [{"event_id": "a0002-e0", "cluster_id": "c1", "matched_event_id": "a0001-e0", "score": 0.9,
              "reasons": {"km_apart": 0.0}}])
        store.record_failure("/corpus/broken.html", "not English")
        with store.engine.begin() as conn:
            conn.execute(insert(t.tokens), [{"name": "ana", "token_hash": "sha256:" + "ab" * 32,
                                             "created_at": datetime(2021, 3, 1, tzinfo=UTC), "revoked": False}])


def contents(db: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in a fixed order, and the schema revision."""
    engine = create_engine(db if "://" in db else f"sqlite:///{db}")
    try:
        with engine.connect() as conn:
            rows = {name: sorted(map(tuple, conn.execute(select(table))), key=repr)
                    for name, table in t.metadata.tables.items()}
            rows["alembic_version"] = [tuple(conn.execute(text("SELECT version_num FROM alembic_version")).one())]
    finally:
        engine.dispose()
    return rows


def one_line(done: subprocess.CompletedProcess[str]) -> str:
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def test_a_backup_restores_to_the_same_store(tmp_path: Path) -> None:
    store, copy = tmp_path / "store.sqlite", tmp_path / "copy.sqlite"
    fill(str(store))
    saved = frontwire("store", "backup", str(copy), "--db", str(store))
    assert saved.returncode == 0, saved.stderr
    assert one_line(saved).startswith(f"frontwire: backed up {store} -> {copy}: 3 articles, 3 reports, 1 clusters, "
                                      "0 revisions, 1 tokens, 1 failures; ")
    with contextlib.closing(sqlite3.connect(copy)) as conn:  # one self-contained file
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert not Path(f"{copy}-wal").exists()
    assert contents(str(copy)) == contents(str(store))
    assert copy.stat().st_mode == store.stat().st_mode

    again = frontwire("store", "backup", str(copy), "--db", str(store))
    assert (again.returncode, one_line(again)) == (2, f"frontwire: error: {copy} exists: give --force to overwrite it")
    assert frontwire("store", "backup", str(copy), "--db", str(store), "--force").returncode == 0

    reference = contents(str(copy))
    with Store.open(str(store)) as s:  # the store moves on after the backup
        s.add_article(article(4), [event("a0004", 0)])
    refused = frontwire("store", "restore", str(copy), "--db", str(store))
    assert refused.returncode == 2
    assert one_line(refused) == (f"frontwire: error: the store {store} is not empty (4 articles, 2 cluster_members, 1 "
                                 "clusters, 4 evidence, 1 failures, 1 merges, 4 reports, 1 tokens): give --force to "
                                 "replace it with the backup")
    assert len(contents(str(store))["articles"]) == 4
    forced = frontwire("store", "restore", str(copy), "--db", str(store), "--force")
    assert forced.returncode == 0, forced.stderr
    assert one_line(forced).startswith(f"frontwire: restored {copy} -> {store}: 3 articles, ")
    assert contents(str(store)) == reference


def test_a_restore_makes_a_new_store_only_where_told(tmp_path: Path) -> None:
    store, copy = tmp_path / "store.sqlite", tmp_path / "copy.sqlite"
    fill(str(store))
    assert frontwire("store", "backup", str(copy), "--db", str(store)).returncode == 0
    fresh = tmp_path / "fresh.sqlite"
    assert frontwire("store", "restore", str(copy), "--db", str(fresh)).returncode == 0
    assert contents(str(fresh)) == contents(str(store))
    elsewhere = tmp_path / "new" / "store.sqlite"
    refused = frontwire("store", "restore", str(copy), "--db", str(elsewhere))
    assert refused.returncode == 2 and one_line(refused).startswith(f"frontwire: error: no folder {elsewhere.parent} ")
    assert not elsewhere.parent.exists()
    assert frontwire("store", "restore", str(copy), "--db", str(elsewhere), "--create").returncode == 0
    assert contents(str(elsewhere)) == contents(str(store))


def test_a_backup_taken_while_articles_are_written_is_one_consistent_moment(tmp_path: Path) -> None:
    with Store.open(str(tmp_path / "store.sqlite")) as store:
        store.add_article(article(1), [event("a0001", 0)])
        done = threading.Event()

        def write() -> None:
            for i in range(2, 300):
                store.add_article(article(i), [event(f"a{i:04d}", 0), event(f"a{i:04d}", 1)])
            done.set()

        writer = threading.Thread(target=write)
        writer.start()
        copies: list[Copied] = []
        while not done.is_set() and len(copies) < 20:
            copies.append(backup(store, tmp_path / f"copy{len(copies)}.sqlite"))
        writer.join()
    assert len(copies) >= 2
    for copy in copies:  # every article with both its reports, whichever moment the copy is of
        rows = copy.rows
        assert rows["reports"] == 2 * rows["articles"] - 1, rows
        with contextlib.closing(sqlite3.connect(copy.target)) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert conn.execute("SELECT count(*) FROM evidence").fetchone() == (rows["reports"],)


def test_backup_refuses_what_it_cannot_do(tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite"
    fill(str(store))
    missing = frontwire("store", "backup", str(tmp_path / "no" / "copy.sqlite"), "--db", str(store))
    assert one_line(missing) == (f"frontwire: error: no folder {tmp_path / 'no'} for the backup "
                                 f"{tmp_path / 'no' / 'copy.sqlite'}")
    itself = frontwire("store", "backup", str(store), "--db", str(store), "--force")
    assert one_line(itself) == f"frontwire: error: the backup {store} is the store itself: give another file"
    absent = frontwire("store", "backup", str(tmp_path / "copy.sqlite"), "--db", str(tmp_path / "typo.sqlite"))
    assert one_line(absent) == (f"frontwire: error: no event store at {tmp_path / 'typo.sqlite'}: `frontwire ingest` "
                                "makes one (or give --db)")
    server = frontwire("store", "backup", str(tmp_path / "copy.sqlite"), "--db", "postgresql+psycopg://ana:pw@db.example/x")
    assert one_line(server) == ("frontwire: error: postgresql+psycopg://ana:***@db.example/x: a PostgreSQL store is "
                                "backed up with pg_dump (README: 'Backup and restore')")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store.sqlite"]


def test_a_damaged_store_is_reported_not_backed_up(tmp_path: Path) -> None:
    store, copy = tmp_path / "store.sqlite", tmp_path / "copy.sqlite"
    fill(str(store), 30)
    damage(store, "reports")
    done = frontwire("store", "backup", str(copy), "--db", str(store))
    assert done.returncode == 2
    assert one_line(done).startswith(f"frontwire: error: the store {store} is corrupt (")
    assert one_line(done).endswith("): no backup was written; restore it from an earlier backup (frontwire store restore)")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store.sqlite"]  # no copy, no part file


def test_restore_takes_only_a_whole_frontwire_backup_this_code_knows(tmp_path: Path) -> None:
    store, good = tmp_path / "store.sqlite", tmp_path / "good.sqlite"
    fill(str(store))
    assert frontwire("store", "backup", str(good), "--db", str(store)).returncode == 0
    before = contents(str(store))

    notes = tmp_path / "notes.txt"
    notes.write_text("this is a list of things to do, not a database\n" * 50)
    other = tmp_path / "other.sqlite"
    with contextlib.closing(sqlite3.connect(other)) as conn:
        conn.execute("CREATE TABLE recipes(name TEXT)")
        conn.commit()
    damaged = tmp_path / "damaged.sqlite"
    shutil.copy(good, damaged)
    damage(damaged, "reports")
    newer = tmp_path / "newer.sqlite"
    shutil.copy(good, newer)
    with contextlib.closing(sqlite3.connect(newer)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
        conn.commit()
    expected = {
        notes: f"the backup {notes} is not an SQLite database (file is not a database): nothing was restored",
        other: f"the backup {other} is an SQLite database but not a frontwire store: nothing was restored",
        damaged: f"the backup {damaged} is corrupt (",
        newer: f"the backup {newer} has schema revision 9999, which this frontwire does not know (a newer "
               "frontwire made it): nothing was restored",
        tmp_path / "absent.sqlite": f"no backup file at {tmp_path / 'absent.sqlite'}",
    }
    for source, message in expected.items():
        done = frontwire("store", "restore", str(source), "--db", str(store), "--force")
        assert done.returncode == 2
        assert one_line(done).startswith(f"frontwire: error: {message}")
        assert contents(str(store)) == before


def test_restore_with_force_replaces_a_damaged_store(tmp_path: Path) -> None:
    store, copy = tmp_path / "store.sqlite", tmp_path / "copy.sqlite"
    fill(str(store), 30)
    assert frontwire("store", "backup", str(copy), "--db", str(store)).returncode == 0
    damage(store, "reports")
    refused = frontwire("store", "restore", str(copy), "--db", str(store))
    assert refused.returncode == 2
    assert one_line(refused).startswith(f"frontwire: error: the store {store} is damaged (")
    assert one_line(refused).endswith("): give --force to replace it with the backup")
    assert frontwire("store", "restore", str(copy), "--db", str(store), "--force").returncode == 0
    assert contents(str(store)) == contents(str(copy))


def test_restoring_a_backup_of_an_older_schema_upgrades_it(tmp_path: Path) -> None:
    old, store = tmp_path / "old.sqlite", tmp_path / "store.sqlite"
    engine = create_engine(f"sqlite:///{old}")
    upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO articles (article_id, text_hash, text, n_events, ingested_at) "
                          "VALUES ('a0001', 'h1', 'Shelling was reported near the border.', 0, '2021-03-01')"))
    engine.dispose()
    done = frontwire("store", "restore", str(old), "--db", str(store))
    assert done.returncode == 0, done.stderr
    rows = contents(str(store))
    assert rows["alembic_version"] == [(head_revision(),)]
    assert [r[0] for r in rows["articles"]] == ["a0001"]


def test_a_postgresql_store_survives_pg_dump_and_pg_restore(postgres, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The README's commands, run against a real server."""
    source = postgres.create_database("dumped")
    fill(source)
    server = f"postgresql://postgres@127.0.0.1:{postgres.port}"
    dump = tmp_path / "frontwire.dump"
    run = [str(postgres.bindir / "pg_dump"), "--format=custom", f"--file={dump}", f"{server}/dumped"]
    subprocess.run(run, check=True, capture_output=True, timeout=120)
    subprocess.run([str(postgres.bindir / "createdb"), "-h", "127.0.0.1", "-p", str(postgres.port), "-U", "postgres",
                    "restored"], check=True, capture_output=True, timeout=120)
    subprocess.run([str(postgres.bindir / "pg_restore"), "--no-owner", "--exit-on-error",
                    f"--dbname={server}/restored", str(dump)], check=True, capture_output=True, timeout=120)
    restored = f"postgresql+psycopg://postgres@127.0.0.1:{postgres.port}/restored"
    with Store.open(restored) as store:
        assert store.count() == {"articles": 3, "reports": 3, "clusters": 1, "failures": 1}
    assert contents(restored) == contents(source)
    listed = frontwire("events", "--reports", "--format", "jsonl", "--db", restored)
    assert listed.returncode == 0 and len(listed.stdout.splitlines()) == 3
    refused = frontwire("store", "restore", str(dump), "--db", restored)
    assert one_line(refused) == (f"frontwire: error: {restored}: a PostgreSQL store is restored with pg_restore "
                                 "(README: 'Backup and restore')")


@pytest.fixture(autouse=True)
def _no_leftover_part_files(tmp_path: Path) -> Any:
    yield
    assert not list(tmp_path.glob(".*.part"))
