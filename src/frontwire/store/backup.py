"""Back up and restore an SQLite store with SQLite's online backup API.

backup: a consistent copy of the store taken while others read and write it (all pages in one
step, so one read transaction: in WAL mode writers go on meanwhile), written to a temporary
file beside the target, checked with `PRAGMA quick_check` (so a damaged store is reported, not
copied), switched to a rollback journal (one self-contained file, readable from read-only
media), then renamed over the target: a failed backup leaves no half-written file.

restore: a backup (checked the same way, and its schema known to this frontwire) is copied
into the store through the same API, under the store's own lock: a server reading the store
sees the old content or the restored one. A store that holds anything is replaced only with
`force`. Opening the restored store then upgrades the schema of a backup made by an older
frontwire.

A PostgreSQL store is backed up with pg_dump and restored with pg_restore (README, "Backup and
restore").
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import StoreCorrupt, StoreError, StoreReadOnly, UsageError
from . import schema
from .db import (
    TIMEOUT,
    Access,
    connect_sqlite,
    given,
    known_revisions,
    label,
    prepare_sqlite,
    resolve_url,
    sqlite_access,
    sqlite_path,
    translate,
)
from .repository import Store

_PG_HINT = "a PostgreSQL store is {} with {} (README: 'Backup and restore')"
# The tables whose rows a summary counts.
SUMMARY = ("articles", "reports", "clusters", "revisions", "tokens", "failures")


@dataclass(frozen=True)
class Copied:
    """What a backup or restore copied: from where to where, rows per table, the file's size."""

    source: str
    target: str
    rows: dict[str, int]
    size: int

    def line(self) -> str:
        counts = ", ".join(f"{n} {table}" for table, n in self.rows.items() if table in SUMMARY)
        return f"{self.source} -> {self.target}: {counts}; {self.size / 1e6:.1f} MB"


def require_sqlite(url: str, action: str) -> Path:
    """The file of an SQLite store; UsageError pointing to pg_dump / pg_restore for another."""
    path = sqlite_path(url)
    if path is None:
        tool = "pg_dump" if action == "backed up" else "pg_restore"
        raise UsageError(f"{label(url)}: " + _PG_HINT.format(action, tool))
    return path


def backup(store: Store, target: Path, *, force: bool = False) -> Copied:
    """Copy `store` (SQLite) to the file `target`; an existing file is overwritten only with
    `force`."""
    path = require_sqlite(store.engine.url.render_as_string(hide_password=False), "backed up")
    target = target.expanduser().absolute()
    if target.exists() and target.resolve() == path.resolve():
        raise UsageError(f"the backup {target} is the store itself: give another file")
    if target.is_dir():
        raise UsageError(f"the backup {target} is a folder: give a file name in it")
    if target.exists() and not force:
        raise UsageError(f"{target} exists: give --force to overwrite it")
    if not target.parent.is_dir():
        raise StoreError(f"no folder {target.parent} for the backup {target}")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as err:
        raise StoreError(f"cannot write the backup {target}: {err.strerror or err}") from err
    os.close(fd)
    part = Path(name)
    try:
        copy = sqlite3.connect(part)
        try:
            with store.engine.connect() as conn:
                source = conn.connection.driver_connection
                assert isinstance(source, sqlite3.Connection)
                _copy(source, copy, str(path), pages=-1)  # -1: every page in one step, one snapshot
            try:
                problem = _check(copy)
            except sqlite3.DatabaseError as err:  # too damaged for quick_check to go through
                problem = str(err)
            if problem:
                raise StoreCorrupt(f"the store {path} is corrupt ({problem}): no backup was written; "
                                   "restore it from an earlier backup (frontwire store restore)")
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            rows = _rows(copy)
        finally:
            copy.close()
        part.chmod(stat.S_IMODE(path.stat().st_mode))  # the store's permissions, not mkstemp's 0600
        _sync(part)
        os.replace(part, target)
        _sync(target.parent)
    except sqlite3.Error as err:  # writing the copy: a full disk, say
        raise StoreError(f"cannot write the backup {target} ({err})") from err
    except OSError as err:
        raise StoreError(f"cannot write the backup {target}: {err.strerror or err}") from err
    finally:
        part.unlink(missing_ok=True)
    return Copied(str(path), str(target), rows, target.stat().st_size)


def restore(source: Path, db: str | None = None, data_dir: Path | None = None, *, force: bool = False,
            create: bool = False) -> Copied:
    """Copy the backup `source` into the store `db` (SQLite), then open it (which upgrades an
    older schema). A store that holds anything is replaced only with `force`; a missing folder
    of its path is made only with `create`."""
    url = resolve_url(db, data_dir)
    path = require_sqlite(url, "restored")
    source = source.expanduser().absolute()
    if not source.is_file():
        raise StoreError(f"no backup file at {source}")
    if path.exists() and source.resolve() == path.resolve():
        raise UsageError(f"the backup {source} is the store itself: nothing to restore")
    backup_copy = _open_backup(source)
    try:
        if prepare_sqlite(path, explicit=given(db, url, data_dir), create=create, must_exist=False) != "rw":
            raise StoreReadOnly(f"cannot restore into the store {path}: it is read-only")
        if path.exists():
            _make_room(path, force)
        with contextlib.closing(sqlite3.connect(path, timeout=TIMEOUT)) as store_copy:
            _copy(backup_copy, store_copy, str(path), pages=-1)
    finally:
        backup_copy.close()
    Store.open(db, data_dir).close()  # migrates a backup of an older schema; WAL mode again
    with contextlib.closing(connect_sqlite(path, "rw")) as conn:
        rows = _rows(conn)
    return Copied(str(source), str(path), rows, path.stat().st_size)


def _reading(path: Path) -> Access:
    """Read-only access to an existing file, whatever can be written."""
    access = sqlite_access(path)
    return "ro" if access == "rw" else access


def _open_backup(source: Path) -> sqlite3.Connection:
    """The backup, read-only, after checking it is a whole frontwire store this code knows."""
    conn = connect_sqlite(source, _reading(source))
    try:
        problem = _check(conn)
        if problem:
            raise StoreCorrupt(f"the backup {source} is corrupt ({problem}): nothing was restored")
        tables = _tables(conn)
        if "articles" not in tables or "alembic_version" not in tables:
            raise StoreError(f"the backup {source} is an SQLite database but not a frontwire store: nothing was "
                             "restored")
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        if row is None or row[0] not in known_revisions():
            raise StoreError(f"the backup {source} has schema revision {row[0] if row else None}, which this "
                             "frontwire does not know (a newer frontwire made it): nothing was restored")
    except sqlite3.Error as err:
        conn.close()
        code = getattr(err, "sqlite_errorname", "")
        if code == "SQLITE_NOTADB":
            raise StoreCorrupt(f"the backup {source} is not an SQLite database ({err}): nothing was restored") from err
        if code.startswith("SQLITE_CORRUPT"):
            raise StoreCorrupt(f"the backup {source} is corrupt ({err}): nothing was restored") from err
        raise StoreError(f"cannot read the backup {source} ({err})") from err
    except BaseException:
        conn.close()
        raise
    return conn


def _make_room(path: Path, force: bool) -> None:
    """Refuse to replace a store that holds anything or is damaged, unless `force`. A file that
    cannot be opened as a database at all is removed with its -wal/-shm when forced; a damaged
    one that opens is overwritten page by page by the backup API."""
    opens = True
    try:
        with contextlib.closing(connect_sqlite(path, "rw")) as conn:  # writable (checked); closing tidies -wal/-shm
            problem = _check(conn)
            rows = _rows(conn, every_table=True) if problem is None else {}
    except sqlite3.Error as err:
        problem, opens, rows = str(err), False, {}
    if problem is not None:
        if not force:
            raise StoreError(f"the store {path} is damaged ({problem}): give --force to replace it with the backup")
        if not opens:
            for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                stale.unlink(missing_ok=True)
        return
    foreign = sorted(t for t in rows if t not in schema.metadata.tables)
    held = {t: n for t, n in rows.items() if n}
    if (held or foreign) and not force:
        what = ", ".join(f"{n} {t}" for t, n in held.items()) or f"tables not frontwire's: {', '.join(foreign)}"
        raise UsageError(f"the store {path} is not empty ({what}): give --force to replace it with the backup")


def _copy(source: sqlite3.Connection, target: sqlite3.Connection, store: str, pages: int) -> None:
    try:
        source.backup(target, pages=pages)
    except sqlite3.Error as err:
        raise (translate(err, store) or StoreError(f"copying the store {store} failed ({err})")) from err


def _check(conn: sqlite3.Connection) -> str | None:
    """None when `PRAGMA quick_check` finds the database whole, else its first finding on one
    line (SQLite heads findings with '*** in database main ***' and breaks them into lines)."""
    found = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
    if found == ["ok"]:
        return None
    lines = [line.strip() for line in "\n".join(found).splitlines() if line.strip() and not line.startswith("***")]
    return lines[0] if lines else "quick_check found the database damaged"


def _tables(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                       "AND name NOT LIKE 'sqlite_%' ORDER BY name")]


def _rows(conn: sqlite3.Connection, every_table: bool = False) -> dict[str, int]:
    """Rows per table: the summary's tables (those present), or every table but Alembic's."""
    present = _tables(conn)
    names = [t for t in present if t != "alembic_version"] if every_table else [t for t in SUMMARY if t in present]
    return {t: int(conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]) for t in names}


def _sync(path: Path) -> None:
    """fsync a file or a folder (the rename into it), where the platform allows."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


__all__ = ["Copied", "backup", "require_sqlite", "restore"]
