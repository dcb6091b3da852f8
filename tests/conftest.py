from __future__ import annotations

from pathlib import Path

import pytest

from frontwire import nlp as nlp_module

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED_TXT = SHARED / "seed" / "000_217ba6ce37b2a28a.txt"
SEED_HTML = SHARED / "seed" / "000_217ba6ce37b2a28a.html"
DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    return nlp_module.load()


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED_TXT.exists():
        pytest.skip(f"the seed article is not at {SEED_TXT} (shared/ sits beside the checkout)")
    return SEED_TXT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def built_gazetteer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A gazetteer index built from the packaged data once for the session, in a directory of its
    own (not the user's data folder). Tests that only read it open it; tests that change an
    index (imports) copy it first."""
    from frontwire.geo import Gazetteer
    from frontwire.geo.build import SCHEMA_VERSION

    path = tmp_path_factory.mktemp("frontwire-data") / f"gazetteer-v{SCHEMA_VERSION}.sqlite"
    Gazetteer.open(path).close()
    return path


@pytest.fixture(scope="session")
def postgres():  # type: ignore[no-untyped-def]
    """A real PostgreSQL server for the session (tests/postgres.py)."""
    import os

    from postgres import Server

    try:
        server = Server()
    except FileNotFoundError as err:
        if os.environ.get("FRONTWIRE_REQUIRE_POSTGRES") == "1":
            pytest.fail(str(err))
        pytest.skip(str(err))
    server.start()
    yield server
    server.stop()


_DB_COUNTER = iter(range(1_000_000))


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty store URL: an SQLite file, and a new database on the PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite'}"
    server = request.getfixturevalue("postgres")
    return str(server.create_database(f"fw{next(_DB_COUNTER)}"))
