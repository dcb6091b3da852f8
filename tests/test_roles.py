"""Who did it to whom: actor mentions assigned to a trigger's roles by the dependency parse."""

from __future__ import annotations

import pytest

from frontwire.extract.actors import find_actors
from frontwire.extract.roles import assign_roles, is_source, pronoun_subject, speaks_of_itself
from frontwire.extract.triggers import find_triggers


def _roles(nlp, text: str, iso3: str | None = None) -> tuple[str | None, str | None]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    sent = next(iter(doc.sents))
    trigger = max(find_triggers(sent), key=lambda t: (t.event_type is not None, t.score))
    a1, a2 = assign_roles(doc, trigger.head, find_actors(sent, default_iso3=iso3))
    return (a1.name if a1 else None, a2.name if a2 else None)


@pytest.mark.parametrize(("text", "actor1", "actor2"), [
    ("On July 12, Armenian forces shelled Azerbaijan’s positions in Tovuz.",
     "Military Forces of Armenia", "Military Forces of Azerbaijan"),
    ("Eight drones of the Armenian armed forces were destroyed by the Azerbaijani Air Defense units.",
     "Military Forces of Azerbaijan", "Military Forces of Armenia"),
    ("Malian soldiers clashed with jihadists near Gao on Monday.",
     "Military Forces of Mali", "Unidentified Armed Group (Mali)"),
    ("Kenyan police fired tear gas at protesters in Nairobi.", "Police Forces of Kenya", "Protesters (Kenya)"),
    # the dead peacekeepers are victims, not the bombers
    ("A roadside bomb hit a UN convoy near Gao, killing two Egyptian peacekeepers.", None, "United Nations"),
])
def test_initiator_and_target(nlp, text: str, actor1: str | None, actor2: str | None) -> None:  # type: ignore[no-untyped-def]
    assert _roles(nlp, text) == (actor1, actor2)


def test_pronoun_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Ukraine's air force said it shot down 18 drones overnight.")
    assert pronoun_subject(doc, doc.text.index("shot"))
    doc = nlp("Ukraine's air force said Russian forces launched 25 drones overnight.")
    assert not pronoun_subject(doc, doc.text.index("launched"))


UAG_NGA = "Unidentified Armed Group (Nigeria)"
CIV_NGA = "Civilians (Nigeria)"


@pytest.mark.parametrize(("text", "actor1", "actor2"), [
    # passive voice: the agent acts, the subject suffers
    ("Four soldiers were killed by militants near the border town.", UAG_NGA, "Military Forces of Nigeria"),
    ("Fishermen were shot dead by assailants on the lake.", UAG_NGA, CIV_NGA),
    ("Five passengers were killed in an attack by armed men on a bus.", UAG_NGA, CIV_NGA),
    ("A group of soldiers were ambushed near the river.", None, "Military Forces of Nigeria"),
    # "X came under attack by Y": Y initiates
    ("Soldiers came under attack by jihadists near the town, the army said.", UAG_NGA, "Military Forces of Nigeria"),
    # inside a noun trigger: possessor / "by" initiate, "of" / "on" are the target
    ("The army's shelling of the village killed three farmers.", "Military Forces of Nigeria", CIV_NGA),
    ("The attack by gunmen on the market killed 12 traders.", UAG_NGA, CIV_NGA),
    ("An attack on soldiers killed four of them.", None, "Military Forces of Nigeria"),
    # counted people are civilians; those who die are the target
    ("Nine people died in an attack on a mosque in the town.", None, CIV_NGA),
    ("Officials said that twelve people were killed when gunmen opened fire on a wedding.", UAG_NGA, CIV_NGA),
    # relative clauses
    ("The students whom the gunmen kidnapped were freed on Monday.", UAG_NGA, CIV_NGA),
    ("The bandits who attacked the village fled into the forest.", UAG_NGA, None),
    # sources are no parties
    ("Bandits abducted 20 students from a boarding school, according to the governor.", UAG_NGA, CIV_NGA),
    ("According to a police officer, gunmen killed six villagers.", UAG_NGA, CIV_NGA),
    ("Security forces killed 12 militants in a raid, the army said.", "Military Forces of Nigeria", UAG_NGA),
    ("A police spokesman said suspected militants had killed three constables at a checkpoint.",
     UAG_NGA, "Police Forces of Nigeria"),
    # who claims or is blamed acts
    ("Boko Haram claimed responsibility for the attack that killed 15 farmers.",
     "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad", CIV_NGA),
    ("Authorities blamed ISWAP for the bombing of the market.", "Islamic State West Africa Province (ISWAP)", None),
    ("The attack, which killed 12 civilians, was blamed on Boko Haram.",
     "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad", CIV_NGA),
])
def test_roles_in_news_language(nlp, text: str, actor1: str | None, actor2: str | None) -> None:  # type: ignore[no-untyped-def]
    assert _roles(nlp, text, "NGA") == (actor1, actor2)


@pytest.mark.parametrize(("text", "iso3", "actor1", "actor2"), [
    # the victims belong to where the event is, not to the attacker named beside them
    ("One civilian was killed by Russian troops in the region, the governor said.", "UKR",
     "Military Forces of Russia", "Civilians (Ukraine)"),
    ("At least nine people were killed when Russian forces carried out rocket strikes on the city.", "UKR",
     "Military Forces of Russia", "Civilians (Ukraine)"),
    ("A missile fired by Russian forces struck the town hall.", "UKR", "Military Forces of Russia", None),
    # a news agency with a country in its name is neither a party nor a country cue
    ("Jihadists killed eight civilians, Agence France-Presse reported.", "MLI",
     "Unidentified Armed Group (Mali)", "Civilians (Mali)"),
    ("Iran's state news agency said a bomb killed two police officers in the city.", "PAK",
     None, "Police Forces of Pakistan"),
    # "fighting with X": the other side
    ("Seven soldiers died in fighting with the Kachin Independence Army on Monday.", "MMR",
     "KIA: Kachin Independence Army", "Military Forces of Myanmar"),
    # a dead official in a relative clause is the target
    ("A funeral was held for the deputy governor, who died when a car bomb went off on Tuesday.", "AFG",
     None, "Government of Afghanistan"),
    ("Dozens of people were hurt when police used tear gas on opposition activists.", "BGD",
     "Police Forces of Bangladesh", "Protesters (Bangladesh)"),
    ("Gangs attacked a neighbourhood of the capital where gunmen battled residents.", "HTI",
     "Unidentified Armed Group (Haiti)", "Civilians (Haiti)"),  # the gunmen of the "where" clause are no target
])
def test_roles_with_the_events_country(nlp, text: str, iso3: str, actor1: str | None,  # type: ignore[no-untyped-def]
                                       actor2: str | None) -> None:
    assert _roles(nlp, text, iso3) == (actor1, actor2)


def test_is_source(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Residents told police that gunmen attacked the village.")
    sent = next(iter(doc.sents))
    actors = find_actors(sent, default_iso3="NGA")
    assert [a.name for a in actors if is_source(doc, a)] == ["Civilians (Nigeria)", "Police Forces of Nigeria"]


@pytest.mark.parametrize(("text", "iso3", "actor1", "actor2"), [
    # the speaker is the unstated subject of its subjectless clause: hit (passive) or doer
    ("The shipping agency said a tanker reported being struck by a missile off Yemen.", "YEM",
     None, "Civilians (International)"),
    ("The army claimed to have killed twenty militants near Gao.", "MLI",
     "Military Forces of Mali", "Unidentified Armed Group (Mali)"),
    # "a firefight between X and Y": the two sides, not the people it left dead
    ("A firefight between Malian soldiers and jihadists near Gao left six villagers dead.", "MLI",
     "Military Forces of Mali", "Unidentified Armed Group (Mali)"),
    # a side that died stays the target
    ("Three soldiers died in a clash between the army and rebels near Kidal.", "MLI",
     "Unidentified Armed Group (Mali)", "Military Forces of Mali"),
    # one phrase naming two communities' militias: the two sides of the clash
    ("Armed men from the Tiv and Jukun communities clashed near Wukari.", "NGA",
     "Tiv Ethnic Militia (Nigeria)", "Jukun Ethnic Militia (Nigeria)"),
    ("Fulani herders attacked farmers in Benue.", "NGA", "Fulani Ethnic Militia (Nigeria)", "Civilians (Nigeria)"),
    ("Separatists attacked a school in Bamenda, killing a teacher.", "CMR",
     "Ambazonian Separatists", "Civilians (Cameroon)"),
])
def test_roles_of_round_two(nlp, text: str, iso3: str, actor1: str | None,  # type: ignore[no-untyped-def]
                            actor2: str | None) -> None:
    assert _roles(nlp, text, iso3) == (actor1, actor2)


@pytest.mark.parametrize(("text", "iso3", "actor1", "actor2"), [
    # a "between" phrase the parse hangs on a place inside the noun trigger still names its sides
    ("A shootout on Friday in Kaduna between soldiers and bandits left four people dead.", "NGA",
     "Military Forces of Nigeria", "Unidentified Armed Group (Nigeria)"),
    # a verb conjoined without a subject of its own shares the other verb's subject and objects
    ("Bandits killed two farmers and kidnapped their wives near the town.", "NGA",
     "Unidentified Armed Group (Nigeria)", "Civilians (Nigeria)"),
    # a "when" clause hung low in the trigger's clause still names its doer
    (("Nine people were killed -- three of them children -- and another 30 wounded when troops fired "
      "rockets at the town."), "NGA", "Military Forces of Nigeria", "Civilians (Nigeria)"),
    # "X are thought to have been killed": X was killed
    ("Four policemen are thought to have been killed when gunmen stormed the station.", "NGA",
     "Unidentified Armed Group (Nigeria)", "Police Forces of Nigeria"),
    # two militias of one phrase fought: the other side, not the villagers who died
    ("Three villagers were killed when Naga and Kuki militants clashed near the border.", "IND",
     "Naga Ethnic Militia (India)", "Kuki Ethnic Militia (India)"),
    # struck homes are civilians; the verb above a "by" trigger holds the roles
    ("Two homes were hit by Azerbaijani shelling on Monday.", "ARM",
     "Azerbaijan", "Civilians (Armenia)"),
    ("Army helicopters bombed houses in the village.", "SYR", "Military Forces of Syria", "Civilians (Syria)"),
    # who dies by "losing their lives" is the target; "armed miscreants" are an armed group
    ("Three people lost their lives in a raid by armed miscreants on a market.", "BGD",
     "Unidentified Armed Group (Bangladesh)", "Civilians (Bangladesh)"),
    # a force in a phrase that only places the event is no party
    ("Clashes erupted two kilometres from an army checkpoint, a local official said.", "SYR", None, None),
    # followers tied to a named group are an unnamed group of the country
    ("Jihadists linked to al-Qaeda attacked an army post near the border.", "BFA",
     "Unidentified Armed Group (Burkina Faso)", "Military Forces of Burkina Faso"),
])
def test_roles_of_round_three(nlp, text: str, iso3: str, actor1: str | None,  # type: ignore[no-untyped-def]
                              actor2: str | None) -> None:
    assert _roles(nlp, text, iso3) == (actor1, actor2)


def test_speaks_of_itself(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("A cargo ship reported being hit by a drone off the coast.")
    ship = find_actors(next(iter(doc.sents)), default_iso3="YEM")[0]
    assert speaks_of_itself(doc, ship, doc.text.index("hit"))
    doc = nlp("Police said gunmen attacked the village.")
    police = find_actors(next(iter(doc.sents)), default_iso3="NGA")[0]
    assert police.span.text == "Police"
    assert not speaks_of_itself(doc, police, doc.text.index("attacked"))


def test_allies_of_one_phrase_strike_together(nlp) -> None:  # type: ignore[no-untyped-def]
    # a strike is no fight between the two air forces of one phrase: the civilians are the target
    text = "Russian and Syrian jets bombed a market in the town on Friday, killing six civilians."
    assert _roles(nlp, text, "SYR") == ("Military Forces of Russia", "Civilians (Syria)")


@pytest.mark.parametrize(("text", "iso3", "actor1", "actor2"), [
    # a community or neighbourhood struck stands for its people, as struck homes do (not a
    # village: "attacked the village" is as often a fight with the force that holds it)
    ("Russian drones struck border communities overnight.", "UKR", "Military Forces of Russia", "Civilians (Ukraine)"),
    ("Gunmen opened fire on a crowded neighbourhood of the city.", "NGA", "Unidentified Armed Group (Nigeria)",
     "Civilians (Nigeria)"),
    ("Artillery fire was aimed at settlements along the frontier.", "ARM", None, "Civilians (Armenia)"),
    # a settlement a force took, or ground a force holds, is no target
    ("Rebels seized the settlement after heavy fighting with the army.", "COD", None, None),
    ("Insurgents fired mortars at government-held neighbourhoods of the city.", "SYR", None, None),
    ("Jets bombed settlements controlled by the militia near the border.", "SDN", None, None),
])
def test_struck_villages_are_civilians(nlp, text: str, iso3: str, actor1: str | None,  # type: ignore[no-untyped-def]
                                       actor2: str | None) -> None:
    roles = _roles(nlp, text, iso3)
    if actor1 is not None:
        assert roles[0] == actor1
    if actor2 is not None:
        assert roles[1] == actor2
    else:
        assert "Civilians" not in str(roles)


def test_the_international_community_is_no_target(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("The minister called on the international community to condemn the shelling of the town.")
    actors = find_actors(next(iter(doc.sents)), default_iso3="UKR")
    assert not [a for a in actors if a.kind == "civilians"]
