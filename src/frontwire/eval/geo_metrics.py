"""Geocoding and geotagging measures, as the geoparsing literature defines them.

Resolution (geocoding) is scored per gold toponym by the great-circle distance between the
gold and the predicted coordinates. A toponym left unresolved scores the largest possible
error, MAX_ERROR_KM = 20039 km (half the Earth's equatorial circumference), as in Gritta et al.
2018 ("What's missing in geographical parsing?", LRE 52) and the systems compared there:

  * accuracy@161: the share of toponyms with an error of at most 161 km (100 miles);
  * mean and median error in km;
  * AUC of the error curve: the errors scaled to [0, 1] by e -> log(1 + e) / log(20039),
    sorted ascending (y_0 <= ... <= y_{n-1}), and integrated with the trapezoidal rule over
    the unit interval:

        AUC = sum_{i=1}^{n-1} (y_{i-1} + y_i) / 2  /  (n - 1)

    (one toponym: AUC = y_0). 0 is perfect, 1 is every toponym unresolved; lower is better.
    The log scale keeps a 5 km error apart from a 50 km one while a wrong continent saturates.

Recognition (geotagging) is scored by span matching: exact (same offsets) or overlap (the spans
share a character; each gold and each predicted span matched at most once, left to right).
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius, as geopy's great_circle uses
MAX_ERROR_KM = 20039.0  # the error of an unresolved toponym (Gritta et al. 2018)
ACCURACY_KM = 161.0  # 100 miles: the customary "correct" threshold


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in decimal degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def auc(errors_km: Sequence[float]) -> float:
    """AUC of the log error curve (module docstring); 0.0 for no errors at all."""
    if not errors_km:
        return 0.0
    scale = math.log(MAX_ERROR_KM)
    ys = sorted(min(1.0, math.log1p(max(0.0, e)) / scale) for e in errors_km)
    if len(ys) == 1:
        return ys[0]
    return sum((a + b) / 2 for a, b in itertools.pairwise(ys)) / (len(ys) - 1)


@dataclass(frozen=True)
class ErrorStats:
    """Resolution figures over a set of gold toponyms."""

    n: int
    accuracy_161: float  # percent
    mean_km: float
    median_km: float
    auc: float  # 0..1, lower is better
    unresolved: int  # toponyms the resolver gave no place (scored MAX_ERROR_KM)


def error_stats(errors_km: Sequence[float], unresolved: int = 0) -> ErrorStats:
    """Accuracy@161 (percent), mean, median and AUC of `errors_km` (unresolved already in it as
    MAX_ERROR_KM; `unresolved` is only carried through for the report)."""
    if not errors_km:
        return ErrorStats(0, 0.0, 0.0, 0.0, 0.0, unresolved)
    within = sum(1 for e in errors_km if e <= ACCURACY_KM)
    return ErrorStats(
        n=len(errors_km),
        accuracy_161=100 * within / len(errors_km),
        mean_km=statistics.fmean(errors_km),
        median_km=float(statistics.median(errors_km)),
        auc=auc(errors_km),
        unresolved=unresolved,
    )


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 in percent, with the counts they come from."""

    tp: int
    n_pred: int
    n_gold: int
    precision: float
    recall: float
    f1: float


def prf(tp: int, n_pred: int, n_gold: int) -> PRF:
    p = 100 * tp / n_pred if n_pred else 0.0
    r = 100 * tp / n_gold if n_gold else 0.0
    return PRF(tp, n_pred, n_gold, p, r, 2 * p * r / (p + r) if p + r else 0.0)


def match_spans(gold: Sequence[tuple[int, int]], pred: Sequence[tuple[int, int]], exact: bool
                ) -> list[tuple[int, int]]:
    """One-to-one matches (gold index, predicted index). Exact: same offsets. Overlap: the
    spans share at least one character; the earliest unmatched overlapping gold span wins, so a
    predicted "Springfield, Illinois" matches one of the gold "Springfield" and "Illinois"."""
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    by_gold = sorted(range(len(gold)), key=lambda i: gold[i])
    for j in sorted(range(len(pred)), key=lambda k: pred[k]):
        ps, pe = pred[j]
        for i in by_gold:
            if i in used:
                continue
            gs, ge = gold[i]
            if (gs, ge) == (ps, pe) if exact else (gs < pe and ps < ge):
                pairs.append((i, j))
                used.add(i)
                break
    return pairs
