"""Cross-source deduplication: reports of one event from different articles -> one cluster.

    clusters, merges = cluster_reports(reports, previous={report_id: cluster_id, ...})

Pure: plain records in, plain records out; no database, no I/O besides the packaged data files
(compatible_types.csv, text.yaml, actor_sides.yaml, and ontology/actors.yaml's name templates).

How two reports become one event (details and reasons in each module's docstring):

- Gates (frontwire.dedup.compare): never from the same article; the same status group
  (reported/claimed/denied together; threatened only with threatened; historical only with
  historical); dates within +-1 day (+-7 for time_precision 2, +-31 for 3; date ranges count by
  their overlap); places within 25 km (50 km for geo_precision 2; precision 3: same iso3 and,
  when both have one, the same admin1); the same ACLED event type or a compatible pair from
  compatible_types.csv (PLOVER-only reports only with the same plover_type); actors that do not
  contradict (swapped roles are fine, two different states' forces as actor1 are not). Reports
  with no date or no coordinates are never merged.
- Score (frontwire.dedup.rules, where the reasons for the numbers are): 0.45 text similarity
  (set cosine of content words) + 0.15 date closeness + 0.15 distance closeness + 0.15 type
  agreement + 0.10 actor agreement. Structure alone (0.55 at most) never merges: the texts
  must share something.
- Clusters (frontwire.dedup.linkage): a pair at >= 0.6 proposes a join, best first; the join
  needs every cross pair through the gates and >= 0.45 (complete linkage at a low bar) and a
  mean cross score >= 0.55 (average linkage), so chains do not glue unrelated events.
- Toll (frontwire.dedup.toll): among the reports with a toll, preferring outlets' own figures,
  those published last; of them the lowest figure.
- Ids (frontwire.dedup.ids): "c" + 12 hex of SHA-1 of the smallest report_id, or the smallest
  previous id of the cluster's reports.
- Speed (frontwire.dedup.blocking): buckets by (day, grid cell) or (day, country / admin1),
  scanned in date order; linear in the number of reports at a given density of news
  (benchmarks/dedup_speed.py: ~3,000 reports/s on one core; `workers=2` forks a second scan).
"""

from __future__ import annotations

from .cluster import cluster_reports
from .prepare import unmergeable_reason
from .records import Cluster, Merge, Report
from .rules import DedupRules

__all__ = ["Cluster", "DedupRules", "Merge", "Report", "cluster_reports", "unmergeable_reason"]
