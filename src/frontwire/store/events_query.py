"""The one event query: filters, free-text search, review views, keyset pagination and stats,
for the CLI (`frontwire events`), the web API, the page and every export.

An event here is a cluster (the reports of one real event merged by deduplication) shown through
its representative report, with the review folded over it (web/review.py). Two streams make a page:

- clusters nobody has edited are filtered, ordered and paged in SQL (the indexed path, fast on
  10^6 events);
- edited clusters (few: each is a human's correction) are read whole, the edits overlaid, and
  filtered in Python on the edited values (`matches`, `review_shows`), so that an event whose
  place was corrected is found at its new place and not at the old one. The two are merged in
  order.

Both paths mean the same: tests/test_events_query.py draws random filters and review views and
checks that the SQL path returns exactly the events the in-memory path keeps, on SQLite and
PostgreSQL.

Pagination is by keyset, not offset: the cursor is the last event's (event_date, cluster_id), so a
page costs the same at the millionth event as at the first, and inserts between requests do not
shift pages. Events without a date sort after every dated one (before them in descending order),
which is how a PostgreSQL b-tree orders NULLs, so the date index serves both directions.

This module imports neither FastAPI nor the web app: only SQLAlchemy, the store and the review
folding (web/review.py, itself SQLAlchemy and the store).
"""

from __future__ import annotations

import base64
import binascii
import heapq
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date as _date
from typing import Any, Literal, cast, get_args

from sqlalchemy import ColumnElement, Connection, Engine, Select, and_, exists, false, func, or_, select, true

from ..errors import UsageError
from ..web.review import (
    REVIEW_VIEWS,
    Reviews,
    ReviewState,
    ReviewView,
    Snapshot,
    clusters_decided,
    clusters_decided_any,
    clusters_edited,
)
from . import schema as t
from .filters import EventFilter, filter_conditions, matches, option_name, parse_filter, parse_statuses

Order = Literal["asc", "desc"]
ORDERS: tuple[str, ...] = get_args(Order)
REPORT_COLUMNS: tuple[str, ...] = tuple(c.name for c in t.reports.columns)
GROUPINGS = ("day", "month", "type", "country", "admin1", "actor", "month_type")
DEFAULT_GROUPINGS = ("day", "type", "country")
CLUSTER_FIELDS = ("cluster_id", "n_reports", "report_fatalities", "fatalities", "fatalities_rule")

_c, _r = t.clusters, t.reports


@dataclass(frozen=True)
class EventQuery:
    """What GET /api/events and /api/stats select: the store's filters, a free-text search over
    notes and evidence, which review decisions to show ("default" hides rejected events) and the
    order by date."""

    filter: EventFilter = field(default_factory=EventFilter)
    q: str | None = None
    statuses: tuple[str, ...] = ()  # any of these (status=reported,claimed: the page hides "historical")
    review: ReviewView = "default"
    order: Order = "asc"


@dataclass(frozen=True)
class Cursor:
    event_date: str | None
    cluster_id: str

    def encode(self) -> str:
        raw = json.dumps([self.event_date, self.cluster_id], separators=(",", ":")).encode("utf-8")
        return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")

    @classmethod
    def decode(cls, value: str) -> Cursor:
        """The cursor `encode` made, or UsageError: a forged one must not carry into the query
        what the parameters may not (a NUL, an over-long id, a date that is not one)."""
        # The API's text rules (web/bounds.py, with pydantic): only the API decodes cursors.
        from ..web.bounds import MAX_ID, problem, shown

        wrong = UsageError(f"cursor: not a cursor from this API: {shown(value)}")
        try:
            raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
            date, cid = json.loads(raw)
        except (binascii.Error, ValueError, TypeError, RecursionError):
            raise wrong from None
        if not isinstance(cid, str) or not 0 < len(cid) <= MAX_ID or problem(cid) is not None:
            raise wrong
        if date is not None:
            try:
                if not isinstance(date, str) or _date.fromisoformat(date).isoformat() != date:
                    raise wrong
            except ValueError:
                raise wrong from None
        return cls(date, cid)

    @classmethod
    def of(cls, record: Mapping[str, Any]) -> Cursor:
        return cls(record.get("event_date"), record["cluster_id"])


@dataclass(frozen=True)
class Page:
    events: list[dict[str, Any]]  # records with the review overlaid and a "review" member
    next: Cursor | None


def parse_query(*, since: str | _date | None = None, until: str | _date | None = None, country: str | None = None,
                bbox: str | None = None, event_type: str | None = None, actor: str | None = None,
                min_fatalities: str | int | None = None, status: str | None = None, q: str | None = None,
                review: str = "default", order: str = "asc", prefix: str = "--") -> EventQuery:
    """The query of these textual options, as the CLI's flags and the API's parameters give them
    (store/filters.py parse_filter; `status` may list several, comma-separated; `q`: words of
    the notes or evidence). UsageError names the first bad option as `prefix` spells it."""
    f = parse_filter(since=since, until=until, country=country, bbox=bbox, event_type=event_type, actor=actor,
                     min_fatalities=min_fatalities, prefix=prefix)
    statuses = parse_statuses(status, option_name("status", prefix)) if status else ()
    if len(statuses) == 1:
        f = replace(f, status=statuses[0])
    if review not in REVIEW_VIEWS:
        raise UsageError(f"{option_name('review', prefix)}: expected one of {', '.join(REVIEW_VIEWS)}, got {review!r}")
    if order not in ORDERS:
        raise UsageError(f"{option_name('order', prefix)}: expected one of {', '.join(ORDERS)}, got {order!r}")
    return EventQuery(f, (q or "").strip() or None, statuses if len(statuses) > 1 else (),
                      cast(ReviewView, review), cast(Order, order))


def sort_key(date: str | None, cluster_id: str) -> tuple[bool, str, str]:
    """Ascending order: by date, undated last, then by id (byte order, as SQL is told to use)."""
    return (date is None, date or "", cluster_id)


def _key(record: Mapping[str, Any]) -> tuple[bool, str, str]:
    return sort_key(record.get("event_date"), record["cluster_id"])


class EventQueries:
    def __init__(self, engine: Engine, reviews: Reviews) -> None:
        self.engine = engine
        self.reviews = reviews
        # PostgreSQL compares text by the database's locale, which ignores '-' and case at first;
        # the cursor and the merge with edited events need plain byte order on both databases.
        self._cid: Any = _c.c.cluster_id.collate("C") if engine.dialect.name == "postgresql" else _c.c.cluster_id

    # --- one event --------------------------------------------------------------------------------

    def one(self, cluster_id: str) -> tuple[dict[str, Any], ReviewState] | None:
        """The event as extracted (not overlaid) and its review state."""
        with self.engine.connect() as conn:
            row = conn.execute(BASE.where(_c.c.cluster_id == cluster_id)).mappings().first()
        if row is None:
            return None
        return _record(row), self.reviews.state(cluster_id)

    # --- pages ------------------------------------------------------------------------------------

    def page(self, query: EventQuery, limit: int, cursor: Cursor | None = None) -> Page:
        """Up to `limit` events after `cursor` in the query's order, and the cursor of the next page."""
        if limit < 1:
            raise UsageError(f"limit: must be at least 1, got {limit}")
        desc = query.order == "desc"
        with self.engine.connect() as conn:
            snap = self.reviews.snapshot(conn)
            # The page is chosen on the clusters table alone and only then joined to the reports:
            # the join reads one report per event shown, not one per row the filter scanned.
            ids = select(_c.c.cluster_id).where(and_(true(), *self._conditions(query, snap)))
            if cursor is not None:
                ids = ids.where(self._after(cursor, desc, dated_only=_dated_only(query.filter)))
            chosen = ids.order_by(*self._order(desc)).limit(limit + 1).subquery("page")
            stmt = BASE.join(chosen, chosen.c.cluster_id == _c.c.cluster_id).order_by(*self._order(desc))
            rows = conn.execute(stmt).mappings().all()  # one fetchall, not a fetchone per row
            shown = [present(r, snap.state(r["cluster_id"])) for r in map(_record, rows)]
            edited = self._edited(conn, query, snap)
        if cursor is not None:
            mark = sort_key(cursor.event_date, cursor.cluster_id)
            edited = [r for r in edited if (_key(r) < mark if desc else _key(r) > mark)]
        merged = list(heapq.merge(shown, edited, key=_key, reverse=desc)) if edited else shown
        events = merged[:limit]
        more = len(merged) > limit
        return Page(events, Cursor.of(events[-1]) if more and events else None)

    def iterate(self, query: EventQuery, batch: int = 2000) -> Iterator[dict[str, Any]]:
        """Every matching event, page by page (for exports)."""
        cursor: Cursor | None = None
        while True:
            page = self.page(query, batch, cursor)
            yield from page.events
            if page.next is None:
                return
            cursor = page.next

    # --- statistics -------------------------------------------------------------------------------

    def stats(self, query: EventQuery, by: Sequence[str] = DEFAULT_GROUPINGS) -> dict[str, Any]:
        """Events and fatalities in total, and grouped (`by`, any of GROUPINGS): by day, month,
        event type, country, first-level region (with its country), actor (an event counts
        for each of its two actors) or month and type together (a chart's stacks). Each grouping scans the matching clusters once; edited
        events count with their corrected values. The totals count every matching event once."""
        unknown = set(by) - set(GROUPINGS)
        if unknown or not by:
            raise UsageError(f"by: expected some of {', '.join(GROUPINGS)}, got {', '.join(by) or 'nothing'}")
        groups: dict[str, dict[Any, list[int]]] = {name: {} for name in GROUPINGS if name in by}
        with self.engine.connect() as conn:
            snap = self.reviews.snapshot(conn)
            where = and_(true(), *self._conditions(query, snap))
            for name in groups:
                for stmt in _grouped(name, where):
                    for *key, n, dead in conn.execute(stmt):
                        slot = groups[name].setdefault(key[0] if len(key) == 1 else tuple(key), [0, 0])
                        slot[0] += int(n)
                        slot[1] += int(dead)
            # The totals: from a grouping that counts each event once, else one more scan.
            once = next((group for name, group in groups.items() if name != "actor"), None)  # month_type too
            if once is not None:
                events, fatalities = sum(v[0] for v in once.values()), sum(v[1] for v in once.values())
            else:
                total = conn.execute(select(func.count(), func.coalesce(func.sum(_c.c.fatalities), 0))
                                     .select_from(_c).where(where)).one()
                events, fatalities = int(total[0]), int(total[1])
            edited = self._edited(conn, query, snap)
        for record in edited:  # edited events count with their corrected values
            events += 1
            fatalities += int(record.get("fatalities") or 0)
            for name, group in groups.items():
                for key in _keys_of(name, record):
                    slot = group.setdefault(key, [0, 0])
                    slot[0] += 1
                    slot[1] += int(record.get("fatalities") or 0)
        out: dict[str, Any] = {"events": events, "fatalities": fatalities}
        dated = {name: group for name, group in groups.items() if name in ("day", "month")}
        if dated:
            out["undated"] = next(iter(dated.values())).get(None, [0, 0])[0]
        for name, group in groups.items():
            out[f"by_{name}"] = _rows(name, group)
        return out

    # --- SQL pieces -------------------------------------------------------------------------------

    def _conditions(self, query: EventQuery, snap: Snapshot) -> list[ColumnElement[bool]]:
        """The query's conditions on unedited clusters (edited ones are matched in Python). The
        review subqueries are left out when the snapshot says they would exclude nothing."""
        conds = filter_conditions(query.filter)
        if query.statuses:
            conds.append(_c.c.status.in_(query.statuses))
        if query.q:
            conds.append(text_match(query.q))
        review = review_condition(query.review, snap)
        if review is not None:
            conds.append(review)
        if snap.edited:
            conds.append(_c.c.cluster_id.not_in(clusters_edited()))
        return conds

    def _order(self, desc: bool) -> list[Any]:
        if desc:
            return [_c.c.event_date.desc().nulls_first(), self._cid.desc()]
        return [_c.c.event_date.asc().nulls_last(), self._cid.asc()]

    def _after(self, cursor: Cursor, desc: bool, dated_only: bool) -> ColumnElement[bool]:
        """Rows after the cursor in the page order (undated rows sort as the largest dates)."""
        d, cid, ed = cursor.event_date, self._cid, _c.c.event_date
        if d is None:
            if desc:
                return or_(ed.is_not(None), and_(ed.is_(None), cid < cursor.cluster_id))
            return and_(ed.is_(None), cid > cursor.cluster_id)
        if desc:
            return and_(ed <= d, or_(ed < d, cid < cursor.cluster_id))
        after = and_(ed >= d, or_(ed > d, cid > cursor.cluster_id))
        return after if dated_only else or_(after, ed.is_(None))

    def _edited(self, conn: Connection, query: EventQuery, snap: Snapshot) -> list[dict[str, Any]]:
        """Edited events matching the query on their edited values, in ascending order (descending
        for order=desc), each with the review overlaid."""
        if not snap.edited:
            return []
        ids = sorted(snap.edited)
        rows = [_record(r) for r in conn.execute(BASE.where(_c.c.cluster_id.in_(ids))).mappings()]
        q_hits: set[str] = set()
        if query.q and rows:
            q_hits = {x[0] for x in conn.execute(select(_c.c.cluster_id).where(_c.c.cluster_id.in_(ids),
                                                                                text_match(query.q)))}
        out = []
        for record in rows:
            state = snap.state(record["cluster_id"])
            shown = present(record, state)
            if not review_shows(query.review, state.status) or not matches(shown, query.filter):
                continue
            if query.statuses and shown["status"] not in query.statuses:
                continue
            if query.q and record["cluster_id"] not in q_hits and query.q.lower() not in str(shown["notes"]).lower():
                continue
            out.append(shown)
        out.sort(key=_key, reverse=query.order == "desc")
        return out


# Each cluster joined to its representative report (built once: SQLAlchemy statements are immutable).
BASE: Select[Any] = (select(*(_r.c[k] for k in REPORT_COLUMNS), _c.c.cluster_id, _c.c.n_reports,
                            _c.c.fatalities.label("cluster_fatalities"), _c.c.fatalities_rule)
                     .select_from(_c.join(_r, _r.c.event_id == _c.c.representative_id)))


def _grouped(name: str, where: ColumnElement[bool]) -> list[Select[Any]]:
    """The SQL of one grouping: (key columns..., events, fatalities) rows; actors take two."""
    count, dead = func.count(), func.coalesce(func.sum(_c.c.fatalities), 0)
    if name == "admin1":  # the representative report's region: the one join
        joined = _c.join(_r, _r.c.event_id == _c.c.representative_id)
        return [select(_c.c.iso3, _r.c.admin1, count, dead).select_from(joined).where(where)
                .group_by(_c.c.iso3, _r.c.admin1)]
    if name == "actor":
        second = and_(where, _c.c.actor2.is_not(None), or_(_c.c.actor1.is_(None), _c.c.actor2 != _c.c.actor1))
        return [select(_c.c.actor1, count, dead).select_from(_c).where(where).group_by(_c.c.actor1),
                select(_c.c.actor2, count, dead).select_from(_c).where(second).group_by(_c.c.actor2)]
    month = func.substr(_c.c.event_date, 1, 7)
    if name == "month_type":  # the chart of events per month by type: one scan, not one per type
        return [select(month, _c.c.event_type, count, dead).select_from(_c).where(where)
                .group_by(month, _c.c.event_type)]
    column = {"day": _c.c.event_date, "month": month, "type": _c.c.event_type, "country": _c.c.iso3}[name]
    return [select(column, count, dead).select_from(_c).where(where).group_by(column)]


def _keys_of(name: str, record: Mapping[str, Any]) -> list[Any]:
    """The keys an edited record counts under in the grouping `name` (as `_grouped` keys them)."""
    day = record.get("event_date")
    if name == "actor":
        a1, a2 = record.get("actor1"), record.get("actor2")
        return [a1] + ([a2] if a2 is not None and a2 != a1 else [])
    if name == "admin1":
        return [(record.get("iso3"), record.get("admin1"))]
    if name == "month_type":
        return [(day[:7] if day else None, record.get("event_type"))]
    return [{"day": day, "month": day[:7] if day else None, "type": record.get("event_type"),
             "country": record.get("iso3")}[name]]


def _rows(name: str, group: Mapping[Any, list[int]]) -> list[dict[str, Any]]:
    """A grouping as rows: in time order for days and months (undated left out: `undated`),
    else the most events first."""
    if name in ("day", "month"):
        label = "date" if name == "day" else "month"
        return [{label: k, "events": v[0], "fatalities": v[1]}
                for k, v in sorted(group.items(), key=lambda kv: str(kv[0])) if k is not None]
    if name == "month_type":  # dated events, by month then type (None: no ACLED type)
        return [{"month": k[0], "event_type": k[1], "events": v[0], "fatalities": v[1]}
                for k, v in sorted(group.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]))) if k[0] is not None]
    if name == "country":
        from ..web.outlines import country_names  # countryinfo: not loaded for a CLI export

        names = country_names()
        rows = [{"iso3": k, "country": names.get(k) if k else None, "events": v[0], "fatalities": v[1]}
                for k, v in group.items()]
    elif name == "admin1":
        rows = [{"iso3": k[0], "admin1": k[1], "events": v[0], "fatalities": v[1]} for k, v in group.items()]
    else:
        field = {"type": "event_type", "actor": "actor"}[name]
        rows = [{field: k, "events": v[0], "fatalities": v[1]} for k, v in group.items()]
    return sorted(rows, key=lambda r: (-r["events"], str([v for k, v in r.items() if k not in ("events", "fatalities")])))


def _record(row: Any) -> dict[str, Any]:
    record = {k: row[k] for k in REPORT_COLUMNS}
    record.update(cluster_id=row["cluster_id"], n_reports=row["n_reports"], report_fatalities=record["fatalities"],
                  fatalities=row["cluster_fatalities"], fatalities_rule=row["fatalities_rule"])
    return record


def present(record: Mapping[str, Any], state: ReviewState) -> dict[str, Any]:
    """The record a user sees: the review's edits over the extraction, and the review itself."""
    return {**state.overlay(record), "review": state.to_dict()}


def _dated_only(f: EventFilter) -> bool:
    return f.since is not None or f.until is not None


def text_match(q: str) -> ColumnElement[bool]:
    """Some report of the cluster has `q` in its notes or in one of its evidence sentences."""
    m, r, e = t.cluster_members, t.reports.alias("qr"), t.evidence
    in_evidence = exists(select(e.c.event_id).where(e.c.event_id == r.c.event_id,
                                                    e.c.text.icontains(q, autoescape=True)))
    return exists(select(m.c.event_id).select_from(m.join(r, r.c.event_id == m.c.event_id)).where(
        m.c.cluster_id == _c.c.cluster_id, or_(r.c.notes.icontains(q, autoescape=True), in_evidence)))


def review_condition(view: str, snap: Snapshot) -> ColumnElement[bool] | None:
    """The review view in SQL. The subqueries read the revisions themselves (never a stale list);
    the snapshot only says when one would select nothing or everything."""
    if view == "default":
        return _c.c.cluster_id.not_in(clusters_decided("reject")) if snap.rejected else None
    if view == "rejected":
        return _c.c.cluster_id.in_(clusters_decided("reject")) if snap.rejected else false()
    if view == "accepted":
        return _c.c.cluster_id.in_(clusters_decided("accept")) if snap.accepted else false()
    if view == "unreviewed":
        return _c.c.cluster_id.not_in(clusters_decided_any()) if snap.rejected or snap.accepted else None
    if view == "all":
        return None
    if view == "edited":
        return false()  # every edited event is in the Python path (EventQueries._edited)
    raise UsageError(f"review: expected one of {', '.join(REVIEW_VIEWS)}, got {view!r}")


def review_shows(view: str, status: str) -> bool:
    return {"default": status != "rejected", "all": True}.get(view, status == view)


__all__ = [
    "BASE",
    "CLUSTER_FIELDS",
    "GROUPINGS",
    "ORDERS",
    "REPORT_COLUMNS",
    "REVIEW_VIEWS",
    "Cursor",
    "EventQueries",
    "EventQuery",
    "Order",
    "Page",
    "ReviewView",
    "matches",
    "parse_query",
    "present",
    "review_condition",
    "review_shows",
    "sort_key",
    "text_match",
]
