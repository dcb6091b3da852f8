"""Deduplicate the store: stored reports -> frontwire.dedup -> clusters, merges (why).

`recluster_new` (after each ingest batch) re-clusters only what the new reports touch: the
connected components, of the pairs at or above the linkage threshold, that hold a new report.
Linkage works component by component, so those components' clusters are all that can change;
the others are neither read nor rewritten. The components are found by expansion: the stored
reports that could pair with the new ones (date ranges within the widest date tolerance, the
same country or within the widest radius) are loaded, the components recomputed, and the
partners of every member not yet expanded loaded in turn, until none is left: then each member
has all its partners loaded and the components are whole. The result is the same as
`recluster` over the whole store (tests/test_incremental_dedup.py draws arrival orders and
batches and compares), and cluster ids are kept the same way (earlier ids passed in). A new id
that another cluster of the store already holds (a hash collision) falls back to `recluster`.

Where the new reports touch much of the store (dense coverage chains pairs into components that
span weeks), expanding would read more than a full pass: past MAX_SCOPE_SHARE of the store,
`recluster_new` runs `recluster`. `recluster` re-clusters every stored report (`frontwire dedup
--full`). Either result replaces the old one in one transaction.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

from ..dedup import DedupRules, Report, cluster_reports
from ..dedup.cluster import components
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


def _rows(clusters: list[Any], merges: list[Any], reports: dict[str, Report]) -> tuple[
        list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """The store rows of a deduplication result."""
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
    return cluster_rows, member_rows, merge_rows


def recluster(store: Store) -> int:
    """Cluster every stored report; returns the number of clusters."""
    reports = {r.report_id: r for r in (report_of(e) for e in store.iter_reports())}
    clusters, merges = cluster_reports(reports.values(), store.cluster_ids())
    store.replace_clusters(*_rows(clusters, merges, reports))
    return len(clusters)


# When the reports to re-cluster would exceed this share of the store (MIN_SCOPE at least), the
# whole store is re-clustered instead: dense coverage chains pairs into components that span
# weeks (benchmarks/incremental_dedup.py), and one full pass is then cheaper than expanding.
MAX_SCOPE_SHARE = 0.2
MIN_SCOPE = 5000


# How far apart two pairable reports' dates can lie: the widest date tolerance, and a partner's
# range (a range longer than max_range_days is a tally and never pairs).
def _reach(rules: DedupRules) -> tuple[int, int]:
    return max(rules.day_tolerance.values()), rules.max_range_days


def _partners(store: Store, frontier: list[Report], rules: DedupRules, limit: int) -> list[Report] | None:
    """The stored reports that could pair with one of `frontier`: dated within the widest
    tolerance of its range, in its country or within the widest radius of it (a superset: the
    comparator's gates decide). None when there are more than `limit` of them."""
    from sqlalchemy import ColumnElement, and_, func, or_, select

    from ..store import schema as t

    tolerance, longest = _reach(rules)
    dated = [r for r in frontier if r.event_date is not None]
    if not dated:
        return []
    lo = min(r.event_date for r in dated if r.event_date) - timedelta(days=tolerance + longest)
    hi = max((r.event_date_end or r.event_date) for r in dated if r.event_date) + timedelta(days=tolerance)
    c = t.reports.c
    place: list[ColumnElement[bool]] = []
    isos = sorted({r.iso3 for r in dated if r.iso3})
    if isos:
        place.append(c.iso3.in_(isos))
    points = [(r.latitude, r.longitude) for r in dated if r.latitude is not None and r.longitude is not None]
    if points:
        margin = max(rules.km_radius.values()) / 111.0 + 0.01
        lat_lo, lat_hi = min(p[0] for p in points) - margin, max(p[0] for p in points) + margin
        lon_lo, lon_hi = min(p[1] for p in points) - margin, max(p[1] for p in points) + margin
        if max(abs(lat_lo), abs(lat_hi)) < 80 and lon_hi - lon_lo < 300:  # a box that means something
            wide = 1 / max(0.05, math.cos(math.radians(max(abs(lat_lo), abs(lat_hi)))))
            lon_lo, lon_hi = lon_lo - margin * (wide - 1), lon_hi + margin * (wide - 1)
            place.append(and_(c.latitude.between(lat_lo, lat_hi), c.longitude.between(lon_lo, lon_hi)))
        else:
            place = []  # near the poles or across the date line: the date window alone
    # A partner's range ends after the window opens (event_date_end has no index; the bound on
    # event_date lets the date index do the scan).
    where = and_(c.event_date >= lo.isoformat(), c.event_date <= hi.isoformat(),
                 func.coalesce(c.event_date_end, c.event_date) >= (lo + timedelta(days=longest)).isoformat())
    if place:
        where = and_(where, or_(*place))
    with store.engine.connect() as conn:
        if conn.execute(select(func.count()).select_from(t.reports).where(where)).scalar_one() > limit:
            return None
    return [report_of(e) for e in store.iter_reports(where)]


def recluster_new(store: Store, rules: DedupRules | None = None) -> int:
    """Cluster the reports stored since the last deduplication with what they touch (module
    docstring); returns the number of clusters written."""
    rules = rules or DedupRules()
    new_ids = store.unclustered_ids()
    if not new_ids:
        return 0
    limit = max(MIN_SCOPE, int(MAX_SCOPE_SHARE * store.count()["reports"]))
    reports = {r.report_id: r for r in (report_of(e) for e in store.reports_of(new_ids))}
    new, expanded = set(new_ids), set[str]()
    while True:
        touched = [c for c in components(reports.values(), rules=rules) if new.intersection(c)]
        frontier = [reports[i] for c in touched for i in c if i not in expanded]
        if not frontier:
            break
        found = _partners(store, frontier, rules, limit - len(reports))
        if found is None:  # the new reports touch much of the store: one full pass is cheaper
            return recluster(store)
        for partner in found:
            reports.setdefault(partner.report_id, partner)
        expanded.update(r.report_id for r in frontier)
    scope = {i: reports[i] for c in touched for i in c}
    previous = store.cluster_ids_of(i for i in scope if i not in new)
    clusters, merges = cluster_reports(scope.values(), previous, rules=rules)
    fresh = [c.cluster_id for c in clusters if c.cluster_id not in set(previous.values())]
    if store.taken_cluster_ids(fresh):
        return recluster(store)  # a new id clashes with a cluster outside the scope
    store.replace_some_clusters(set(previous.values()), scope, *_rows(clusters, merges, scope))
    return len(clusters)
