from __future__ import annotations

import json
from pathlib import Path

import pytest

from frontwire.errors import InputError
from frontwire.eval.case2021 import Case2021Item, evaluate, format_report, read_case2021, score_predictions
from frontwire.eval.metrics import score
from frontwire.pipeline import Extractor

SHARED = Path(__file__).resolve().parents[2] / "shared"  # as in conftest.py

DEV = SHARED / "eval" / "case2021" / "task2_dev.tsv"
BASELINE = Path(__file__).resolve().parents[1] / "eval_baseline.json"
HEADER = "id\tEventSnippet\tSubType\n"


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "gold.tsv"
    path.write_text(body, encoding="utf-8")
    return path


def test_read_case2021(tmp_path: Path) -> None:
    path = _write(tmp_path, HEADER + "7\tRebels shelled the town.\tART_MISS_ATTACK\r\n"
                                     "9\tA flood hit the valley.\tNATURAL_DISASTER\r\n")
    assert read_case2021(path) == [
        Case2021Item("7", "Rebels shelled the town.", "ART_MISS_ATTACK"),
        Case2021Item("9", "A flood hit the valley.", "NATURAL_DISASTER"),
    ]


@pytest.mark.parametrize(("body", "message"), [
    ("id\ttext\tlabel\n1\tx\tARREST\n", "line 1: expected the header"),
    (HEADER + "1\tPolice arrested two men.\tARREST\n2\tno label here\n", "line 3: expected 3 tab-separated fields, got 2"),
    (HEADER + "1\tPolice arrested two men.\tARRESTS\n", "line 2: unknown label 'ARRESTS'"),
    (HEADER + "1\tx\tARREST\n1\ty\tARREST\n", "line 3: duplicate id '1'"),
])
def test_read_case2021_names_the_bad_line(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_case2021(_write(tmp_path, body))


def test_metrics_match_sklearn_weighted_f1() -> None:
    # sklearn: f1_score(gold, pred, labels=["A", "B"], average="weighted") == 0.5556 (X is outside
    # the labels but its wrong "A" prediction still costs A precision).
    scores = score(["A", "A", "B", "X"], ["A", "B", "B", "A"], ["A", "B"])
    a, b = scores.per_class
    assert (a.precision, a.recall, a.f1, a.support, a.predicted) == (0.5, 0.5, 0.5, 2, 2)
    assert (b.precision, b.recall, round(b.f1, 4), b.support) == (0.5, 1.0, 0.6667, 1)
    assert round(scores.weighted_f1, 4) == 0.5556
    assert round(scores.macro_f1, 4) == 0.5833
    assert scores.accuracy == 0.5


def test_non_event_classes_cost_nothing_when_predicted_none() -> None:
    items = [Case2021Item("1", "t", "ARREST"), Case2021Item("2", "t", "DIPLO"), Case2021Item("3", "t", "ATTRIB")]
    assert score_predictions(items, ["ARREST", "NONE", "NONE"]).weighted_f1 == 100.0
    assert round(score_predictions(items, ["ARREST", "ARREST", "NONE"]).weighted_f1, 1) == 66.7


@pytest.fixture(scope="module")
def extractor(nlp) -> Extractor:  # type: ignore[no-untyped-def]
    return Extractor(nlp=nlp)


def test_evaluate_writes_predictions(extractor: Extractor, tmp_path: Path) -> None:
    items = [
        Case2021Item("a1", "Police fired tear gas and water cannon to disperse protesters in the capital.",
                     "PROTEST_WITH_INTER"),
        Case2021Item("a2", "A grenade was hurled at a police patrol, wounding three officers.", "GRENADE"),
        Case2021Item("a3", "Heavy rain caused floods across the province.", "NATURAL_DISASTER"),
    ]
    out = tmp_path / "pred.tsv"
    report = evaluate(items, extractor, out)
    assert out.read_text(encoding="utf-8") == "a1\tPROTEST_WITH_INTER\na2\tGRENADE\na3\tNONE\n"
    assert report.weighted_f1 == 100.0
    table = format_report(report)
    assert "weighted F1 (25 ACLED labels): 100.0" in table
    assert table.splitlines()[1].startswith("ARMED_CLASH")


def test_quality_gate_case2021_dev(extractor: Extractor) -> None:
    """Fails when weighted F1 on the CASE 2021 dev set drops below the floor in eval_baseline.json."""
    if not DEV.exists():
        pytest.skip(f"CASE 2021 dev set not found at {DEV} (shared/eval sits beside the checkout)")
    floor = json.loads(BASELINE.read_text(encoding="utf-8"))["case2021_task2_dev"]["weighted_f1_floor"]
    items = read_case2021(DEV)
    assert len(items) == 516
    report = evaluate(items, extractor)
    assert report.weighted_f1 >= floor, format_report(report)
