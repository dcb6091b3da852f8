"""Reports -> one flat row (a tuple) per report that the pair comparison reads fast.

Reports are put in report_id order first: every later step (blocking, linkage, ids) works on
these indices, which is what makes the result independent of the input order. A report that
cannot be compared (no date, no coordinates, a value outside its domain) is kept with the
reason and becomes a singleton; it never stops the run.
"""

from __future__ import annotations

import itertools
import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple, cast

from ..errors import InputError
from .actors import actor_key
from .lexicon import Lexicon
from .records import Report
from .rules import DedupRules
from .text import Tokenizer

log = logging.getLogger(__name__)

STATUS_GROUPS = {"reported": 0, "claimed": 0, "denied": 0, "threatened": 1, "historical": 2}
"""Reports merge only within a group. A claim and a denial are accounts of the same current
event as a plain report; a threat is not the act threatened; background is not news."""

PRECISIONS = (None, 1, 2, 3)


def unmergeable_reason(report: Report, rules: DedupRules | None = None) -> str | None:
    """Why this report can never join another one (it stays a singleton), or None."""
    rules = rules or DedupRules()
    if report.status not in STATUS_GROUPS:
        return f"unknown status {report.status!r}"
    if report.event_date is None:
        return "no event date"
    if report.latitude is None or report.longitude is None:
        return "no coordinates"
    if not (math.isfinite(report.latitude) and -90.0 <= report.latitude <= 90.0):
        return f"latitude {report.latitude} is not in -90..90"
    if not (math.isfinite(report.longitude) and -180.0 <= report.longitude <= 180.0):
        return f"longitude {report.longitude} is not in -180..180"
    if report.time_precision not in PRECISIONS:
        return f"time_precision {report.time_precision!r} is not 1, 2 or 3"
    if report.geo_precision not in PRECISIONS:
        return f"geo_precision {report.geo_precision!r} is not 1, 2 or 3"
    end = report.event_date_end or report.event_date
    if end < report.event_date:
        return f"event_date_end {end} is before event_date {report.event_date}"
    if (end - report.event_date).days > rules.max_range_days:
        return f"a date range of {(end - report.event_date).days + 1} days is a tally, not one event"
    if report.geo_precision == 3 and not report.iso3:
        return "a coarse place (geo_precision 3) with no iso3 cannot be compared"
    if report.event_type is None and not report.plover_type:
        return "neither an ACLED event type nor a PLOVER type"
    return None


def type_groups(lexicon: Lexicon) -> dict[str, str]:
    """Event type -> the name of its group of mutually reachable compatible types. Reports in
    different groups are never compared, so blocking can keep them in separate buckets."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for pair in lexicon.compatible_types:
        a, b = sorted(pair)
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {t: find(t) for t in parent}


class Row(NamedTuple):
    """What the pair comparison reads of one report (a tuple: fast to reach in the hot loop)."""

    article: int  # interned article_id
    status: int  # STATUS_GROUPS value
    days: int  # date tolerance
    day0: int  # date ordinals
    day1: int
    mid: float  # the middle of the date range
    coarse: bool  # geo_precision 3: compared by country/admin1, not by distance
    iso: int  # interned iso3; -1 when unknown
    admin1: int  # interned (iso3, admin1); -1 when unknown
    km: float  # radius; 0.0 for a coarse place
    lat: float
    lon: float
    cos: float  # cos(latitude)
    kind: int  # interned (event_type, sub_event_type, plover_type if no event_type)
    actors: int  # interned (actor1 side, actor2 side)
    profile: int  # interned (kind, actors)
    words: tuple[int, ...]  # interned content words
    root: float  # sqrt(len(words))


@dataclass
class Prepared:
    """One row per report, in report_id order, and the tables the rows' codes point into."""

    reports: list[Report]
    rows: list[Row | None] = field(default_factory=list)  # None: cannot be compared
    unmergeable: dict[int, str] = field(default_factory=dict)
    block: list[str] = field(default_factory=list)  # blocking key: status group + type group
    kinds: list[tuple[str | None, str | None, str]] = field(default_factory=list)  # kind code -> types
    actor_pairs: list[tuple[str | None, str | None]] = field(default_factory=list)  # actors code -> sides
    profiles: list[tuple[int, int]] = field(default_factory=list)  # profile code -> (kind, actors)
    vocabulary: list[str] = field(default_factory=list)  # word id -> word


def prepare(reports: Iterable[Report], rules: DedupRules, lexicon: Lexicon) -> Prepared:
    items = list(reports)
    for n, r in enumerate(items):
        if not isinstance(r, Report):
            raise InputError(f"report #{n}", f"expected a frontwire.dedup.Report, got {type(r).__name__}")
    items.sort(key=lambda r: r.report_id)
    for a, b in itertools.pairwise(items):
        if a.report_id == b.report_id:
            raise InputError(f"report {a.report_id}", "the same report_id appears twice in the input")
    p = Prepared(reports=items, rows=[None] * len(items), block=[""] * len(items))
    groups = type_groups(lexicon)
    tokenizer = Tokenizer(lexicon)
    isos: dict[str, int] = {}
    admins: dict[tuple[str, str], int] = {}
    articles: dict[str, int] = {}
    kinds: dict[tuple[str | None, str | None, str], int] = {}
    actor_pairs: dict[tuple[str | None, str | None], int] = {}
    profiles: dict[tuple[int, int], int] = {}
    vocab: dict[str, int] = {}
    shared: dict[object, object] = {}  # one object for equal day numbers and block keys
    # Rows are built in date order (their indices stay in report_id order): the blocking scan
    # runs in date order, and rows made one after another sit together in memory.
    for i in sorted(range(len(items)), key=lambda k: (items[k].event_date or date.max, k)):
        r = items[i]
        family = f"acled:{groups.get(r.event_type, r.event_type)}" if r.event_type else f"plover:{r.plover_type}"
        block = f"{STATUS_GROUPS.get(r.status, -1)}|{family}"
        p.block[i] = cast(str, shared.setdefault(block, block))
        reason = unmergeable_reason(r, rules)
        if reason is not None:
            p.unmergeable[i] = reason
            # Missing dates or places and multi-month tallies are normal news; a bad value is not.
            normal = reason in ("no event date", "no coordinates") or "is a tally" in reason
            (log.debug if normal else log.warning)("report %s stays a singleton: %s", r.report_id, reason)
            continue
        assert r.event_date is not None and r.latitude is not None and r.longitude is not None
        day0 = r.event_date.toordinal()
        day0 = cast(int, shared.setdefault(day0, day0))
        day1 = (r.event_date_end or r.event_date).toordinal()
        day1 = cast(int, shared.setdefault(day1, day1))
        radius = rules.km_for(r.geo_precision)
        words = sorted(vocab.setdefault(w, len(vocab)) for w in tokenizer.words(r.text or ""))
        type_key = (r.event_type, r.sub_event_type, "" if r.event_type else r.plover_type)
        sides = (actor_key(r.actor1, lexicon), actor_key(r.actor2, lexicon))
        kind = kinds.setdefault(type_key, len(kinds))
        actors = actor_pairs.setdefault(sides, len(actor_pairs))
        iso3 = r.iso3.upper() if r.iso3 else None
        p.rows[i] = Row(
            article=articles.setdefault(r.article_id, len(articles)),
            status=STATUS_GROUPS[r.status],
            days=rules.days_for(r.time_precision),
            day0=day0,
            day1=day1,
            mid=(day0 + day1) / 2,
            coarse=radius is None,
            iso=isos.setdefault(iso3, len(isos)) if iso3 else -1,
            admin1=admins.setdefault((iso3, r.admin1.casefold()), len(admins)) if r.admin1 and iso3 else -1,
            km=radius or 0.0,
            lat=r.latitude,
            lon=r.longitude,
            cos=math.cos(math.radians(r.latitude)),
            kind=kind,
            actors=actors,
            profile=profiles.setdefault((kind, actors), len(profiles)),
            words=tuple(words),
            root=math.sqrt(len(words)),
        )
    p.kinds = list(kinds)
    p.actor_pairs = list(actor_pairs)
    p.profiles = list(profiles)
    p.vocabulary = list(vocab)
    return p
