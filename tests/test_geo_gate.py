"""Quality gate for place resolution: accuracy within 161 km on the LGL and GeoVirus dev sets
must not fall below the floors in eval_baseline.json (raised when the method improves, never
lowered quietly). About 100 s together, most of it spaCy parsing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import SHARED
from frontwire.eval.geo import evaluate_geo, format_geo_report, read_geo_corpus
from frontwire.geo.gazetteer import Gazetteer

BASELINE = Path(__file__).resolve().parents[1] / "eval_baseline.json"


@pytest.mark.parametrize(("key", "name"), [("geo_lgl_dev", "lgl.xml"), ("geo_geovirus_dev", "GeoVirus.xml")])
def test_quality_gate_geo(nlp, key: str, name: str) -> None:  # type: ignore[no-untyped-def]
    corpus = SHARED / "eval" / "geo" / name
    if not corpus.exists():
        pytest.skip(f"{corpus} not found (shared/eval sits beside the checkout)")
    floor = json.loads(BASELINE.read_text(encoding="utf-8"))[key]["accuracy_161_floor"]
    with Gazetteer.open() as gaz:
        report = evaluate_geo(read_geo_corpus(corpus), nlp, gaz)
    assert report.resolution.accuracy_161 >= floor, format_geo_report(report)
