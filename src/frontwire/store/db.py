"""Open the store: a database URL or path -> an engine with the schema at the latest migration.

The default store is an SQLite file in the user's data directory (`frontwire.sqlite` beside
the gazetteer index); `--db` takes a path or an SQLAlchemy URL (`postgresql+psycopg://...`
for server mode). Opening runs any pending Alembic migration, so a store made by an older
frontwire is upgraded in place, never silently misread.

Errors become StoreError with the database named and what to do. Transient ones (SQLite
"database is locked", a PostgreSQL connection dropped or a serialisation conflict) are retried
with backoff by `retrying`; a full disk or a missing server is not transient.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError, OperationalError

from ..errors import FrontwireError

log = logging.getLogger(__name__)

_T = TypeVar("_T")
RETRIES = 5
_TRANSIENT = ("database is locked", "database table is locked", "could not serialize", "deadlock detected",
              "server closed the connection", "connection reset", "terminating connection")


class StoreError(FrontwireError):
    """The event store cannot be opened or written; the message names it and says why."""


def default_url(data_dir: Path | None = None) -> str:
    from ..geo.gazetteer import default_path

    folder = data_dir if data_dir is not None else default_path().parent
    return f"sqlite:///{folder / 'frontwire.sqlite'}"


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


def _sqlite_pragmas(dbapi_connection: object, _record: object) -> None:
    cur = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cur.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")  # durable at each checkpoint; WAL keeps the file consistent
    cur.close()


def make_engine(url: str) -> Engine:
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        if u.database and u.database != ":memory:":
            Path(u.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(u, connect_args={"timeout": 10})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(u, pool_pre_ping=True, connect_args={"connect_timeout": 10})


def upgrade(engine: Engine) -> None:
    """Bring the schema to the latest migration (creates it in an empty database)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("frontwire.store") / "migrations"))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def open_engine(db: str | None = None, data_dir: Path | None = None) -> Engine:
    """The engine of the store `db`, migrated to the latest schema. StoreError when it cannot be
    reached or is not a frontwire store."""
    url = resolve_url(db, data_dir)
    try:
        engine = make_engine(url)
    except Exception as err:  # a malformed URL, an unknown driver
        raise StoreError(f"cannot use database {url!r}: {err}") from err
    try:
        retrying(lambda: upgrade(engine), what=f"opening {describe(url)}")
    except OperationalError as err:
        raise StoreError(f"cannot open database {describe(url)}: {_first_line(err)}") from err
    except DBAPIError as err:
        raise StoreError(f"database {describe(url)} is not usable as a frontwire store: {_first_line(err)}") from err
    names = set(inspect(engine).get_table_names())
    if "articles" not in names:
        raise StoreError(f"database {describe(url)} has no frontwire tables after migration")
    return engine


def _first_line(err: BaseException) -> str:
    orig = getattr(err, "orig", None) or err
    return (str(orig).strip().splitlines() or [type(orig).__name__])[0]


def is_transient(err: BaseException) -> bool:
    text = str(getattr(err, "orig", None) or err).lower()
    return isinstance(err, OperationalError) and any(t in text for t in _TRANSIENT)


def retrying(action: Callable[[], _T], *, what: str, retries: int = RETRIES) -> _T:
    """Run `action`; on a transient database error wait (0.2 s, doubling) and try again."""
    delay = 0.2
    for attempt in range(retries + 1):
        try:
            return action()
        except OperationalError as err:
            if attempt == retries or not is_transient(err):
                raise
            log.warning("%s: %s; retrying in %.1f s", what, _first_line(err), delay)
            time.sleep(delay)
            delay *= 2
    raise AssertionError("unreachable")


def disk_full(err: BaseException) -> bool:
    text = str(getattr(err, "orig", None) or err).lower()
    return "database or disk is full" in text or "no space left" in text or "could not extend file" in text


__all__ = ["StoreError", "default_url", "describe", "disk_full", "open_engine", "resolve_url", "retrying"]
