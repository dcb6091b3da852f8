from __future__ import annotations

from typing import Any

import pytest

from frontwire.extract.taxonomy import load_lexicon, load_taxonomy, type_by_target
from frontwire.extract.triggers import (
    MIN_EVENT_SCORE,
    best_trigger,
    classify_snippet,
    find_triggers,
    main_trigger,
)
from frontwire.model import Trigger


def _triggers(nlp: Any, text: str) -> list[Trigger]:
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


def _sentence_subs(nlp: Any, text: str) -> list[str | None]:
    """The ACLED sub-type of each sentence's main trigger (None: no event)."""
    out: list[str | None] = []
    for sent in nlp(text).sents:
        best = main_trigger(find_triggers(sent))
        out.append(None if best is None else best.sub_event_type)
    return out


@pytest.mark.parametrize("text", [
    # negated: the text says it did not happen
    "No one was detained during the search of the village.",
    "Police did not open fire on the crowd gathered outside the town hall.",
    "Not a single shot was fired when soldiers entered the building.",
    "There was no fighting in the city on Monday.",
    # wrong words: an idiom, a bare "incident"
    "The talks took place in the northern district of the province on Monday.",
    "The minister hit out at critics of the new security law.",
    "The incident occurred near the main market on Sunday evening.",
    # sports metaphors in a match report
    "The striker fired just wide of the post early in the second half of the match.",
    "His strike from 20 yards gave the home side the lead before half-time.",
    "After a brutal challenge on their captain, the visitors launched a late assault on the goal.",
    # looking back: commemorations, anniversaries, trials, verdicts
    "Hundreds gathered on Sunday to commemorate the victims of the market massacre.",
    "Survivors marked the tenth anniversary of the bombing with a minute of silence.",
    "A court sentenced five men to life in prison over the killing of the ambassador.",
])
def test_not_an_event(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert classify_snippet(nlp(text)) == "NONE"


@pytest.mark.parametrize(("text", "label"), [
    # the type follows the arguments: who acts, against whom, with what
    ("Security forces fired live rounds at protesters, killing three.", "FORCE_AGAINST_PROTEST"),
    ("Angry protesters attacked police officers with sticks and stones.", "VIOL_DEMONSTR"),
    ("Students clashed with police outside the university, throwing stones.", "VIOL_DEMONSTR"),
    ("Armed men attacked the village, killing eight civilians.", "ATTACK"),
    ("Fighters stormed the village on Saturday, killing 20 civilians and burning dozens of houses.", "ATTACK"),
    ("Gunmen seized 30 students from a boarding school in the north.", "ABDUCT_DISSAP"),
    ("Marines captured the cartel leader and two of his bodyguards near the border town.", "ARREST"),
    ("Navy special forces seized Juan Carlos Mendoza in a raid near the port.", "ARREST"),
    ("A missile struck a cargo ship off the coast on Friday.", "ART_MISS_ATTACK"),
    ("A drone strike on a vehicle killed three militants.", "AIR_STRIKE"),
    ("Troops and rebels clashed near the border.", "ARMED_CLASH"),
    ("A gunfight between police and gunmen left two dead.", "ARMED_CLASH"),
    ("Five insurgents were killed in an encounter with security forces.", "ARMED_CLASH"),
    # real violence at a match stays violence; an accusation is not a trial
    ("Gunmen opened fire on fans watching a football match, killing ten people.", "ATTACK"),
    ("The ministry charged that enemy forces fired on its positions, wounding a soldier.", "ARMED_CLASH"),
])
def test_type_follows_arguments(nlp, text: str, label: str) -> None:  # type: ignore[no-untyped-def]
    assert classify_snippet(nlp(text)) == label


def test_bomber_of_a_suicide_bombing_is_no_aircraft(nlp) -> None:  # type: ignore[no-untyped-def]
    text = ("A suicide bombing hit a crowded funeral in the city on Thursday, officials said. "
            "The group said its bomber struck the mourners as they left the cemetery.")
    assert _sentence_subs(nlp, text) == ["Suicide bomb", "Suicide bomb"]
    assert _sentence_subs(nlp, "Strategic bomber jets struck the airfield overnight.") == ["Air/drone strike"]


def test_negated_trigger_codes_no_event_but_a_stated_one_does(nlp) -> None:  # type: ignore[no-untyped-def]
    # "killed" is negated; the shelling did happen
    assert _sentence_subs(nlp, "No one was killed in the shelling, officials said.") == [
        "Shelling/artillery/missile attack"]
    assert _sentence_subs(nlp, "No fewer than 20 people were killed in the attack on the village.") == ["Attack"]
    # taken without a fight: the capture stands, the shot is negated
    trigs = _triggers(nlp, "Soldiers took the town without firing a shot.")
    assert main_trigger(trigs) is not None and main_trigger(trigs).lemma == "take the town"  # type: ignore[union-attr]


def test_one_word_person_tag_is_still_a_place(nlp) -> None:  # type: ignore[no-untyped-def]
    # the tagger may read an unknown town as a person; only full names make a capture an arrest
    assert classify_snippet(nlp("Militiamen captured Dansha on Saturday.")) == "NON_STATE_ACTOR_OVERTAKES_TER"


# ---------------------------------------------------------------- round 2: triggers and types


def _acled(nlp: Any, text: str) -> list[tuple[str, str | None]]:
    """(text, sub-type) of the triggers that can code an ACLED event."""
    return [(t.span.text, t.sub_event_type) for t in _triggers(nlp, text)
            if t.event_type is not None and t.score >= MIN_EVENT_SCORE]


@pytest.mark.parametrize(("text", "expected"), [
    # "struck" with armed actors or weapons named is an attack; a deal or a storm is not
    ("Insurgents struck an army outpost overnight.", [("struck", "Armed clash")]),
    ("The storm struck the coast on Friday.", []),
    ("The two sides struck a deal on Monday.", [("struck a deal", "Agreement")]),
    # coming under fire is being shot at; "under fire" from critics is criticism
    ("The patrol came under heavy fire near the border.", [("under heavy fire", "Armed clash")]),
    ("Soldiers guarding the convoy came under fire from militants on Tuesday.", [("under fire", "Armed clash")]),
    ("The minister came under fire from critics over the budget.", []),
    # security men "martyred" were killed
    ("Three policemen were martyred in the ambush.", [("martyred", "Armed clash"), ("ambush", "Armed clash")]),
])
def test_attack_verbs_of_round_two(nlp, text: str, expected: list[tuple[str, str]]) -> None:  # type: ignore[no-untyped-def]
    assert _acled(nlp, text) == expected


def test_theft_is_looting_only_by_armed_men_or_mobs(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _acled(nlp, "A man was accused of stealing a goat from a neighbour.") == []
    assert _acled(nlp, "Armed bandits stole cattle from the village.") == [("stole", "Looting/property destruction")]


def test_a_base_is_what_is_set_up_not_what_is_fired_at(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _acled(nlp, "Gunmen opened fire at a police camp on the outskirts.") == [
        ("Gunmen", "Armed clash"), ("opened fire", "Armed clash")]
    assert _acled(nlp, "The army set up a new camp near the border.") == [
        ("set up a new camp", "Headquarters or base established")]


def test_deployment_beside_violence_is_not_the_event(nlp) -> None:  # type: ignore[no-untyped-def]
    # a participle describing the victims ("guards deployed at the mine") is no deployment
    trigs = _acled(nlp, "Two guards deployed at the mine were killed when gunmen stormed it.")
    assert "Change to group/activity" not in {sub for _, sub in trigs}
    # a deployment in response to a killing ranks below it
    doc = nlp("The army has deployed additional troops after militants killed three villagers.")
    best = main_trigger(find_triggers(next(iter(doc.sents))))
    assert best is not None and (best.span.text, best.sub_event_type) == ("killed", "Attack")
    # alone, a deployment is still ACLED's change to group activity (CASE 2021 practice)
    assert _acled(nlp, "The army deployed additional troops to the border region.") == [
        ("deployed", "Change to group/activity")]


def test_stopping_a_wanted_person_is_an_arrest(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _acled(nlp, "The fugitive was stopped at a roadblock outside the city.") == [("stopped", "Arrests")]
    assert _acled(nlp, "Marines captured him near the port on Sunday.") == [("captured", "Arrests")]
    assert _acled(nlp, "The army stopped the advance.") == []


@pytest.mark.parametrize(("text", "sub"), [
    # the target named as the object decides, not other words of the sentence
    ("Soldiers opened fire on villagers near the checkpoint.", "Attack"),
    ("Gunmen opened fire on a police patrol in the market town.", "Armed clash"),
    ("Unknown attackers shot two soldiers outside a school.", "Armed clash"),
])
def test_type_by_the_target_of_the_act(nlp, text: str, sub: str) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    best = main_trigger(find_triggers(next(iter(doc.sents))))
    assert best is not None and best.sub_event_type == sub


@pytest.mark.parametrize(("types", "kinds", "expected"), [
    # an armed group (or an unknown doer) against soldiers or police: a battle
    (("Violence against civilians", "Attack"), ("rebel", "military"), ("Battles", "Armed clash")),
    (("Violence against civilians", "Attack"), (None, "police"), ("Battles", "Armed clash")),
    (("Violence against civilians", "Attack"), ("military", "armed_group"), ("Battles", "Armed clash")),
    # armed men, state forces included, against unarmed people: violence against civilians
    (("Battles", "Armed clash"), ("police", "civilians"), ("Violence against civilians", "Attack")),
    (("Battles", "Armed clash"), ("rebel", "civilians"), ("Violence against civilians", "Attack")),
    (("Battles", "Armed clash"), (None, "civilians"), ("Violence against civilians", "Attack")),
    # unchanged: a target unknown, a crowd as doer, other sub-types
    (("Violence against civilians", "Attack"), ("rebel", None), ("Violence against civilians", "Attack")),
    (("Battles", "Armed clash"), ("civilians", "military"), ("Battles", "Armed clash")),
    (("Riots", "Mob violence"), ("rioters", "civilians"), ("Riots", "Mob violence")),
    (("Explosions/Remote violence", "Shelling/artillery/missile attack"), ("military", "civilians"),
     ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
])
def test_type_by_target(types: tuple[str, str], kinds: tuple[str | None, str | None],
                        expected: tuple[str, str]) -> None:
    assert type_by_target(*types, *kinds) == expected


def test_type_by_target_ignores_a_doer_named_as_its_own_target() -> None:
    assert type_by_target("Battles", "Armed clash", "rebel", "rebel", same_actor=True) == ("Battles", "Armed clash")
    assert type_by_target("Violence against civilians", "Attack", "rebel", "rebel") == ("Battles", "Armed clash")


def test_a_sidebar_headline_does_not_colour_the_story(nlp) -> None:  # type: ignore[no-untyped-def]
    from frontwire.extract.triggers import find_triggers, main_trigger

    story = "Police said the assault took place on Saturday evening in the village.\n"
    sidebar = "Related\n- Landslide at a mining site: 12 bodies pulled out\n- Floods hit the capital\n"
    alone = main_trigger(find_triggers(next(iter(nlp(story).sents))))
    doc = nlp(story + sidebar)
    beside = main_trigger(find_triggers(next(iter(doc.sents))))
    assert alone is not None and beside is not None and beside.score == alone.score


@pytest.mark.parametrize(("text", "violent"), [
    ("The local commander was gunned down outside his house on Friday.", True),
    ("Gunmen mowed down worshippers leaving the mosque.", True),
    ("The government cut down on fuel subsidies.", False),
])
def test_gunned_down_is_a_killing(nlp, text: str, violent: bool) -> None:  # type: ignore[no-untyped-def]
    sent = next(iter(nlp(text).sents))
    assert any(t.event_type == "Violence against civilians" for t in find_triggers(sent)) is violent
