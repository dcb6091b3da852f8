"""cluster_reports: reports of one event from different articles -> one cluster, with reasons.

The steps, each in its own module:
  prepare   reports in report_id order, flattened into rows; unusable ones set aside
  blocking  candidate pairs from neighbouring (day, grid cell / country) buckets
  compare   gates and score for each candidate pair
  linkage   greedy average linkage with a complete-linkage veto
  toll      the cluster's death toll and representative report
  ids       cluster ids stable across runs
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping

from ..errors import InputError
from .blocking import candidate_pairs
from .compare import Comparator
from .ids import assign_ids
from .lexicon import load_lexicon
from .linkage import find_root, link
from .prepare import prepare
from .records import Cluster, Merge, Report
from .rules import DedupRules
from .toll import cluster_toll, representative

log = logging.getLogger(__name__)


def cluster_reports(reports: Iterable[Report], previous: Mapping[str, str] | None = None, *,
                    rules: DedupRules | None = None, workers: int = 1) -> tuple[list[Cluster], list[Merge]]:
    """Group reports of the same event. Every report is in exactly one cluster (singletons
    too); every report of a cluster of two or more, except its representative, has one Merge
    that says which member it matched best and why.

    `previous` maps report_id -> cluster_id from an earlier run: clusters keep those ids (see
    frontwire.dedup.ids). `rules` overrides the default tolerances and thresholds. `workers` > 1
    scans candidate pairs in that many forked processes (Linux; the result is the same): use it
    from a command-line run, not from a threaded server, where forking is unsafe.
    Raises InputError for an item that is not a Report, a report_id given twice, or a
    `previous` that is not a mapping of strings. A report that cannot be compared (no date,
    no coordinates, a value out of range) is not an error: it stays a singleton.
    """
    rules = rules or DedupRules()
    rules.check()
    old = _check_previous(previous)
    lexicon = load_lexicon()
    prepared = prepare(reports, rules, lexicon)
    items = prepared.reports
    comparator = Comparator(prepared, rules, lexicon)
    left, right, scores = candidate_pairs(comparator, workers)
    linked = link(len(items), left, right, scores, rules)

    grouped = {i for cluster in linked for i in cluster.members}
    groups = [cluster.members for cluster in linked] + [(i,) for i in range(len(items)) if i not in grouped]
    groups.sort(key=lambda g: g[0])
    best = {i: b for cluster in linked for i, b in cluster.best.items()}
    ids = assign_ids([[items[i].report_id for i in g] for g in groups], old)

    clusters: list[Cluster] = []
    merges: list[Merge] = []
    for cluster_id, group in zip(ids, groups, strict=True):
        members = [items[i] for i in group]
        fatalities, rule = cluster_toll(members)
        rep = representative(members)
        clusters.append(Cluster(cluster_id, tuple(r.report_id for r in members), fatalities, rule, rep.report_id))
        for i in group:
            if items[i] is rep:
                continue
            partner, _, mean = best[i]
            score, reasons = comparator.explain(min(i, partner), max(i, partner))
            reasons["mean_score_in_cluster"] = round(mean, 4)
            merges.append(Merge(items[i].report_id, items[partner].report_id, round(score, 4), reasons))
    log.info("dedup: %d reports, %d candidate pairs, %d clusters (%d of two or more), %d left as singletons "
             "because they cannot be compared", len(items), len(scores), len(clusters), len(linked),
             len(prepared.unmergeable))
    return clusters, merges


def components(reports: Iterable[Report], *, rules: DedupRules | None = None) -> list[list[str]]:
    """The report_ids of each connected component of the pairs at or above the linkage
    threshold (linkage.link works on these: no cluster spans two, and a component's clusters
    depend only on its own reports). Reports in no such pair are components of one."""
    rules = rules or DedupRules()
    rules.check()
    lexicon = load_lexicon()
    prepared = prepare(reports, rules, lexicon)
    items = prepared.reports
    left, right, scores = candidate_pairs(Comparator(prepared, rules, lexicon))
    parent = list(range(len(items)))
    for a, b, s in zip(left, right, scores, strict=True):
        if s >= rules.threshold:
            ra, rb = find_root(parent, a), find_root(parent, b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[str]] = {}
    for i, report in enumerate(items):
        groups.setdefault(find_root(parent, i), []).append(report.report_id)
    return list(groups.values())


def _check_previous(previous: Mapping[str, str] | None) -> Mapping[str, str]:
    if previous is None:
        return {}
    if not isinstance(previous, Mapping):
        raise InputError("previous", f"expected a mapping report_id -> cluster_id, got {type(previous).__name__}")
    for key, value in previous.items():
        if not isinstance(key, str) or not isinstance(value, str) or not value:
            raise InputError("previous", f"entry {key!r}: {value!r} is not report_id (str) -> cluster_id (str)")
    return previous
