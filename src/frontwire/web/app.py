"""The web app: `create_app(db)` -> a FastAPI app serving the API (api.py), the page (static/)
and its OpenAPI description at /docs.

Everything the routes need lives in one `WebState` on `app.state`, built here from explicit
arguments (no module-level state): the store, the review log, the query engine and the article
submitter with its lazily loaded extractor. Tests build apps with their own stores side by side.

Security defaults: reading is open (meant for localhost; `read_token_required` closes it), every
write needs a bearer token, request bodies are capped, CORS is off unless origins are given, and
the page gets a strict Content-Security-Policy (middleware.py). /docs uses the Swagger UI files
shipped in the `fastapi-offline` package: nothing is loaded from a CDN, and its pages get a
policy of their own that allows their inline scripts by hash.

A request the API cannot take is answered 400 or 422 naming the field (bounds.py); the 422 body
is FastAPI's list of {loc, msg, type}, without the `input` FastAPI would echo (a hostile value,
megabytes of it, or a lone surrogate that JSON cannot encode).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from sqlalchemy import create_engine
from starlette.middleware.gzip import GZipMiddleware

from .. import __version__
from ..errors import InputError, UsageError
from ..store import Store, StoreError
from ..store.events_query import EventQueries
from .middleware import REDOC_CSP, SWAGGER_CSP, BodyLimit, SecurityHeaders
from .review import Reviews
from .state import WebState
from .submit import Submitter, default_extractor, default_fetcher

if TYPE_CHECKING:
    from ..ingest.fetch import Fetcher
    from ..pipeline import Extractor

# A 5 MB article (ingest's own limit) as JSON-escaped HTML, with room to spare.
DEFAULT_MAX_BODY = 8_000_000
STATIC = Path(str(resources.files("frontwire.web") / "static"))
DOCS_URLS = ("/docs", "/redoc")  # Swagger UI and ReDoc (fastapi-offline keeps them off app.docs_url)


# Database connections a server keeps open. SQLAlchemy's default pool keeps 5 and opens up to 10
# more per burst, closing them after use; PostgreSQL starts a backend process for each new
# connection, which under a steady 200 requests/s cost more than the queries themselves. A pool as
# large as the request threads that use it, kept open, removes that churn.
POOL_SIZE = 20


def _serving(store: Store) -> Store:
    """The store with a connection pool sized for a server (PostgreSQL; SQLite opens connections
    in-process and cheaply, so its engine is kept as the store made it)."""
    if store.engine.dialect.name != "postgresql":
        return store
    engine = create_engine(store.engine.url, pool_size=POOL_SIZE, max_overflow=POOL_SIZE // 2, pool_pre_ping=True,
                           pool_recycle=3600, connect_args={"connect_timeout": 10})
    store.close()
    return Store(engine)


def create_app(db: str | None, *, read_token_required: bool = False, cors_origins: Sequence[str] = (),
               max_body_bytes: int = DEFAULT_MAX_BODY,
               extractor: Callable[[], Extractor] = default_extractor,
               fetcher: Callable[[], Fetcher] = default_fetcher,
               after_store: Callable[[Store], object] | None = None) -> FastAPI:
    """The app over the store `db` (a path or SQLAlchemy URL; None: the default SQLite file).

    `extractor` and `fetcher` build the extraction pipeline and the URL fetcher when first
    needed; `after_store` runs after POST /api/articles stored an article (the place to re-run
    deduplication, so that its events join the clusters the page shows)."""
    store = _serving(Store.open(db))
    reviews = Reviews(store.engine)
    web = WebState(store, reviews, EventQueries(store.engine, reviews),
                   Submitter(store, extractor, fetcher, after_store), read_token_required)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPIOffline(title="frontwire", version=__version__, lifespan=lifespan, docs_url=DOCS_URLS[0],
                         redoc_url=DOCS_URLS[1],
                         description="Conflict events extracted from news reports: query, inspect the "
                                     "evidence, review. Writes need a bearer token (`frontwire token create NAME`).")
    app.state.frontwire = web

    from .api import router
    from .places import router as places_router

    app.include_router(router)
    app.include_router(places_router)  # GET /api/places: the map's town labels
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    @app.exception_handler(UsageError)
    async def usage_error(_request: Request, err: UsageError) -> JSONResponse:
        return JSONResponse({"detail": str(err)}, status_code=400)

    @app.exception_handler(InputError)
    async def input_error(_request: Request, err: InputError) -> JSONResponse:
        return JSONResponse({"detail": str(err), "source": err.source, "reason": err.reason}, status_code=422)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, err: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": [validation_problem(e) for e in err.errors()]}, status_code=422)

    @app.exception_handler(StoreError)
    async def store_error(_request: Request, err: StoreError) -> JSONResponse:
        return JSONResponse({"detail": str(err)}, status_code=503)

    # Outermost last: the body limit acts before anything reads a body; the security headers sit
    # inside the compression, since the docs pages' policy is made from their uncompressed HTML.
    docs = {DOCS_URLS[0]: SWAGGER_CSP, DOCS_URLS[1]: REDOC_CSP}
    if app.swagger_ui_oauth2_redirect_url:
        docs[app.swagger_ui_oauth2_redirect_url] = SWAGGER_CSP
    app.add_middleware(SecurityHeaders, docs=docs)
    app.add_middleware(GZipMiddleware, minimum_size=2048)
    if cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["GET", "POST", "PATCH"],
                           allow_headers=["Authorization", "Content-Type"])
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    return app


def _printable(part: Any) -> Any:
    """A location part as JSON can carry it: a body's key may hold control characters or a lone
    surrogate (which UTF-8 cannot encode); those are escaped, and a long key is cut short."""
    if not isinstance(part, str):
        return part
    text = "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in part[:80])  # a surrogate is not printable
    return text + ("..." if len(part) > 80 else "")


def validation_problem(error: Mapping[str, Any]) -> dict[str, Any]:
    """One of FastAPI's validation errors for the 422 body: where (`loc`, the field named), what
    (`msg`, with the JSON parser's reason for a malformed body) and its `type`; not the input."""
    msg = str(error.get("msg", ""))
    reason = (error.get("ctx") or {}).get("error")
    if error.get("type") == "json_invalid" and isinstance(reason, str):
        msg = f"{msg}: {reason}"
    return {"loc": [_printable(p) for p in error.get("loc", ())], "msg": msg, "type": error.get("type")}


def from_env() -> FastAPI:
    """The app for `uvicorn --factory frontwire.web.app:from_env [--workers N]` (several worker
    processes behind one port): the store from FRONTWIRE_DB, FRONTWIRE_READ_TOKEN_REQUIRED=1 to
    close reading, FRONTWIRE_CORS_ORIGINS as a comma-separated list."""
    import os

    from ..run.recluster import recluster_new
    from .malloc import limit_malloc_arenas

    limit_malloc_arenas()
    origins = [o.strip() for o in os.environ.get("FRONTWIRE_CORS_ORIGINS", "").split(",") if o.strip()]
    return create_app(os.environ.get("FRONTWIRE_DB") or None,
                      read_token_required=os.environ.get("FRONTWIRE_READ_TOKEN_REQUIRED") == "1", cors_origins=origins,
                      after_store=recluster_new)


__all__ = ["DEFAULT_MAX_BODY", "DOCS_URLS", "STATIC", "create_app", "from_env", "validation_problem"]
