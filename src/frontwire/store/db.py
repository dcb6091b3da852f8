"""Open the store: a database URL or path -> an engine with the schema at the latest migration.

The default store is an SQLite file in the user's data directory (`frontwire.sqlite` beside
the gazetteer index); `--db` takes a path or an SQLAlchemy URL (`postgresql+psycopg://...`
for server mode). Opening runs any pending Alembic migration, so a store made by an older
frontwire is upgraded in place, never silently misread.

An SQLite store that cannot be written (a read-only file, folder or filesystem) is opened for
reading (`mode=ro`; `immutable=1` when its folder cannot hold the -wal/-shm files SQLite needs
to read a WAL database): queries work, writes fail with StoreReadOnly. A store path whose
folder does not exist is an error unless `create` is given, so a typo in `--db` never makes a
new, empty store somewhere.

Errors become StoreError (frontwire.errors) with the store named and what to do: every engine
made here translates the database's own errors (read-only, corrupt, locked; a PostgreSQL server
that refuses the connection or the login) into one-line StoreErrors, wherever the statement
ran, so no SQL text or parameter (a token's hash) reaches a message. Transient ones (SQLite
"database is locked", a PostgreSQL connection dropped or a serialisation conflict) are retried
with backoff by `retrying`; a full disk or a missing server is not transient.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
import sys
import time
from collections.abc import Callable
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any, Literal, TypeVar
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, ExceptionContext, make_url
from sqlalchemy.exc import DBAPIError, OperationalError

from ..errors import StoreCorrupt, StoreError, StoreLocked, StoreReadOnly, StoreUnreachable

log = logging.getLogger(__name__)

_T = TypeVar("_T")
RETRIES = 5
# Seconds an SQLite connection waits for another's lock before "database is locked", and a
# PostgreSQL connection attempt waits for the server. `?timeout=S` in an SQLite URL changes it.
TIMEOUT = 10.0
_TRANSIENT = ("database is locked", "database table is locked", "could not serialize", "deadlock detected",
              "server closed the connection", "connection reset", "terminating connection")

# How an existing SQLite file is opened: read-write, read-only, or read-only and immutable (no
# -wal/-shm files, no locks: for a folder or filesystem where they cannot be made).
Access = Literal["rw", "ro", "immutable"]


def default_url(data_dir: Path | None = None) -> str:
    from ..settings import STORE_FILE, data_folder

    return f"sqlite:///{data_folder(data_dir) / STORE_FILE}"


def resolve_url(db: str | None, data_dir: Path | None = None) -> str:
    """`--db` as given: None -> the default SQLite file; a URL (has "://") as is; else a path."""
    if db is None or not db.strip():
        return default_url(data_dir)
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser().resolve()}"


def describe(url: str | URL) -> str:
    """The database for messages, without a password."""
    u = make_url(url) if isinstance(url, str) else url
    return u.render_as_string(hide_password=True)


def sqlite_path(url: str | URL) -> Path | None:
    """The file of an SQLite URL; None for another database, an in-memory one, or an SQLite
    URI (`?uri=true`), which is passed to SQLite as given."""
    u = make_url(url) if isinstance(url, str) else url
    if u.get_backend_name() != "sqlite" or u.database in (None, "", ":memory:"):
        return None
    if str(u.query.get("uri", "")).lower() in ("1", "true", "yes", "on"):
        return None
    return Path(str(u.database))


def label(url: str | URL) -> str:
    """The store in messages: an SQLite store's path, else the URL without its password."""
    path = sqlite_path(url)
    return str(path) if path is not None else describe(url)


# --- opening SQLite files that cannot be written -------------------------------------------------

def sqlite_access(path: Path) -> Access:
    """How the existing SQLite file `path` can be opened. Reading a WAL database needs its -shm
    file (made beside it on first use): where the folder cannot hold one, `immutable` reads the
    main file alone, which is the whole store unless a -wal file holds changes not yet merged
    into it (then StoreReadOnly says so: reading without them would show an older store).
    A writer elsewhere that starts after an immutable open is not seen by it."""
    folder = path.parent
    wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
    folder_writable = os.access(folder, os.W_OK)
    if os.access(path, os.W_OK) and (folder_writable or (os.access(wal, os.W_OK) and os.access(shm, os.W_OK))):
        return "rw"
    if folder_writable or shm.exists():
        return "ro"
    if wal.exists() and wal.stat().st_size > 0:
        raise StoreReadOnly(f"the store {path} cannot be read: {wal.name} beside it holds changes not yet "
                            f"merged into it and its folder is read-only, so SQLite cannot read them; copy "
                            f"{path.name} and {wal.name} to a writable folder and open the copy")
    return "immutable"


def given(db: str | None, url: str, data_dir: Path | None = None) -> bool:
    """Whether the store `db` (resolved to `url`) was named rather than the default one (in the
    data folder, whose folder is made without asking). The default's URL passed on as `db` (as
    `serve --workers` does) is still the default; it is computed only when its folder is missing,
    as it imports the gazetteer's module."""
    if db is None or not db.strip():
        return False
    path = sqlite_path(url)
    if path is not None and path.parent.exists():
        return True
    return url not in (default_url(data_dir), default_url())


def prepare_sqlite(path: Path, *, explicit: bool, create: bool, must_exist: bool) -> Access:
    """Check the store's file and folder before SQLite touches them; the access to open it with.
    explicit: the path was given (not the default store), so a missing folder needs `create`."""
    if path.exists():
        if not path.is_file():
            raise StoreError(f"the store {path} is not a file")
        return sqlite_access(path)
    if must_exist:
        raise StoreError(f"no event store at {path}: `frontwire ingest` makes one (or give --db)")
    folder = path.parent
    if not folder.exists():
        if explicit and not create:
            raise StoreError(f"no folder {folder} for the store {path}: check the path, or give --create to "
                             "make the folder and a new store in it")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise StoreError(f"cannot make the folder {folder} for the store {path}: {err.strerror or err}") from err
    if not folder.is_dir():
        raise StoreError(f"no folder {folder} for the store {path}: {folder} is not a folder")
    if not os.access(folder, os.W_OK):
        raise StoreReadOnly(f"cannot make the store {path}: its folder {folder} is read-only")
    return "rw"


def _sqlite_pragmas(dbapi_connection: Any, _record: object, *, read_only: bool, timeout: float) -> None:
    # SQLite's own lower() folds ASCII letters only: "ARMÉES" would not find "Forces armées" in a
    # case-insensitive filter or search, as it does on PostgreSQL and in Python. Python's
    # str.lower takes its place on every connection (no index uses lower()).
    dbapi_connection.create_function("lower", 1, _unicode_lower, deterministic=True)
    cur = dbapi_connection.cursor()
    cur.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
    cur.execute("PRAGMA foreign_keys=ON")
    if not read_only:  # (a read-only connection cannot switch a store that is not in WAL mode yet)
        cur.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
        cur.execute("PRAGMA synchronous=NORMAL")  # durable at each checkpoint; WAL keeps the file consistent
    cur.close()


def _unicode_lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def connect_sqlite(path: Path, access: Access, timeout: float = TIMEOUT) -> sqlite3.Connection:
    """A plain sqlite3 connection to `path` with `access` (a read-only one through an SQLite URI)."""
    if access == "rw":
        return sqlite3.connect(path, timeout=timeout, check_same_thread=False)
    uri = f"file:{quote(str(path))}?mode=ro" + ("&immutable=1" if access == "immutable" else "")
    return sqlite3.connect(uri, uri=True, timeout=timeout, check_same_thread=False)


def make_engine(url: str, access: Access = "rw") -> Engine:
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        timeout = float(u.query.get("timeout", TIMEOUT))  # type: ignore[arg-type]
        path = sqlite_path(u)
        if path is not None and access != "rw":
            engine = create_engine(u, creator=partial(connect_sqlite, path, access, timeout))
        else:
            engine = create_engine(u, connect_args={"timeout": timeout})
        event.listen(engine, "connect", partial(_sqlite_pragmas, read_only=access != "rw", timeout=timeout))
    else:
        if u.get_backend_name() == "postgresql":
            from ..extras import require

            require("postgres", f"the store {label(u)}")
        engine = create_engine(u, pool_pre_ping=True, connect_args={"connect_timeout": int(TIMEOUT)})
    event.listen(engine, "handle_error", partial(_translate, label(u)), retval=True)
    return engine


# --- the database's errors in words --------------------------------------------------------------

def translate(err: BaseException, store: str, *, connecting: bool = False) -> StoreError | None:
    """The StoreError a DBAPI error means, or None when it is none of the known conditions (a
    constraint violated, a bug: left to the caller). `connecting`: raised while connecting."""
    reason = first_line(err)
    if isinstance(err, sqlite3.Error):
        code = getattr(err, "sqlite_errorname", "")
        if code.startswith("SQLITE_READONLY"):
            return StoreReadOnly(f"the store {store} is read-only: nothing can be written to it ({reason})")
        if code.startswith("SQLITE_CORRUPT"):
            return StoreCorrupt(f"the store {store} is corrupt ({reason}): restore it from a backup "
                                "(frontwire store restore)")
        if code == "SQLITE_NOTADB":
            return StoreCorrupt(f"the store {store} is not an SQLite database, or its first page is damaged "
                                f"({reason})")
        if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
            return StoreLocked(f"the store {store} is locked by another process ({reason}): try again when it "
                               "is done")
        if code.startswith("SQLITE_CANTOPEN"):
            return StoreError(f"cannot open the store {store} ({reason})")
        if code.startswith("SQLITE_IOERR"):
            return StoreError(f"the store {store} cannot be read or written ({reason})")
        return None
    psycopg = sys.modules.get("psycopg")  # loaded when the error is one of its own
    if connecting and psycopg is not None and isinstance(err, psycopg.OperationalError):
        return StoreUnreachable(f"cannot connect to the store {store}: {_pg_reason(reason)}")
    return None


def _pg_reason(text: str) -> str:
    """psycopg's 'connection failed: connection to server at "h", port 5432 failed: FATAL:  x' -> 'x'."""
    text = re.sub(r"^connection failed:\s*", "", text)
    text = re.sub(r'^connection to server (?:at|on socket) "[^"]*"(?:, port \d+)? failed:\s*', "", text)
    text = re.sub(r"^(?:FATAL|ERROR):\s*", "", text)
    if "connection refused" in text.lower():
        text += " (is the PostgreSQL server running there and accepting TCP/IP connections?)"
    return text


def _translate(store: str, ctx: ExceptionContext) -> BaseException | None:
    if ctx.is_pre_ping:  # a dropped pooled connection: SQLAlchemy reconnects
        return None
    return translate(ctx.original_exception, store, connecting=ctx.connection is None)


def first_line(err: BaseException) -> str:
    """The first line of the driver's message: no SQL, no parameters."""
    orig = getattr(err, "orig", None) or err
    return (str(orig).strip().splitlines() or [type(orig).__name__])[0]


# --- migrations ----------------------------------------------------------------------------------

def _alembic_config() -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("frontwire.store") / "migrations"))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` (default the latest; creates it in an empty database)."""
    from alembic import command

    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def head_revision() -> str:
    """The latest schema revision: the one this code queries with."""
    from alembic.script import ScriptDirectory

    return str(ScriptDirectory.from_config(_alembic_config()).get_current_head())


def known_revisions() -> list[str]:
    """Every schema revision of this frontwire's migrations, the oldest first."""
    from alembic.script import ScriptDirectory

    return [r.revision for r in reversed(list(ScriptDirectory.from_config(_alembic_config()).walk_revisions()))]


def schema_revision(engine: Engine) -> str | None:
    """The store's migration revision; None for a database without frontwire's schema."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _migrate(engine: Engine, store: str, *, read_only: bool) -> None:
    head = head_revision()
    current = schema_revision(engine)
    if current is not None and current not in known_revisions():
        raise StoreError(f"the store {store} has schema revision {current}, which this frontwire does not know: "
                         "a newer frontwire made it; upgrade frontwire to open it")
    if current == head:
        return
    if read_only:
        if current is None:
            raise StoreReadOnly(f"the store {store} is read-only and holds no frontwire tables: nothing to read")
        raise StoreReadOnly(f"the store {store} is read-only and its schema ({current}) is older than this "
                            f"frontwire's ({head}): open it once where it can be written, to upgrade it")
    upgrade(engine)


def open_engine(db: str | None = None, data_dir: Path | None = None, *, create: bool = False,
                must_exist: bool = False) -> Engine:
    """The engine of the store `db`, migrated to the latest schema. StoreError when it cannot be
    reached or is not a frontwire store.

    create: make the missing folders of an SQLite path given in `db` (the default store's folder
    is always made). must_exist: an SQLite store must be there already (a read never makes one)."""
    url = resolve_url(db, data_dir)
    try:
        u = make_url(url)
    except Exception as err:  # a malformed URL
        raise StoreError(f"cannot use database {url!r}: {err}") from err
    name = label(u)
    access: Access = "rw"
    path = sqlite_path(u)
    if path is not None:
        access = prepare_sqlite(path, explicit=given(db, url, data_dir), create=create, must_exist=must_exist)
        if access != "rw":
            log.info("%s cannot be written: opened read-only (%s)", path, access)
    try:
        engine = make_engine(url, access)
    except Exception as err:  # an unknown driver, a bad option
        raise StoreError(f"cannot use database {describe(u)}: {err}") from err
    try:
        retrying(lambda: _migrate(engine, name, read_only=access != "rw"), what=f"opening {name}")
        names = set(inspect(engine).get_table_names())
    except StoreError:
        engine.dispose()
        raise
    except OperationalError as err:
        engine.dispose()
        raise StoreError(f"cannot open database {describe(u)}: {first_line(err)}") from err
    except DBAPIError as err:
        engine.dispose()
        raise StoreError(f"database {describe(u)} is not usable as a frontwire store: {first_line(err)}") from err
    if "articles" not in names:
        engine.dispose()
        raise StoreError(f"database {describe(u)} has no frontwire tables after migration")
    return engine


# --- retries -------------------------------------------------------------------------------------

def is_transient(err: BaseException) -> bool:
    if isinstance(err, StoreError):
        return err.transient
    text = str(getattr(err, "orig", None) or err).lower()
    return isinstance(err, OperationalError) and any(t in text for t in _TRANSIENT)


def retrying(action: Callable[[], _T], *, what: str, retries: int = RETRIES) -> _T:
    """Run `action`; on a transient database error wait (0.2 s, doubling) and try again. The
    retries are logged at INFO (--debug shows them); the last error is raised as it is."""
    delay = 0.2
    for attempt in range(retries + 1):
        try:
            return action()
        except (OperationalError, StoreError) as err:
            if attempt == retries or not is_transient(err):
                raise
            log.info("%s: %s; retrying in %.1f s", what, first_line(err), delay)
            time.sleep(delay)
            delay *= 2
    raise AssertionError("unreachable")


def disk_full(err: BaseException) -> bool:
    text = str(getattr(err, "orig", None) or err).lower()
    return "database or disk is full" in text or "no space left" in text or "could not extend file" in text


__all__ = ["StoreError", "connect_sqlite", "default_url", "describe", "disk_full", "first_line", "given",
           "head_revision", "known_revisions", "label", "open_engine", "prepare_sqlite", "resolve_url", "retrying",
           "schema_revision", "sqlite_access", "sqlite_path", "translate", "upgrade"]
