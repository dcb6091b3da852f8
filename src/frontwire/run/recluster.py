"""Deduplicate the store: every stored report -> frontwire.dedup -> clusters, merges (why).

Recomputed over the whole store after each ingest; earlier cluster ids are passed in, so a
cluster keeps its id when new reports join it. The result replaces the old one in one
transaction.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..dedup import Report, cluster_reports
from ..model import Event
from ..store import Store


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def report_of(e: Event) -> Report:
    return Report(
        report_id=e.event_id, article_id=e.article_id, source=e.source, published=_date(e.published),
        event_date=_date(e.event_date), event_date_end=_date(e.event_date_end), time_precision=e.time_precision,
        latitude=e.latitude, longitude=e.longitude, geo_precision=e.geo_precision, iso3=e.iso3, admin1=e.admin1,
        event_type=e.event_type, sub_event_type=e.sub_event_type, plover_type=e.plover_type,
        actor1=e.actor1, actor2=e.actor2, fatalities=e.fatalities, status=e.status,
        text=" ".join(ev.text for ev in e.evidence),
    )


def recluster(store: Store) -> int:
    """Cluster every stored report; returns the number of clusters."""
    reports = {r.report_id: r for r in (report_of(e) for e in store.iter_reports())}
    clusters, merges = cluster_reports(reports.values(), store.cluster_ids())
    cluster_rows: list[dict[str, Any]] = []
    member_rows: list[dict[str, Any]] = []
    of_report: dict[str, str] = {}
    for c in clusters:
        rep = reports[c.representative_id]
        cluster_rows.append({
            "cluster_id": c.cluster_id, "representative_id": c.representative_id, "n_reports": len(c.report_ids),
            "fatalities": c.fatalities, "fatalities_rule": c.fatalities_rule,
            "event_date": rep.event_date.isoformat() if rep.event_date else None, "event_type": rep.event_type,
            "sub_event_type": rep.sub_event_type, "actor1": rep.actor1, "actor2": rep.actor2, "iso3": rep.iso3,
            "latitude": rep.latitude, "longitude": rep.longitude, "status": rep.status,
        })
        for rid in c.report_ids:
            member_rows.append({"event_id": rid, "cluster_id": c.cluster_id})
            of_report[rid] = c.cluster_id
    merge_rows = [{"event_id": m.report_id, "cluster_id": of_report[m.report_id], "matched_event_id": m.matched_report_id,
                   "score": m.score, "reasons": dict(m.reasons)} for m in merges]
    store.replace_clusters(cluster_rows, member_rows, merge_rows)
    return len(clusters)
