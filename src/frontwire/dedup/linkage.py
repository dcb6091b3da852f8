"""Candidate pairs -> clusters: greedy average linkage with a complete-linkage veto.

WHY not plain union-find over the pairs above the threshold: that is single linkage, and news
is full of chains - a strike in town A is like a report that names A and its neighbour B, which
is like a report of a different strike in B the next day; single linkage glues all three, and
in a busy front line a whole week. Here:

1. Pairs at or above `threshold` are taken best first (ties by report_id, so the result does
   not depend on input order). Each one proposes to join the two clusters its reports are in.
2. The join is made only if EVERY cross pair of the two clusters passes the gates and scores
   at least `floor` (complete linkage at a low bar: a cluster never holds two reports more
   than a radius or a date tolerance apart, from one article, of incompatible types, with
   contradicting actors, or with nothing else in common) and the MEAN score of the cross pairs
   reaches `mean_threshold` (average linkage: a report that is close to one member but far
   from the others does not get in through that one member).
3. So in a chain A~B, B~C where A and C cannot be one event, B joins whichever of A and C it
   scores higher with, and the third stays out. A refused join is remembered until one of the
   two clusters changes, so a large block costs at most one check per pair of clusters.

The work is split by the connected components of the above-threshold pairs (no cluster can
span two of them), so only one component's pair scores are in a dict at a time.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass

from .rules import DedupRules


@dataclass(frozen=True)
class Linked:
    """A cluster of two or more reports (indices) and, for each member, its best match in the
    cluster: member -> (matched member, pair score, mean score with the other members)."""

    members: tuple[int, ...]
    best: dict[int, tuple[int, float, float]]


def find_root(parent: list[int], x: int) -> int:
    root = x
    while parent[root] != root:
        root = parent[root]
    while parent[x] != root:
        parent[x], x = root, parent[x]
    return root


def link(n: int, left: array[int], right: array[int], scores: array[float], rules: DedupRules) -> list[Linked]:
    """Clusters of two or more of the n reports; reports in none of them are singletons."""
    parent = list(range(n))
    threshold = rules.threshold
    for a, b, s in zip(left, right, scores, strict=True):
        if s >= threshold:
            ra, rb = find_root(parent, a), find_root(parent, b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    root = array("q", (find_root(parent, x) for x in range(n)))
    # Pairs grouped by component with a counting sort into flat arrays: ten million pairs as
    # Python lists of ints would cost ~0.4 GB more.
    counts = array("q", bytes(8 * n))
    for a, b in zip(left, right, strict=True):
        if root[a] == root[b]:  # a != b, so this is a component of two or more
            counts[root[a]] += 1
    starts = array("q", bytes(8 * n))
    total = 0
    for x in range(n):
        starts[x] = total
        total += counts[x]
    grouped = array("q", bytes(8 * total))
    cursor = array("q", starts)
    for k, (a, b) in enumerate(zip(left, right, strict=True)):
        r = root[a]
        if r == root[b]:
            grouped[cursor[r]] = k
            cursor[r] += 1
    out: list[Linked] = []
    for r in range(n):
        if not counts[r]:
            continue
        pairs = grouped[starts[r]:starts[r] + counts[r]]
        local = {left[k] * n + right[k]: scores[k] for k in pairs}
        proposals = sorted((-scores[k], left[k], right[k]) for k in pairs if scores[k] >= threshold)
        out.extend(_link_component(n, local, proposals, rules.mean_threshold))
    return out


def _link_component(n: int, local: dict[int, float], proposals: list[tuple[float, int, int]],
                    mean_threshold: float) -> list[Linked]:
    cluster_of: dict[int, int] = {}
    members: dict[int, list[int]] = {}
    version: dict[int, int] = {}
    refused: set[tuple[int, int, int, int]] = set()
    for _, a, b in proposals:
        for x in (a, b):
            if x not in cluster_of:
                cluster_of[x] = x
                members[x] = [x]
                version[x] = 0
        ca, cb = cluster_of[a], cluster_of[b]
        if ca == cb:
            continue
        key = (ca, version[ca], cb, version[cb]) if ca < cb else (cb, version[cb], ca, version[ca])
        if key in refused:
            continue
        total = 0.0
        complete = True
        for x in members[ca]:
            for y in members[cb]:
                s = local.get(x * n + y if x < y else y * n + x)
                if s is None:
                    complete = False
                    break
                total += s
            if not complete:
                break
        if not complete or total / (len(members[ca]) * len(members[cb])) < mean_threshold:
            refused.add(key)
            continue
        keep, gone = (ca, cb) if len(members[ca]) >= len(members[cb]) else (cb, ca)
        for x in members[gone]:
            cluster_of[x] = keep
        members[keep].extend(members.pop(gone))
        version[keep] += 1
    out: list[Linked] = []
    for group in members.values():
        if len(group) < 2:
            continue
        group.sort()
        best: dict[int, tuple[int, float, float]] = {}
        for x in group:
            top, top_score, total = -1, -1.0, 0.0
            for y in group:
                if y == x:
                    continue
                s = local[x * n + y if x < y else y * n + x]
                total += s
                if s > top_score:
                    top, top_score = y, s
            best[x] = (top, top_score, total / (len(group) - 1))
        out.append(Linked(tuple(group), best))
    return out
