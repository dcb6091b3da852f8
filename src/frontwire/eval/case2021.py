"""CASE 2021 shared task 2 (fine-grained event classification of news snippets).

Gold format: a TSV with a header row `id  EventSnippet  SubType`, one snippet per line, the label
one of the 25 ACLED sub-event types (ARMED_CLASH, AIR_STRIKE, ...) or one of the 5 non-event
classes (MAN_MADE_DISASTER, NATURAL_DISASTER, DIPLO, ORG_CRIME, ATTRIB).

Metric, as the task's scorer (Haneczok et al., CASE 2021) defines its headline figure: scikit-learn
style weighted F1 over the 25 ACLED labels, i.e. `f1_score(gold, pred, labels=ACLED_25,
average="weighted")`. Every snippet takes part: a snippet of a non-event class predicted as an
ACLED type is a false positive of that type; an ACLED snippet predicted as anything else (another
type, "NONE", a non-event class) is a false negative of its type; a non-event snippet predicted
as "NONE" or as a non-event class costs nothing. Each class's F1 is weighted by its gold support,
so the non-event classes carry no weight. frontwire never predicts the non-event classes by name:
it says "NONE" when it finds no ACLED event. Reported as a percentage.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..extract.taxonomy import load_taxonomy
from ..model import Article, Event
from .metrics import Scores, score

if TYPE_CHECKING:
    from ..pipeline import Extractor

HEADER = ("id", "EventSnippet", "SubType")


@dataclass(frozen=True)
class Case2021Item:
    id: str
    text: str
    label: str  # gold CASE label


@dataclass(frozen=True)
class Case2021Report:
    n_items: int
    weighted_f1: float  # percent, over the 25 ACLED labels weighted by gold support
    macro_f1: float  # percent, unweighted mean over the 25 ACLED labels
    micro_f1: float  # percent, over the 25 ACLED labels
    accuracy: float  # percent, over all items and all labels (a non-event item is right if "NONE")
    scores: Scores  # per-class precision / recall / F1 / support (fractions)
    seconds: float


def read_case2021(path: Path) -> list[Case2021Item]:
    """Read a CASE 2021 task 2 TSV. Raises InputError naming the line of a malformed row."""
    taxonomy = load_taxonomy()
    known = set(taxonomy.case_labels) | set(taxonomy.non_event_labels)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(str(path), f"cannot read: {err}") from err
    if not lines or tuple(c.strip() for c in lines[0].split("\t")) != HEADER:
        raise InputError(str(path), f"line 1: expected the header {chr(9).join(HEADER)!r}")
    items: list[Case2021Item] = []
    seen: set[str] = set()
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != 3:
            raise InputError(str(path), f"line {number}: expected 3 tab-separated fields, got {len(cells)}")
        item_id, text, label = (c.strip() for c in cells)
        if not item_id or not text:
            raise InputError(str(path), f"line {number}: empty id or snippet")
        if label not in known:
            raise InputError(str(path), f"line {number}: unknown label {label!r}")
        if item_id in seen:
            raise InputError(str(path), f"line {number}: duplicate id {item_id!r}")
        seen.add(item_id)
        items.append(Case2021Item(item_id, text, label))
    return items


def score_predictions(items: Sequence[Case2021Item], predictions: Sequence[str], seconds: float = 0.0
                      ) -> Case2021Report:
    """Score predicted labels (one per item, same order) with the task metric."""
    taxonomy = load_taxonomy()
    scores = score([i.label for i in items], list(predictions), taxonomy.case_labels)
    return Case2021Report(
        n_items=len(items),
        weighted_f1=100 * scores.weighted_f1,
        macro_f1=100 * scores.macro_f1,
        micro_f1=100 * scores.micro_f1,
        accuracy=100 * scores.accuracy,
        scores=scores,
        seconds=seconds,
    )


def snippet_label(events: Sequence[Event]) -> str:
    """The CASE label of a snippet from the events the extractor found in it: the sub-type of
    its first current ACLED event (a report leads with its news), "NONE" when there is none.
    Background (historical) events count only when nothing else was found."""
    taxonomy = load_taxonomy()
    coded = [e for e in events if e.sub_event_type]
    current = [e for e in coded if e.status != "historical"] or coded
    return taxonomy.sub_type(current[0].sub_event_type).case2021 if current and current[0].sub_event_type \
        else taxonomy.none_label


def predict(items: Sequence[Case2021Item], extractor: Extractor) -> list[str]:
    """frontwire's label for each snippet: the whole extractor (parse, triggers, modality,
    discourse assembly), not the trigger stage alone, so the figure is the extractor's."""
    # Snippets are read as they are: the English-language and size checks of ingest are for
    # files, and the organisers' snippets are English by construction.
    articles = (Article(f"case2021-{i.id}", i.text, published=None, origin=f"case2021:{i.id}") for i in items)
    labels: list[str] = []
    for _article, result in extractor.extract_many(articles):
        labels.append(snippet_label(result) if isinstance(result, list) else load_taxonomy().none_label)
    return labels


def evaluate(items: Sequence[Case2021Item], extractor: Extractor, predictions_out: Path | None = None
             ) -> Case2021Report:
    """Classify every snippet and score it; optionally write `id<TAB>label` predictions."""
    started = time.perf_counter()
    predictions = predict(items, extractor)
    elapsed = time.perf_counter() - started
    if predictions_out is not None:
        predictions_out.write_text(
            "".join(f"{i.id}\t{p}\n" for i, p in zip(items, predictions, strict=True)), encoding="utf-8")
    return score_predictions(items, predictions, elapsed)


def format_report(report: Case2021Report) -> str:
    """A plain-text table: one row per ACLED class, then the summary figures."""
    taxonomy = load_taxonomy()
    width = max(len(label) for label in taxonomy.case_labels)
    lines = [f"{'label':<{width}}  {'prec':>6} {'rec':>6} {'F1':>6} {'gold':>5} {'pred':>5}"]
    for row in report.scores.per_class:
        lines.append(f"{row.label:<{width}}  {100 * row.precision:6.1f} {100 * row.recall:6.1f} "
                     f"{100 * row.f1:6.1f} {row.support:5d} {row.predicted:5d}")
    lines.append("")
    lines.append(f"weighted F1 (25 ACLED labels): {report.weighted_f1:.1f}")
    lines.append(f"macro F1: {report.macro_f1:.1f}   micro F1: {report.micro_f1:.1f}   "
                 f"accuracy (30 classes + NONE): {report.accuracy:.1f}")
    lines.append(f"{report.n_items} snippets in {report.seconds:.1f} s")
    return "\n".join(lines)
