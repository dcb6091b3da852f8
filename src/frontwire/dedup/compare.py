"""Is a pair of reports one event? Gates, then a score.

Gates (any failing one means "never the same event", whatever the text says):
  - not from the same article (the extractor already separated its events);
  - the same status group (reported/claimed/denied; threatened; historical);
  - dates: the two date ranges lie within the wider tolerance of the two (DedupRules);
  - place: within the wider radius of the two; when either is coarse (geo_precision 3), the
    same iso3 and, when both carry one, the same admin1;
  - type: the same ACLED event type, or a pair in dedup/compatible_types.csv; PLOVER-only
    reports (no ACLED type) only with PLOVER-only reports of the same plover_type;
  - actors: not contradicting (frontwire.dedup.actors).
Then the weighted closeness score of DedupRules. `score` is the fast path used on every
candidate pair; `explain` gives the same score with the reasons kept in a `Merge`.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable
from typing import cast

from .actors import actor_agreement
from .lexicon import Lexicon
from .prepare import Prepared, Row
from .rules import DedupRules

KM_PER_DEGREE = 111.195  # mean Earth radius 6371.0 km * pi / 180

GONE = -1.0  # the score of a pair that fails a gate


class Comparator:
    """Scores pairs of prepared reports. Type and actor verdicts depend only on the pair of
    codes, so they are worked out once per pair of codes and memoised for the run."""

    def __init__(self, prepared: Prepared, rules: DedupRules, lexicon: Lexicon) -> None:
        self.p = prepared
        self.rows = prepared.rows
        self.rules = rules
        self.compatible = lexicon.compatible_types
        self._types: dict[tuple[int, int], tuple[float, str] | None] = {}
        self._structure: dict[int, float] = {}
        self._by_profile: dict[int, dict[int, float]] = {}  # the same, by one profile then the other
        self._actors: dict[tuple[int, int], tuple[float, str] | None] = {}

    def type_agreement(self, a: int, b: int) -> tuple[float, str] | None:
        """(closeness, reason) for two kind codes, or None when the types are incompatible."""
        key = (a, b) if a <= b else (b, a)
        if key not in self._types:
            self._types[key] = self._type(*key)
        return self._types[key]

    def _type(self, a: int, b: int) -> tuple[float, str] | None:
        (ti, si, pi), (tj, sj, pj) = self.p.kinds[a], self.p.kinds[b]
        if ti is None or tj is None:
            if ti is None and tj is None and pi == pj:
                return self.rules.type_same_plover, f"same PLOVER type ({pi}), no ACLED type"
            return None
        if ti == tj:
            if si is not None and si == sj:
                return self.rules.type_same_sub, f"same sub-event type ({si})"
            return self.rules.type_same_type, f"same event type ({ti}), sub-event types {si} / {sj}"
        if frozenset((ti, tj)) in self.compatible:
            return self.rules.type_compatible, f"compatible event types ({ti} / {tj})"
        return None

    def actor_agreement(self, a: int, b: int) -> tuple[float, str] | None:
        """(closeness, reason) for two actor-pair codes, or None when they contradict."""
        key = (a, b) if a <= b else (b, a)
        if key not in self._actors:
            (a1, a2), (b1, b2) = self.p.actor_pairs[key[0]], self.p.actor_pairs[key[1]]
            self._actors[key] = actor_agreement(a1, a2, b1, b2)
        return self._actors[key]

    def structure(self, a: int, b: int) -> float:
        """The weighted type + actor part of the score for two profile codes, GONE when the
        types are incompatible or the actors contradict (memoised: profiles repeat a lot)."""
        n = len(self.p.profiles)
        key = a * n + b if a <= b else b * n + a
        part = self._structure.get(key)
        if part is None:
            (ka, aa), (kb, ab) = self.p.profiles[a], self.p.profiles[b]
            kind, actors = self.type_agreement(ka, kb), self.actor_agreement(aa, ab)
            r = self.rules
            part = GONE if kind is None or actors is None else r.weight_type * kind[0] + r.weight_actors * actors[0]
            self._structure[key] = part
        return part

    def score(self, i: int, j: int) -> float:
        """The pair's score in 0..1, or GONE when a gate fails (or either report cannot be
        compared). The same code as the blocking's hot loop, for one pair."""
        if self.rows[i] is None or self.rows[j] is None:
            return GONE
        left: array[int] = array("q")
        right: array[int] = array("q")
        scores: array[float] = array("d")
        self.scan(i, ((j,),), False, -math.inf, left, right, scores)
        return scores[0] if scores else GONE

    def scan(self, i: int, buckets: Iterable[Iterable[int]], once: bool, floor: float,
             left: array[int], right: array[int], scores: array[float]) -> None:
        """Score report i against every report j in `buckets` (comparable reports only; each j
        once when `once`: a report with a date range sits in several), appending
        (min(i, j), max(i, j), score) for the pairs that pass the gates and score >= floor.

        This is the hot loop of dedup (tens of millions of pairs for a million reports): it
        unpacks tuples into locals, takes the gates cheapest first, and reads the type and actor
        verdicts from a memo. Every part of the score is symmetric in i and j, bit for bit, and
        summed in a fixed order."""
        a = self.rows[i]
        if a is None:
            return
        rows = cast("list[Row]", self.rows)  # buckets hold comparable reports only
        r = self.rules
        w_text, w_date, w_place = r.weight_text, r.weight_date, r.weight_distance
        coarse_place = w_place * r.coarse_place_closeness
        (article, status, days, day0, day1, mid, coarse, iso, admin1, km, lat, lon, cos, _, _, profile,
         words, root) = a
        mine = set(words)
        seen: set[int] = set()
        structure = self._by_profile.get(profile)  # b's profile -> the type + actor part with a's
        if structure is None:
            structure = self._by_profile[profile] = {}
        for bucket in buckets:
            for j in bucket:
                if once:
                    if j in seen:
                        continue
                    seen.add(j)
                (b_article, b_status, b_days, b_day0, b_day1, b_mid, b_coarse, b_iso, b_admin1, b_km, b_lat,
                 b_lon, b_cos, _, _, b_profile, b_words, b_root) = rows[j]
                if b_article == article or b_status != status:
                    continue
                tolerance = days if days >= b_days else b_days  # noqa: FURB136 - max() is a call
                if b_day0 - day1 > tolerance or day0 - b_day1 > tolerance:
                    continue
                part = structure.get(b_profile)
                if part is None:
                    part = structure[b_profile] = self.structure(profile, b_profile)
                if part == GONE:
                    continue
                if coarse or b_coarse:
                    if iso < 0 or iso != b_iso or (admin1 >= 0 and b_admin1 >= 0 and admin1 != b_admin1):
                        continue
                    place = coarse_place
                else:
                    radius = km if km >= b_km else b_km  # noqa: FURB136 - as above
                    dlon = abs(lon - b_lon)
                    if dlon > 180.0:
                        dlon = 360.0 - dlon
                    x = dlon * (cos + b_cos) * 0.5
                    y = lat - b_lat
                    distance = KM_PER_DEGREE * math.sqrt(x * x + y * y)
                    if distance > radius:
                        continue
                    place = w_place * (1.0 - distance / radius)
                when = 1.0 - abs(mid - b_mid) / (tolerance + 1)
                when = when if when > 0.0 else 0.0  # noqa: FURB136 - max() is a call
                text = len(mine.intersection(b_words)) / (root * b_root) if root and b_root else 0.0
                score = part + place + w_date * when + w_text * text
                if score >= floor:
                    if j < i:
                        left.append(j)
                        right.append(i)
                    else:
                        left.append(i)
                        right.append(j)
                    scores.append(score)

    def km_apart(self, i: int, j: int) -> float:
        """Equirectangular distance: within 0.1% of the great-circle one at the 50 km scale."""
        a, b = self.rows[i], self.rows[j]
        assert a is not None and b is not None
        dlon = abs(a.lon - b.lon)
        if dlon > 180.0:
            dlon = 360.0 - dlon
        x = dlon * (a.cos + b.cos) * 0.5
        return KM_PER_DEGREE * math.sqrt(x * x + (a.lat - b.lat) ** 2)

    def explain(self, i: int, j: int) -> tuple[float, dict[str, float | str]]:
        """The same score as `score` and why, for a pair of comparable reports."""
        a, b = self.rows[i], self.rows[j]
        if a is None or b is None:
            raise ValueError(f"report #{i if a is None else j} cannot be compared")
        score = self.score(i, j)
        reasons: dict[str, float | str] = {}
        gap = max(b.day0 - a.day1, a.day0 - b.day1, 0)
        reasons["days_apart"] = gap
        if a.day0 != a.day1 or b.day0 != b.day1:
            reasons["dates"] = "date ranges overlap" if gap == 0 else f"date ranges {gap} days apart"
        if a.coarse or b.coarse:
            same_admin1 = a.admin1 >= 0 and a.admin1 == b.admin1
            reasons["place"] = ("coarse place (geo_precision 3): same admin1" if same_admin1
                                else "coarse place (geo_precision 3): same country")
        else:
            reasons["km_apart"] = round(self.km_apart(i, j), 1)
        kind = self.type_agreement(a.kind, b.kind)
        reasons["type"] = kind[1] if kind else "incompatible types"
        actors = self.actor_agreement(a.actors, b.actors)
        reasons["actors"] = actors[1] if actors else "contradicting actors"
        ri, rj = self.p.reports[i], self.p.reports[j]
        if ri.status != rj.status:
            reasons["status"] = f"{ri.status} / {rj.status}"
        shared = set(a.words).intersection(b.words)
        reasons["text_similarity"] = round(len(shared) / (a.root * b.root), 3) if shared else 0.0
        reasons["shared_words"] = " ".join(sorted(self.p.vocabulary[w] for w in shared)[:12])
        if score == GONE:
            reasons["verdict"] = "fails a gate"
        return score, reasons
