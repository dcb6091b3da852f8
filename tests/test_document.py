"""Document-level assembly (extract/document.py) on reports written for these tests: a lede
that sums up two raids, a bombing told over four paragraphs, a tally that is background."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from frontwire.ingest import article_from_text
from frontwire.model import Event
from frontwire.pipeline import Extractor

ARTICLES = Path(__file__).parent / "data" / "articles"


@pytest.fixture(scope="module")
def extractor(nlp) -> Extractor:  # type: ignore[no-untyped-def]
    return Extractor(nlp=nlp)


def _current(extractor: Extractor, name: str, published: date) -> tuple[list[Event], list[Event]]:
    text = (ARTICLES / name).read_text(encoding="utf-8")
    events = [e for e in extractor.extract(article_from_text(text, name, published)) if e.event_type]
    return [e for e in events if e.status != "historical"], [e for e in events if e.status == "historical"]


def test_lede_summing_up_two_raids_is_not_a_third_event(extractor: Extractor) -> None:
    current, background = _current(extractor, "niger_two_attacks.txt", date(2023, 5, 15))
    assert [(e.event_date, e.fatalities) for e in current] == [("2023-05-13", 19), ("2023-05-14", 12)]
    assert all(e.fatalities != 31 for e in current)
    # the multi-year tally is background and joins no current event
    assert [e.fatalities for e in background] == [1000]


def test_one_bombing_over_four_paragraphs_is_one_event(extractor: Extractor) -> None:
    current, _ = _current(extractor, "market_bombing.txt", date(2023, 5, 15))
    assert len(current) == 1
    e = current[0]
    assert e.event_date == "2023-05-10" and e.location == "Konduga" and e.fatalities == 7
    assert e.sub_event_type == "Remote explosive/landmine/IED"
    assert "Joined mentions" in e.notes and len(e.evidence) >= 2


def test_a_bombing_without_a_named_doer_has_an_unidentified_attacker(extractor: Extractor) -> None:
    current, _ = _current(extractor, "market_bombing.txt", date(2023, 5, 15))
    # "killing seven people" are the victims, not the bombers
    assert (current[0].actor1, current[0].actor2) == ("Unidentified Armed Group (Nigeria)", "Civilians (Nigeria)")


@pytest.mark.parametrize(("text", "name", "scene"), [
    ("A shell killed two men in Tessalit. Five were wounded and flown to a hospital in Gao.", "Gao", False),
    ("Thousands of villagers fled to Kidal after the raid on Aguelhok.", "Kidal", False),
    ("The Paris-based group said the raid on Aguelhok killed four.", "Paris", False),
    ("The raid on Aguelhok killed four.", "Aguelhok", True),
    ("BAMAKO, March 3 (Reuters) - Gunmen killed four herders near Aguelhok.", "BAMAKO", False),
    ("NIAMEY — Gunmen killed four herders near Tera.", "NIAMEY", False),
    ("KADUNA CITY — Gunmen killed four herders near Zaria.", "KADUNA", False),
    ("Fighting near the Malian border killed four soldiers.", "Malian", False),
    ("Troops clashed with rebels near the Mali border on Sunday.", "Mali", False),
    ("Troops killed two men in Tubas, the deadliest raid since the Gaza war began.", "Gaza", False),
    ("Gunmen killed four herders in Gao, Captain Amadou Gao said.", "Gao", True),
])
def test_destinations_and_seats_are_not_scenes(nlp, extractor: Extractor, text: str, name: str,  # type: ignore[no-untyped-def]
                                               scene: bool) -> None:
    from frontwire.extract.scene import not_a_scene
    from frontwire.model import Span, Toponym

    doc = nlp(text)
    start = text.index(name)
    assert not_a_scene(doc, Toponym(Span(name, start, start + len(name)), None)) is not scene


def test_a_roundup_sentence_holds_one_event_per_clause(extractor: Extractor) -> None:
    text = ("Weekly security review\n\nOn Monday, gunmen killed four traders in Zaria, Kaduna State, while in "
            "Gusau, Zamfara State, soldiers killed nine bandits. The monitor recorded 31 attacks over the "
            "past two weeks.\n")
    events = [e for e in extractor.extract(article_from_text(text, "roundup", date(2023, 3, 15))) if e.event_type]
    current = [e for e in events if e.status != "historical"]
    assert sorted((e.location, e.fatalities) for e in current) == [("Gusau", 9), ("Zaria", 4)]
    assert all(e.event_date == "2023-03-13" for e in current)
    # the fortnight's count of attacks is a tally, not an event, and joins neither
    assert all(e.status == "historical" for e in events if "31 attacks" in e.evidence[0].text)


def test_an_office_named_after_a_country_is_not_a_scene(nlp) -> None:  # type: ignore[no-untyped-def]
    from frontwire.extract.scene import not_a_scene
    from frontwire.model import Span, Toponym

    text = "The report is published by a former United States Ambassador to Nigeria."
    doc = nlp(text)
    start = text.index("United States")
    assert not_a_scene(doc, Toponym(Span("United States", start, start + 13), None))


@pytest.mark.parametrize(("body", "dead"), [
    # an estimate after the official figure does not raise it
    (("Gunmen killed at least 12 villagers in Banibangou on Sunday, officials said. One resident put "
     "the toll at around 20."), 12),
    # a claim of more dead by the attackers does not either
    (("A car bomb killed nine people in Konduga on Sunday, police said. The group claimed it had "
     "killed 30 soldiers in the blast."), 9),
    # one side's dead told apart are part of the toll, before or after it
    (("Six people were killed in a clash between troops and rebels in Konduga on Sunday, the army said. "
      "One soldier died in the fighting, an officer said."), 6),
    (("Two policemen were killed when gunmen attacked a checkpoint in Konduga on Sunday. In all, "
      "nine people died in the attack, residents said."), 9),
    # a revised toll replaces the first one
    (("A car bomb killed nine people in Konduga on Sunday, police said. By evening the death toll "
     "had risen to 14, a hospital official said."), 14),
])
def test_toll_is_the_lowest_credible_figure_unless_revised(extractor: Extractor, body: str, dead: int) -> None:
    events = [e for e in extractor.extract(article_from_text(body, "toll", date(2023, 5, 15)))
              if e.event_type and e.status != "historical"]
    assert [e.fatalities for e in events] == [dead]


def test_a_campaigns_doer_fills_the_events_that_name_none(extractor: Extractor) -> None:
    text = ("Russian forces shelled Kupiansk on Tuesday, killing two civilians, the governor said.\n\n"
            "Russian troops also shelled Vovchansk on Tuesday, wounding a woman.\n\n"
            "In Izium, a shell hit a school on Tuesday, killing a teacher.\n")
    events = [e for e in extractor.extract(article_from_text(text, "campaign", date(2024, 3, 7))) if e.event_type]
    izium = next(e for e in events if (e.location or "").startswith("Izy"))  # GeoNames: Izyum
    assert izium.actor1 == "Military Forces of Russia"
    assert "doer of 2 other events" in izium.notes


def test_villagers_who_beat_a_man_to_death_are_rioters(extractor: Extractor) -> None:
    text = "Villagers in Gumla district beat a man to death on Sunday after accusing him of theft, police said."
    events = [e for e in extractor.extract(article_from_text(text, "mob", date(2021, 6, 8)))
              if e.event_type == "Riots"]
    assert [(e.actor1, e.actor2, e.fatalities) for e in events] == [("Rioters (India)", "Civilians (India)", 1)]


def test_dead_counted_since_a_date_are_a_tally(extractor: Extractor) -> None:
    text = ("Soldiers shot dead two men at a checkpoint in Jenin on Monday, the ministry said.\n\n"
            "Israeli forces have killed 180 Palestinians in the West Bank since 1 January.\n\n"
            "Earlier this month, at least six people were killed in a raid on Tulkarm.\n")
    events = [e for e in extractor.extract(article_from_text(text, "tally", date(2023, 3, 21))) if e.event_type]
    assert [e.fatalities for e in events if e.status == "historical"] == [180]
    # a vague date is not a tally: the earlier raid stays an event of its own
    assert sorted(e.fatalities for e in events if e.status != "historical") == [2, 6]


def test_weekdays_count_back_from_the_dateline(extractor: Extractor) -> None:
    # filed on Sunday 12 June, published on Tuesday 14 June: "on Saturday" is 11 June
    text = "KANO, June 12 (Reuters) - Gunmen killed nine villagers in Gwarzo on Saturday, police said.\n"
    events = [e for e in extractor.extract(article_from_text(text, "dateline", date(2022, 6, 14))) if e.event_type]
    assert [e.event_date for e in events] == ["2022-06-11"]


def test_paragraphs_are_lines_unless_the_text_is_hard_wrapped() -> None:
    from frontwire.extract.events import _paragraph_starts

    lines = "Headline here\n\nFirst paragraph ends.\nSecond paragraph ends.\n- a sidebar link\n- another link\n"
    assert len(_paragraph_starts(lines)) == 5
    wrapped = ("Gunmen killed at least\nseven people in the village\non Sunday.\n\n"
               "The attackers fled\ninto the bush.\n")
    assert len(_paragraph_starts(wrapped)) == 2


def test_an_unplaced_event_of_a_regional_report_is_coded_in_its_region(extractor: Extractor) -> None:
    text = ("Insurgents killed four fishermen near Mocimboa da Praia on Tuesday, police in Cabo Delgado said.\n\n"
            "On Friday, the insurgents killed two farmers in a village whose name was not given.\n\n"
            "Pemba, the provincial capital, has received thousands of displaced people.\n")
    events = [e for e in extractor.extract(article_from_text(text, "region", date(2021, 6, 8)))
              if e.event_type and e.status != "historical"]
    friday = next(e for e in events if e.event_date == "2021-06-04")
    assert (friday.location, friday.iso3, friday.geo_precision) == ("Cabo Delgado", "MOZ", 3)


def test_dead_counted_since_an_event_are_a_tally(extractor: Extractor) -> None:
    text = ("Troops killed two gunmen in Jenin on Monday, the army said.\n\n"
            "Settlers and soldiers have killed 180 Palestinians since the October 7 attack, the ministry said.\n")
    events = [e for e in extractor.extract(article_from_text(text, "since", date(2023, 12, 12))) if e.event_type]
    assert [e.fatalities for e in events if e.status == "historical"] == [180]
    assert [e.fatalities for e in events if e.status != "historical"] == [2]


@pytest.mark.parametrize(("sentence", "fresh"), [
    ("Four more soldiers were killed when rebels ambushed their convoy.", True),
    ("In a second, unrelated attack on Saturday, twelve people were killed.", True),
    ("Separately, gunmen shot dead a farmer.", True),
    ("In another incident, police arrested two men.", True),
    ("The attackers killed more than 20 people.", False),
    ("The blast also wounded 12 other people.", False),
    ("The attack killed five and wounded another 10.", False),
    ("Gunmen killed 31 people in two separate raids at the weekend.", False),
    ("Two people died, three were hurt and two more went missing when militias fought.", False),
])
def test_sentences_that_open_another_event(nlp, sentence: str, fresh: bool) -> None:  # type: ignore[no-untyped-def]
    from frontwire.extract.discourse import opens_new_event

    assert opens_new_event(nlp(sentence)[:]) is fresh


def test_another_attack_in_the_same_paragraph_is_another_event(extractor: Extractor) -> None:
    text = ("Rebels attacked an army post near Kamaing on Monday morning, killing three soldiers. "
            "Four more soldiers were killed when rebels ambushed a truck near Myitkyina, residents said. "
            "The army and the rebels have been fighting in the area for the past several days.\n")
    events = [e for e in extractor.extract(article_from_text(text, "two", date(2012, 11, 14))) if e.event_type]
    assert sorted((e.fatalities, e.event_date) for e in events) == [(3, "2012-11-12"), (4, "2012-11-12")]


def test_air_strikes_on_an_armed_group_are_the_states(extractor: Extractor) -> None:
    text = "Air strikes killed 20 bandits in Zurmi on Sunday, a local official said.\n"
    events = [e for e in extractor.extract(article_from_text(text, "air", date(2022, 2, 1))) if e.event_type]
    assert [(e.sub_event_type, e.actor1) for e in events] == [("Air/drone strike", "Military Forces of Nigeria")]


def test_the_victims_named_in_a_later_sentence_are_the_target(extractor: Extractor) -> None:
    text = ("Gunmen stormed a market in Zurmi on Sunday, a local official said. Five traders died in the "
            "shooting.\n")
    events = [e for e in extractor.extract(article_from_text(text, "later", date(2022, 2, 1))) if e.event_type]
    assert [(e.actor1, e.actor2, e.fatalities) for e in events] == [
        ("Unidentified Armed Group (Nigeria)", "Civilians (Nigeria)", 5)]


def test_a_specific_mention_gives_its_sides_to_a_vague_one(extractor: Extractor) -> None:
    text = ("Most of the violence was the work of criminal gangs, the report said.\n\n"
            "On Saturday, police killed two students in Ilorin, the report said.\n")
    events = [e for e in extractor.extract(article_from_text(text, "vague", date(2022, 2, 1))) if e.event_type]
    assert [(e.actor1, e.fatalities) for e in events] == [("Police Forces of Nigeria", 2)]


def test_the_doers_country_abroad_is_not_the_scene(extractor: Extractor) -> None:
    text = ("A drone strike killed two fighters near Sinjar in northern Iraq on Sunday, Iraqi officials said.\n\n"
            "The group said on Sunday that two of its members had been killed by a drone it blamed on Turkey.\n")
    events = [e for e in extractor.extract(article_from_text(text, "doer", date(2023, 9, 18))) if e.event_type]
    assert [e.iso3 for e in events] == ["IRQ"]


def test_a_habitual_sentence_is_no_second_event(extractor: Extractor) -> None:
    text = ("Gunmen killed three traders near Gao on Tuesday, local officials said.\n\n"
            "The army rarely comments on its raids in the region, but it often mounts operations "
            "targeting armed groups around Gao and Menaka.\n")
    events = [e for e in extractor.extract(article_from_text(text, "habit", date(2022, 3, 3))) if e.event_type]
    assert [(e.event_date, e.fatalities) for e in events] == [("2022-03-01", 3)]


def test_the_seat_of_a_source_places_nothing_when_the_sentence_names_the_scene(extractor: Extractor) -> None:
    text = "On Friday a mortar round killed two farmers in Nineveh province, said officials in Erbil.\n"
    events = [e for e in extractor.extract(article_from_text(text, "seat", date(2023, 5, 6))) if e.event_type]
    assert [e.admin1 for e in events] == ["Nīnawá"]  # not Erbil, the seat of the source


def test_a_deadline_is_not_the_day_of_the_event(extractor: Extractor) -> None:
    text = ("Troops and rebels fought near Kidal on Thursday, leaving four dead, the army said.\n\n"
            "The fighting took place while both sides were preparing a truce to be signed before March 31.\n")
    events = [e for e in extractor.extract(article_from_text(text, "bound", date(2017, 3, 25))) if e.event_type]
    assert [(e.event_date, e.fatalities) for e in events] == [("2017-03-23", 4)]


def test_a_hospital_named_with_an_acronym_is_no_scene(extractor: Extractor) -> None:
    text = ("Two villagers were shot dead in Moreh on Monday. The wounded were taken to the Institute of "
            "Medical Sciences (IMS) in Imphal.\n")
    events = [e for e in extractor.extract(article_from_text(text, "care", date(2024, 2, 1))) if e.event_type]
    assert [e.location for e in events] == ["Moreh"]


def test_a_fight_on_a_district_border_joins_the_village_that_names_it(extractor: Extractor) -> None:
    text = ("Two men died on Tuesday when armed groups from two communities fought a gun battle in Manipur, "
            "residents said.\n\n"
            "The gunfight took place near Khonglen village in Imphal East district.\n\n"
            "\"Two people lost their lives in an exchange of fire where Kangpokpi and Imphal East districts "
            "meet,\" police said.\n")
    events = [e for e in extractor.extract(article_from_text(text, "border", date(2024, 1, 31))) if e.event_type]
    assert [(e.sub_event_type, e.fatalities, e.event_date) for e in events] == [("Armed clash", 2, "2024-01-30")]


def test_a_grievance_death_is_not_a_protests_toll(extractor: Extractor) -> None:
    text = ("Police fired tear gas at students in Dhaka on Sunday. Hundreds had gathered in protest at the "
            "death of a student leader, who died in custody late Thursday.\n")
    events = [e for e in extractor.extract(article_from_text(text, "grief", date(2021, 3, 1))) if e.event_type]
    assert [(e.event_type, e.fatalities, e.event_date) for e in events] == [("Protests", 0, "2021-02-28")]


def test_a_gapped_count_in_another_town_is_another_event(extractor: Extractor) -> None:
    text = ("Russian shelling killed three civilians in Kherson Oblast on Friday, the governor said. "
            "Two civilians died in Beryslav, and one in Nikopol.\n")
    events = [e for e in extractor.extract(article_from_text(text, "gap", date(2023, 4, 8))) if e.event_type]
    assert sorted((e.location, e.fatalities) for e in events) == [("Beryslav", 2), ("Nikopol", 1)]


@pytest.mark.parametrize(("text", "count"), [
    ("Two civilians died in Beryslav, and one in Nikopol.", 1),
    ("Two civilians died in Beryslav, and two more near Nikopol.", 2),
    ("Two civilians died in Beryslav, and one was wounded in Nikopol.", None),
])
def test_a_gapped_count_needs_a_verbless_conjunct(nlp, text: str, count: int | None) -> None:  # type: ignore[no-untyped-def]
    from frontwire.extract.clauses import gapped_counts
    from frontwire.model import Place, Span, Toponym

    start = text.index("Nikopol")
    nikopol = Toponym(Span("Nikopol", start, start + 7),
                      Place("Nikopol", "Ukraine", "UKR", "Dnipropetrovska oblast", None, 47.57, 34.39, None, "PPL", 1))
    found = gapped_counts(next(iter(nlp(text).sents)), [nikopol])
    assert [(n, t.span.text) for n, t, _ in found] == ([] if count is None else [(count, "Nikopol")])


def test_communal_violence_is_a_clash_of_communal_militias(extractor: Extractor) -> None:
    text = ("Herders kidnapped four traders in Wukari, Taraba State, on Sunday, and communal violence "
            "left three people dead in Obudu, Cross River State.\n")
    events = [e for e in extractor.extract(article_from_text(text, "communal", date(2022, 3, 1))) if e.event_type]
    clash = [e for e in events if e.location == "Obudu"]
    assert [(e.sub_event_type, e.actor1, e.actor2, e.fatalities) for e in clash] == [
        ("Armed clash", "Communal Militia (Nigeria)", "Communal Militia (Nigeria)", 3)]
    assert all(e.fatalities == 0 for e in events if e.location != "Obudu")


def test_the_same_camp_is_the_camp_named_before(extractor: Extractor) -> None:
    text = ("Israeli troops killed two Palestinians in Nur Shams camp near Tulkarm on Monday, the ministry said.\n\n"
            "Earlier this month, five Palestinians were shot dead during a raid on the same camp.\n")
    events = [e for e in extractor.extract(article_from_text(text, "same", date(2023, 12, 20))) if e.event_type]
    assert sorted((e.fatalities, e.location) for e in events) == [(2, "Nur Shams camp"), (5, "Nur Shams camp")]


def test_a_border_named_in_passing_does_not_make_the_report_foreign(extractor: Extractor) -> None:
    text = ("Marines arrested a cartel boss close to the U.S. border on Monday. He was caught near Nuevo "
            "Laredo, not far from the U.S. border. \"Ground troops who backed up the marines detained three "
            "men,\" a spokesman said.\n")
    events = [e for e in extractor.extract(article_from_text(text, "home", date(2013, 7, 16))) if e.event_type]
    assert events and all(e.actor1_iso3 != "USA" for e in events)
