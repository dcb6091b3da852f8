"""Fatality counts from sentences, by ACLED's conservative rules (extract/numbers, quantities)."""

from __future__ import annotations

import pytest

from frontwire.extract.numbers import find_victims, reports_no_deaths, total_dead
from frontwire.extract.quantities import parse_quantity, victim_words
from frontwire.model import VictimGroup


def _sent(nlp, text: str):  # type: ignore[no-untyped-def]
    doc = nlp(text)
    sents = list(doc.sents)
    assert len(sents) == 1, f"test sentence split in {len(sents)}: {text!r}"
    return sents[0]


def _groups(nlp, text: str) -> list[tuple[int, str, str | None, str]]:  # type: ignore[no-untyped-def]
    return [(g.count, g.kind, g.nationality, g.span.text) for g in find_victims(_sent(nlp, text))]


# --- parse_quantity -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12),
        ("twelve", 12),
        ("twenty-five", 25),
        ("one hundred and twenty", 120),
        ("more than 20,000", 20000),
        ("at least five", 5),
        ("two to five", 2),
        ("2-5", 2),
        ("2\u20135", 2),
        ("between 2 and 5", 2),
        ("five or six", 5),
        ("dozens", 12),
        ("a dozen", 12),
        ("two dozen", 24),
        ("dozens of people", 12),
        ("tens", 10),
        ("hundreds", 100),
        ("thousands", 1000),
        ("tens of thousands", 10000),
        ("several", 3),
        ("a few", 3),
        ("several hundred", 300),
        ("around one million", 1000000),
        ("1.5 million", 1500000),
        ("some 40", 40),
        ("a 76-year-old", 1),
        ("two 17-year-olds", 2),
        ("a", 1),
        ("a hundred", 100),
        ("12 Azerbaijani servicemen", 12),
    ],
)
def test_parse_quantity(text: str, expected: int) -> None:
    assert parse_quantity(text) == expected


@pytest.mark.parametrize(
    "text", ["6:00", "20%", "in 1994", "Brigade 93", "fewer than 10", "", "the", "17-year-olds"]
)
def test_parse_quantity_none(text: str) -> None:
    assert parse_quantity(text) is None


# --- the seed article -----------------------------------------------------------------------


def test_seed_tovuz_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The Armenian attack killed 12 Azerbaijani servicemen, including an army general, "
        "as well as a 76-year-old civilian."
    )
    groups = find_victims(_sent(nlp, text))
    assert [(g.count, g.kind, g.nationality, g.span.text) for g in groups] == [
        (12, "military", "Azerbaijani", "12 Azerbaijani servicemen"),
        (1, "civilian", None, "a 76-year-old civilian"),
    ]
    assert total_dead(groups) == 13
    # offsets point into the document text
    assert text[groups[1].span.start : groups[1].span.end] == "a 76-year-old civilian"


def test_seed_background_toll(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "More than 20,000 Azerbaijanis were killed and around one million were displaced "
        "as a result of the large-scale hostilities."
    )
    assert _groups(nlp, text) == [(20000, "unknown", "Azerbaijanis", "More than 20,000 Azerbaijanis")]


def test_seed_article_totals(nlp, seed_text: str) -> None:  # type: ignore[no-untyped-def]
    """Over the whole seed only two sentences report dead; no year, time, age or resolution."""
    doc = nlp(seed_text)
    found = {s.text.strip()[:30]: total_dead(find_victims(s)) for s in doc.sents if find_victims(s)}
    assert found == {"The Armenian attack killed 12 ": 13, "More than 20,000 Azerbaijanis ": 20000}


@pytest.mark.parametrize(
    "text",
    [
        "Since 16 July, eight UAVs of the Armenian armed forces have been destroyed by the Azerbaijani Air Defense units.",
        "On August 23 at around 6:00 am, Azerbaijan thwarted a provocation attempt by the sabotage-reconnaissance group.",
        "Armenia has failed to abide by the UN Security Council resolutions (822, 853, 874 and 884).",
        "The OSCE Minsk Group has been mediating the conflict since the signing of the cease-fire agreement in 1994.",
    ],
)
def test_seed_numbers_that_are_not_tolls(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert find_victims(_sent(nlp, text)) == []


# --- news sentences -------------------------------------------------------------------------

CASES: list[tuple[str, list[tuple[int, str, str | None]]]] = [
    # air strike, subset by "including"
    (
        "The US warplanes pounded the village, killing 6 civilians, including 2 women.",
        [(6, "civilian", None)],
    ),
    # wounded never counted
    ("A roadside bomb killed two policemen and wounded three.", [(2, "police", None)]),
    ("The shelling killed one civilian and injured five others, the ministry said.", [(1, "civilian", None)]),
    ("Six people were killed and 15 were injured in the attack.", [(6, "unknown", None)]),
    # both sides' losses add up
    (
        "Clashes erupted in the district, killing 5 soldiers and 12 militants.",
        [(5, "military", None), (12, "rebel", None)],
    ),
    (
        "The army said it had killed 30 jihadists and lost seven soldiers.",
        [(30, "rebel", None), (7, "military", None)],
    ),
    (
        "Two Turkish soldiers and a civilian were killed in a rocket attack.",
        [(2, "military", "Turkish"), (1, "civilian", None)],
    ),
    # suicide bombing
    (
        "A suicide bomber blew himself up at a mosque, killing 27 worshippers and wounding 40 others.",
        [(27, "civilian", None)],
    ),
    # police firing on protesters, vague count
    ("Police opened fire on protesters, killing dozens.", [(12, "unknown", None)]),
    ("Security forces shot and killed three protesters in the capital.", [(3, "civilian", None)]),
    # tolls
    ("The death toll rose to 40 on Sunday.", [(40, "unknown", None)]),
    ("The death toll has reached 63.", [(63, "unknown", None)]),
    ("The attack killed 5 soldiers, bringing the death toll this week to 25.", [(5, "military", None)]),
    # resultative "dead"
    ("The blast left at least 9 dead and 20 injured.", [(9, "unknown", None)]),
    ("At least 25 dead in Kabul suicide bombing", [(25, "unknown", None)]),
    ("Gunmen shot dead two farmers near the village.", [(2, "civilian", None)]),
    ("Two journalists were found dead in a ditch on Monday.", [(2, "civilian", None)]),
    ("The fighting left 15 soldiers dead.", [(15, "military", None)]),
    # lives
    ("The attack claimed the lives of 7 people, officials said.", [(7, "unknown", None)]),
    ("Three soldiers lost their lives in the ambush.", [(3, "military", None)]),
    # ranges, hedges, vague words
    ("Two to five civilians were killed, according to witnesses.", [(2, "civilian", None)]),
    ("Between 2 and 5 soldiers died in the clash.", [(2, "military", None)]),
    ("Hundreds of people were killed in the massacre.", [(100, "unknown", None)]),
    ("Several civilians were killed when a shell hit a market.", [(3, "civilian", None)]),
    ("Airstrikes on the market killed a dozen people.", [(12, "unknown", None)]),
    (
        "Fighting between rival militias has killed more than 200 people since April.",
        [(200, "unknown", None)],
    ),
    # numbers with no noun
    ("Militants attacked a checkpoint, killing at least 10 and injuring 7.", [(10, "unknown", None)]),
    ("12 killed as car bomb rips through Mogadishu market", [(12, "unknown", None)]),
    # kinds and nationalities
    (
        "Five Malian soldiers were killed when their vehicle hit a landmine near Gao.",
        [(5, "military", "Malian")],
    ),
    ("A Ukrainian civilian died of his wounds in hospital.", [(1, "civilian", "Ukrainian")]),
    (
        "Israeli troops shot dead a Palestinian teenager during a raid in Jenin.",
        [(1, "civilian", "Palestinian")],
    ),
    ("Two police officers were killed in a grenade attack on a checkpoint.", [(2, "police", None)]),
    ("Six members of the security forces were killed in the ambush.", [(6, "military", None)]),
    (
        "An airstrike killed a Taliban commander and four of his bodyguards.",
        [(1, "rebel", None), (4, "unknown", None)],
    ),
    ("Boko Haram fighters killed at least 18 villagers, including 10 children.", [(18, "civilian", None)]),
    # subsets by "two of them", "among them"
    ("Three civilians, two of them children, were killed in the crossfire.", [(3, "civilian", None)]),
    ("Gunmen stormed the church and killed 12 worshippers, among them the priest.", [(12, "civilian", None)]),
    # raised subjects, relative clauses
    ("At least seven people were reported to have been killed in the shelling.", [(7, "unknown", None)]),
    ("The three soldiers who were killed in the ambush were buried on Friday.", [(3, "military", None)]),
    ("ISIS claimed responsibility for the bombing, which killed 14 people.", [(14, "unknown", None)]),
    # an age is one person; a unit number is not a count
    ("A 76-year-old man was killed by shrapnel.", [(1, "unknown", None)]),
    ("The attack killed 3 soldiers from Brigade 93 near Route 60.", [(3, "military", None)]),
    ("The attack killed Brigade 93 soldiers.", []),
    # deaths as nouns
    ("The clashes resulted in 23 deaths.", [(23, "unknown", None)]),
    ("The killing of 5 civilians in Bunia sparked protests.", [(5, "civilian", None)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_news_sentences(nlp, text: str, expected: list[tuple[int, str, str | None]]) -> None:  # type: ignore[no-untyped-def]
    assert [(c, k, n) for c, k, n, _ in _groups(nlp, text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        # killed-or-wounded figures are casualties, not deaths
        "Twelve soldiers were killed or wounded in the fighting.",
        "Insurgents killed and wounded 14 people in the town.",
        # no death word at all
        "A grenade attack wounded 15 people.",
        "Eight drones were shot down and 12 ceasefire violations were recorded.",
        "He said 300 people were arrested and 40 houses were burned.",
        "Around one million people were displaced by the war.",
        "The militants fired 12 rockets at the base.",
        "The bodies of 12 men were found in a mass grave.",
        "There were five casualties in the attack.",
        # a pronoun may be someone already counted
        "They were killed when a mortar round hit their home.",
    ],
)
def test_no_dead_counted(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert find_victims(_sent(nlp, text)) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("No one was killed in the attack.", True),
        ("There were no casualties.", True),
        ("The militants fired 12 rockets at the base, but no casualties were reported.", True),
        ("No soldiers were killed in the exchange of fire.", True),
        ("None of the passengers were killed.", True),
        ("The soldier did not die.", True),
        ("Two soldiers were killed in the exchange of fire.", False),
        ("A grenade attack wounded 15 people.", False),
    ],
)
def test_reports_no_deaths(nlp, text: str, expected: bool) -> None:  # type: ignore[no-untyped-def]
    sent = _sent(nlp, text)
    assert reports_no_deaths(sent) is expected
    if expected:
        assert find_victims(sent) == []


def test_span_offsets_in_a_longer_document(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Fighting resumed on Monday. Rebels killed 93 soldiers near the border."
    doc = nlp(text)
    sent = list(doc.sents)[1]
    (group,) = find_victims(sent)
    assert (group.span.text, group.span.start, group.span.end) == ("93 soldiers", 42, 53)
    assert text[group.span.start : group.span.end] == "93 soldiers"


def test_total_dead() -> None:
    from frontwire.model import Span

    groups = [
        VictimGroup(count=12, kind="military", nationality="Azerbaijani", span=Span("12 servicemen", 0, 13)),
        VictimGroup(count=1, kind="civilian", nationality=None, span=Span("a civilian", 20, 30)),
    ]
    assert total_dead(groups) == 13
    assert total_dead([]) == 0


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Azerbaijani", True),
        ("Azerbaijanis", True),
        ("Malian", True),
        ("Ukrainian", True),
        ("Syrian", True),
        ("Iraqi", True),
        ("French", True),
        ("Syria", True),
        ("Christian", False),
        ("Taliban", False),
        ("General", False),
        ("malian", False),
        ("Brigade", False),
    ],
)
def test_demonyms(word: str, expected: bool) -> None:
    assert victim_words().is_demonym(word) is expected


# --- issue 10: deaths stated without an attack verb, sides, totals, non-counts ----------------

DEATHS_WITHOUT_ATTACK_VERB: list[tuple[str, list[tuple[int, str]]]] = [
    ("Eleven soldiers died.", [(11, "military")]),
    ("The bodies of six people were recovered from the river.", [(6, "unknown")]),
    ("Six bodies were found near the village.", [(6, "unknown")]),
    ("Rescuers recovered the bodies of nine miners.", [(9, "civilian")]),
    ("The death toll rose to 9.", [(9, "unknown")]),
    ("Gunmen raided the market, killing at least 13 people and wounding 30.", [(13, "unknown")]),
    ("Five villagers were beheaded by the insurgents.", [(5, "civilian")]),
    ("Four farmers were hacked to death in their fields.", [(4, "civilian")]),
    ("Two traders were shot dead at the market.", [(2, "civilian")]),
    ("Seven fishermen lost their lives when the boat was shelled.", [(7, "civilian")]),
    ("A soldier succumbed to injuries on Friday.", [(1, "military")]),
    # raised subjects, a conjoined passive, a small clause, headline passives
    ("Seven soldiers are thought to have died in the fighting.", [(7, "military")]),
    ("A teacher was shot and killed on his way home.", [(1, "civilian")]),
    ("The bombing left at least seven people dead, officials said.", [(7, "unknown")]),
    ("Three militants shot dead by police in raid", [(3, "rebel")]),
    ("Police shot dead the suspect.", [(1, "unknown")]),
    ("The pair were shot dead on their way home.", [(2, "unknown")]),
    # regional and military wording
    ("Two police personnel were martyred in the attack.", [(2, "police")]),
    ("Troops neutralised nine terrorists near the border.", [(9, "rebel")]),
    # counts of the dead by another name
    ("The number of people killed rose to 14.", [(14, "unknown")]),
    ("The number of deaths has risen to 31.", [(31, "unknown")]),
    ("Dozens of people killed in the massacre were buried on Friday.", [(12, "unknown")]),
    # a figure the tagger took for a date, a count the parser hung on one
    ("Officials said 11 had died.", [(11, "unknown")]),
    ("Between 15 and 20 people were killed.", [(15, "unknown")]),
    ("On January 30 three militants were killed by troops.", [(3, "rebel")]),
    # an age is one person; a full name is one person
    ("A 17-year-old was killed.", [(1, "unknown")]),
    ("According to police, Hamid Al-Sayed had been killed.", [(1, "unknown")]),
    # a claim is still a count (its status is the assembler's)
    ("The rebels claim 20 soldiers were killed.", [(20, "military")]),
    ("Militants claimed 20 killed in the raid.", [(20, "unknown")]),
    # vague and hedged figures
    ("Scores of civilians were killed.", [(20, "civilian")]),
    ("At least 30 people were killed.", [(30, "unknown")]),
    ("15 to 20 people were killed.", [(15, "unknown")]),
    # clock times are no counts
    ("At 13.00, three soldiers were killed by a sniper.", [(3, "military")]),
    ("Around 12.30 p.m. gunmen opened fire, killing four people.", [(4, "unknown")]),
]


@pytest.mark.parametrize(("text", "expected"), DEATHS_WITHOUT_ATTACK_VERB)
def test_deaths_stated_many_ways(nlp, text: str, expected: list[tuple[int, str]]) -> None:  # type: ignore[no-untyped-def]
    assert [(c, k) for c, k, _, _ in _groups(nlp, text)] == expected


SIDES: list[tuple[str, list[tuple[int, str]]]] = [
    # both sides add up once
    ("Three officers and four gunmen were killed.", [(3, "police"), (4, "rebel")]),
    ("At least 5 rebels and one soldier were killed in the fighting.", [(5, "rebel"), (1, "military")]),
    (
        "The attack killed 5 soldiers, 3 militants and 2 civilians.",
        [(5, "military"), (3, "rebel"), (2, "civilian")],
    ),
    # a total and its breakdown are one figure
    ("Six people were killed, five rebels and a soldier.", [(5, "rebel"), (1, "military")]),
    ("Seven people, four soldiers and three civilians, were killed.", [(4, "military"), (3, "civilian")]),
    ("Five people, two soldiers and a civilian, were killed.", [(5, "unknown")]),
    ("The strike killed 12 civilians, 5 women and 7 children.", [(12, "civilian")]),
    # 'both ... and' is no count of two
    ("Rebels attacked the base, killing both soldiers and civilians.", []),
    ("Two army officers were killed.", [(2, "military")]),
]


@pytest.mark.parametrize(("text", "expected"), SIDES)
def test_sides_counted_once(nlp, text: str, expected: list[tuple[int, str]]) -> None:  # type: ignore[no-untyped-def]
    assert [(c, k) for c, k, _, _ in _groups(nlp, text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Two of the dead were police officers.",
        "Two policemen were among those killed.",
        "The dead included three soldiers.",
        "A 17-year-old boy was among the wounded.",
        "Thirty people were killed or wounded.",
        "The blast left 20 people dead or injured.",
        "The attack left 20 casualties.",
        "The army fired 40 shells at the town.",
        "Russia launched 15 drones and 6 missiles overnight.",
        "Air defence neutralised 12 drones overnight.",
        "Troops neutralised a bomb near the border.",
        "Twelve houses and four vehicles were burned.",
        "He was convicted on 11 counts of murder.",
        "Soldiers of Battalion 6 repelled the attack.",
        "United beat City 2-0 on Sunday.",
        "The number of wounded rose to 40.",
        "The number of attacks rose to 40.",
        "The militants fired 12 rockets, a toll that worried officials.",
    ],
)
def test_never_a_toll(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert find_victims(_sent(nlp, text)) == []


def test_a_toll_in_apposition_is_not_a_victim(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _groups(nlp, "The attack killed 8 people, a toll not seen in years.") == [
        (8, "unknown", None, "8 people")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("No one was hurt in the blast.", True),
        ("No lives were lost.", True),
        ("The fire was put out without loss of life.", True),
        ("There were no immediate reports of casualties.", True),
        ("The drone strike did not cause any casualties.", True),
        ("The soldier was not wounded, but his driver was killed.", False),
        ("The army did not report its losses.", False),
        ("There was as yet no reliable information about deaths.", False),
    ],
)
def test_reports_no_deaths_more(nlp, text: str, expected: bool) -> None:  # type: ignore[no-untyped-def]
    assert reports_no_deaths(_sent(nlp, text)) is expected


@pytest.mark.parametrize(("text", "expected"), [("12.30", None), ("13.00", None), ("the dozens", 12)])
def test_parse_quantity_clock_and_article(text: str, expected: int | None) -> None:
    assert parse_quantity(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("9" * 400, None), ("12000000000 people", None), ("8 billion", 8_000_000_000), ("2 million", 2_000_000)],
)
def test_parse_quantity_of_absurd_size(text: str, expected: int | None) -> None:
    # fuzzing found a 400-digit figure raising OverflowError (int of an infinite float)
    assert parse_quantity(text) == expected
