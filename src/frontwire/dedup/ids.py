"""Cluster ids that survive re-runs.

- A new cluster is named "c" + the first 12 hex digits of the SHA-1 of its smallest report_id:
  the same reports give the same id whatever the input order, on any machine (no Python hash).
- With `previous` (report_id -> cluster_id of an earlier run), a cluster that contains reports
  with previous ids keeps the smallest of those ids, so adding reports never renames a cluster
  and two clusters that a new report joins keep the older-sorting id.
- When an earlier cluster is split now, only one part can keep its id: the part holding most of
  its reports (ties: the part with the smallest report_id); the other part takes its own next
  previous id, or a new one. Ids are settled in the order of the previous ids, so the result
  is the same for any input order.
- A new id never reuses an id of `previous` (a user's link to an old cluster must not silently
  point at a different event); on such a clash, or a clash between two new ids, a longer hash
  and then a counter make it unique.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence


def new_id(smallest_report_id: str, digits: int = 12) -> str:
    return "c" + hashlib.sha1(smallest_report_id.encode("utf-8")).hexdigest()[:digits]


def assign_ids(clusters: Sequence[Sequence[str]], previous: Mapping[str, str]) -> list[str]:
    """One id per cluster (each a sorted sequence of report_ids), in the same order."""
    ids: list[str | None] = [None] * len(clusters)
    holders: defaultdict[str, list[tuple[int, str, int]]] = defaultdict(list)
    for n, members in enumerate(clusters):
        counts = Counter(previous[r] for r in members if r in previous)
        for old, count in counts.items():
            first = min(r for r in members if previous.get(r) == old)
            holders[old].append((-count, first, n))
    for old in sorted(holders):
        waiting = [h for h in holders[old] if ids[h[2]] is None]
        if waiting:
            ids[min(waiting)[2]] = old
    taken = set(previous.values())
    taken.update(i for i in ids if i is not None)
    for n, members in enumerate(clusters):
        if ids[n] is not None:
            continue
        candidate = new_id(members[0])
        if candidate in taken:
            longer = candidate = new_id(members[0], 40)
            k = 2
            while candidate in taken:
                candidate = f"{longer}-{k}"
                k += 1
        taken.add(candidate)
        ids[n] = candidate
    return [i for i in ids if i is not None]
