"""Named places the gazetteer lacks, coded at their container (frontwire.extract.localities).

Sentences written for these tests. The gazetteer index is built once per session (conftest.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from frontwire.extract.localities import unresolved_locality, with_locality
from frontwire.geo import Gazetteer, find_toponym_spans, resolve_toponyms
from frontwire.model import Place, Span, Toponym


@pytest.fixture(scope="module")
def gaz(built_gazetteer: Path) -> Iterator[Gazetteer]:
    g = Gazetteer.open(built_gazetteer, build=False)
    yield g
    g.close()


def locality(nlp: Any, gaz: Gazetteer, text: str) -> tuple[Toponym | None, list[Toponym]]:
    doc = nlp(text)
    toponyms = resolve_toponyms(doc, find_toponym_spans(doc, gaz), gaz, {})
    sent = next(iter(doc.sents))
    return unresolved_locality(doc, sent, toponyms, gaz), toponyms


def resolved(toponyms: list[Toponym], name: str) -> Place:
    place = next(t.place for t in toponyms if t.span.text == name)
    assert place is not None
    return place


@pytest.mark.parametrize("text, name, container", [
    ("Gunmen killed four farmers in the village of Kabirwa in Shiroro district on Sunday.", "Kabirwa", "Shiroro"),
    ("Troops raided Kpakungu village near Minna, Niger State.", "Kpakungu", "Minna"),
    ("Shelling hit the Zarzour neighbourhood of Aleppo overnight.", "Zarzour", "Aleppo"),
    ("The attack took place in Tungan Bako, a remote village in Rafi district of Niger State.", "Tungan Bako", "Rafi"),
    ("Soldiers killed two militants near Kurmin Dawa in Kaduna State.", "Kurmin Dawa", "Kaduna State"),
    ("A bomb exploded at Kawo junction in Kaduna.", "Kawo junction", "Kaduna"),
    ("Jets struck the Ain al-Asad air base in Anbar province.", "Ain al-Asad air base", "Anbar"),
])
def test_locality_takes_its_containers_place(nlp: Any, gaz: Gazetteer, text: str, name: str, container: str) -> None:
    loc, toponyms = locality(nlp, gaz, text)
    assert loc is not None and loc.place is not None
    base = resolved(toponyms, container)
    assert loc.span.text == loc.place.name == name
    assert text[loc.span.start:loc.span.end] == name
    assert (loc.place.latitude, loc.place.longitude) == (base.latitude, base.longitude)
    assert (loc.place.iso3, loc.place.admin1, loc.place.admin2) == (base.iso3, base.admin1, base.admin2)
    assert loc.place.geo_precision == 2 and loc.place.geonames_id is None


def test_prefix_kind_word(nlp: Any, gaz: Gazetteer) -> None:
    loc, _ = locality(nlp, gaz, "Clashes erupted in Barangay San Roque in Zamboanga City.")
    assert loc is not None and loc.place is not None
    assert loc.place.name == "San Roque" and loc.place.iso3 == "PHL"


def test_kind_word_sets_feature_code(nlp: Any, gaz: Gazetteer) -> None:
    loc, _ = locality(nlp, gaz, "Gunmen killed four farmers in the village of Kabirwa in Shiroro district on Sunday.")
    assert loc is not None and loc.place is not None and loc.place.feature_code == "PPL"


@pytest.mark.parametrize("text", [
    "Police said the village chief of Kabirwa was abducted in Niger State.",  # a common noun after the kind word
    "A village elder, Musa Bello, was shot in Kaduna.",  # a person, and "village" modifies "elder"
    "The Village People played a concert in Lagos.",
    "Fighters overran a Boko Haram camp in Borno State.",  # a named group's camp
    "Militants attacked an army base in Borno State.",  # no name at all
    "Herders attacked a Fulani settlement in Benue State.",  # a demonym
    "Gunmen attacked the village of Kabirwa on Sunday.",  # no resolved container in the sentence
    "Rockets hit the Aleppo neighbourhood overnight.",  # the name resolves: the normal path's
])
def test_no_locality(nlp: Any, gaz: Gazetteer, text: str) -> None:
    loc, _ = locality(nlp, gaz, text)
    assert loc is None


@pytest.mark.parametrize(("text", "name", "iso3"), [
    # a country says where the name lies, not where: its point, at precision 3, under the name
    ("Gunmen attacked the village of Kabirwa in Nigeria on Sunday.", "Kabirwa", "NGA"),
    ("A drone hit a car near the village of Marwahin in southern Lebanon, killing two men.", "Marwahin", "LBN"),
    # a country's demonym on the kind word: the village is in that country, not in the other
    # one the sentence names
    ("An Israeli drone strike on the southern Lebanese village of Marwahin killed two men.", "Marwahin", "LBN"),
    ("Turkish jets bombed the remote Iraqi village of Sidakan, residents said.", "Sidakan", "IRQ"),
])
def test_a_country_places_a_locality_coarsely(nlp: Any, gaz: Gazetteer, text: str, name: str, iso3: str) -> None:
    loc, _ = locality(nlp, gaz, text)
    assert loc is not None and loc.place is not None
    country = gaz.country(iso3)
    assert (loc.place.name, loc.place.iso3, loc.place.geo_precision) == (name, iso3, 3)
    assert (loc.place.latitude, loc.place.longitude) == (country.latitude, country.longitude)


def _toponym(name: str, code: str, lat: float, precision: int = 1) -> Toponym:
    return Toponym(Span(name, 0, len(name)), Place(name, "Nigeria", "NGA", "Niger", None, lat, 6.0, 1, code, precision))


def test_with_locality_ranks_against_the_resolved_place() -> None:
    village = Toponym(Span("Kabirwa", 0, 7),
                      Place("Kabirwa", "Nigeria", "NGA", "Niger", "Shiroro", 9.8, 6.7, None, "PPL", 2))
    town = _toponym("Minna", "PPLA", 9.6)
    state = _toponym("Niger", "ADM1", 10.0, 3)
    district = _toponym("Shiroro", "ADM2", 9.8, 2)
    assert with_locality(town, None) is town
    assert with_locality(None, village) is village
    assert with_locality(state, village) is village  # coarser than a town
    assert with_locality(district, village) is village
    assert with_locality(town, village) is town  # a town elsewhere in the sentence stays
    at_town = Toponym(village.span, Place("Kabirwa", "Nigeria", "NGA", "Niger", None, 9.6, 6.0, None, "PPL", 2))
    assert with_locality(town, at_town) is at_town  # "X village near Minna": X, at Minna
