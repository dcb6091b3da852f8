"""The cluster's death toll and its representative report.

Toll rule. Every report keeps its own figure (the store stores them); the cluster shows one:

1. Only reports that give a toll count (fatalities > 0). In the v1 record 0 means "no figure
   given" as well as "none died", and a follow-up article that does not repeat the toll must
   not wipe it out.
2. Among them, those an outlet states itself (status "reported") are preferred; a party's
   claim or the figure in a denial is used only when no outlet gives its own, since claims
   about the enemy's losses are the least conservative figures in conflict reporting.
3. Among those, the reports published last (an unknown publication date counts as the
   earliest): tolls are revised upward over the days after an event as bodies are found and
   the wounded die, so the latest reports are the most complete.
4. Among those, the lowest figure (ties: the smallest report_id): ACLED keeps the most
   conservative credible figure, and outlets on the same day disagree mostly by including
   unconfirmed deaths.

So 12, 13 and 15 dead on three consecutive publication days give 15; 13 and 15 on the same
last day give 13; a later article that gives no toll changes nothing.

Representative: the report with the most precise place, then the most precise date, then an
outlet's own statement (reported before claimed or denied), then the latest publication, then
the smallest report_id - the report whose fields best stand for the event on a map.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from .records import Report

_STATUS_RANK = {"reported": 0, "claimed": 1, "denied": 2}


def _published(r: Report) -> date:
    return r.published or date.min


def cluster_toll(reports: Sequence[Report]) -> tuple[int, str]:
    """(fatalities, one-line rule) for the reports of one cluster."""
    counted = [r for r in reports if r.fatalities > 0]
    if not counted:
        return 0, "0: no report in the cluster gives a death toll"
    own = [r for r in counted if r.status == "reported"]
    pool = own or counted
    last = max(_published(r) for r in pool)
    latest = [r for r in pool if _published(r) == last]
    chosen = min(latest, key=lambda r: (r.fatalities, r.report_id))
    when = f"published {chosen.published.isoformat()}" if chosen.published else "publication date unknown"
    where = f"{chosen.source}, {when}" if chosen.source else when
    if len(reports) == 1:
        return chosen.fatalities, f"{chosen.fatalities} from {chosen.report_id} ({where}): the only report"
    figures = ", ".join(str(f) for f in sorted(r.fatalities for r in counted))
    whose = "an outlet's own figure" if own else "a party's claim (no outlet gives its own figure)"
    return chosen.fatalities, (
        f"{chosen.fatalities} from {chosen.report_id} ({where}): the lowest of the {len(latest)} "
        f"report(s) with a toll published last, {whose}; all tolls in the cluster: {figures}")


def representative(reports: Sequence[Report]) -> Report:
    """The report whose fields the cluster shows (see the module docstring)."""
    return min(reports, key=lambda r: (
        r.geo_precision or 4, r.time_precision or 4, _STATUS_RANK.get(r.status, 3),
        -_published(r).toordinal(), r.report_id))
