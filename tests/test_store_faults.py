"""A store that cannot be used as usual says so in one line, through the real CLI: a read-only
file, folder or filesystem (read, but not written), damaged pages, another process's lock, a
mistyped --db folder, a PostgreSQL server that refuses the connection or the login; and a
closed standard input."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from frontwire.store import Store, StoreError
from frontwire.store.db import head_revision, upgrade
from test_store import article, event

FRONTWIRE = Path(sys.executable).parent / "frontwire"
READ_ONLY = "is read-only: nothing can be written to it (attempt to write a readonly database)"


def frontwire(*args: str, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*prefix, str(FRONTWIRE), *args], capture_output=True, text=True, timeout=300, check=False)


def unprivileged() -> tuple[str, ...]:
    """How to run a command that must not write what its permissions forbid: as is for a user;
    as root (who passes every permission check), under setpriv without CAP_DAC_OVERRIDE."""
    if os.geteuid() != 0:
        return ()
    if shutil.which("setpriv") is None:
        pytest.skip("as root a read-only file can be written; setpriv (util-linux) drops that power")
    return ("setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--inh-caps", "-all", "--")


def make_store(path: Path, n: int = 3) -> None:
    with Store.open(str(path)) as store:
        for i in range(1, n + 1):
            store.add_article(article(i), [event(f"a{i:04d}", 0)])
    assert not Path(f"{path}-wal").exists()  # closed cleanly: everything is in the main file


def report_ids(listed: subprocess.CompletedProcess[str]) -> list[str]:
    assert listed.returncode == 0, listed.stderr
    return [json.loads(line)["event_id"] for line in listed.stdout.splitlines()]


def test_a_read_only_store_file_is_read_and_a_write_says_so_in_one_line(tmp_path: Path) -> None:
    prefix = unprivileged()
    db = tmp_path / "store.sqlite"
    make_store(db)
    db.chmod(0o444)
    before = db.read_bytes()
    listed = frontwire("events", "--reports", "--format", "jsonl", "--db", str(db), prefix=prefix)
    assert report_ids(listed) == ["a0001-e0", "a0002-e0", "a0003-e0"]
    token = frontwire("token", "--db", str(db), "create", "ana", prefix=prefix)
    assert (token.returncode, token.stdout) == (2, "")
    assert token.stderr.splitlines() == [f"frontwire: error: the store {db} {READ_ONLY}"]  # no SQL, no hash
    assert db.read_bytes() == before


def test_a_store_in_a_read_only_folder_is_read_without_making_files_there(tmp_path: Path) -> None:
    prefix = unprivileged()
    folder = tmp_path / "shelf"
    folder.mkdir()
    db = folder / "store.sqlite"
    make_store(db)
    db.chmod(0o444)
    folder.chmod(0o555)
    try:
        listed = frontwire("events", "--reports", "--format", "jsonl", "--db", str(db), prefix=prefix)
        assert report_ids(listed) == ["a0001-e0", "a0002-e0", "a0003-e0"]
        token = frontwire("token", "--db", str(db), "create", "ana", prefix=prefix)
        assert token.returncode == 2
        assert token.stderr.splitlines() == [f"frontwire: error: the store {db} {READ_ONLY}"]
        assert [p.name for p in folder.iterdir()] == ["store.sqlite"]
    finally:
        folder.chmod(0o755)


def test_unmerged_changes_in_a_read_only_folder_are_not_silently_left_out(tmp_path: Path) -> None:
    """A -wal file with committed changes and no -shm, in a folder that cannot hold one: reading
    the main file alone would show an older store, so the message says what to do instead."""
    prefix = unprivileged()
    source, folder = tmp_path / "live.sqlite", tmp_path / "shelf"
    make_store(source)
    folder.mkdir()
    writer = sqlite3.connect(source, isolation_level=None)
    try:
        writer.execute("PRAGMA wal_autocheckpoint=0")
        writer.execute("DELETE FROM evidence WHERE event_id = 'a0003-e0'")
        shutil.copy(source, folder / "store.sqlite")
        shutil.copy(f"{source}-wal", folder / "store.sqlite-wal")
    finally:
        writer.close()
    folder.chmod(0o555)
    try:
        listed = frontwire("events", "--db", str(folder / "store.sqlite"), prefix=prefix)
    finally:
        folder.chmod(0o755)
    db = folder / "store.sqlite"
    assert listed.returncode == 2
    assert listed.stderr.splitlines() == [
        (f"frontwire: error: the store {db} cannot be read: store.sqlite-wal beside it holds changes not yet merged "
        "into it and its folder is read-only, so SQLite cannot read them; copy store.sqlite and store.sqlite-wal "
        "to a writable folder and open the copy")]


def on_read_only_filesystem(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run frontwire in a mount namespace of its own where `folder` is a read-only mount."""
    script = 'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" && shift && exec "$@"'
    if shutil.which("unshare") is None:
        pytest.skip("unshare (util-linux) makes the read-only mount")
    probe = subprocess.run(["unshare", "--mount", "--", "sh", "-c", script, "sh", str(folder), "true"],
                           capture_output=True, text=True, timeout=60, check=False)
    if probe.returncode != 0:
        pytest.skip(f"cannot mount a read-only filesystem here (needs CAP_SYS_ADMIN): {probe.stderr.strip()}")
    return subprocess.run(["unshare", "--mount", "--", "sh", "-c", script, "sh", str(folder), str(FRONTWIRE), *args],
                          capture_output=True, text=True, timeout=300, check=False)


def test_a_store_on_a_read_only_filesystem_is_read_and_backed_up(tmp_path: Path) -> None:
    folder = tmp_path / "media"
    folder.mkdir()
    db = folder / "store.sqlite"
    make_store(db)
    listed = on_read_only_filesystem(folder, "events", "--reports", "--format", "jsonl", "--db", str(db))
    assert report_ids(listed) == ["a0001-e0", "a0002-e0", "a0003-e0"]
    token = on_read_only_filesystem(folder, "token", "--db", str(db), "create", "ana")
    assert token.returncode == 2
    assert token.stderr.splitlines() == [f"frontwire: error: the store {db} {READ_ONLY}"]
    copy = tmp_path / "copy.sqlite"
    saved = on_read_only_filesystem(folder, "store", "backup", str(copy), "--db", str(db))
    assert saved.returncode == 0, saved.stderr
    with Store.open(str(copy)) as store:
        assert store.count()["articles"] == 3
    assert [p.name for p in folder.iterdir()] == ["store.sqlite"]


def test_a_read_only_store_of_an_older_schema_says_how_to_upgrade_it(tmp_path: Path) -> None:
    prefix = unprivileged()
    db = tmp_path / "old.sqlite"
    engine = create_engine(f"sqlite:///{db}")
    upgrade(engine, "0001")
    engine.dispose()
    db.chmod(0o444)
    listed = frontwire("events", "--db", str(db), prefix=prefix)
    assert listed.returncode == 2
    assert listed.stderr.splitlines() == [
        (f"frontwire: error: the store {db} is read-only and its schema (0001) is older than this frontwire's "
        f"({head_revision()}): open it once where it can be written, to upgrade it")]


def damage(db: Path, table: str) -> None:
    """Overwrite the start of the first page of `table`'s b-tree with bytes no page begins with."""
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        [root] = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()
        [size] = conn.execute("PRAGMA page_size").fetchone()
    with db.open("r+b") as f:
        f.seek((root - 1) * size)
        f.write(b"\xff" * 64)


@pytest.mark.parametrize(("table", "command"), [("reports", ("events", "--reports")),  # damaged in a query
                                                ("alembic_version", ("ingest", "--failures"))])  # on opening
def test_a_damaged_store_says_so_in_one_line(tmp_path: Path, table: str, command: tuple[str, ...]) -> None:
    db = tmp_path / "store.sqlite"
    make_store(db, 30)
    damage(db, table)
    done = frontwire(*command, "--db", str(db))
    assert done.returncode == 2
    assert done.stderr.splitlines() == [(f"frontwire: error: the store {db} is corrupt (database disk image is "
                                        "malformed): restore it from a backup (frontwire store restore)")]


def test_a_locked_store_says_so_in_one_line(tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite"
    make_store(db)
    holder = sqlite3.connect(db, isolation_level=None)
    try:
        holder.execute("PRAGMA locking_mode=EXCLUSIVE")  # keeps even readers out, as another program might
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("DELETE FROM failures")
        listed = frontwire("events", "--db", f"sqlite:///{db}?timeout=0.1")  # wait 0.1 s a try, not 10
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert listed.returncode == 2
    assert listed.stderr.splitlines() == [(f"frontwire: error: the store {db} is locked by another process "
                                          "(database is locked): try again when it is done")]


def test_a_db_path_in_a_missing_folder_is_an_error_unless_create(tmp_path: Path) -> None:
    db = tmp_path / "no" / "such" / "store.sqlite"
    refused = frontwire("ingest", "--failures", "--db", str(db))
    assert refused.returncode == 2
    assert refused.stderr.splitlines() == [(f"frontwire: error: no folder {db.parent} for the store {db}: check the "
                                           "path, or give --create to make the folder and a new store in it")]
    assert not (tmp_path / "no").exists()
    made = frontwire("ingest", "--failures", "--db", str(db), "--create")
    assert made.returncode == 0, made.stderr
    assert db.is_file()
    with pytest.raises(StoreError, match=r"no folder .*other for the store"):
        Store.open(str(tmp_path / "other" / "store.sqlite"))
    Store.open(str(tmp_path / "other" / "store.sqlite"), create=True).close()
    assert (tmp_path / "other" / "store.sqlite").is_file()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_postgresql_server_refusing_the_connection_or_the_login_says_so_in_one_line(postgres) -> None:  # type: ignore[no-untyped-def]
    import psycopg

    port = _free_port()  # nothing listens there
    refused = frontwire("events", "--db", f"postgresql+psycopg://ana:secret@127.0.0.1:{port}/events")
    assert refused.returncode == 2
    assert refused.stderr.splitlines() == [
        (f"frontwire: error: cannot connect to the store postgresql+psycopg://ana:***@127.0.0.1:{port}/events: "
        "Connection refused (is the PostgreSQL server running there and accepting TCP/IP connections?)")]

    role = f"reviewer{os.getpid()}"
    admin = f"host=127.0.0.1 port={postgres.port} user=postgres dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {role} LOGIN PASSWORD 'right'")
        hba = postgres.data / "pg_hba.conf"  # this role alone must give its password
        hba.write_text(f"host all {role} 127.0.0.1/32 scram-sha-256\n" + hba.read_text())
        conn.execute("SELECT pg_reload_conf()")
    wrong = f"host=127.0.0.1 port={postgres.port} user={role} password=wrong dbname=postgres"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # the server rereads pg_hba.conf on its own time
        try:
            psycopg.connect(wrong).close()
        except psycopg.OperationalError as err:
            if "password authentication failed" in str(err):
                break
        time.sleep(0.1)
    failed = frontwire("events", "--db", f"postgresql+psycopg://{role}:wrong@127.0.0.1:{postgres.port}/postgres")
    assert failed.returncode == 2
    assert failed.stderr.splitlines() == [
        (f"frontwire: error: cannot connect to the store postgresql+psycopg://{role}:***@127.0.0.1:{postgres.port}/"
        f'postgres: password authentication failed for user "{role}"')]


def test_reading_a_closed_standard_input_says_so_in_one_line(tmp_path: Path) -> None:
    """`frontwire extract - <&-`: "-" is skipped with the reason, as any unreadable input is."""
    done = subprocess.run(["sh", "-c", 'exec "$0" extract - <&-', str(FRONTWIRE)], capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 1
    assert done.stderr.splitlines() == ["frontwire: skipped <stdin>: cannot read it: standard input is closed",
                                        "frontwire: 0 article(s) read, 1 skipped, 0 event(s)"]
    db = tmp_path / "store.sqlite"
    ingested = subprocess.run(["sh", "-c", 'exec "$0" ingest - --db "$1" --no-progress <&-', str(FRONTWIRE), str(db)],
                              capture_output=True, text=True, timeout=300, check=False)
    assert ingested.returncode == 1
    assert ingested.stderr.splitlines()[0] == "frontwire: failed <stdin>: cannot read it: standard input is closed"
    with Store.open(str(db)) as store:
        assert [(f["source"], f["reason"]) for f in store.failures()] == [
            ("<stdin>", "cannot read it: standard input is closed")]
