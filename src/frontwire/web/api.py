"""The HTTP API under /api: events (list, one, review), articles (read, submit), statistics.

Handlers are thin: they parse parameters into the query and review objects (store/events_query.py,
review.py, edits.py) and format what those return (formats.py). Handlers are plain `def`s:
FastAPI runs them in its thread pool, where blocking database calls belong.

Auth: `writer` (every write) needs `Authorization: Bearer <token>` of an active token and gives
the reviewer's name; `reader` (every read) needs one only when the app was made with
read_token_required. A missing or wrong token is 401 and nothing is changed. The token is checked
before anything else of the request (`TokenFirst`): a client without one learns nothing from the
validation of its body.

Every parameter and body field is bounded where it is declared, with the limits and validators
of bounds.py: a hostile value is a 400 or 422 naming the field, never a database error.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.dependencies.models import Dependant
from fastapi.responses import StreamingResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select

from ..errors import UsageError
from ..extract.taxonomy import load_taxonomy
from ..store import schema as t
from ..store.events_query import REVIEW_VIEWS, Cursor, EventQuery, Order, ReviewView, parse_query, present
from . import formats
from .bounds import (
    ARTICLE,
    LINE,
    MAX_ARTICLE,
    MAX_CURSOR,
    MAX_FATALITIES,
    MAX_ID,
    MAX_LIMIT,
    MAX_LIST,
    MAX_SOURCE,
    MAX_TEXT,
    MAX_TITLE,
    MAX_URL,
    MAX_WORDS,
    PROSE,
    URL,
)
from .edits import EDITABLE, STATUSES, check_changes, check_record
from .outlines import outlines_json
from .review import ACTIONS
from .state import WebState, state_of

EXCERPT_CONTEXT = 200  # characters of article text on each side of an evidence sentence
State = Annotated[WebState, Depends(state_of)]


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _unauthorised(why: str) -> HTTPException:
    return HTTPException(401, why, headers={"WWW-Authenticate": "Bearer"})


# Dependencies are `async def`: FastAPI runs a plain `def` dependency in its thread pool, and a
# thread hop per dependency cost more than the whole query under load. Only the token check
# touches the database, and it goes to the thread pool itself.

async def writer(request: Request, web: State) -> str:
    """The reviewer's name from a valid bearer token, else 401. Checked once per request (the
    name is kept in the request's state for the dependency after TokenFirst's early check)."""
    known: str | None = getattr(request.state, "reviewer", None)
    if known is not None:
        return known
    token = bearer_token(request)
    if token is None:
        raise _unauthorised("a bearer token is required to write (frontwire token create NAME)")
    name = await run_in_threadpool(web.reviews.verify, token)
    if name is None:
        raise _unauthorised("the bearer token is not valid (unknown or revoked)")
    request.state.reviewer = name
    return name


async def reader(request: Request, web: State) -> None:
    if web.read_token_required:
        await writer(request, web)


Reader = Annotated[None, Depends(reader)]
Writer = Annotated[str, Depends(writer)]


def _depends_on(dependant: Dependant, call: Callable[..., Any]) -> bool:
    return any(d.call is call or _depends_on(d, call) for d in dependant.dependencies)


class TokenFirst(APIRoute):
    """A route whose token check (writer, or reader where reading needs a token) runs before
    FastAPI reads the request: FastAPI parses a JSON body before it solves any dependency, so a
    malformed body would be answered 422 to a client that has no token, where 401 is due."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        check = writer if _depends_on(self.dependant, writer) else reader if _depends_on(self.dependant, reader) else None
        if check is None:
            return handler

        async def checked(request: Request) -> Response:
            await check(request, request.app.state.frontwire)
            return await handler(request)

        return checked


router = APIRouter(prefix="/api", route_class=TokenFirst)


# --- parameters ----------------------------------------------------------------------------------

async def event_query(
    since: Annotated[date | None, Query(description="first event date (YYYY-MM-DD)")] = None,
    until: Annotated[date | None, Query(description="last event date (YYYY-MM-DD)")] = None,
    country: Annotated[str | None, Query(max_length=MAX_WORDS, description="ISO3 code or country name"), LINE] = None,
    bbox: Annotated[str | None, Query(max_length=MAX_LIST, description="min_lon,min_lat,max_lon,max_lat"), LINE] = None,
    type: Annotated[str | None, Query(max_length=MAX_WORDS, description="ACLED event type or sub-event type"),
                    LINE] = None,
    actor: Annotated[str | None, Query(max_length=MAX_WORDS, description="part of an actor's name, any case"),
                     LINE] = None,
    status: Annotated[str | None, Query(max_length=MAX_LIST,
                                        description=f"one or more (comma-separated) of {', '.join(STATUSES)}"),
                      LINE] = None,
    min_fatalities: Annotated[int | None, Query(ge=0, le=MAX_FATALITIES)] = None,
    q: Annotated[str | None, Query(max_length=MAX_WORDS, description="words in the notes or evidence sentences"),
                 LINE] = None,
    review: Annotated[ReviewView, Query(description="default hides rejected events")] = "default",
    order: Annotated[Order, Query(description="by event date")] = "asc",
) -> EventQuery:
    return parse_query(since=since, until=until, country=country, bbox=bbox, event_type=type, actor=actor,
                       min_fatalities=min_fatalities, status=status, q=q, review=review, order=order, prefix="")


Queried = Annotated[EventQuery, Depends(event_query)]
ClusterId = Annotated[str, Path(max_length=MAX_ID, description="an event's (cluster's) id"), LINE]
ArticleId = Annotated[str, Path(max_length=MAX_ID, description="an article's id"), LINE]


# --- events --------------------------------------------------------------------------------------

@router.get("/events", summary="Events matching the filters, one page at a time",
            responses={200: {"content": {"application/geo+json": {}, "text/csv": {}}}})
def list_events(
    request: Request, web: State, _r: Reader, query: Queried,
    cursor: Annotated[str | None, Query(max_length=MAX_CURSOR, description="`next` of the previous page"), LINE] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    format: Annotated[Literal["json", "geojson", "csv", "acled", "ucdp"],
                      Query(description="acled: ACLED's 31 export columns, its events only; ucdp: UCDP GED's "
                                        "columns, fatal political violence only")] = "json",
    all: Annotated[bool, Query(description="every match, streamed (for exports); ignores limit")] = False,
    brief: Annotated[bool, Query(description="only the fields a map or list draws")] = False,
) -> Response:
    if all:
        records: Any = web.queries.iterate(query)
        next_cursor = None
    else:
        page = web.queries.page(query, limit, Cursor.decode(cursor) if cursor else None)
        records, next_cursor = page.events, page.next.encode() if page.next else None
    if brief:
        records = (formats.brief(r) for r in records)
    headers = {}
    if next_cursor:
        headers["Link"] = f'<{request.url.include_query_params(cursor=next_cursor)}>; rel="next"'
        headers["X-Next-Cursor"] = next_cursor
    if all and format != "json":
        suffix = f"{format}.csv" if format in ("acled", "ucdp") else format
        headers["Content-Disposition"] = f'attachment; filename="frontwire-events.{suffix}"'
    media = formats.MEDIA_TYPES[format]
    if format == "json" and not all:  # a page is held whole: one json.dumps
        return Response(formats.json_page(records, next_cursor), media_type=media, headers=headers)
    if format == "csv":
        chunks = formats.csv_chunks(records)
    elif format == "acled":
        chunks = formats.acled_chunks(records)
    elif format == "ucdp":
        chunks = formats.ucdp_chunks(records)
    elif format == "geojson":
        chunks = formats.geojson_chunks(records, next_cursor)
    else:
        chunks = formats.json_chunks(records, next_cursor)
    if all:
        return StreamingResponse(chunks, media_type=media, headers=headers)
    return Response("".join(chunks), media_type=media, headers=headers)


def event_detail(web: WebState, cluster_id: str) -> dict[str, Any]:
    found = web.queries.one(cluster_id)
    cluster = web.store.cluster(cluster_id)
    if found is None or cluster is None:
        raise HTTPException(404, f"no event {cluster_id!r}")
    record, state = found
    articles: dict[str, dict[str, Any] | None] = {}
    reports = []
    for report in cluster["reports"]:
        aid = report["article_id"]
        if aid not in articles:
            articles[aid] = web.store.article(aid)
        article = articles[aid]
        text = article["text"] if article else ""
        evidence = [{**ev, "before": text[max(0, ev["start"] - EXCERPT_CONTEXT):ev["start"]],
                     "after": text[ev["end"]:ev["end"] + EXCERPT_CONTEXT]} for ev in report["evidence"]]
        meta = {k: article[k] for k in ("article_id", "title", "source", "url", "published")} if article else None
        reports.append({**report, "evidence": evidence, "article": meta,
                        "representative": report["event_id"] == cluster["representative_id"]})
    return {
        "event": present(record, state),
        "extracted": record,
        "review": state.to_dict(),
        "history": [rev.to_dict() for rev in web.reviews.history(cluster_id)],
        "representative_id": cluster["representative_id"],
        "reports": reports,
        "merges": cluster["merges"],
    }


@router.get("/events/{cluster_id}", summary="One event: evidence, article excerpts, merged reports, history")
def get_event(cluster_id: ClusterId, web: State, _r: Reader) -> dict[str, Any]:
    return event_detail(web, cluster_id)


class ReviewIn(BaseModel):
    """A review: accept or reject the event, or edit fields (only the fields given change)."""

    model_config = ConfigDict(extra="forbid")
    action: Literal["accept", "reject", "edit"]
    changes: dict[str, Any] | None = Field(default=None, description=f"for edit: fields of {', '.join(EDITABLE)}")
    comment: Annotated[str | None, Field(max_length=MAX_TEXT), PROSE] = None


@router.patch("/events/{cluster_id}", summary="Review an event (needs a bearer token)",
              responses={401: {"description": "missing or invalid token; nothing changed"}})
def review_event(cluster_id: ClusterId, body: ReviewIn, web: State, reviewer: Writer) -> dict[str, Any]:
    found = web.queries.one(cluster_id)
    if found is None:
        raise HTTPException(404, f"no event {cluster_id!r}")
    record, state = found
    diff: dict[str, Any] = {}
    if body.action == "edit":
        changes = check_changes(body.changes or {})
        current = state.overlay(record)
        check_record({**current, **changes})
        diff = {k: {"old": current.get(k), "new": v} for k, v in changes.items() if current.get(k) != v}
        if not diff:
            raise UsageError(f"changes: {', '.join(changes)}: every value given equals the current one; "
                             "nothing to change")
    elif body.changes:
        raise UsageError(f"changes: only an edit changes fields, not {body.action!r}")
    web.reviews.add(cluster_id, reviewer, body.action, diff, (body.comment or "").strip() or None)
    return event_detail(web, cluster_id)


# --- articles ------------------------------------------------------------------------------------

@router.get("/articles/{article_id}", summary="A stored article: its text and the events read from it")
def get_article(article_id: ArticleId, web: State, _r: Reader) -> dict[str, Any]:
    article = web.store.article(article_id)
    if article is None:
        raise HTTPException(404, f"no article {article_id!r}")
    article["ingested_at"] = article["ingested_at"].isoformat() if article.get("ingested_at") else None
    return {**article, "events": article_events(web, article_id)}


def article_events(web: WebState, article_id: str) -> list[dict[str, Any]]:
    """The article's reports and the cluster (event) each belongs to (None before deduplication)."""
    r, m = t.reports, t.cluster_members
    stmt = (select(r.c.event_id, m.c.cluster_id).select_from(r.outerjoin(m, m.c.event_id == r.c.event_id))
            .where(r.c.article_id == article_id).order_by(r.c.event_id))
    with web.store.engine.connect() as conn:
        return [{"event_id": row[0], "cluster_id": row[1]} for row in conn.execute(stmt)]


class ArticleIn(BaseModel):
    """An article to read: its text, its HTML page, or a URL to fetch (public addresses only)."""

    model_config = ConfigDict(extra="forbid")
    text: Annotated[str | None, Field(max_length=MAX_ARTICLE), ARTICLE] = None
    html: Annotated[str | None, Field(max_length=MAX_ARTICLE), ARTICLE] = None
    url: Annotated[str | None, Field(max_length=MAX_URL), URL] = None
    published: date | None = Field(default=None, description="publication date; anchors relative dates")
    title: Annotated[str | None, Field(max_length=MAX_TITLE), LINE] = None
    source: Annotated[str | None, Field(max_length=MAX_SOURCE), LINE] = None


@router.post("/articles", summary="Read an article, store it and return its events (needs a bearer token)",
             status_code=201, responses={200: {"description": "the article was stored before"}})
def post_article(body: ArticleIn, response: Response, web: State, _w: Writer) -> dict[str, Any]:
    article = web.submitter.article(text=body.text, html=body.html, url=body.url, published=body.published,
                                    title=body.title, source=body.source)
    done = web.submitter.submit(article)
    if not done.stored:
        response.status_code = 200
    return {"article_id": article.article_id, "stored": done.stored, "title": article.title,
            "published": article.published.isoformat() if article.published else None,
            "events": [e.to_dict() for e in done.events]}


# --- the rest ------------------------------------------------------------------------------------

@router.get("/stats", summary="Events and fatalities in total, by day, event type and country")
def get_stats(web: State, _r: Reader, query: Queried,
              by: Annotated[str, Query(max_length=MAX_LIST, description="groupings, comma-separated: day, month, "
                                                                        "type, country, admin1, actor"),
                            LINE] = "day,type,country") -> dict[str, Any]:
    return web.queries.stats(query, [b.strip() for b in by.split(",") if b.strip()])


@router.get("/meta", summary="Vocabularies the page offers: event types, statuses, editable fields")
def get_meta(web: State) -> dict[str, Any]:
    taxonomy = load_taxonomy()
    return {
        "event_types": {et: [s.name for s in taxonomy.sub_types if s.event_type == et] for et in taxonomy.event_types},
        "statuses": list(STATUSES), "review_views": list(REVIEW_VIEWS), "actions": list(ACTIONS),
        "editable": list(EDITABLE), "read_token_required": web.read_token_required,
    }


@router.get("/outlines", summary="Country outlines (GeoJSON) for the map's base layer",
            responses={200: {"content": {"application/geo+json": {}}}})
def get_outlines() -> Response:
    return Response(outlines_json(), media_type="application/geo+json",
                    headers={"Cache-Control": "public, max-age=86400"})


__all__ = ["ArticleIn", "ReviewIn", "TokenFirst", "bearer_token", "event_detail", "router"]
