"""An outlet's locale (frontwire.geo.outlets): learnt from its other reports, heard as a prior."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from frontwire.geo import Gazetteer, find_toponym_spans, geoparse, resolve_toponyms
from frontwire.geo.outlets import MIN_REPORTS, areas_named, by_outlet, leave_one_out, outlet_locale

INDIANA = ("USA", "Indiana")


@pytest.fixture(scope="module")
def gaz(built_gazetteer: Path) -> Gazetteer:
    return Gazetteer.open(built_gazetteer, build=False)


def test_an_area_enters_the_locale_when_enough_reports_name_it() -> None:
    reports = [frozenset({INDIANA}), frozenset({INDIANA, ("FRA", "")}), frozenset({INDIANA}), frozenset()]
    locale = outlet_locale(reports)
    assert locale == {INDIANA: 0.75}  # France: one report of four, under MIN_SHARE
    assert outlet_locale(reports[:MIN_REPORTS - 1]) == {}  # too few reports to say anything


def test_a_report_does_not_hear_its_own_names() -> None:
    reports = [*[frozenset({INDIANA})] * 4, frozenset({("USA", "Ohio")})]
    own = leave_one_out(reports)
    assert own[4] == {INDIANA: 1.0}  # Ohio is named by this report only: not in its locale
    assert own[0] == {INDIANA: 3 / 4}  # (Ohio: one of the four others, under MIN_SHARE)
    # grouped by outlet: a report without one, or of another outlet, hears nothing of these
    sources = ["Banner"] * 5 + [None, "Gazette"]
    locales = by_outlet(sources, [*reports, frozenset({INDIANA}), frozenset({INDIANA})])
    assert locales[4] == {INDIANA: 1.0} and locales[5] == {} and locales[6] == {}


def test_the_locale_picks_the_outlets_namesake(nlp: Any, gaz: Gazetteer) -> None:
    doc = nlp("Lebanon schedules its spring clean-up. Residents may leave old furniture at the curb.")
    spans = find_toponym_spans(doc, gaz)
    alone = resolve_toponyms(doc, spans, gaz)
    assert alone[0].place is not None and alone[0].place.iso3 == "LBN"  # a country named alone
    local = resolve_toponyms(doc, spans, gaz, locale={INDIANA: 0.8})
    assert local[0].place is not None and (local[0].place.iso3, local[0].place.admin1) == INDIANA


def test_what_the_report_says_outweighs_the_locale(nlp: Any, gaz: Gazetteer) -> None:
    doc = nlp("The band from Lebanon, Pennsylvania, played in Paris, France, on its tour.")
    found = {t.span.text: t.place for t in geoparse(doc, gaz, locale={INDIANA: 1.0})}
    assert found["Lebanon"] is not None and (found["Lebanon"].iso3, found["Lebanon"].admin1) == ("USA", "Pennsylvania")
    assert found["Paris"] is not None and found["Paris"].iso3 == "FRA"


def test_areas_named_by_a_report(nlp: Any, gaz: Gazetteer) -> None:
    doc = nlp("Police in Indianapolis and officials in France disagreed.")
    assert areas_named(geoparse(doc, gaz)) == {INDIANA, ("FRA", "")}


def test_geoparse_many_learns_each_outlets_locale_from_the_run(nlp: Any, gaz: Gazetteer) -> None:
    from frontwire.model import Article
    from frontwire.pipeline import Extractor

    extractor = Extractor(nlp=nlp, gazetteer=gaz)
    texts = ["Crews repaired a water main in Indianapolis on Monday.",
             "The school board of Fort Wayne approved a new budget.",
             "A bridge near Evansville reopened after repairs.",
             "Lebanon schedules its spring clean-up for next week."]
    articles = [Article(f"b{i}", t, source="Banner") for i, t in enumerate(texts)]
    articles.append(Article("x", texts[-1]))  # no outlet: no locale

    def lebanon(outlets: bool) -> dict[str, tuple[str | None, str | None]]:
        return {a.article_id: (t.place.iso3, t.place.admin1) for a, tops in
                extractor.geoparse_many(articles, outlets=outlets) for t in tops
                if t.span.text == "Lebanon" and t.place is not None}

    assert lebanon(True) == {"b3": INDIANA, "x": ("LBN", None)}
    assert lebanon(False) == {"b3": ("LBN", None), "x": ("LBN", None)}
