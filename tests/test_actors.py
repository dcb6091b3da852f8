"""Actor mentions -> ACLED-style names: the seed's sentences and news sentences from other wars."""

from __future__ import annotations

from collections import Counter

import pytest

from frontwire.extract.actors import country_cues, find_actors, with_country
from frontwire.extract.countries import country_name, iso3_for
from frontwire.model import Actor, Span

Triple = tuple[str, str | None, str]


def _actors(nlp, text: str, **kwargs: str) -> list[Actor]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    return [a for sent in doc.sents for a in find_actors(sent, **kwargs)]


def _triples(nlp, text: str) -> list[Triple]:  # type: ignore[no-untyped-def]
    return [(a.name, a.iso3, a.kind) for a in _actors(nlp, text)]


# -- countries ------------------------------------------------------------------------------

@pytest.mark.parametrize(("word", "iso3"), [
    ("Azerbaijan", "AZE"), ("Azerbaijan's", "AZE"), ("Azerbaijan\u2019s", "AZE"), ("azerbaijani", "AZE"),
    ("Azerbaijanis", "AZE"), ("Afghans", "AFG"), ("Armenian", "ARM"), ("Malian", "MLI"),
    ("Russia", "RUS"), ("Syria", "SYR"), ("Iran", "IRN"), ("DR Congo", "COD"), ("Ivory Coast", "CIV"),
    ("C\u00f4te d\u2019Ivoire", "CIV"), ("the Democratic Republic of the Congo", "COD"),
    ("Republic of Korea", "KOR"), ("Burma", "MMR"), ("US", "USA"), ("Kosovo", "XKX"),
    ("Congo-Brazzaville", "COG"), ("Nigerien", "NER"), ("Nigerian", "NGA"),
])
def test_iso3_for_names_demonyms_and_people(word: str, iso3: str) -> None:
    assert iso3_for(word) == iso3


@pytest.mark.parametrize("word", ["us", "army", "Tovuz", "Nagorno-Karabakh", ""])
def test_iso3_for_rejects_non_countries(word: str) -> None:
    assert iso3_for(word) is None


@pytest.mark.parametrize(("iso3", "name"), [
    ("AZE", "Azerbaijan"), ("SYR", "Syria"), ("RUS", "Russia"), ("COD", "Democratic Republic of Congo"),
    ("IRN", "Iran"), ("CIV", "Ivory Coast"), ("TUR", "Turkey"), ("PSE", "Palestine"), ("GBR", "United Kingdom"),
    ("BOL", "Bolivia"), ("KOR", "South Korea"),
])
def test_country_name_is_acleds_short_name(iso3: str, name: str) -> None:
    assert country_name(iso3) == name


# -- the seed article -----------------------------------------------------------------------

SEED_CASES: list[tuple[str, list[Triple]]] = [
    (("On July 12, Armenian forces shelled Azerbaijan\u2019s positions in Tovuz, the country\u2019s "
     "strategically-important district."),
     [("Military Forces of Armenia", "ARM", "military"), ("Military Forces of Azerbaijan", "AZE", "military")]),
    (("The Armenian attack killed 12 Azerbaijani servicemen, including an army general, as well as a "
     "76-year-old civilian."),
     [("Armenia", "ARM", "country"), ("Military Forces of Azerbaijan", "AZE", "military"),
      ("Civilians (Azerbaijan)", "AZE", "civilians")]),
    (("Since 16 July, eight UAVs of the Armenian armed forces, attempting to carry out a reconnaissance "
     "flight over the positions of the Azerbaijani Army\u2019s units, have been destroyed by the "
     "Azerbaijani Air Defense units."),
     [("Military Forces of Armenia", "ARM", "military"), ("Military Forces of Azerbaijan", "AZE", "military"),
      ("Military Forces of Azerbaijan", "AZE", "military")]),
    (("On August 23 at around 6:00 am, Azerbaijan thwarted a provocation attempt by the "
     "sabotage-reconnaissance group of the Armenian armed forces in the direction of Goranboy region of "
     "Azerbaijan."),
     [("Azerbaijan", "AZE", "country"), ("Military Forces of Armenia", "ARM", "military")]),
    (("As a result of measures taken by the Azerbaijani army, the commander of the sabotage-reconnaissance "
     "group of the Armenian Armed Forces, senior lieutenant Gurgen Alaverdyan was taken as prisoner."),
     [("Military Forces of Azerbaijan", "AZE", "military"), ("Military Forces of Armenia", "ARM", "military"),
      ("Gurgen Alaverdyan", "ARM", "person")]),
    (("Azerbaijani authorities have recently voiced discontent over the failure of peace negotiations "
     "with Armenia."),
     [("Government of Azerbaijan", "AZE", "government"), ("Armenia", "ARM", "country")]),
    (("President Ilham Aliyev said in July that the work of the OSCE Minsk group mediating the "
     "Nagorno-Karabakh conflict has proven ineffective, reminding that the mediators have failed to "
     "respond to Armenia\u2019s provocations."),
     [("Government", None, "government"), ("Ilham Aliyev", None, "person"), ("OSCE Minsk Group", None, "org"),
      ("Armenia", "ARM", "country")]),
    (("More than 20,000 Azerbaijanis were killed and around one million were displaced as a result of the "
     "large-scale hostilities."),
     [("Civilians (Azerbaijan)", "AZE", "civilians")]),
    (("The Minsk Group\u2019s efforts have resulted in no progress and to this date, Armenia has failed to "
     "abide by the UN Security Council resolutions (822, 853, 874 and 884) that demand the withdrawal of "
     "Armenian military forces from the occupied territories of Azerbaijan."),
     [("OSCE Minsk Group", None, "org"), ("Armenia", "ARM", "country"), ("UN Security Council", None, "org"),
      ("Military Forces of Armenia", "ARM", "military")]),
]


@pytest.mark.parametrize(("text", "expected"), SEED_CASES)
def test_seed_sentences(nlp, text: str, expected: list[Triple]) -> None:  # type: ignore[no-untyped-def]
    assert _triples(nlp, text) == expected


def test_seed_article_spans_heads_and_cues(nlp, seed_text: str) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(seed_text)
    actors = [a for sent in doc.sents for a in find_actors(sent)]
    for a in actors:
        assert seed_text[a.span.start:a.span.end] == a.span.text
        assert a.head is not None and a.span.start <= a.head < a.span.end or a.kind in ("government",)
    shelled = next(a for a in actors if a.span.text == "Azerbaijan\u2019s positions")
    assert shelled.head is not None and seed_text[shelled.head:shelled.head + 9] == "positions"
    hasanov = next(a for a in actors if a.name == "Zakir Hasanov")
    assert hasanov.kind == "person" and hasanov.head is not None
    assert seed_text[hasanov.head:hasanov.head + 7] == "Hasanov"
    cues = country_cues(doc)
    assert cues.most_common(2) == [("AZE", 17), ("ARM", 16)]
    assert cues["RUS"] == 1 and cues["FRA"] == 1 and cues["USA"] == 1


def test_official_gets_government_and_person_with_country_from_title(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Azerbaijani Defence Minister Zakir Hasanov visited the front line in Tovuz, Azerbaijan."
    actors = _actors(nlp, text)
    assert [(a.name, a.iso3, a.kind, a.span.text) for a in actors] == [
        ("Government of Azerbaijan", "AZE", "government", "Azerbaijani Defence Minister"),
        ("Zakir Hasanov", "AZE", "person", "Zakir Hasanov"),
    ]  # and the place "Tovuz, Azerbaijan" is no actor
    assert actors[0].head == actors[1].head == text.index("Hasanov")


def test_state_actor_without_country_takes_the_callers_default(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Defence Minister Zakir Hasanov said the army was ready."
    assert [(a.name, a.iso3) for a in _actors(nlp, text)] == [
        ("Government", None), ("Zakir Hasanov", None), ("Military Forces", None)]
    assert [(a.name, a.iso3) for a in _actors(nlp, text, default_iso3="AZE")] == [
        ("Government of Azerbaijan", "AZE"), ("Zakir Hasanov", "AZE"), ("Military Forces of Azerbaijan", "AZE")]
    army = _actors(nlp, text)[2]
    assert with_country(army, "AZE").name == "Military Forces of Azerbaijan"


def test_former_office_holder_is_only_a_person(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _triples(nlp, "Former President Jacob Zuma was jailed in South Africa.") == [
        ("Jacob Zuma", "ZAF", "person")]


# -- other conflicts ------------------------------------------------------------------------

NEWS_CASES: list[tuple[str, list[Triple]]] = [
    ("Suspected JNIM militants killed 14 soldiers in an ambush near Boni, in central Mali, the army said.",
     [("JNIM: Group for Support of Islam and Muslims", "MLI", "rebel"), ("Military Forces of Mali", "MLI", "military"),
      ("Military Forces of Mali", "MLI", "military")]),
    ("Gunmen on motorcycles killed 20 villagers in Zamfara state, Nigeria, residents said.",
     [("Unidentified Armed Group (Nigeria)", "NGA", "armed_group"), ("Civilians (Nigeria)", "NGA", "civilians"),
      ("Civilians (Nigeria)", "NGA", "civilians")]),
    ("Boko Haram fighters abducted 30 schoolchildren from a school in Borno State.",
     [("Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad", "NGA", "rebel"),
      ("Civilians (Nigeria)", "NGA", "civilians")]),
    ("Syrian government forces shelled the town of Ariha in Idlib province, killing three civilians.",
     [("Military Forces of Syria", "SYR", "military"), ("Civilians (Syria)", "SYR", "civilians")]),
    ("Ukrainian forces shot down 15 Russian drones overnight, the Ukrainian air force said.",
     [("Military Forces of Ukraine", "UKR", "military"), ("Military Forces of Russia", "RUS", "military"),
      ("Military Forces of Ukraine", "UKR", "military")]),
    ("M23 rebels seized the town of Rubaya in North Kivu after heavy fighting with the Congolese army.",
     [("M23: March 23 Movement", "COD", "rebel"),
      ("Military Forces of Democratic Republic of Congo", "COD", "military")]),
    ("Myanmar's military junta carried out airstrikes on villages held by the Arakan Army in Rakhine State.",
     [("Government of Myanmar", "MMR", "government"), ("AA: Arakan Army", "MMR", "rebel")]),
    ("The Taliban executed two men in public in Kandahar, Afghanistan.",
     [("Taliban", "AFG", "rebel"), ("Civilians (Afghanistan)", "AFG", "civilians")]),
    (("Indian security forces killed three militants of Lashkar-e-Taiba in an encounter in Kashmir's "
     "Pulwama district."),
     [("Military Forces of India", "IND", "military"), ("Lashkar-e-Taiba", "PAK", "rebel")]),
    ("Israeli troops killed two Palestinians in a raid on the Jenin refugee camp in the West Bank.",
     [("Military Forces of Israel", "ISR", "military"), ("Civilians (Palestine)", "PSE", "civilians")]),
    ("Hamas fired dozens of rockets at southern Israel on Saturday.",
     [("Hamas Movement", "PSE", "rebel")]),
    ("Kenyan police fired tear gas at protesters in Nairobi on Tuesday.",
     [("Police Forces of Kenya", "KEN", "police"), ("Protesters (Kenya)", "KEN", "protesters")]),
    ("Students protesting against fare hikes clashed with riot police in Santiago, Chile.",
     [("Protesters (Chile)", "CHL", "protesters"), ("Police Forces of Chile", "CHL", "police")]),
    ("A mob set fire to a police station in Lahore, Pakistan, after the arrest of a cleric.",
     [("Rioters (Pakistan)", "PAK", "rioters")]),
    ("Russian President Vladimir Putin met Turkish President Recep Tayyip Erdogan in Sochi.",
     [("Government of Russia", "RUS", "government"), ("Vladimir Putin", "RUS", "person"),
      ("Government of Turkey", "TUR", "government"), ("Recep Tayyip Erdogan", "TUR", "person")]),
    ("The RSF shelled the city of El Fasher in North Darfur, killing 15 civilians.",
     [("RSF: Rapid Support Forces", "SDN", "rebel"), ("Civilians (Sudan)", "SDN", "civilians")]),
    ("Azerbaijani authorities detained two journalists in Baku.",
     [("Government of Azerbaijan", "AZE", "government"), ("Civilians (Azerbaijan)", "AZE", "civilians")]),
    ("Unidentified gunmen abducted a Catholic priest in Kaduna state.",
     [("Unidentified Armed Group", None, "armed_group")]),
    ("Wagner Group mercenaries and Malian soldiers killed dozens of civilians in Moura.",
     [("Wagner Group", "RUS", "external force"), ("Military Forces of Mali", "MLI", "military"),
      ("Civilians (Mali)", "MLI", "civilians")]),
    ("The army said it had killed 20 terrorists in the northeast of Burkina Faso.",
     [("Military Forces of Burkina Faso", "BFA", "military"),
      ("Unidentified Armed Group (Burkina Faso)", "BFA", "armed_group")]),
    ("Pakistani security forces clashed with TTP fighters in North Waziristan.",
     [("Military Forces of Pakistan", "PAK", "military"), ("TTP: Tehreek-i-Taliban Pakistan", "PAK", "rebel")]),
    ("Rioters looted shops in Johannesburg, South Africa, after the former president was jailed.",
     [("Rioters (South Africa)", "ZAF", "rioters")]),
    ("Armed men attacked a convoy of the Burkinabe army near Djibo.",
     [("Unidentified Armed Group (Burkina Faso)", "BFA", "armed_group"),
      ("Military Forces of Burkina Faso", "BFA", "military")]),
    ("Soldiers from Chad and Niger joined the offensive against ISWAP.",
     [("Military Forces of Chad", "TCD", "military"), ("Military Forces of Niger", "NER", "military"),
      ("Islamic State West Africa Province (ISWAP)", "NGA", "rebel")]),
    ("Suspected FARC dissidents killed two police officers in Cauca, Colombia.",
     [("FARC: Revolutionary Armed Forces of Colombia", "COL", "rebel"), ("Police Forces of Colombia", "COL", "police")]),
    ("The Syrian Arab Army recaptured Saraqeb from Hayat Tahrir al-Sham.",
     [("Military Forces of Syria", "SYR", "military"), ("Hayat Tahrir al Sham", "SYR", "rebel")]),
    ("ADF rebels killed 40 civilians in Beni territory, the Congolese army said.",
     [("ADF: Allied Democratic Forces", "UGA", "rebel"),
      ("Civilians (Democratic Republic of Congo)", "COD", "civilians"),
      ("Military Forces of Democratic Republic of Congo", "COD", "military")]),
    ("Nigerian troops rescued 20 women kidnapped by bandits in Katsina state.",
     [("Military Forces of Nigeria", "NGA", "military"), ("Civilians (Nigeria)", "NGA", "civilians"),
      ("Unidentified Armed Group (Nigeria)", "NGA", "armed_group")]),
    ("Clashes erupted between Armenian and Azerbaijani forces along the border.",
     [("Military Forces of Armenia", "ARM", "military"), ("Military Forces of Azerbaijan", "AZE", "military")]),
    ("The UN Security Council condemned the attack.",
     [("UN Security Council", None, "org")]),
    ("Islamic State militants attacked Syrian troops near Palmyra.",
     [("Islamic State (Syria)", "SYR", "rebel"), ("Military Forces of Syria", "SYR", "military")]),
]


@pytest.mark.parametrize(("text", "expected"), NEWS_CASES)
def test_news_sentences(nlp, text: str, expected: list[Triple]) -> None:  # type: ignore[no-untyped-def]
    assert _triples(nlp, text) == expected


def test_country_used_as_place_is_no_actor(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _triples(nlp, "Clashes broke out in Tovuz, Azerbaijan, on Sunday.") == []
    assert _triples(nlp, "A blast hit the Goranboy region of Azerbaijan.") == []


def test_bare_role_nouns_and_lowercase_words_are_not_actors(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _triples(nlp, "The scheme covers everyone from soldier to general.") == []
    assert _triples(nlp, "The government declared an amnesty for us all.") == [("Government", None, "government")]


def test_country_cues_count_every_country_word(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Malian troops and Wagner fighters entered Moura, in Mali; two Malians died. The US condemned it.")
    assert country_cues(doc) == Counter({"MLI": 3, "USA": 1})


# -- victims, outlets, countries ------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    # counted people are civilians; uncounted "men" stay no actor
    ("Gunmen killed 12 people in the village.", [("Unidentified Armed Group (Nigeria)", "NGA", "armed_group"),
                                                 ("Civilians (Nigeria)", "NGA", "civilians")]),
    ("Dozens of people were wounded in the blast.", [("Civilians (Nigeria)", "NGA", "civilians")]),
    ("The men fled into the forest.", []),
    ("Hundreds of people protested against fuel prices.", [("Protesters (Nigeria)", "NGA", "protesters")]),
    # the victims' country is the event's, not that of the force beside them
    ("Russian troops killed three civilians.", [("Military Forces of Russia", "RUS", "military"),
                                                ("Civilians (Nigeria)", "NGA", "civilians")]),
    # unnamed rebels are an unidentified armed group (ACLED has no generic rebel actor)
    ("Separatists attacked a checkpoint.", [("Unidentified Armed Group (Nigeria)", "NGA", "rebel")]),
    # a warplane is no armed man
    ("A Russian fighter jet bombed the village.", [("Military Forces of Russia", "RUS", "military")]),
    ("Cartel gunmen and police exchanged fire.", [("Unidentified Armed Group (Nigeria)", "NGA", "armed_group"),
                                                  ("Police Forces of Nigeria", "NGA", "police")]),
])
def test_victims_and_unnamed_groups_take_the_events_country(nlp, text: str,  # type: ignore[no-untyped-def]
                                                            expected: list[Triple]) -> None:
    assert [(a.name, a.iso3, a.kind) for a in _actors(nlp, text, default_iso3="NGA")] == expected


@pytest.mark.parametrize("text", [
    "Gunmen killed four villagers, Agence France-Presse reported.",
    "Gunmen killed four villagers, The New Indian Express reported.",
    "Gunmen killed four villagers, the Times of India reported.",
])
def test_a_country_in_an_outlets_name_is_no_party_nor_cue(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert [a.name for a in _actors(nlp, text)] == ["Unidentified Armed Group", "Civilians"]
    assert country_cues(nlp(text)) == Counter()


def test_language_and_flag_words_are_no_country(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Separatists attacked a Liberian-flagged ship off the English-speaking region.")
    assert country_cues(doc) == Counter()


def test_nigerian_state_named_after_niger(nlp) -> None:  # type: ignore[no-untyped-def]
    assert iso3_for("Niger State") == "NGA"
    assert _triples(nlp, "Bandits kidnapped 20 farmers in Niger State.") == [
        ("Unidentified Armed Group (Nigeria)", "NGA", "armed_group"), ("Civilians (Nigeria)", "NGA", "civilians")]


@pytest.mark.parametrize(("text", "name"), [
    ("Jalisco New Generation Cartel gunmen ambushed police in Michoacan.", "CJNG: Jalisco New Generation Cartel"),
    ("Fighters of the Stability Support Apparatus clashed with a rival militia.", "SSA: Stability Support Apparatus"),
    ("Viv Ansanm gangs attacked the suburb.", "Viv Ansanm"),
    ("The FDLR attacked a village in North Kivu.", "FDLR: Democratic Forces for the Liberation of Rwanda"),
    ("Sudanese Armed Forces shelled positions of the RSF.", "Military Forces of Sudan"),
])
def test_named_groups_of_current_conflicts(nlp, text: str, name: str) -> None:  # type: ignore[no-untyped-def]
    assert _actors(nlp, text)[0].name == name


# -- identity militias, local names, armies, shipping ----------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("Kuki militants opened fire on a Meitei village in Manipur on Sunday.",
     ("Kuki Ethnic Militia (India)", "IND", "identity militia")),
    ("Fulani herders attacked a farming community in Benue State, Nigeria.",
     ("Fulani Ethnic Militia (Nigeria)", "NGA", "identity militia")),
    ("Suspected Fulani militia burned houses in a village in Mali.",
     ("Fulani Ethnic Militia (Mali)", "MLI", "identity militia")),
    ("Dozo hunters clashed with jihadists near Bouake in Ivory Coast.",
     ("Dozo Communal Militia (Ivory Coast)", "CIV", "identity militia")),
])
def test_an_ethnic_word_before_an_armed_noun_is_an_ethnic_militia(nlp, text: str,  # type: ignore[no-untyped-def]
                                                                  expected: Triple) -> None:
    assert _triples(nlp, text)[0] == expected


def test_conjoined_communities_give_one_militia_each(nlp) -> None:  # type: ignore[no-untyped-def]
    names = [t[0] for t in _triples(nlp, "Militants from the Tiv and Jukun communities clashed in Taraba.")]
    assert names == ["Tiv Ethnic Militia (Nigeria)", "Jukun Ethnic Militia (Nigeria)"]


def test_ethnic_victims_stay_civilians(nlp) -> None:  # type: ignore[no-untyped-def]
    assert ("Civilians (Nigeria)", "NGA", "civilians") in _triples(nlp, "Gunmen killed five Fulani herders in Nigeria.")


@pytest.mark.parametrize(("text", "name"), [
    ("Separatists attacked a school in Cameroon's Northwest region.", "Ambazonian Separatists"),
    ("Anglophone fighters ambushed a patrol in Cameroon.", "Ambazonian Separatists"),
    ("Communist rebels ambushed soldiers in Mindoro, the Philippines.", "NPA: New People's Army"),
    ("Kurdish militants attacked a police station in Turkey.", "PKK: Kurdistan Workers Party"),
    # elsewhere the same words stay unidentified
    ("Separatists attacked a school in Nigeria.", "Unidentified Armed Group (Nigeria)"),
])
def test_country_specific_names_of_generic_words(nlp, text: str, name: str) -> None:  # type: ignore[no-untyped-def]
    assert _triples(nlp, text)[0][0] == name


@pytest.mark.parametrize(("text", "default", "expected"), [
    ("Troops shot dead two men during a raid on the camp.", "PSE", ("Military Forces of Israel", "ISR", "military")),
    ("Palestinian fighters fired at an army post.", None,
     ("Unidentified Armed Group (Palestine)", "PSE", "armed_group")),
    ("Palestinian security forces arrested three men in Ramallah.", None,
     ("Police Forces of Palestine", "PSE", "police")),
])
def test_no_army_of_a_country_without_one(nlp, text: str, default: str | None,  # type: ignore[no-untyped-def]
                                          expected: Triple) -> None:
    kwargs = {"default_iso3": default} if default else {}
    actor = _actors(nlp, text, **kwargs)[0]
    assert (actor.name, actor.iso3, actor.kind) == expected


def test_with_country_gives_a_force_to_the_army_that_operates_there() -> None:
    actor = Actor("Military Forces", None, "military", Span("troops", 0, 6))
    assert with_country(actor, "PSE").name == "Military Forces of Israel"


@pytest.mark.parametrize(("text", "expected"), [
    ("A missile struck a Greek-owned tanker in the Red Sea.", ("Civilians (International)", None, "civilians")),
    ("Pirates boarded a cargo ship off Somalia.", ("Civilians (International)", None, "civilians")),
    ("A naval vessel fired on the smugglers.", ("Military Forces", None, "military")),
])
def test_merchant_ships_are_international_civilians(nlp, text: str, expected: Triple) -> None:  # type: ignore[no-untyped-def]
    assert expected in _triples(nlp, text)


@pytest.mark.parametrize(("text", "name"), [
    ("Fighters of the New People\u2019s Army raided a town.", "NPA: New People's Army"),
    ("Troops killed militants of the Islamic State in West Africa near Lake Chad.",
     "Islamic State West Africa Province (ISWAP)"),
])
def test_group_aliases_with_curly_apostrophes_and_long_forms(nlp, text: str, name: str) -> None:  # type: ignore[no-untyped-def]
    assert name in [t[0] for t in _triples(nlp, text)]


@pytest.mark.parametrize(("text", "expected", "absent"), [
    # followers tied to a named group are not the group
    ("Fighters affiliated with the Islamic State and al-Qaeda raided a village.",
     ("Unidentified Armed Group (Mali)", "MLI", "armed_group"), "Al Qaeda"),
    # a local name: Kachin resistance fighters are the KIA
    ("Kachin resistance fighters ambushed a convoy near the jade mines.",
     ("KIA: Kachin Independence Army", "MMR", "rebel"), None),
    # the fighters of a named group's unit are the group
    ("Militants of the Arakan Army's 3rd battalion attacked a police post.",
     ("AA: Arakan Army", "MMR", "rebel"), "Unidentified Armed Group (Myanmar)"),
    # struck homes are civilians; homes people fled are no actor
    ("Soldiers opened fire on a house in the village.", ("Civilians (Mali)", "MLI", "civilians"), None),
    ("Families fled their homes after the shelling.", ("Civilians (Mali)", "MLI", "civilians"), None),
])
def test_round_three_mentions(nlp, text: str, expected: Triple, absent: str | None) -> None:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    sent = next(iter(doc.sents))
    default = expected[1]
    actors = find_actors(sent, default_iso3=default)
    triples = [(a.name, a.iso3, a.kind) for a in actors]
    assert expected in triples
    if absent is not None:
        assert absent not in [t[0] for t in triples]


def test_fled_homes_are_no_actor(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Families fled their homes after the shelling.")
    actors = find_actors(next(iter(doc.sents)), default_iso3="MLI")
    assert [a.span.text for a in actors] == ["Families"]
