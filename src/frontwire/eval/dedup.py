"""Deduplication against hand-labelled multi-outlet coverage (tests/data/dedup): reader and scorer.

Formats (tests/data/dedup/README.md):
  * ARTICLES/NAME.txt: header lines (`URL:`, `OUTLET:`, `PUBLISHED:`, `INCIDENT:`), a line
    `---`, then the body (read as `frontwire ingest` reads a .txt with a header).
  * GOLD/*.json: `{"incidents": [{"id", "date", "place", "latitude", "longitude", "what",
    "articles": [NAME.txt, ...]}], "look_alikes": [{"a", "b", "why"}]}`. Every article belongs
    to exactly one incident; look-alikes are incidents a careless system would merge.

Scoring, pairwise over articles (the usual measure of entity resolution):
  * Each article is extracted with its own publication date; all records are clustered together
    by `frontwire.dedup.cluster_reports`, as the store would.
  * An article's report OF ITS INCIDENT is its current ACLED record (event type set, not
    background) dated within DATE_SLACK_DAYS of the incident's day and placed within RADIUS_KM
    of it (REGION_RADIUS_KM at region precision): the nearest, then the closest in date. An
    article with none is `unplaced` (an extraction or geocoding miss, not a dedup decision).
  * Two articles are predicted the same incident when their reports are in one cluster. Gold
    pairs: two articles of one incident. P, R and F1 over all pairs of articles, and again over
    the pairs of placed articles only (the dedup decisions alone).
  * Look-alike pairs: pairs of articles of two incidents listed as look-alikes, and how many of
    them were merged (each one a wrong merge the set was built to catch).
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..model import Article, Event, Skipped

if TYPE_CHECKING:
    from ..dedup import DedupRules
    from ..pipeline import Extractor

DATE_SLACK_DAYS = 2
RADIUS_KM = 50.0
REGION_RADIUS_KM = 150.0


@dataclass(frozen=True)
class Incident:
    id: str
    day: date
    latitude: float
    longitude: float
    what: str
    articles: tuple[str, ...]


@dataclass(frozen=True)
class DedupCorpus:
    articles: dict[str, Article]  # file name -> article (metadata from its header)
    incidents: tuple[Incident, ...]
    look_alikes: tuple[tuple[str, str], ...]

    def incident_of(self) -> dict[str, Incident]:
        return {name: i for i in self.incidents for name in i.articles}


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InputError(where, f"expected a number, got {value!r}")
    return float(value)


def read_dedup_corpus(articles_dir: Path, gold_dir: Path) -> DedupCorpus:
    """Every gold file of `gold_dir` with the articles it names; InputError naming the file and
    the incident at the first problem."""
    from ..ingest.files import read_file

    gold_paths = sorted(gold_dir.glob("*.json"))
    if not gold_paths:
        raise InputError(str(gold_dir), "no gold files (*.json)")
    incidents: list[Incident] = []
    look_alikes: list[tuple[str, str]] = []
    articles: dict[str, Article] = {}
    for path in gold_paths:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
            raise InputError(str(path), f"cannot read: {err}") from err
        for n, raw in enumerate(data.get("incidents") or []):
            where = f"{path.name}: incident {raw.get('id', n)!r}"
            try:
                day = date.fromisoformat(str(raw["date"]))
                names = tuple(str(a) for a in raw["articles"])
                incident = Incident(str(raw["id"]), day, _number(raw["latitude"], where),
                                    _number(raw["longitude"], where), str(raw.get("what", "")), names)
            except (KeyError, TypeError, ValueError) as err:
                raise InputError(where, f"expected id, date, latitude, longitude and articles: {err}") from None
            for name in names:
                if name in articles:
                    raise InputError(where, f"{name} belongs to two incidents")
                item = read_file(articles_dir / name, "text", None, 5_000_000)
                if isinstance(item, Skipped):
                    raise InputError(item.source, item.reason)
                articles[name] = item
            incidents.append(incident)
        for pair in data.get("look_alikes") or []:
            look_alikes.append((str(pair["a"]), str(pair["b"])))
    known = {i.id for i in incidents}
    if len(known) != len(incidents):
        raise InputError(str(gold_dir), "an incident id is used twice")
    for a, b in look_alikes:
        if a not in known or b not in known:
            raise InputError(str(gold_dir), f"look-alike ({a}, {b}) names an incident no gold file has")
    return DedupCorpus(articles, tuple(incidents), tuple(look_alikes))


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def report_of_incident(events: Sequence[Event], incident: Incident) -> Event | None:
    """The article's record of its incident (module docstring), or None."""
    best: tuple[float, int, Event] | None = None
    for e in events:
        if not e.event_type or e.status == "historical" or not e.event_date:
            continue
        start = date.fromisoformat(e.event_date)
        end = date.fromisoformat(e.event_date_end) if e.event_date_end else start
        gap = max(0, (start - incident.day).days, (incident.day - end).days)
        if gap > DATE_SLACK_DAYS or e.latitude is None or e.longitude is None:
            continue
        km = _km(e.latitude, e.longitude, incident.latitude, incident.longitude)
        if km > (REGION_RADIUS_KM if (e.geo_precision or 1) >= 3 else RADIUS_KM):
            continue
        if best is None or (km, gap) < (best[0], best[1]):
            best = (km, gap, e)
    return best[2] if best else None


@dataclass
class DedupReport:
    articles: int = 0
    incidents: int = 0
    unplaced: list[str] = field(default_factory=list)
    tp: int = 0
    fp: int = 0
    fn: int = 0
    placed_tp: int = 0
    placed_fp: int = 0
    placed_fn: int = 0
    look_alike_pairs: int = 0
    look_alike_merged: list[tuple[str, str]] = field(default_factory=list)
    missed: list[tuple[str, str]] = field(default_factory=list)  # gold pairs not merged
    wrong: list[tuple[str, str]] = field(default_factory=list)  # merged pairs of two incidents

    @staticmethod
    def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def all_pairs(self) -> tuple[float, float, float]:
        return self._prf(self.tp, self.fp, self.fn)

    def placed_pairs(self) -> tuple[float, float, float]:
        return self._prf(self.placed_tp, self.placed_fp, self.placed_fn)


def score_dedup(corpus: DedupCorpus, events: dict[str, list[Event]], rules: DedupRules | None = None) -> DedupReport:
    """Cluster every article's records together (with `rules`, the default ones unless given)
    and score the pairs (module docstring)."""
    from ..dedup import cluster_reports
    from ..run.recluster import report_of

    owner = corpus.incident_of()
    mine = {name: report_of_incident(events.get(name, []), owner[name]) for name in corpus.articles}
    every = [e for name in corpus.articles for e in events.get(name, [])]
    clusters, _ = cluster_reports((report_of(e) for e in every), rules=rules)
    cluster_of = {rid: c.cluster_id for c in clusters for rid in c.report_ids}
    report = DedupReport(articles=len(corpus.articles), incidents=len(corpus.incidents),
                         unplaced=sorted(n for n, e in mine.items() if e is None))
    alike = {frozenset(p) for p in corpus.look_alikes}
    for a, b in itertools.combinations(sorted(corpus.articles), 2):
        gold = owner[a].id == owner[b].id
        ea, eb = mine[a], mine[b]
        placed = ea is not None and eb is not None
        merged = placed and cluster_of[ea.event_id] == cluster_of[eb.event_id]  # type: ignore[union-attr]
        if gold and merged:
            report.tp += 1
            report.placed_tp += 1
        elif gold:
            report.fn += 1
            report.missed.append((a, b))
            if placed:
                report.placed_fn += 1
        elif merged:
            report.fp += 1
            report.placed_fp += 1
            report.wrong.append((a, b))
        if frozenset((owner[a].id, owner[b].id)) in alike:
            report.look_alike_pairs += 1
            if merged:
                report.look_alike_merged.append((a, b))
    return report


def evaluate_dedup(corpus: DedupCorpus, extractor: Extractor) -> DedupReport:
    names = list(corpus.articles)
    events: dict[str, list[Event]] = {}
    for name, (_article, result) in zip(names, extractor.extract_many(corpus.articles[n] for n in names),
                                        strict=True):
        events[name] = [] if isinstance(result, Skipped) else list(result)
    return score_dedup(corpus, events)


def format_dedup_report(report: DedupReport) -> str:
    p, r, f = report.all_pairs()
    pp, pr, pf = report.placed_pairs()
    lines = [
        f"{report.articles} articles of {report.incidents} incidents; {len(report.unplaced)} without a record of "
        "their incident (date and place): " + (", ".join(report.unplaced) or "none"),
        f"all pairs:    P={p:.2f} R={r:.2f} F1={f:.2f}  (tp={report.tp} fp={report.fp} fn={report.fn})",
        f"placed pairs: P={pp:.2f} R={pr:.2f} F1={pf:.2f}  (tp={report.placed_tp} fp={report.placed_fp} "
        f"fn={report.placed_fn}): the dedup decisions alone",
        f"look-alike pairs merged: {len(report.look_alike_merged)} of {report.look_alike_pairs}",
    ]
    lines += [f"  missed: {a} ~ {b}" for a, b in report.missed]
    lines += [f"  wrong:  {a} ~ {b}" for a, b in report.wrong]
    return "\n".join(lines)
