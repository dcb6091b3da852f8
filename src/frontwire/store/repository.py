"""The store's operations: add an article with its events (one transaction), record failures,
read reports for deduplication, save clusters, and query events.

Every write is one transaction: an article is stored with all its events and evidence or not at
all, so a run killed at any moment leaves only whole articles, and the next run skips exactly
those (by article id, canonical URL or normalised text).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from sqlalchemy import Engine, and_, delete, func, insert, or_, select, true, update
from sqlalchemy.exc import IntegrityError, OperationalError

from ..model import EVENT_FIELDS, Article, Event, Evidence
from . import schema as t
from .db import StoreError, describe, disk_full, first_line, open_engine, retrying
from .filters import EventFilter, filter_conditions


def text_hash(text: str) -> str:
    """sha256 of the whitespace-normalised text: the same article saved twice has one hash."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


_REPORT_COLUMNS = tuple(c.name for c in t.reports.columns)


class Store:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.name = describe(engine.url)

    @classmethod
    def open(cls, db: str | None = None, data_dir: Path | None = None, *, create: bool = False,
             must_exist: bool = False) -> Store:
        """The store `db` (see db.open_engine): `create` makes the missing folders of its path,
        `must_exist` refuses to make a new SQLite store."""
        return cls(open_engine(db, data_dir, create=create, must_exist=must_exist))

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- articles ---------------------------------------------------------------------------

    def has_article(self, article: Article) -> bool:
        """Stored already: the same id, the same canonical URL, or the same normalised text."""
        conds = [t.articles.c.article_id == article.article_id, t.articles.c.text_hash == text_hash(article.text)]
        if article.url:
            conds.append(t.articles.c.url == _canonical(article.url))
        with self.engine.connect() as conn:
            return conn.execute(select(t.articles.c.article_id).where(or_(*conds)).limit(1)).first() is not None

    def add_article(self, article: Article, events: Sequence[Event]) -> bool:
        """Store the article with its events and evidence in one transaction; False when it was
        stored before (nothing is changed). Clears a recorded failure of its origin."""
        if self.has_article(article):
            return False
        row = {
            "article_id": article.article_id, "url": _canonical(article.url) if article.url else None,
            "text_hash": text_hash(article.text), "title": article.title, "source": article.source,
            "published": article.published.isoformat() if article.published else None, "origin": article.origin,
            "text": article.text, "n_events": len(events), "ingested_at": _now(),
        }
        report_rows = [{k: getattr(e, k) for k in _REPORT_COLUMNS} for e in events]
        evidence_rows = [{"event_id": e.event_id, "ordinal": i, "text": ev.text, "start": ev.start, "end": ev.end}
                         for e in events for i, ev in enumerate(e.evidence)]

        def write() -> None:
            with self.engine.begin() as conn:
                conn.execute(insert(t.articles), [row])
                if report_rows:
                    conn.execute(insert(t.reports), report_rows)
                if evidence_rows:
                    conn.execute(insert(t.evidence), evidence_rows)
                if article.origin:
                    conn.execute(delete(t.failures).where(t.failures.c.source == article.origin))

        try:
            self._write(write, f"storing article {article.origin or article.article_id}")
        except IntegrityError:
            return False  # stored meanwhile under another key (same URL or text): nothing to add
        return True

    def _write(self, action: Any, what: str) -> None:
        try:
            retrying(action, what=what)
        except OperationalError as err:
            if disk_full(err):
                raise StoreError(f"{self.name}: the disk is full while {what}; the transaction was rolled back, "
                                 "nothing of it was written") from err
            raise StoreError(f"{self.name}: {what} failed: {first_line(err)}") from err

    def article(self, article_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            r = conn.execute(select(t.articles).where(t.articles.c.article_id == article_id)).mappings().first()
        return dict(r) if r else None

    def count(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return {name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
                    for name, table in (("articles", t.articles), ("reports", t.reports),
                                        ("clusters", t.clusters), ("failures", t.failures))}

    # --- failures ---------------------------------------------------------------------------

    def record_failure(self, source: str, reason: str) -> None:
        def write() -> None:
            with self.engine.begin() as conn:
                done = conn.execute(update(t.failures).where(t.failures.c.source == source).values(
                    reason=reason, at=_now(), attempts=t.failures.c.attempts + 1))
                if done.rowcount == 0:
                    conn.execute(insert(t.failures), [{"source": source, "reason": reason, "at": _now(), "attempts": 1}])

        self._write(write, f"recording the failure of {source}")

    def failures(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.failures).order_by(t.failures.c.at, t.failures.c.source)).mappings()
            return [dict(r) for r in rows]

    # --- reports and evidence ---------------------------------------------------------------

    def iter_reports(self, where: Any = None, batch: int = 5000) -> Iterator[Event]:
        """Every stored report as a v1 Event with its evidence, ordered by event id."""
        query = select(t.reports).order_by(t.reports.c.event_id)
        if where is not None:
            query = query.where(where)
        with self.engine.connect() as conn:
            result = conn.execution_options(yield_per=batch).execute(query).mappings()
            for part in result.partitions():
                ids = [r["event_id"] for r in part]
                ev: dict[str, list[Evidence]] = {}
                for e in conn.execute(select(t.evidence).where(t.evidence.c.event_id.in_(ids))
                                      .order_by(t.evidence.c.event_id, t.evidence.c.ordinal)).mappings():
                    ev.setdefault(e["event_id"], []).append(Evidence(e["text"], e["start"], e["end"]))
                for r in part:
                    yield _event(r, ev.get(r["event_id"], []))

    def reports_of(self, event_ids: Iterable[str]) -> list[Event]:
        ids = list(event_ids)
        return list(self.iter_reports(t.reports.c.event_id.in_(ids))) if ids else []

    # --- clusters ---------------------------------------------------------------------------

    def cluster_ids(self) -> dict[str, str]:
        """event_id -> cluster_id from the last deduplication."""
        with self.engine.connect() as conn:
            return {r[0]: r[1] for r in conn.execute(select(t.cluster_members.c.event_id, t.cluster_members.c.cluster_id))}

    def cluster_ids_of(self, event_ids: Iterable[str]) -> dict[str, str]:
        """event_id -> cluster_id of these reports (those in a cluster)."""
        ids, m, out = list(event_ids), t.cluster_members, {}
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 900):
                out.update({r[0]: r[1] for r in conn.execute(
                    select(m.c.event_id, m.c.cluster_id).where(m.c.event_id.in_(ids[i:i + 900])))})
        return out

    def unclustered_ids(self) -> list[str]:
        """The stored reports in no cluster (new since the last deduplication), by id."""
        m = t.cluster_members
        query = select(t.reports.c.event_id).where(
            ~select(m.c.event_id).where(m.c.event_id == t.reports.c.event_id).exists()).order_by(t.reports.c.event_id)
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(query)]

    def taken_cluster_ids(self, cluster_ids: Iterable[str]) -> set[str]:
        """Which of these cluster ids the store already holds."""
        ids, found = list(cluster_ids), set[str]()
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 900):
                found.update(r[0] for r in conn.execute(
                    select(t.clusters.c.cluster_id).where(t.clusters.c.cluster_id.in_(ids[i:i + 900]))))
        return found

    def replace_some_clusters(self, old_cluster_ids: Iterable[str], event_ids: Iterable[str],
                              clusters: Sequence[dict[str, Any]], members: Sequence[dict[str, Any]],
                              merges: Sequence[dict[str, Any]]) -> None:
        """Swap the clusters `old_cluster_ids` (and the membership and merges of `event_ids`) for
        new ones, in one transaction; the other clusters are not touched."""
        old, reports = list(old_cluster_ids), list(event_ids)

        def write() -> None:
            with self.engine.begin() as conn:
                for i in range(0, len(reports), 900):
                    part = reports[i:i + 900]
                    conn.execute(delete(t.merges).where(t.merges.c.event_id.in_(part)))
                    conn.execute(delete(t.cluster_members).where(t.cluster_members.c.event_id.in_(part)))
                for i in range(0, len(old), 900):
                    conn.execute(delete(t.clusters).where(t.clusters.c.cluster_id.in_(old[i:i + 900])))
                for table, rows in ((t.clusters, clusters), (t.cluster_members, members), (t.merges, merges)):
                    for i in range(0, len(rows), 5000):
                        conn.execute(insert(table), list(rows[i:i + 5000]))

        self._write(write, "saving event clusters")

    def unclustered(self) -> int:
        """How many stored reports are in no cluster: stored by a run that was killed before it
        deduplicated them (0 when the clusters are up to date)."""
        m = t.cluster_members
        query = select(func.count()).select_from(t.reports).where(
            ~select(m.c.event_id).where(m.c.event_id == t.reports.c.event_id).exists())
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    def replace_clusters(self, clusters: Sequence[dict[str, Any]], members: Sequence[dict[str, Any]],
                         merges: Sequence[dict[str, Any]]) -> None:
        """Swap in a new deduplication result in one transaction (readers see the old or the new)."""
        def write() -> None:
            with self.engine.begin() as conn:
                for table in (t.merges, t.cluster_members, t.clusters):
                    conn.execute(delete(table))
                for table, rows in ((t.clusters, clusters), (t.cluster_members, members), (t.merges, merges)):
                    for i in range(0, len(rows), 5000):
                        conn.execute(insert(table), list(rows[i:i + 5000]))

        self._write(write, "saving event clusters")

    def cluster(self, cluster_id: str) -> dict[str, Any] | None:
        """A cluster with its member reports (with evidence) and merge reasons."""
        with self.engine.connect() as conn:
            c = conn.execute(select(t.clusters).where(t.clusters.c.cluster_id == cluster_id)).mappings().first()
            if c is None:
                return None
            ids = [r[0] for r in conn.execute(select(t.cluster_members.c.event_id)
                                              .where(t.cluster_members.c.cluster_id == cluster_id))]
            merges = [dict(r) for r in conn.execute(select(t.merges).where(t.merges.c.cluster_id == cluster_id)).mappings()]
        return {**dict(c), "reports": [e.to_dict() for e in self.reports_of(sorted(ids))], "merges": merges}

    # --- queries ----------------------------------------------------------------------------

    def query_clusters(self, f: EventFilter, limit: int | None = None, after: str | None = None) -> list[dict[str, Any]]:
        """Clusters matching the filter, ordered by (event_date, cluster_id); each is its
        representative report's v1 fields with the cluster's id, size and toll."""
        c, r = t.clusters, t.reports
        query = select(c, r).join(r, r.c.event_id == c.c.representative_id)
        query = query.where(and_(true(), *filter_conditions(f, c)))
        if after:
            query = query.where(c.c.cluster_id > after)
        query = query.order_by(c.c.event_date, c.c.cluster_id)
        if limit:
            query = query.limit(limit)
        out = []
        with self.engine.connect() as conn:
            for row in conn.execute(query).mappings():
                record = {k: row[r.c[k]] for k in _REPORT_COLUMNS}
                record.update(cluster_id=row[c.c.cluster_id], n_reports=row[c.c.n_reports],
                              report_fatalities=record["fatalities"], fatalities=row[c.c.fatalities],
                              fatalities_rule=row[c.c.fatalities_rule])
                out.append(record)
        return out

    def query_reports(self, f: EventFilter) -> list[Event]:
        r = t.reports
        return list(self.iter_reports(and_(true(), *filter_conditions(f, r))))


def _event(row: Any, evidence: list[Evidence]) -> Event:
    values = {k: row[k] for k in EVENT_FIELDS if k not in ("evidence",)}
    return Event(**values, evidence=evidence)


def _canonical(url: str) -> str:
    from ..ingest.text import canonical_url

    return canonical_url(url)
