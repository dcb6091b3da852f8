"""Optional parts of frontwire and the pip extras that install them.

`pip install frontwire` is enough to extract events from articles, geoparse them and keep them
in an SQLite store. The rest comes with an extra (the README's quick start installs them all):

    server    frontwire serve: the web API and page (FastAPI, uvicorn)
    cluster   ingest --cluster: a Dask distributed cluster
    postgres  a PostgreSQL store (--db postgresql+psycopg://...)
    parquet   --format parquet

`require` is called where a command first needs one, so that a user without it gets one line
naming the extra to install, not a traceback from deep inside an import.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from .errors import UsageError

EXTRAS = {"server": "fastapi", "cluster": "distributed", "postgres": "psycopg", "parquet": "pyarrow"}


def require(extra: str, what: str) -> ModuleType:
    """The extra's main module, imported; UsageError naming the extra when it is not installed."""
    module = EXTRAS[extra]
    try:
        return importlib.import_module(module)
    except ImportError as err:
        raise UsageError(f"{what} needs frontwire's '{extra}' extra ({module} is not installed): "
                         f"pip install 'frontwire[{extra}]'") from err


__all__ = ["EXTRAS", "require"]
