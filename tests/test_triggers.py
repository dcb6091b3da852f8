from __future__ import annotations

import pytest

from frontwire.extract.taxonomy import load_lexicon, load_taxonomy
from frontwire.extract.triggers import best_trigger, classify_snippet, find_triggers


def _triggers(nlp, text):  # type: ignore[no-untyped-def]
    doc = nlp(text)
    return [t for sent in doc.sents for t in find_triggers(sent)]


def test_taxonomy_has_acled_strings() -> None:
    taxonomy = load_taxonomy()
    assert taxonomy.event_types == ("Battles", "Explosions/Remote violence", "Violence against civilians",
                                    "Protests", "Riots", "Strategic developments")
    assert len(taxonomy.sub_types) == 25
    shelling = taxonomy.by_case_label["ART_MISS_ATTACK"]
    assert (shelling.name, shelling.event_type) == ("Shelling/artillery/missile attack", "Explosions/Remote violence")
    assert taxonomy.by_name["Disrupted weapons use"].case2021 == "DISR_WEAP"
    assert taxonomy.non_event_labels == ("MAN_MADE_DISASTER", "NATURAL_DISASTER", "DIPLO", "ORG_CRIME", "ATTRIB")


def test_lexicon_compiles() -> None:
    lex = load_lexicon()
    assert "grenade" in lex.by_first and "set" in lex.by_head
    assert "taliban" in lex.non_state and "army" in lex.government


@pytest.mark.parametrize(("text", "label"), [
    ("Warplanes pounded the village on Tuesday, killing six civilians.", "AIR_STRIKE"),
    ("Police fired tear gas at protesters who gathered outside parliament.", "PROTEST_WITH_INTER"),
    ("A suicide bomber blew himself up at a checkpoint, killing five soldiers.", "SUIC_BOMB"),
    ("Rebels seized control of the town on Monday.", "NON_STATE_ACTOR_OVERTAKES_TER"),
    ("Government troops recaptured the town from the rebels after two days of fighting.", "GOV_REGAINS_TERIT"),
    ("Air defence units shot down two drones over the district.", "DISR_WEAP"),
    ("Soldiers defused a roadside bomb on the main highway.", "DISR_WEAP"),
    ("Insurgents planted a roadside bomb that struck a military convoy.", "REM_EXPLOS"),
    ("Gunmen killed five villagers in an overnight raid.", "ATTACK"),
    ("Militants attacked an army checkpoint near the border.", "ARMED_CLASH"),
    ("Grenades were hurled at a police station, injuring two officers.", "GRENADE"),
    ("Artillery shells landed in a residential area, killing a child.", "ART_MISS_ATTACK"),
    ("Security forces opened fire on demonstrators, killing four.", "FORCE_AGAINST_PROTEST"),
    ("Protesters threw stones at police and set fire to several cars.", "VIOL_DEMONSTR"),
    ("Hundreds of students marched through the city to demand lower fees.", "PEACE_PROTEST"),
    ("Villagers lynched a man accused of stealing cattle.", "MOB_VIOL"),
    ("The two sides signed a ceasefire agreement in the capital on Friday.", "AGREEMENT"),
    ("Security forces arrested twelve suspected members of the militant group.", "ARREST"),
    ("Turkish forces set up a new military base in the province.", "HQ_ESTABLISHED"),
    ("The army deployed additional troops to the border region.", "CHANGE_TO_GROUP_ACT"),
    ("Armed men abducted three aid workers in the north.", "ABDUCT_DISSAP"),
    # not ACLED events: an industrial accident, a claim about an earlier bombing, a statement
    ("A gas cylinder exploded in a factory, killing three workers.", "NONE"),
    ("The group claimed responsibility for the car bomb that killed eight people.", "NONE"),
    ("The opposition accused the government of rigging the vote.", "NONE"),
])
def test_classify_snippet(nlp, text: str, label: str) -> None:  # type: ignore[no-untyped-def]
    assert classify_snippet(nlp(text)) == label


def test_trigger_fields_and_offsets(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "On Sunday, the enemy shelled the village. Nobody was hurt."
    doc = nlp(text)
    trig = best_trigger(doc)
    assert trig is not None
    assert (trig.span.text, trig.lemma, trig.head) == ("shelled", "shell", 21)
    assert text[trig.span.start:trig.span.end] == "shelled"
    assert (trig.event_type, trig.sub_event_type, trig.plover_type, trig.score) == (
        "Explosions/Remote violence", "Shelling/artillery/missile attack", "ASSAULT", 0.9)


def test_verbal_events_carry_plover_only(nlp) -> None:  # type: ignore[no-untyped-def]
    trigs = _triggers(nlp, "The defence minister said the army was ready to liberate the occupied territories.")
    assert [(t.span.text, t.sub_event_type, t.plover_type) for t in trigs] == [
        ("ready to liberate", None, "THREATEN")]
    trigs = _triggers(nlp, "The president criticised the mediators and described the talks as meaningless.")
    assert [(t.lemma, t.plover_type) for t in trigs] == [
        ("criticise", "ACCUSE"), ("describe the talk as meaningless", "ACCUSE"), ("talk", "CONSULT")]
    # a statement alone is no ACLED event, but it is the text's best trigger
    best = best_trigger(nlp("Officials warned that the rebels would face a tough response."))
    assert best is not None and (best.lemma, best.event_type, best.plover_type) == ("warn", None, "THREATEN")


def test_negated_trigger_is_kept(nlp) -> None:  # type: ignore[no-untyped-def]
    trigs = _triggers(nlp, "No one was killed in the shelling, officials said.")
    assert [(t.span.text, t.sub_event_type) for t in trigs] == [
        ("killed", "Shelling/artillery/missile attack"), ("shelling", "Shelling/artillery/missile attack")]


def test_longer_match_wins_and_cues_refine(nlp) -> None:  # type: ignore[no-untyped-def]
    # "suicide bomber" swallows "bomber"; the kill in the same sentence takes the bomb's sub-type
    trigs = _triggers(nlp, "A suicide bomber blew himself up at a checkpoint, killing five soldiers.")
    assert [(t.span.text, t.sub_event_type) for t in trigs] == [
        ("suicide bomber", "Suicide bomb"), ("blew himself", "Suicide bomb"), ("killing", "Suicide bomb")]
    # riot police are crowd control, not a riot
    trigs = _triggers(nlp, "Riot police chased demonstrators through the old town.")
    assert "Violent demonstration" not in {t.sub_event_type for t in trigs}


def test_weapons_seized_are_one_disrupted_event(nlp) -> None:  # type: ignore[no-untyped-def]
    trigs = _triggers(nlp, "Police seized 50 rifles, a grenade launcher and two mortars in the raid.")
    assert trigs[0].sub_event_type == "Disrupted weapons use"
    assert "Grenade" not in {t.sub_event_type for t in trigs}


def test_seed_article_triggers(nlp, seed_text: str) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(seed_text)
    trigs = [t for sent in doc.sents for t in find_triggers(sent)]
    subs = {t.sub_event_type for t in trigs}
    plovers = {t.plover_type for t in trigs}
    assert {"Shelling/artillery/missile attack", "Disrupted weapons use"} <= subs
    assert {"THREATEN", "ACCUSE"} <= plovers
    best = best_trigger(doc)
    assert best is not None and best.sub_event_type == "Shelling/artillery/missile attack"
