"""Incremental deduplication: the cost of clustering a batch of new reports into a store that
already holds many, against re-clustering the whole store.

    .venv/bin/python benchmarks/incremental_dedup.py [--reports 100000] [--new 1000] [--db URL]

Builds a store (SQLite in a temporary folder unless --db names an empty one) with --reports
synthetic reports of benchmarks/dedup_speed.py (the same generator: hotspots, outlets, jitter,
~1,400 reports a day) and clusters them all; then stores the --new reports of the latest days
(as a feed would bring them) and times `recluster_new` (what `ingest` runs), printing the
reports it read and the clusters it rewrote, and then a full `recluster` of the same store, and
checks that both give the same clusters. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent))
from dedup_speed import synthetic  # noqa: E402

from frontwire.dedup import Report  # noqa: E402
from frontwire.run import recluster as rc  # noqa: E402
from frontwire.store import Store  # noqa: E402
from frontwire.store import schema as t  # noqa: E402


def _rows(reports: list[Report]) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    now = datetime.now(UTC)
    articles: dict[str, dict[str, Any]] = {}
    report_rows, evidence_rows = [], []
    for r in reports:
        articles.setdefault(r.article_id, {
            "article_id": r.article_id, "url": None, "title": None, "source": r.source, "origin": None,
            "text_hash": hashlib.sha256(r.article_id.encode()).hexdigest(), "n_events": 1, "ingested_at": now,
            "published": r.published.isoformat() if r.published else None, "text": r.text})
        report_rows.append({
            "event_id": r.report_id, "article_id": r.article_id,
            "event_date": r.event_date.isoformat() if r.event_date else None,
            "event_date_end": r.event_date_end.isoformat() if r.event_date_end else None,
            "time_precision": r.time_precision, "event_type": r.event_type, "sub_event_type": r.sub_event_type,
            "plover_type": r.plover_type or "ASSAULT", "actor1": r.actor1, "actor1_iso3": None, "actor2": r.actor2,
            "actor2_iso3": None, "country": None, "iso3": r.iso3, "admin1": r.admin1, "admin2": None, "location": None,
            "latitude": r.latitude, "longitude": r.longitude, "geonames_id": None, "geo_precision": r.geo_precision,
            "fatalities": r.fatalities or 0, "deaths_actor1": None, "deaths_actor2": None, "deaths_civilians": None,
            "deaths_unknown": None, "status": r.status, "attributed_to": None, "source": r.source, "url": None,
            "published": r.published.isoformat() if r.published else None, "notes": "", "confidence": 0.5})
        evidence_rows.append({"event_id": r.report_id, "ordinal": 0, "text": r.text, "start": 0, "end": len(r.text)})
    return list(articles.values()), report_rows, evidence_rows


def _store(store: Store, reports: list[Report]) -> None:
    articles, report_rows, evidence_rows = _rows(reports)
    with store.engine.begin() as conn:
        for table, rows in ((t.articles, articles), (t.reports, report_rows), (t.evidence, evidence_rows)):
            for i in range(0, len(rows), 5000):
                conn.execute(insert(table), rows[i:i + 5000])


def _members(store: Store) -> set[tuple[str, str]]:
    with store.engine.connect() as conn:
        return {(r[0], r[1]) for r in conn.execute(select(t.cluster_members.c.event_id, t.cluster_members.c.cluster_id))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--new", type=int, default=1000)
    parser.add_argument("--db", help="an empty store (default: SQLite in a temporary folder)")
    args = parser.parse_args()
    reports, _ = synthetic(args.reports + args.new, seed=7, per_day=1400, dup_share=0.3)
    # Articles whose reports would straddle the two parts go with the later one (a feed brings
    # whole articles); then the latest reports are the new batch.
    reports.sort(key=lambda r: (r.published or r.event_date, r.report_id))  # type: ignore[arg-type, return-value]
    cut = len(reports) - args.new
    late_articles = {r.article_id for r in reports[cut:]}
    base = [r for r in reports[:cut] if r.article_id not in late_articles]
    new = [r for r in reports if r.article_id in late_articles]
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or f"sqlite:///{Path(tmp) / 'store.sqlite'}"
        with Store.open(db) as store:
            t0 = time.perf_counter()
            _store(store, base)
            print(f"store: {len(base)} reports written in {time.perf_counter() - t0:.1f} s ({store.name})")
            t0 = time.perf_counter()
            n = rc.recluster(store)
            print(f"full recluster of {len(base)} reports: {time.perf_counter() - t0:.1f} s, {n} clusters")
            _store(store, new)
            loaded: list[int] = []
            original = rc._partners

            def counted(*a: Any, **k: Any) -> list[Report] | None:
                found = original(*a, **k)
                loaded.append(len(found) if found is not None else -1)
                return found

            rc._partners = counted  # type: ignore[assignment]
            t0 = time.perf_counter()
            written = rc.recluster_new(store)
            seconds = time.perf_counter() - t0
            rc._partners = original  # type: ignore[assignment]
            fell_back = bool(loaded) and loaded[-1] < 0
            read = sum(n for n in loaded if n >= 0)
            print(f"incremental, {len(new)} new reports: {seconds:.2f} s; {read} stored reports read in "
                  f"{len(loaded)} expansion(s); {written} clusters written"
                  + ("; fell back to a full pass (the scope passed MAX_SCOPE_SHARE of the store)" if fell_back else ""))
            after_incremental = _members(store)
            t0 = time.perf_counter()
            total = rc.recluster(store)
            print(f"full recluster of {len(base) + len(new)} reports: {time.perf_counter() - t0:.1f} s, {total} clusters")
            same = _members(store) == after_incremental
            print(f"incremental = full: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
