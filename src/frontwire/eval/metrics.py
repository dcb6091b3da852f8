"""Classification metrics: per-class precision, recall, F1 and support; weighted and macro F1.

Defined as scikit-learn's `precision_recall_fscore_support(gold, pred, labels=LABELS)` (no
dependency on it): for a class c, TP = gold c and predicted c; FP = predicted c, gold not c;
FN = gold c, predicted not c. Only the classes in `labels` are scored, but every item takes part,
so an item whose gold label is outside `labels` still counts as a false positive for the class it
was predicted as. A 0/0 ratio is 0. Weighted F1 weights each class's F1 by its gold support.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ClassScore:
    label: str
    precision: float
    recall: float
    f1: float
    support: int  # gold items of this class
    predicted: int  # items predicted as this class


@dataclass(frozen=True)
class Scores:
    per_class: tuple[ClassScore, ...]
    weighted_f1: float
    macro_f1: float
    micro_f1: float  # over the scored labels only
    accuracy: float  # over all items, every label


def _ratio(num: float, den: float) -> float:
    return num / den if den else 0.0


def score(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> Scores:
    """Scores of `pred` against `gold` (same length) over the classes in `labels`."""
    if len(gold) != len(pred):
        raise ValueError(f"gold has {len(gold)} labels, predictions {len(pred)}")
    tp: Counter[str] = Counter()
    n_pred: Counter[str] = Counter(pred)
    n_gold: Counter[str] = Counter(gold)
    for g, p in zip(gold, pred, strict=True):
        if g == p:
            tp[g] += 1
    rows = []
    for label in labels:
        prec = _ratio(tp[label], n_pred[label])
        rec = _ratio(tp[label], n_gold[label])
        rows.append(ClassScore(label, prec, rec, _ratio(2 * prec * rec, prec + rec), n_gold[label], n_pred[label]))
    total_support = sum(row.support for row in rows)
    weighted = _ratio(sum(row.f1 * row.support for row in rows), total_support)
    macro = _ratio(sum(row.f1 for row in rows), len(rows))
    all_tp = sum(tp[label] for label in labels)
    micro_p = _ratio(all_tp, sum(n_pred[label] for label in labels))
    micro_r = _ratio(all_tp, total_support)
    micro = _ratio(2 * micro_p * micro_r, micro_p + micro_r)
    accuracy = _ratio(sum(1 for g, p in zip(gold, pred, strict=True) if g == p), len(gold))
    return Scores(tuple(rows), weighted, macro, micro, accuracy)
