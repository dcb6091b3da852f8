"""Another romanisation of a name the index lacks as written: "Hodeidah" is GeoNames' "Hodeida"
(Al Hudaydah, Yemen). Tried only when the name as written finds nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

from frontwire.geo.cues import respelled
from frontwire.model import Article
from frontwire.pipeline import Extractor
from frontwire.settings import Options


def test_respelled_endings() -> None:
    assert respelled("Hodeidah") == ["Hodeida"]
    assert respelled("Qalqilia") == ["Qalqiliah"]
    assert respelled("Gaza") == [] and respelled("Utah") == []  # short last words are left alone
    assert respelled("Wadi Hadramah") == ["Wadi Hadrama"]


def test_a_town_written_another_way_is_placed(nlp: Any) -> None:
    text = "Air strikes hit a fish market in Hodeidah on Thursday, killing 12 people, medics said."
    [event] = Extractor(Options.from_env()).extract(Article("t", text, published=date(2018, 8, 3)))
    assert (event.iso3, event.geo_precision) == ("YEM", 1) and event.location and "udaydah" in event.location
