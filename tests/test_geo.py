"""Gazetteer index, toponym recognition and resolution (frontwire.geo).

The index is built once per test session into a temporary directory (about 40 s), never in
the user's data directory.
"""

from __future__ import annotations

import math
import re
import sqlite3
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from frontwire.errors import ResourceError
from frontwire.geo import Gazetteer, find_toponym_spans, place_for_sentence, resolve_toponyms
from frontwire.geo.gazetteer import default_path
from frontwire.model import Span, Toponym


@pytest.fixture(scope="session")
def gaz(built_gazetteer: Path) -> Iterator[Gazetteer]:
    g = Gazetteer.open(built_gazetteer, build=False)
    yield g
    g.close()


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def toponyms(nlp: Any, gaz: Gazetteer, text: str, prior: Mapping[str, int] | None = None) -> list[Toponym]:
    doc = nlp(text)
    return resolve_toponyms(doc, find_toponym_spans(doc, gaz), gaz, prior or {})


def only(nlp: Any, gaz: Gazetteer, text: str, name: str, prior: Mapping[str, int] | None = None) -> Toponym:
    found = [t for t in toponyms(nlp, gaz, text, prior) if t.span.text == name]
    assert len(found) == 1, [t.span.text for t in toponyms(nlp, gaz, text, prior)]
    return found[0]


def near(t: Toponym, lat: float, lon: float, iso3: str, within_km: float = 25.0) -> None:
    assert t.place is not None, t
    assert t.place.iso3 == iso3
    assert t.place.latitude is not None and t.place.longitude is not None
    assert km(t.place.latitude, t.place.longitude, lat, lon) <= within_km, t.place


# --- the index ---------------------------------------------------------------------------


def test_default_path_honours_frontwire_data(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FRONTWIRE_DATA", str(tmp_path))
    assert default_path() == tmp_path / "gazetteer-v1.sqlite"
    monkeypatch.delenv("FRONTWIRE_DATA")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_path() == tmp_path / "xdg" / "frontwire" / "gazetteer-v1.sqlite"


def test_lookup_ranks_countries_then_admin1_then_population(gaz: Gazetteer) -> None:
    assert [(p.name, p.iso3) for p in gaz.lookup("Armenia")[:2]] == [("Armenia", "ARM"), ("Armenia", "COL")]
    assert [(p.name, p.iso3, p.feature_code) for p in gaz.lookup("Gao")] == [
        ("Gao", "MLI", "ADM1"), ("Gao", "MLI", "PPLA"), ("Gao", "BFA", "PPL")]
    assert [p.name for p in gaz.lookup("Khar'kov")] == ["Kharkiv"]  # alternate spelling, apostrophe folded
    assert gaz.lookup("no such place anywhere") == []


def test_country_and_admin1(gaz: Gazetteer) -> None:
    aze = gaz.country("AZE")
    assert (aze.name, aze.iso3, aze.feature_code, aze.geo_precision) == ("Azerbaijan", "AZE", "PCLI", 3)
    goranboy = gaz.admin1("AZE", "Goranboy")
    assert goranboy is not None and goranboy.geo_precision == 2  # a rayon: part of a region
    kharkiv = gaz.admin1("UKR", "Kharkiv")
    assert kharkiv is not None and (kharkiv.name, kharkiv.geo_precision) == ("Kharkivska oblast", 3)
    assert gaz.admin1("ARM", "Goranboy") is None


def test_is_place_word(gaz: Gazetteer) -> None:
    assert gaz.is_place_word("Tovuz")
    assert gaz.is_place_word("Nagorno")  # the start of "Nagorno-Karabakh"
    assert not gaz.is_place_word("Qqxzv")
    assert not gaz.is_place_word("servicemen")


def test_alias_table_rows(gaz: Gazetteer) -> None:
    nk = gaz.lookup("Nagorno-Karabakh")
    assert len(nk) == 1 and (nk[0].iso3, nk[0].feature_code, nk[0].geo_precision) == ("AZE", "RGN", 3)
    assert gaz.lookup("DRC")[0].iso3 == "COD"  # a country alias points at the country record
    assert (gaz.lookup("Zaire")[0].iso3, gaz.lookup("Zaire")[0].feature_code) == ("COD", "PCLI")  # a former name
    assert gaz.lookup("North Kivu")[0].admin1 == "Nord-Kivu"


def test_bad_index_is_reported_with_the_rebuild_command(gaz: Gazetteer, tmp_path: Path) -> None:
    with pytest.raises(ResourceError, match="missing.*frontwire gazetteer build"):
        Gazetteer.open(tmp_path / "absent.sqlite", build=False)
    truncated = tmp_path / "truncated.sqlite"
    truncated.write_bytes(gaz.path.read_bytes()[:1_000_000])
    with pytest.raises(ResourceError, match="truncated|unreadable"):
        Gazetteer.open(truncated, build=False)
    old = tmp_path / "old.sqlite"
    con = sqlite3.connect(old)
    con.execute("CREATE TABLE meta (key TEXT, value TEXT)")
    con.execute("INSERT INTO meta VALUES ('schema_version', '0')")
    con.commit()
    con.close()
    with pytest.raises(ResourceError, match="schema version 0"):
        Gazetteer.open(old, build=False)


# --- the seed ----------------------------------------------------------------------------


def test_seed_toponyms(nlp: Any, gaz: Gazetteer, seed_text: str) -> None:
    doc = nlp(seed_text)
    found = resolve_toponyms(doc, find_toponym_spans(doc, gaz), gaz)
    names = [t.span.text for t in found]
    assert "Armenian" not in names and "Armenian forces" not in names
    assert not {"Ilham Aliyev", "Aliyev", "Minsk", "Home", "Since", "On", "President", "July"} & set(names)
    tovuz = [t for t in found if t.span.text == "Tovuz"]
    assert len(tovuz) == 1
    near(tovuz[0], 40.99, 45.63, "AZE", 30)
    assert tovuz[0].place is not None and tovuz[0].place.geo_precision == 2  # "the country's ... district"
    goranboy = [t for t in found if t.span.text == "Goranboy"]
    near(goranboy[0], 40.61, 46.79, "AZE", 40)
    assert goranboy[0].place is not None and goranboy[0].place.admin1 == "Goranboy"
    nk = [t for t in found if t.span.text == "Nagorno-Karabakh"]
    assert len(nk) == 2 and all(t.place is not None and t.place.feature_code == "RGN" for t in nk)
    shelling = next(s for s in doc.sents if "shelled" in s.text)
    chosen = place_for_sentence(found, shelling.start_char, shelling.end_char)
    assert chosen is not None and chosen.span.text == "Tovuz"  # not "Azerbaijan" in the same sentence


# --- sentences of our own ----------------------------------------------------------------


def test_city_in_a_news_sentence(nlp: Any, gaz: Gazetteer) -> None:
    t = only(nlp, gaz, "Russian missiles struck residential buildings in Kharkiv on Tuesday, killing three.", "Kharkiv")
    near(t, 49.98, 36.25, "UKR")
    assert t.place is not None and (t.place.geo_precision, t.place.admin1) == (1, "Kharkivska oblast")


def test_direction_word_before_a_city(nlp: Any, gaz: Gazetteer) -> None:
    near(only(nlp, gaz, "Government airstrikes hit a market in eastern Aleppo.", "Aleppo"), 36.20, 37.16, "SYR")


def test_kabul_is_the_city_not_the_province(nlp: Any, gaz: Gazetteer) -> None:
    t = only(nlp, gaz, "A suicide bomber blew himself up outside a mosque in Kabul.", "Kabul")
    near(t, 34.53, 69.17, "AFG")
    assert t.place is not None and (t.place.feature_code, t.place.geo_precision) == ("PPLC", 1)


def test_gao_in_mali_by_population_and_in_burkina_faso_when_stated(nlp: Any, gaz: Gazetteer) -> None:
    near(only(nlp, gaz, "Militants attacked an army post in Gao on Sunday.", "Gao"), 16.27, -0.04, "MLI")
    t = only(nlp, gaz, "Gunmen attacked a checkpoint near Gao, Burkina Faso.", "Gao")
    near(t, 11.65, -2.18, "BFA")
    assert t.place is not None and t.place.geo_precision == 2  # near the town


def test_springfield_follows_the_country_prior(nlp: Any, gaz: Gazetteer) -> None:
    text = "Police in Springfield said two people were shot overnight."
    assert only(nlp, gaz, text, "Springfield", {"AUS": 3}).place.iso3 == "AUS"  # type: ignore[union-attr]
    assert only(nlp, gaz, text, "Springfield", {"GBR": 2}).place.iso3 == "GBR"  # type: ignore[union-attr]
    near(only(nlp, gaz, "Protesters gathered in Springfield, Illinois.", "Springfield"), 39.80, -89.64, "USA")


def test_unknown_village_of_a_named_district(nlp: Any, gaz: Gazetteer) -> None:
    # The only indexed "Kiboko" is in Kenya; the text puts it in Rutshuru (DR Congo).
    found = toponyms(nlp, gaz, "Armed men raided Kiboko village of Rutshuru district on Friday.")
    assert [t.span.text for t in found] == ["Kiboko", "Rutshuru"]
    assert found[0].place is None
    near(found[1], -1.19, 29.45, "COD")
    assert found[1].place is not None and found[1].place.geo_precision == 2
    sent = place_for_sentence(found, 0, 70)
    assert sent is not None and sent.span.text == "Rutshuru"


def test_a_name_no_gazetteer_knows_is_kept_unresolved(nlp: Any, gaz: Gazetteer) -> None:
    found = toponyms(nlp, gaz, "Unidentified gunmen killed four villagers in Zzyzxqu village.")
    assert [(t.span.text, t.place) for t in found] == [("Zzyzxqu", None)]


def test_near_goma_is_precision_2(nlp: Any, gaz: Gazetteer) -> None:
    found = toponyms(nlp, gaz, "Fighting erupted near Goma, the capital of North Kivu province.")
    assert [t.span.text for t in found] == ["Goma", "North Kivu"]
    near(found[0], -1.67, 29.23, "COD")
    assert found[0].place is not None and found[0].place.geo_precision == 2


def test_curated_regions(nlp: Any, gaz: Gazetteer) -> None:
    near(only(nlp, gaz, "Israeli strikes on the Gaza Strip killed 12 people.", "Gaza Strip"), 31.42, 34.36, "PSE")
    t = only(nlp, gaz, "Jihadists attacked soldiers in the Liptako-Gourma region.", "Liptako-Gourma")
    assert t.place is not None and (t.place.iso3, t.place.geo_precision) == (None, 3)
    found = toponyms(nlp, gaz, "Clashes were reported along the Line of Control in Kashmir.")
    assert [t.span.text for t in found] == ["Line of Control", "Kashmir"]


def test_region_word_selects_the_admin1(nlp: Any, gaz: Gazetteer) -> None:
    t = only(nlp, gaz, "Ukrainian forces shelled positions in the Donetsk region.", "Donetsk")
    assert t.place is not None and (t.place.name, t.place.geo_precision) == ("Donetska oblast", 3)
    t = only(nlp, gaz, "Houthi forces fired missiles at Marib governorate.", "Marib")
    assert t.place is not None and (t.place.iso3, t.place.feature_code) == ("YEM", "ADM1")


def test_town_with_its_state(nlp: Any, gaz: Gazetteer) -> None:
    found = toponyms(nlp, gaz, "RSF fighters shelled El Fasher in North Darfur.")
    near(found[0], 13.63, 25.35, "SDN")
    sent = place_for_sentence(found, 0, 60)
    assert sent is not None and sent.span.text == "El Fasher"


def test_both_ends_of_a_road(nlp: Any, gaz: Gazetteer) -> None:
    found = toponyms(nlp, gaz, "Taliban fighters ambushed a convoy on the Kabul-Jalalabad road.")
    assert [t.span.text for t in found] == ["Kabul", "Jalalabad"]
    near(found[1], 34.43, 70.45, "AFG")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The 60-year-old Alton man was diagnosed last year.", "Alton"),
        ("Fargo officials said the dikes would hold.", "Fargo"),
        ("Two Gainesville residents were arrested on Tuesday.", "Gainesville"),
    ],
)
def test_a_person_or_office_of_a_place_after_its_name(nlp: Any, gaz: Gazetteer, text: str, name: str) -> None:
    # No preposition or kind word, and NER often calls such a name an organisation.
    assert name in [t.span.text for t in toponyms(nlp, gaz, text)]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # The small model calls Goma and Rutshuru people, Misrata a person, "Kharkiv and Izium"
        # one organisation: the object of a verb of attack, and a conjunct of a place, are places.
        ("Rebels attacked Goma and Rutshuru in North Kivu.", ["Goma", "Rutshuru", "North Kivu"]),
        ("Clashes erupted in Tripoli and Misrata overnight.", ["Tripoli", "Misrata"]),
        ("Shelling hit Kharkiv and Izium as Russian forces advanced.", ["Kharkiv", "Izium"]),
        ("Airstrikes targeted Mekelle, the capital of Tigray.", ["Mekelle", "Tigray"]),
        # "on" comes before dates as often as places: a hint; NER calls both names people, but
        # a kind word after a name makes it a place.
        ("Shells fell on Aleppo's Sheikh Maqsoud neighbourhood on Friday.", ["Aleppo", "Sheikh Maqsoud"]),
    ],
)
def test_conflict_verbs_and_lists_of_places(nlp: Any, gaz: Gazetteer, text: str, names: list[str]) -> None:
    assert [t.span.text for t in toponyms(nlp, gaz, text)] == names


@pytest.mark.parametrize(
    "text",
    [
        "Police attacked Smith and Jones at the rally.",
        "The talks on Monday with John Smith ended.",
        # A kind word alone (Street, Somerset and City, a village, exist), a county's bare name
        # (Hall County), a capitalised article before a kind word: no places.
        "City officials said the city was prepared. The city council met at City Hall.",
        "Residents between Shamrock Street and the levee were told to leave.",
        "Marks and Spencer reported higher sales.",
        "On March 3, rebels attacked the town.",
        "Since Monday, Azerbaijani servicemen have been on alert.",
        "Armenian forces shelled the positions overnight.",
        "President Ilham Aliyev said the talks were meaningless.",
        "Police said the Union had called a strike in May.",
    ],
)
def test_not_places(nlp: Any, gaz: Gazetteer, text: str) -> None:
    assert [t.span.text for t in toponyms(nlp, gaz, text)] == []


def test_person_named_like_a_place_is_not_a_place(nlp: Any, gaz: Gazetteer) -> None:
    found = toponyms(nlp, gaz, "Ilham Aliyev met Vladimir Putin in Moscow.")
    assert [t.span.text for t in found] == ["Moscow"]
    near(found[0], 55.75, 37.62, "RUS")


# --- the article as context --------------------------------------------------------------


def spans_of(text: str, *names: str) -> list[Span]:
    """Gold spans (each name's first occurrence) for resolver-only tests."""
    return [Span(name, text.index(name), text.index(name) + len(name)) for name in names]


def test_state_abbreviation_after_a_comma(nlp: Any, gaz: Gazetteer) -> None:
    near(only(nlp, gaz, "A man was arrested in Huntsville, Ala., on Monday.", "Huntsville"), 34.73, -86.59, "USA")


def test_abbreviation_and_demonym_spans(nlp: Any, gaz: Gazetteer) -> None:
    text = "Syrian troops moved north while officials in W.Va. watched."
    found = resolve_toponyms(nlp(text), spans_of(text, "Syrian", "W.Va."), gaz)
    assert [(t.place.iso3, t.place.feature_code) for t in found if t.place] == [("SYR", "PCLI"), ("USA", "ADM1")]
    assert found[1].place is not None and found[1].place.admin1 == "West Virginia"


def test_the_articles_state_decides_an_ambiguous_town(nlp: Any, gaz: Gazetteer) -> None:
    text = "Storms swept across Texas on Monday. In Paris, a tree fell on a house, and Tyler lost power."
    found = resolve_toponyms(nlp(text), spans_of(text, "Texas", "Paris", "Tyler"), gaz)
    near(found[1], 33.66, -95.56, "USA")
    near(found[2], 32.35, -95.30, "USA")
    # Without the state, Paris is the French capital.
    near(only(nlp, gaz, "A tree fell on a house in Paris on Monday.", "Paris"), 48.85, 2.35, "FRA")


def test_georgia_the_state_or_the_country_by_the_other_places(nlp: Any, gaz: Gazetteer) -> None:
    us = "Deputies from Atlanta and Savannah said Georgia will hire more officers."
    t = resolve_toponyms(nlp(us), spans_of(us, "Atlanta", "Savannah", "Georgia"), gaz)[2]
    assert t.place is not None and (t.place.iso3, t.place.feature_code) == ("USA", "ADM1")
    caucasus = "Russian tanks rolled from Tskhinvali toward Gori, and Georgia said it would resist."
    t = resolve_toponyms(nlp(caucasus), spans_of(caucasus, "Tskhinvali", "Gori", "Georgia"), gaz)[2]
    assert t.place is not None and (t.place.iso3, t.place.feature_code) == ("GEO", "PCLI")


def test_a_county_the_gazetteer_lacks_falls_back_to_the_articles_state(nlp: Any, gaz: Gazetteer) -> None:
    text = "Laurel County deputies joined state police from Kentucky in the search near Corbin."
    found = resolve_toponyms(nlp(text), spans_of(text, "Laurel County", "Kentucky", "Corbin"), gaz)
    assert found[0].place is not None and (found[0].place.iso3, found[0].place.admin1) == ("USA", "Kentucky")
    assert found[0].place.geo_precision >= 2


def test_a_county_the_gazetteer_has_is_coded_at_its_centre(nlp: Any, gaz: Gazetteer) -> None:
    text = "Deputies in Queen Anne's County, Maryland, closed the bridge."
    t = resolve_toponyms(nlp(text), spans_of(text, "Queen Anne's County"), gaz)[0]
    assert t.place is not None and (t.place.feature_code, t.place.admin1, t.place.admin2, t.place.geo_precision) == (
        "ADM2", "Maryland", "Queen Anne's County", 2)
    near(t, 39.04, -76.08, "USA", within_km=30)


def test_a_district_named_after_its_town_means_the_town_without_a_kind_word(nlp: Any, gaz: Gazetteer) -> None:
    text = "Shelling hit Kharkiv overnight, the regional governor said."
    t = resolve_toponyms(nlp(text), spans_of(text, "Kharkiv"), gaz)[0]
    assert t.place is not None and (t.place.name, t.place.feature_code, t.place.geo_precision) == ("Kharkiv", "PPLA", 1)


def test_a_state_named_like_a_country_after_a_comma(nlp: Any, gaz: Gazetteer) -> None:
    text = "The outbreak reached Atlanta, Georgia last week."
    t = resolve_toponyms(nlp(text), spans_of(text, "Atlanta"), gaz)[0]
    near(t, 33.75, -84.39, "USA")


def test_countries_lie_at_their_reference_point_not_a_population_centre(gaz: Gazetteer) -> None:
    for name, lat, lon in (("United States", 39.76, -98.5), ("Canada", 60.0, -95.0), ("Russia", 60.0, 100.0)):
        [country] = [p for p in gaz.lookup(name) if (p.feature_code or "").startswith("PCL")]
        assert country.latitude is not None and country.longitude is not None
        assert km(country.latitude, country.longitude, lat, lon) < 50, country


def test_states_lie_at_their_reference_point_not_at_their_capital(gaz: Gazetteer) -> None:
    # Ontario's towns crowd into its south (their centre is 46.0, -83.5); the reference point of
    # the countries-states-cities database is 50.0, -86.0 (GeoNames 49.25, -84.5). That database
    # puts New York State at New York City: a town's point, so the centre of its towns is kept.
    def state(name: str, iso3: str) -> tuple[float, float]:
        [p] = [p for p in gaz.lookup(name) if p.feature_code == "ADM1" and p.iso3 == iso3]
        assert p.latitude is not None and p.longitude is not None
        return p.latitude, p.longitude

    assert km(*state("Ontario", "CAN"), 50.0, -86.0) < 10
    assert km(*state("Alberta", "CAN"), 55.0, -115.0) < 10
    assert km(*state("New York", "USA"), 40.71, -74.01) > 100


def test_a_demonym_means_its_country_not_a_town_of_that_name(nlp: Any, gaz: Gazetteer) -> None:
    text = "The Canadian government and Thai officials met in Geneva."
    found = resolve_toponyms(nlp(text), spans_of(text, "Canadian", "Thai"), gaz)
    assert [(t.place.iso3, t.place.feature_code) for t in found if t.place] == [("CAN", "PCLI"), ("THA", "PCLI")]


def test_two_ambiguous_names_settle_each_other(nlp: Any, gaz: Gazetteer) -> None:
    # Neither is its name's most likely reading alone (Paris, France; the largest Henry County
    # is in Georgia), but Paris, Tennessee is the seat of Henry County, Tennessee.
    text = "Paris and Henry County are rich in history. The Henry County fair opens in Paris on Friday."
    found = resolve_toponyms(nlp(text), spans_of(text, "Paris", "Henry County"), gaz)
    for t in found:
        near(t, 36.30, -88.33, "USA", within_km=40)
        assert t.place is not None and t.place.admin1 == "Tennessee"


def test_a_town_and_its_county_do_not_swap_states(nlp: Any, gaz: Gazetteer) -> None:
    # Votes from each name's first reading swapped them: Huntsville (Alabama, the larger) made
    # Walker County Alabama's, and Walker County (Texas, the largest) made Huntsville Texas's.
    text = "The burn ban in Walker County was lifted after the Huntsville fire chief met the county judge."
    found = resolve_toponyms(nlp(text), spans_of(text, "Walker County", "Huntsville"), gaz)
    assert [t.place.admin1 for t in found if t.place] in (["Texas", "Texas"], ["Alabama", "Alabama"])


def test_countries_named_like_neighbouring_towns_stay_countries(nlp: Any, gaz: Gazetteer) -> None:
    # Norway, Mexico and China are also three towns side by side in Maine; the story is about
    # the countries, and namesakes must not vote each other into Maine.
    text = "Officials in the United States and Norway confirmed cases; Mexico and China reported more."
    found = resolve_toponyms(nlp(text), spans_of(text, "Norway", "Mexico", "China"), gaz)
    assert [(t.place.iso3, t.place.feature_code) for t in found if t.place] == [
        ("NOR", "PCLI"), ("MEX", "PCLI"), ("CHN", "PCLI")]


def test_a_state_named_like_a_country_in_a_story_of_its_towns(nlp: Any, gaz: Gazetteer) -> None:
    # The story's own mentions of "Georgia" are not evidence for the country Georgia.
    text = ("ATLANTA - Georgia residents could dial 211 statewide. The Georgia commission meets "
            "in Atlanta, and Georgia officials expect approval.")
    from frontwire.extract.actors import country_cues

    doc = nlp(text)
    assert country_cues(doc)["GEO"] == 3  # what the pipeline passes as the article's countries
    spans = [Span(m.group(), m.start(), m.end()) for m in re.finditer(r"Georgia|Atlanta|ATLANTA", text)]
    found = resolve_toponyms(doc, spans, gaz, country_cues(doc))
    assert {(t.place.iso3, t.place.feature_code) for t in found if t.place and t.span.text == "Georgia"} == {
        ("USA", "ADM1")}


def test_a_regions_demonym_means_the_region(nlp: Any, gaz: Gazetteer) -> None:
    text = "Texans and Ontarians voted; Chechen and South Ossetian officials met in Moscow."
    found = resolve_toponyms(nlp(text), spans_of(text, "Texans", "Ontarians", "Chechen", "South Ossetian"), gaz)
    assert [(t.place.iso3, t.place.feature_code) for t in found if t.place] == [
        ("USA", "ADM1"), ("CAN", "ADM1"), ("RUS", "ADM1"), ("GEO", "RGN")]


def test_the_eu_is_coded_at_its_seat_not_at_the_town_of_eu(nlp: Any, gaz: Gazetteer) -> None:
    text = "The EU said the European Union would send observers."
    for t in resolve_toponyms(nlp(text), spans_of(text, "EU", "European Union"), gaz):
        assert t.place is not None and (t.place.iso3, t.place.geo_precision) == (None, 3)
        assert t.place.latitude is not None and t.place.longitude is not None
        assert km(t.place.latitude, t.place.longitude, 50.85, 4.35) < 5


def test_continent(nlp: Any, gaz: Gazetteer) -> None:
    text = "The outbreak spread across Europe within weeks."
    t = resolve_toponyms(nlp(text), spans_of(text, "Europe"), gaz)[0]
    assert t.place is not None and (t.place.iso3, t.place.geo_precision) == (None, 3)
    assert t.place.latitude is not None and t.place.longitude is not None
    assert km(t.place.latitude, t.place.longitude, 48.69, 9.14) < 10


def test_region_point_is_the_centre_of_its_towns() -> None:
    from frontwire.geo.build import region_point

    towns = [(40.0 + i * 0.1, 45.0 + i * 0.2) for i in range(11)]  # a line from (40, 45) to (41, 47)
    lat, lon = region_point(towns) or (0.0, 0.0)
    assert abs(lat - 40.5) < 0.05 and abs(lon - 46.0) < 0.05
    assert region_point(towns[:4]) is None  # too few towns: the caller keeps its capital point
    # across the 180th meridian (Fiji): the narrower span wins, not a point in Africa
    fiji = [(-17.0 - i * 0.1, 178.0 + i * 0.2) for i in range(6)] + [(-16.5, -179.8 + i * 0.1) for i in range(5)]
    lat, lon = region_point(fiji) or (0.0, 0.0)
    assert -18.0 < lat < -16.0 and (lon > 177.0 or lon < -178.0)


# --- names that are not places, names longer than their parts, macro-regions -------------


def test_a_known_long_name_wins_over_its_parts(nlp: Any, gaz: Gazetteer) -> None:
    for text in ("Police said a grenade exploded in Dera Ismail Khan city, wounding two.",
                 "A roadside bomb killed three soldiers near Dera Ismail Khan on Sunday."):
        found = toponyms(nlp, gaz, text)
        assert [t.span.text for t in found] == ["Dera Ismail Khan"]
        near(found[0], 31.83, 70.90, "PAK")


def test_a_common_part_of_personal_names_alone_is_no_place(nlp: Any, gaz: Gazetteer) -> None:
    assert [t.span.text for t in toponyms(nlp, gaz, "The commander met elders in Khan before the talks.")] == []
    found = toponyms(nlp, gaz, "Officials said Khan had been detained in Karachi.")
    assert [t.span.text for t in found] == ["Karachi"]


def test_a_multiword_province_is_found_whole(nlp: Any, gaz: Gazetteer) -> None:
    found = toponyms(nlp, gaz, "Soldiers clashed with rebels in Oriental Mindoro on Tuesday.")
    assert [t.span.text for t in found] == ["Oriental Mindoro"]
    assert found[0].place is not None and found[0].place.iso3 == "PHL"


def test_a_demonym_before_a_region_is_part_of_its_name(nlp: Any, gaz: Gazetteer) -> None:
    found = toponyms(nlp, gaz, "A drone hit a car in Iraqi Kurdistan on Friday.")
    assert [t.span.text for t in found] == ["Iraqi Kurdistan"]
    assert found[0].place is not None and found[0].place.iso3 == "IRQ"


def test_kurdistan_is_iraqs_region_unless_the_story_is_irans(nlp: Any, gaz: Gazetteer) -> None:
    t = only(nlp, gaz, "Turkish jets struck PKK positions in Kurdistan, Iraqi officials said, as Iraq protested.",
             "Kurdistan")
    assert t.place is not None and t.place.iso3 == "IRQ"
    t = only(nlp, gaz, "Iranian police arrested two teachers in Kurdistan province, Iran's judiciary said.",
             "Kurdistan province")
    assert t.place is not None and (t.place.iso3, t.place.feature_code) == ("IRN", "ADM1")


def test_a_macro_region_places_no_event(nlp: Any, gaz: Gazetteer) -> None:
    text = "Protests against the war spread across the Middle East."
    found = toponyms(nlp, gaz, text)
    assert [t.span.text for t in found] == ["Middle East"]
    assert found[0].place is not None and found[0].place.iso3 is None  # not the Maryland village
    assert place_for_sentence(found, 0, len(text)) is None
    text = "Famine threatens millions in Africa, and Nigeria is among the worst hit."
    sent = place_for_sentence(toponyms(nlp, gaz, text), 0, len(text))
    assert sent is not None and sent.span.text == "Nigeria"  # a country over its continent


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen from the Kuki community torched homes in Churachandpur.",  # a people, not Kukichūō
        "One resident told reporters the shooting lasted an hour near Churachandpur.",  # a numeral
        "Maj. Elena Soria said the patrol was ambushed in Churachandpur. According to Soria, two died.",
    ],
)
def test_peoples_numerals_and_surnames_are_not_places(nlp: Any, gaz: Gazetteer, text: str) -> None:
    assert [t.span.text for t in toponyms(nlp, gaz, text)] == ["Churachandpur"]


def test_a_surname_with_its_state_after_it_stays_a_place(nlp: Any, gaz: Gazetteer) -> None:
    found = toponyms(nlp, gaz, "Dr. Ann Reston said the virus was found in Reston, Virginia, last year.")
    assert [t.span.text for t in found] == ["Reston", "Virginia"]
    near(found[0], 38.97, -77.34, "USA")


def test_a_macro_region_beats_a_village_of_its_name_in_that_villages_country(nlp: Any, gaz: Gazetteer) -> None:
    text = "US warships shot down drones as the United States tried to calm tensions in the Middle East."
    t = only(nlp, gaz, text, "Middle East", prior={"USA": 2})
    assert t.place is not None and t.place.iso3 is None



@pytest.mark.parametrize(("text", "name", "iso3"), [
    ("A drone hit a car on Mount Sinjar in Iraq.", "Mount Sinjar", "IRQ"),
    ("Rebels fired on a patrol in the Sinjar Mountains, Iraqi officials said.", "Sinjar Mountains", "IRQ"),
])
def test_a_mountain_the_gazetteer_lacks_is_read_as_the_town_of_its_name(nlp, gaz: Gazetteer, text: str, name: str,  # type: ignore[no-untyped-def]
                                                                       iso3: str) -> None:
    place = only(nlp, gaz, text, name).place
    assert place is not None and place.iso3 == iso3 and not (place.feature_code or "").startswith("PCL")


def test_demonyms_are_place_mentions_only_when_asked(nlp: Any, gaz: Gazetteer) -> None:
    from frontwire.geo import find_adjectival_spans, geoparse

    text = ("Russian and Ukrainian negotiators met in Istanbul, while Texans and South Ossetian "
            "officials watched; Armenian shelling hit Tovuz.")
    doc = nlp(text)
    names = find_toponym_spans(doc, gaz)
    assert [s.text for s in names] == ["Istanbul", "Tovuz"]  # the extractor's places: no demonym
    assert [s.text for s in find_adjectival_spans(doc, names)] == [
        "Russian", "Ukrainian", "Texans", "South Ossetian", "Armenian"]
    plain = geoparse(doc, gaz)
    both = geoparse(doc, gaz, adjectival=True)
    assert [t.span.text for t in both] == [
        "Russian", "Ukrainian", "Istanbul", "Texans", "South Ossetian", "Armenian", "Tovuz"]
    by_text = {t.span.text: t.place for t in both}
    assert {k: (p.iso3 if p else None) for k, p in by_text.items() if k in ("Russian", "Ukrainian", "Texans")} == {
        "Russian": "RUS", "Ukrainian": "UKR", "Texans": "USA"}
    # the demonyms are resolved after the names and never move them ("Armenian" next to Tovuz)
    assert [(t.span.text, t.place) for t in plain] == [(t.span.text, t.place) for t in both if t.span.text in
                                                         ("Istanbul", "Tovuz")]
    assert by_text["Tovuz"] is not None and by_text["Tovuz"].iso3 == "AZE"


@pytest.mark.parametrize(("text", "name", "admin1"), [
    ("A teacher from Lebanon, Pa., won the state spelling bee.", "Lebanon", "Pennsylvania"),
    ("The council of Jordan, Minnesota, met on Tuesday night.", "Jordan", "Minnesota"),
])
def test_a_country_name_followed_by_a_foreign_state_is_a_town(nlp: Any, gaz: Gazetteer, text: str, name: str,
                                                             admin1: str) -> None:
    place = only(nlp, gaz, text, name).place
    assert place is not None and (place.iso3, place.admin1) == ("USA", admin1)


@pytest.mark.parametrize(("text", "name", "iso3", "code"), [
    # listed with countries, a name is the country, though the article is about Nigeria
    ("Cases rose in northern Nigeria; the outbreak reached Chad, Niger and Benin, officials in Kano said.",
     "Niger", "NER", "PCLI"),
    ("Nigeria's Kano state reported new cases; the disease is gone from Egypt and Niger.", "Niger", "NER", "PCLI"),
    # listed with states, a state
    ("Storms hit Georgia and Florida overnight, and Atlanta lost power.", "Georgia", "USA", "ADM1"),
])
def test_a_name_listed_with_countries_is_a_country(nlp: Any, gaz: Gazetteer, text: str, name: str, iso3: str,
                                                   code: str) -> None:
    place = only(nlp, gaz, text, name).place
    assert place is not None and (place.iso3, place.feature_code) == (iso3, code)


def test_a_list_of_countries_stays_countries(nlp: Any, gaz: Gazetteer) -> None:
    found = toponyms(nlp, gaz, "Envoys from Georgia, Armenia and Azerbaijan met in Vienna.")
    assert [(t.span.text, t.place.iso3 if t.place else None, t.place.feature_code if t.place else None)
            for t in found][:3] == [("Georgia", "GEO", "PCLI"), ("Armenia", "ARM", "PCLI"), ("Azerbaijan", "AZE", "PCLI")]


@pytest.mark.parametrize(("text", "name"), [
    ("Bridge closed for repairs. COLUMBUS -- Crews began tearing up the old deck on Monday.", "COLUMBUS"),
    ("Lions club raises money.\nCHARLESTON, W.Va. - A retired teacher won the prize in a raffle.", "CHARLESTON"),
    ("MAIDUGURI, Nigeria (AP) \u2014 Gunmen killed four farmers overnight.", "MAIDUGURI"),
])
def test_a_dateline_in_capitals_is_a_place(nlp: Any, gaz: Gazetteer, text: str, name: str) -> None:
    assert name in [s.text for s in find_toponym_spans(nlp(text), gaz)]


@pytest.mark.parametrize("text", [
    "The mayor wrote to us. BUT -- and this matters -- nobody answered.",
    "He said GOLDEN was the word -- and laughed.",  # not where a report or a paragraph starts
])
def test_capitals_before_a_dash_elsewhere_are_no_dateline(nlp: Any, gaz: Gazetteer, text: str) -> None:
    assert [s.text for s in find_toponym_spans(nlp(text), gaz) if s.text.isupper()] == []


def test_place_names_inside_organisations_are_mentions_only_when_asked(nlp: Any, gaz: Gazetteer) -> None:
    from frontwire.geo import find_embedded_spans, geoparse

    text = ("A spokesman for the Ohio Department of Transportation said the bridge in Dayton would "
            "reopen. A professor at the University of Kentucky and a manager at Lincoln Financial "
            "Group disagreed, as did Wal-Mart and the Superior Court clerk.")
    doc = nlp(text)
    names = find_toponym_spans(doc, gaz)
    assert [s.text for s in names] == ["Dayton"]  # the extractor's places: none inside a name
    # A state qualifies a department from the front, a state follows "University of"; a town's
    # name alone that is also a surname or a word (Lincoln, Superior, Wal-) does not count.
    assert [s.text for s in find_embedded_spans(doc, gaz, names)] == ["Ohio", "Kentucky"]
    both = geoparse(doc, gaz, embedded=True)
    assert [(t.span.text, t.place.iso3 if t.place else None) for t in both] == [
        ("Ohio", "USA"), ("Dayton", "USA"), ("Kentucky", "USA")]
    assert [(t.span.text, t.place) for t in geoparse(doc, gaz)] == [
        (t.span.text, t.place) for t in both if t.span.text == "Dayton"]


def test_a_town_inside_a_name_counts_when_the_article_names_it_as_a_place(nlp: Any, gaz: Gazetteer) -> None:
    from frontwire.geo import find_embedded_spans

    doc = nlp("Floodwater rose in Fargo overnight. Fargo Police asked residents to stay home, and the "
              "Moorhead Chamber of Commerce cancelled its fair.")
    names = find_toponym_spans(doc, gaz)
    embedded = [s.text for s in find_embedded_spans(doc, gaz, names)]
    assert "Fargo" in embedded and "Moorhead" not in embedded  # Moorhead is named nowhere else


def test_adjectives_of_continents_and_regions_name_the_area(nlp: Any, gaz: Gazetteer) -> None:
    from frontwire.geo import geoparse

    doc = nlp("European ministers met in Brussels while African and Latin American envoys waited outside.")
    found = {t.span.text: t.place for t in geoparse(doc, gaz, adjectival=True)}
    assert {k: (p.name, p.feature_code) if p else None for k, p in found.items() if k != "Brussels"} == {
        "European": ("Europe", "CONT"), "African": ("Africa", "CONT"), "Latin American": ("Latin America", "RGN")}
    assert [t.span.text for t in geoparse(doc, gaz)] == ["Brussels"]  # never an event's place


def test_a_comparison_puts_no_town_in_a_country(nlp: Any, gaz: Gazetteer) -> None:
    text = "Officials say Sochi can become the Nice of Russia within a decade."
    doc = nlp(text)
    start = text.index("Nice")
    [nice] = resolve_toponyms(doc, [Span("Nice", start, start + 4)], gaz)
    assert nice.place is not None and nice.place.iso3 == "FRA"


@pytest.mark.parametrize(("text", "name", "place"), [
    # regions of conflict reporting resolve to the area, which places no event (no country)
    ("Refugees crossed the Balkans on foot that winter.", "Balkans", "Balkans"),
    ("Fighting in the North Caucasus flared again this spring.", "North Caucasus", "North Caucasus"),
    ("Drought and war have left millions hungry in the Horn of Africa.", "Horn of Africa", "Horn of Africa"),
    ("Smugglers move migrants across the Mediterranean every summer.", "Mediterranean", "Mediterranean"),
    ("Tankers were seized in the Persian Gulf last year.", "Persian Gulf", "Persian Gulf"),
    ("A cargo ship lost power in the Indian Ocean on its way to Durban.", "Indian Ocean", "Indian Ocean"),
    ("Pirates boarded a tanker in the Gulf of Aden.", "Gulf of Aden", "Gulf of Aden"),
    ("Boko Haram fighters hide on the islands of Lake Chad.", "Lake Chad", "Lake Chad"),
    ("Smoke from fires on Borneo drifted over Singapore.", "Borneo", "Borneo"),
])
def test_regions_of_the_news(nlp: Any, gaz: Gazetteer, text: str, name: str, place: str) -> None:
    from frontwire.geo.resolve import is_macro_region

    found = toponyms(nlp, gaz, text)
    [t] = [t for t in found if t.span.text == name]  # NER's "the Balkans on": no trailing word
    assert t.place is not None and t.place.name == place
    assert is_macro_region(t.place) or t.place.iso3 == "RUS"


@pytest.mark.parametrize(("text", "name", "town", "iso3"), [
    # a valley the gazetteer lacks is read as the district or town it is named for
    ("Troops moved into the Swat Valley after the talks failed.", "Swat Valley", "Swat", "PAK"),
    ("Growers in the Salinas Valley lost their lettuce to the frost.", "Salinas Valley", "Salinas", "USA"),
    # "township": a settlement, as in South Africa
    ("Residents of Soweto township marched on the council offices.", "Soweto", "Soweto", "ZAF"),
])
def test_valleys_and_townships(nlp: Any, gaz: Gazetteer, text: str, name: str, town: str, iso3: str) -> None:
    place = only(nlp, gaz, text, name).place
    assert place is not None and (place.name, place.iso3) == (town, iso3)


@pytest.mark.parametrize(("text", "name", "iso3"), [
    # an island of one country is a region of it ("Java" is also a village in Georgia)
    ("Floods on Java displaced thousands of families this week.", "Java", "IDN"),
    ("Soldiers clashed with militants on Mindanao on Sunday.", "Mindanao", "PHL"),
    ("The quake shook western Sumatra before dawn.", "Sumatra", "IDN"),
])
def test_islands_of_the_news(nlp: Any, gaz: Gazetteer, text: str, name: str, iso3: str) -> None:
    place = only(nlp, gaz, text, name).place
    assert place is not None and place.iso3 == iso3 and place.feature_code == "RGN" and place.geo_precision == 3


def test_names_of_a_list_do_not_contain_each_other(nlp: Any, gaz: Gazetteer) -> None:
    # a list closed by "and": Long Island (also a district of the Bahamas) is no container of the city
    text = "Cases were confirmed in New York City, Long Island, Pennsylvania and New Jersey."
    city = only(nlp, gaz, text, "New York City")
    assert city.place is not None and city.place.iso3 == "USA"
    # a chain of containers and a pair of name and state still fix the place
    gao = only(nlp, gaz, "Police stopped him near Gao, Mali, on Friday.", "Gao")
    assert gao.place is not None and gao.place.iso3 == "MLI"
    springfield = only(nlp, gaz, "Cases were found in Springfield, Illinois and in Columbus, Ohio.", "Springfield")
    assert springfield.place is not None and springfield.place.admin1 == "Illinois"


@pytest.mark.parametrize(("name", "iso3"), [("Bosnia", "BIH"), ("Republic of Congo", "COG"), ("Cape Verde", "CPV")])
def test_common_country_names(nlp: Any, gaz: Gazetteer, name: str, iso3: str) -> None:
    t = only(nlp, gaz, f"Aid workers arrived in {name} on Monday.", name)
    assert t.place is not None and t.place.iso3 == iso3 and (t.place.feature_code or "").startswith("PCL")
