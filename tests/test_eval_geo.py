"""Geoparsing gold readers (LGL, TR-News, GeoVirus, GeoWebNews), the geocoding measures, and
`evaluate_geo` end to end on small fixture files of our own (tests/data/geo/).

The end-to-end test needs the gazetteer: built once per module into a temporary directory
(about 30 s), or the index under $FRONTWIRE_DATA when that is set (never the user's own).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from frontwire.errors import InputError
from frontwire.eval.geo import (
    TOP_SKIPPED,
    GeoDoc,
    GoldToponym,
    _count_recognition,
    evaluate_geo,
    format_geo_report,
    read_geo_corpus,
)
from frontwire.eval.geo_metrics import (
    EARTH_RADIUS_KM,
    MAX_ERROR_KM,
    auc,
    error_stats,
    haversine_km,
    match_spans,
    prf,
)
from frontwire.geo import Gazetteer
from frontwire.model import Place, Span, Toponym

GEO = Path(__file__).parent / "data" / "geo"


# --- readers ------------------------------------------------------------------------------


def test_read_lgl() -> None:
    docs = read_geo_corpus(GEO / "lgl_sample.xml")
    assert [(d.docid, d.repaired, d.dropped) for d in docs] == [("1001", 0, 0), ("1002", 0, 0)]
    assert docs[0].text.startswith("Shelling hit Kharkiv on Tuesday night")
    kharkiv = GoldToponym(13, 20, "Kharkiv", 49.98081, 36.25272, 706483, "P", "PPLA")
    assert docs[0].toponyms == [
        kharkiv,
        GoldToponym(96, 104, "Saltivka", None, None),  # no <gaztag>: no coordinates
        GoldToponym(133, 140, "Kharkiv", 49.98081, 36.25272, 706483, "P", "PPLA"),
    ]
    assert docs[1].toponyms == [
        GoldToponym(13, 24, "Springfield", 39.80172, -89.64371, 4250542, "P", "PPLA"),
        GoldToponym(26, 34, "Illinois", 40.00032, -89.25037, 4896861, "A", "ADM1"),
    ]
    assert all(d.text[t.start:t.end] == t.phrase for d in docs for t in d.toponyms)


def test_read_trnews_phrase_before_offsets() -> None:
    (doc,) = read_geo_corpus(GEO / "trnews_sample.xml")
    assert doc.docid == "2001"
    assert doc.toponyms == [
        GoldToponym(0, 6, "Syrian", 35.0, 38.0, 163843, "A", "PCLI"),
        GoldToponym(57, 63, "Aleppo", 36.20124, 37.16117, 170063, "P", "PPLA"),
    ]


def test_read_geovirus_repairs_one_late_offsets_and_nested_locations() -> None:
    docs = read_geo_corpus(GEO / "geovirus_sample.xml")
    # No docid: the article's index. Every offset is one character late, as in the published file.
    assert [(d.docid, d.repaired, d.dropped) for d in docs] == [("0", 2, 0), ("1", 1, 0)]
    assert docs[0].toponyms == [
        GoldToponym(20, 26, "Aleppo", 36.2, 37.16),  # nested inside the <location> of Syria
        GoldToponym(79, 84, "Syria", 35.0, 38.0),
    ]
    assert docs[1].toponyms == [GoldToponym(35, 42, "Kharkiv", 49.99, 36.23)]


def test_read_geowebnews() -> None:
    (doc,) = read_geo_corpus(GEO / "gwn_sample.xml")
    assert doc.docid == "0"
    assert doc.toponyms == [
        GoldToponym(0, 5, "Irish", 53.0, -8.0, 2963597, locational=False, kind="Non_Literal_Modifier"),
        GoldToponym(27, 31, "town", None, None, kind="Literal_Expression"),
        GoldToponym(72, 76, "Goma", -1.67409, 29.22845, 217831, kind="Literal"),
        GoldToponym(78, 86, "Kinshasa", -4.32758, 15.31357, None, kind="Metonymic"),
    ]
    assert [t.is_name for t in doc.toponyms] == [False, False, True, True]


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "gold.xml"
    path.write_text(body, encoding="utf-8")
    return path


def _lgl(text: str, toponym: str) -> str:
    return (f'<articles><article docid="7"><text><![CDATA[{text}]]></text><toponyms>{toponym}</toponyms>'
            "</article></articles>")


def test_byte_offsets_are_repaired_and_lost_phrases_dropped(tmp_path: Path) -> None:
    text = "Officials in Kyiv’s Podilskyi district said drones struck Odesa overnight."
    # Byte offsets: the curly apostrophe is three bytes, so Odesa starts two bytes late.
    start = len(text[:text.index("Odesa")].encode("utf-8"))
    body = _lgl(text, f"<toponym><start>{start}</start><end>{start + 5}</end><phrase>Odesa</phrase></toponym>"
                      "<toponym><start>13</start><end>17</end><phrase>Lviv</phrase></toponym>")
    (doc,) = read_geo_corpus(_write(tmp_path, body))
    assert (doc.repaired, doc.dropped) == (1, 1)
    assert doc.toponyms == [GoldToponym(58, 63, "Odesa", None, None)]
    assert doc.text[58:63] == "Odesa"


@pytest.mark.parametrize(("body", "message"), [
    ("<articles><article docid='7'><text>x</text>", "cannot read as XML"),
    ("<corpus><article/></corpus>", "root element <corpus>, expected <articles>"),
])
def test_a_file_that_is_no_corpus_is_refused(tmp_path: Path, body: str, message: str) -> None:
    path = _write(tmp_path, body)
    with pytest.raises(InputError) as info:
        read_geo_corpus(path)
    assert info.value.source == str(path)
    assert message in info.value.reason


def _span(start: str, end: str, phrase: str = "Aleppo", gaztag: str = "") -> str:
    return f"<toponym><start>{start}</start><end>{end}</end><phrase>{phrase}</phrase>{gaztag}</toponym>"


# One bad span each, then why it is skipped; the offsets of Aleppo (0, 6) fit the text.
BAD_SPANS = [
    (_span("x", "6"), "<start> is not an integer: 'x'"),
    (_span("6", "2"), "bad or missing <start>/<end> (6, 2)"),
    (_span("-3", "3"), "bad or missing <start>/<end> (-3, 3)"),
    (_span("", "6"), "bad or missing <start>/<end> (None, 6)"),
    (_span("0", "6", gaztag="<gaztag geonameid='170063'><lat>36.2</lat></gaztag>"),
     "a latitude without a longitude or the reverse"),
    (_span("0", "6", gaztag="<gaztag geonameid='170063'><lat>north</lat><lon>37.1</lon></gaztag>"),
     "<gaztag/lat> is not a number: 'north'"),
    (_span("0", "6", gaztag="<gaztag geonameid='170063'><lat>nan</lat><lon>37.1</lon></gaztag>"),
     "coordinates out of range (nan, 37.1)"),
    (_span("0", "6", gaztag="<gaztag geonameid='170063'><lat>137.2</lat><lon>37.1</lon></gaztag>"),
     "coordinates out of range (137.2, 37.1)"),
    (_span("0", "6", gaztag="<gaztag geonameid='Aleppo'><lat>36.2</lat><lon>37.1</lon></gaztag>"),
     "<gaztag@geonameid> is not an integer: 'Aleppo'"),
]


@pytest.mark.parametrize(("span", "reason"), BAD_SPANS)
def test_a_malformed_span_is_skipped_and_named(tmp_path: Path, span: str, reason: str) -> None:
    good = _span("11", "18", "shelled", "<gaztag><lat>36.2</lat><lon>37.16</lon></gaztag>")
    (doc,) = read_geo_corpus(_write(tmp_path, _lgl("Aleppo was shelled.", span + good)))
    assert doc.toponyms == [GoldToponym(11, 18, "shelled", 36.2, 37.16)]
    assert doc.skipped == (f"article 1 (docid 7), <toponym> 1: {reason}",)
    assert (doc.skipped_toponyms, doc.dropped, doc.readable) == (1, 0, True)


def test_offsets_past_the_text_are_dropped(tmp_path: Path) -> None:
    # Past the end of the text, with a phrase found nowhere near, and without a phrase: the
    # offsets fit nothing, so the span is dropped (counted), not refused.
    body = _lgl("Aleppo was shelled.", _span("400", "406") + "<toponym><start>400</start><end>406</end></toponym>"
                + _span("0", "6"))
    (doc,) = read_geo_corpus(_write(tmp_path, body))
    assert (doc.dropped, doc.skipped, [t.start for t in doc.toponyms]) == (2, (), [0])


def test_an_article_without_text_is_skipped_with_its_spans(tmp_path: Path) -> None:
    body = ("<articles><article docid='7'><toponyms>" + _span("0", "6") + _span("7", "9") + "</toponyms></article>"
            "<article docid='8'><text></text></article>"
            "<article docid='9'><text>Aleppo was shelled.</text><toponyms>" + _span("0", "6") + "</toponyms></article>"
            "</articles>")
    docs = read_geo_corpus(_write(tmp_path, body))
    assert [(d.docid, d.readable, d.skipped_toponyms, len(d.toponyms)) for d in docs] == [
        ("7", False, 2, 0), ("8", False, 0, 0), ("9", True, 0, 1)]
    assert docs[0].skipped == ("article 1 (docid 7): no <text> (2 toponyms not read)",)


def test_the_report_counts_and_names_what_was_skipped(nlp: Any, gaz: Gazetteer, tmp_path: Path) -> None:
    spans = "".join(span for span, _ in BAD_SPANS) + _span("0", "6", gaztag="<gaztag><lat>36.2</lat><lon>37.16</lon>"
                                                                          "</gaztag>")
    body = _lgl("Aleppo was shelled.", spans).replace(
        "</articles>", "<article docid='8'><toponyms>" + _span("0", "6") + "</toponyms></article></articles>")
    report = evaluate_geo(read_geo_corpus(_write(tmp_path, body)), nlp, gaz)
    assert (report.n_docs, report.n_toponyms, report.resolution.n) == (1, 1, 1)
    assert (report.articles_skipped, report.toponyms_skipped) == (1, len(BAD_SPANS) + 1)
    text = format_geo_report(report)
    assert text.splitlines()[0].endswith(f"dropped 0; skipped {len(BAD_SPANS) + 1} gold toponyms, "
                                         "1 articles without text")
    assert "  skipped: article 1 (docid 7), <toponym> 1: <start> is not an integer: 'x'" in text
    assert sum(line.startswith("  skipped: ") for line in text.splitlines()) == TOP_SKIPPED


def test_missing_file() -> None:
    with pytest.raises(InputError, match="cannot read as XML"):
        read_geo_corpus(GEO / "no-such-file.xml")


# --- measures -----------------------------------------------------------------------------


def test_haversine() -> None:
    assert haversine_km(48.8566, 2.3522, 51.5074, -0.1278) == pytest.approx(343.6, abs=0.1)  # Paris-London
    assert haversine_km(50.4501, 30.5234, 49.9935, 36.2304) == pytest.approx(409.4, abs=0.5)  # Kyiv-Kharkiv
    assert haversine_km(0, 0, 0, 180) == pytest.approx(math.pi * EARTH_RADIUS_KM)
    assert haversine_km(0, 0, 90, 0) == pytest.approx(math.pi * EARTH_RADIUS_KM / 2)
    assert haversine_km(36.2, 37.16, 36.2, 37.16) == 0.0


def test_auc() -> None:
    assert auc([]) == 0.0
    assert auc([0.0, 0.0, 0.0]) == 0.0
    assert auc([MAX_ERROR_KM, MAX_ERROR_KM]) == pytest.approx(1.0)
    assert auc([0.0, MAX_ERROR_KM - 1]) == pytest.approx(0.5)  # log(1 + 20038) / log(20039) = 1
    # Sorted y = 0, log(161)/log(20039) = 0.51299, 1; trapezoids (0 + y1)/2 + (y1 + 1)/2 over 2 steps.
    y1 = math.log(161) / math.log(20039)
    assert auc([160.0, MAX_ERROR_KM, 0.0]) == pytest.approx((y1 + 0.5) / 2)
    assert auc([160.0, MAX_ERROR_KM, 0.0]) == pytest.approx(0.50650, abs=1e-5)
    assert auc([160.0]) == pytest.approx(y1)


def test_error_stats() -> None:
    s = error_stats([0.0, 100.0, 161.0, 162.0, MAX_ERROR_KM], unresolved=1)
    assert (s.n, s.accuracy_161, s.median_km, s.unresolved) == (5, 60.0, 161.0, 1)
    assert s.mean_km == pytest.approx((0 + 100 + 161 + 162 + 20039) / 5)
    assert error_stats([]).n == 0


def test_match_spans_and_prf() -> None:
    gold = [(13, 24), (26, 34), (50, 56)]  # Springfield, Illinois, Aleppo
    pred = [(13, 34), (50, 56), (70, 75)]  # "Springfield, Illinois" as one span
    assert match_spans(gold, pred, exact=True) == [(2, 1)]
    assert match_spans(gold, pred, exact=False) == [(0, 0), (2, 1)]
    p = prf(2, 3, 3)
    assert (p.precision, p.recall, p.f1) == pytest.approx((66.667, 66.667, 66.667), abs=1e-3)
    assert prf(0, 0, 4).f1 == 0.0


def _toponym(text: str, start: int, lat: float | None, lon: float | None) -> Toponym:
    place = Place(text, None, None, latitude=lat, longitude=lon) if lat is not None else None
    return Toponym(Span(text, start, start + len(text)), place)


def test_recognition_counts() -> None:
    gdoc = GeoDoc("1", "unused", [
        GoldToponym(0, 7, "Kharkiv", 49.98, 36.25),
        GoldToponym(20, 28, "Saltivka", None, None),  # no coordinates: cannot be judged
        GoldToponym(40, 46, "Aleppo", 36.20, 37.16),
        GoldToponym(50, 55, "Irish", 53.0, -8.0, locational=False),  # not a toponym to find
        GoldToponym(60, 64, "town", None, None, kind="Literal_Expression"),  # nor a common noun
    ])
    predicted = [
        _toponym("Kharkiv", 0, 49.99, 36.23),  # exact, within 161 km
        _toponym("Saltivka", 20, 50.02, 36.35),  # exact, unjudged
        _toponym("Aleppo Governorate", 40, 36.0, 40.5),  # overlapping, 300 km off
        _toponym("Irish", 50, 53.0, -8.0),  # a false positive
    ]
    counts: Counter[str] = Counter()
    _count_recognition(gdoc, predicted, counts)
    assert counts == Counter(gold=3, gold_coords=2, pred=4, exact=2, overlap=3, unjudged=1, e2e=1)


# --- evaluate_geo end to end ------------------------------------------------------------------


@pytest.fixture(scope="module")
def gaz(built_gazetteer: Path) -> Iterator[Gazetteer]:
    g = Gazetteer.open(built_gazetteer, build=False)
    yield g
    g.close()


def test_evaluate_geo(nlp: Any, gaz: Gazetteer, tmp_path: Path) -> None:
    docs = read_geo_corpus(GEO / "lgl_sample.xml") + read_geo_corpus(GEO / "geovirus_sample.xml")
    out = tmp_path / "predictions.jsonl"
    report = evaluate_geo(docs, nlp, gaz, out)
    assert (report.n_docs, report.n_toponyms, report.no_coordinates, report.non_locational) == (4, 8, 1, 0)
    assert (report.offsets_repaired, report.offsets_dropped) == (3, 0)
    assert report.resolution.n == 7  # Saltivka has no gold coordinates
    assert [(r.key, r.stats.n) for r in report.by_fclass] == [("-", 3), ("P", 3), ("A", 1)]
    assert [(r.key, r.stats.n) for r in report.by_fcode] == [("-", 3), ("PPLA", 3), ("ADM1", 1)]
    assert (report.recognition_exact.n_gold, report.end_to_end.n_gold) == (8, 7)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["docid"], r["start"], r["end"]) for r in rows] == [
        ("1001", 13, 20), ("1001", 96, 104), ("1001", 133, 140), ("1002", 13, 24), ("1002", 26, 34),
        ("0", 20, 26), ("0", 79, 84), ("1", 35, 42)]
    # The towns resolve to themselves: Kharkiv (three times), Springfield (Illinois, not
    # Missouri: the text names the state), Aleppo.
    gold = {(d.docid, t.start): t for d in docs for t in d.toponyms}
    for key in (("1001", 13), ("1001", 133), ("1002", 13), ("0", 20), ("1", 35)):
        row = next(r for r in rows if (r["docid"], r["start"]) == key)
        assert row["lat"] is not None, key
        assert haversine_km(gold[key].lat or 0, gold[key].lon or 0, row["lat"], row["lon"]) < 25, key
    assert report.by_fclass[1].stats.accuracy_161 == 100.0  # the three gold P (LGL) toponyms
    text = format_geo_report(report)
    assert "4 documents, 8 gold toponyms: 7 scored, 1 without coordinates" in text
    assert "offsets repaired 3, dropped 0" in text
    assert "same GeoNames id as the gold" in text
    assert report.misses == () and "most frequent errors" not in text  # all seven within 161 km


def test_the_most_frequent_errors_say_what_each_name_became(nlp: Any, gaz: Gazetteer, tmp_path: Path) -> None:
    # Gold points put where the names are not: Kharkiv (twice) at 0, 0, and a name no
    # gazetteer has. Both are listed, Kharkiv first, under what they resolved to.
    text = "Shelling hit Kharkiv on Tuesday. Kharkiv's mayor spoke from Zzyzxqton."
    toponyms = "".join(
        f"<toponym><start>{text.index(name, at)}</start><end>{text.index(name, at) + len(name)}</end>"
        f"<phrase>{name}</phrase><gaztag><lat>0</lat><lon>0</lon></gaztag></toponym>"
        for name, at in (("Kharkiv", 0), ("Kharkiv", 20), ("Zzyzxqton", 0)))
    xml = tmp_path / "off.xml"
    xml.write_text(f'<articles><article docid="1"><text><![CDATA[{text}]]></text>'
                   f"<toponyms>{toponyms}</toponyms></article></articles>", encoding="utf-8")
    report = evaluate_geo(read_geo_corpus(xml), nlp, gaz)
    assert [(t, got.split(",")[0], n) for t, got, n, _ in report.misses] == [
        ("Kharkiv", "Kharkiv", 2), ("Zzyzxqton", "unresolved", 1)]
    assert report.misses[0][1].endswith("UKR (PPLA)") and report.misses[0][3] > 5000
    assert "most frequent errors" in format_geo_report(report)


def test_evaluate_geo_skips_non_locational(nlp: Any, gaz: Gazetteer) -> None:
    docs = read_geo_corpus(GEO / "gwn_sample.xml")
    report = evaluate_geo(docs, nlp, gaz)
    assert (report.n_toponyms, report.non_locational, report.no_coordinates) == (4, 1, 1)
    assert report.resolution.n == 2  # Goma and Kinshasa; "Irish" is not scored, "town" has no point
    assert (report.recognition_exact.n_gold, report.end_to_end.n_gold) == (2, 2)
    assert report.geonameid_match is not None  # Goma carries its GeoNames id


def test_a_country_reading_counts_when_the_gold_point_is_inside_it(nlp: Any, gaz: Gazetteer, tmp_path: Path) -> None:
    # The gold puts "Russia" at Moscow, 2,900 km from Russia's reference point: wrong by
    # distance, right by area. "Paris" put in Germany is wrong either way (a town, not a country).
    from frontwire.eval.areas import inside_country

    assert inside_country("RUS", 55.75, 37.62) and not inside_country("RUS", 48.85, 2.35)
    assert inside_country("ZZZ", 0.0, 0.0) is None
    text = "Russia said the talks in Paris would go on."
    toponyms = "".join(
        f"<toponym><start>{text.index(name)}</start><end>{text.index(name) + len(name)}</end>"
        f"<phrase>{name}</phrase><gaztag><lat>{lat}</lat><lon>{lon}</lon></gaztag></toponym>"
        for name, lat, lon in (("Russia", 55.75, 37.62), ("Paris", 52.52, 13.40)))
    xml = tmp_path / "areas.xml"
    xml.write_text(f'<articles><article docid="1"><text><![CDATA[{text}]]></text>'
                   f"<toponyms>{toponyms}</toponyms></article></articles>", encoding="utf-8")
    report = evaluate_geo(read_geo_corpus(xml), nlp, gaz)
    assert (report.resolution.accuracy_161, report.accuracy_in_country) == (0.0, 50.0)
    assert "inside the country it resolved to: 50.0%" in format_geo_report(report)


# --- area-aware scoring ---------------------------------------------------------------------


def _area(name: str, feature_code: str, iso3: str | None = None, geonames_id: int | None = None) -> Place:
    return Place(name, None, iso3, admin1=name if feature_code == "ADM1" else None, geonames_id=geonames_id,
                 feature_code=feature_code)


def test_a_first_level_region_holds_the_points_of_its_towns() -> None:
    from frontwire.eval.areas import area_kind, inside_area

    queensland = _area("Queensland", "ADM1", "AUS", 2152274)  # by GeoNames id
    bavaria = _area("Bavaria", "ADM1", "DEU")  # by country and name (an alias of Bayern)
    assert area_kind(queensland) == "region" and area_kind(_area("Cairns", "PPL", "AUS")) is None
    assert inside_area(queensland, -16.92, 145.77)  # Cairns
    assert inside_area(queensland, -33.87, 151.21) is False  # Sydney, New South Wales
    assert inside_area(bavaria, 48.14, 11.58) and inside_area(bavaria, 52.52, 13.40) is False  # Munich, Berlin
    assert inside_area(queensland, -30.0, 170.0) is None  # the Tasman Sea: no town tells
    assert inside_area(_area("Nowhere", "ADM1", "AUS"), -16.92, 145.77) is None  # a region no one knows


def test_far_from_any_town_a_region_is_the_one_all_towns_around_share() -> None:
    from frontwire.eval.areas import ADMIN1_TOWN_KM, ADMIN1_WIDE_KM, Town, _region_of

    a, b = Town(0.0, 0.0, "AU", "04"), Town(0.0, 0.0, "AU", "02")
    assert _region_of([(ADMIN1_TOWN_KM - 1, b), (ADMIN1_TOWN_KM + 1, a), (40.0, a)]) == ("AU", "02")  # nearest
    assert _region_of([(60.0, a), (ADMIN1_WIDE_KM, a)]) == ("AU", "04")  # two, one region
    assert _region_of([(60.0, a)]) is None  # one town says too little
    assert _region_of([(60.0, a), (70.0, b)]) is None  # a border runs between them
    assert _region_of([]) is None


def test_a_continent_holds_the_points_of_its_countries() -> None:
    from frontwire.eval.areas import inside_area

    europe, africa = _area("Europe", "CONT", geonames_id=6255148), _area("Africa", "CONT")  # id, name
    assert inside_area(europe, 52.23, 21.01) and inside_area(europe, 55.75, 37.62)  # Warsaw, Moscow
    assert inside_area(europe, -1.29, 36.82) is False and inside_area(africa, -1.29, 36.82)  # Nairobi
    assert inside_area(europe, 56.0, -20.0) is None  # the Atlantic: in no country
    # GeoNames puts all of Russia in Europe: Novosibirsk counts as inside (a known error).
    assert inside_area(europe, 55.03, 82.92)


def test_a_country_without_an_outline_is_told_by_its_towns() -> None:
    from frontwire.eval.areas import inside_area, inside_country

    myanmar = _area("Myanmar", "PCLI", "MMR")
    assert inside_country("MMR", 21.97, 96.08) is None  # countryinfo has no outline for it
    assert inside_area(myanmar, 21.97, 96.08) and inside_area(myanmar, 13.75, 100.50) is False  # Mandalay, Bangkok
    assert inside_area(_area("Russia", "PCLI", "RUS"), 55.75, 37.62)  # with an outline, as inside_country


def test_region_and_continent_readings_count_when_the_gold_point_is_inside(nlp: Any, gaz: Gazetteer,
                                                                          tmp_path: Path) -> None:
    # Queensland at Cairns and Europe at Warsaw are right by area, hundreds of km from the
    # points the gazetteer gives them; Russia at Moscow is right by country; Paris in Germany is
    # wrong by any measure.
    text = "Queensland and Europe sent aid, Russia said, as talks in Paris went on."
    toponyms = "".join(
        f"<toponym><start>{text.index(name)}</start><end>{text.index(name) + len(name)}</end>"
        f"<phrase>{name}</phrase><gaztag><lat>{lat}</lat><lon>{lon}</lon></gaztag></toponym>"
        for name, lat, lon in (("Queensland", -16.92, 145.77), ("Europe", 52.23, 21.01),
                               ("Russia", 55.75, 37.62), ("Paris", 52.52, 13.40)))
    xml = tmp_path / "areas.xml"
    xml.write_text(f'<articles><article docid="1"><text><![CDATA[{text}]]></text>'
                   f"<toponyms>{toponyms}</toponyms></article></articles>", encoding="utf-8")
    report = evaluate_geo(read_geo_corpus(xml), nlp, gaz)
    assert (report.resolution.accuracy_161, report.accuracy_in_country, report.accuracy_in_area) == (0.0, 25.0, 75.0)
    assert report.area_hits == (("country", 1, 0), ("region", 1, 0), ("continent", 1, 0))
    assert ("within 161 km, or inside the country / first-level region / continent it resolved to: 75.0%   "
            "(inside beyond 161 km: country 1, region 1, continent 1)") in format_geo_report(report)


def test_each_article_is_resolved_with_its_outlets_locale(nlp: Any, gaz: Gazetteer, tmp_path: Path) -> None:
    # Three reports of an Indiana paper name Indiana towns; the fourth says "Lebanon" alone, and
    # its gold is Lebanon, Indiana. A report of another outlet names the same Lebanon alone.
    others = ["Crews repaired a water main in Indianapolis on Monday.",
              "The school board of Fort Wayne approved a new budget.",
              "A bridge near Evansville reopened after repairs."]
    lebanon = "Lebanon schedules its spring clean-up for next week."
    gold = ('<toponym><start>0</start><end>7</end><phrase>Lebanon</phrase>'
            "<gaztag><lat>40.048</lat><lon>-86.469</lon></gaztag></toponym>")

    def article(docid: int, domain: str, text: str, toponym: str = "") -> str:
        return (f'<article docid="{docid}"><domain>{domain}</domain><text><![CDATA[{text}]]></text>'
                f"<toponyms>{toponym}</toponyms></article>")

    body = "".join(article(i, "banner.example", t) for i, t in enumerate(others))
    body += article(3, "banner.example", lebanon, gold) + article(4, "elsewhere.example", lebanon, gold)
    docs = read_geo_corpus(_write(tmp_path, f"<articles>{body}</articles>"))
    assert [d.source for d in docs] == ["banner.example"] * 4 + ["elsewhere.example"]
    with_locale = evaluate_geo(docs, nlp, gaz, tmp_path / "with.jsonl")
    alone = evaluate_geo(docs, nlp, gaz, tmp_path / "alone.jsonl", outlets=False)
    assert with_locale.outlets and not alone.outlets
    read = {json.loads(line)["docid"]: json.loads(line) for line in (tmp_path / "with.jsonl").read_text().splitlines()}
    assert haversine_km(read["3"]["lat"], read["3"]["lon"], 40.048, -86.469) < 25  # the Indiana town
    assert haversine_km(read["4"]["lat"], read["4"]["lon"], 40.048, -86.469) > 5000  # alone: the country
    assert alone.resolution.accuracy_161 == 0.0 and with_locale.resolution.accuracy_161 == 50.0
    assert "outlet's locale" in format_geo_report(with_locale)
