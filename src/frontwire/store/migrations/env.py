"""Alembic environment: run by frontwire.store.db.upgrade() with an open connection, or by the
`alembic` command with -x url=... (for developers writing a new migration)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from frontwire.store.schema import metadata

config = context.config


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("give the database: alembic -x url=sqlite:///path/to/frontwire.sqlite ...")
    with create_engine(url).connect() as conn:
        _run(conn)
