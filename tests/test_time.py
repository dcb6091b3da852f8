"""Time expressions: finding them in real-looking news sentences and resolving them (ACLED style)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from frontwire.extract import time as time_module
from frontwire.extract.time import find_dateline, find_times, resolve_expression
from frontwire.model import TimeSpan

Row = tuple[str, str | None, str | None, int, bool]


def _rows(spans: list[TimeSpan]) -> list[Row]:
    return [
        (t.text, t.start.isoformat() if t.start else None, t.end.isoformat() if t.end else None, t.precision,
         t.historical)
        for t in spans
    ]


def _times(nlp: Any, text: str, published: date | None) -> list[TimeSpan]:
    doc = nlp(text)
    found = [t for sent in doc.sents for t in find_times(sent, published)]
    for t in found:  # offsets are into the Doc text
        assert doc.text[t.start_char:t.end_char] == t.text
    return found


SEED_SENTENCES: list[tuple[str, list[Row]]] = [
    ("The minister made the remarks in the Training and Education Center of the Armed Forces on September 16.",
     [("on September 16", "2020-09-16", "2020-09-16", 1, False)]),
    (("On July 12, Armenian forces shelled Azerbaijan\u2019s positions in Tovuz, the country\u2019s "
     "strategically-important district."),
     [("On July 12", "2020-07-12", "2020-07-12", 1, False)]),
    (("The Armenian attack killed 12 Azerbaijani servicemen, including an army general, as well as a "
     "76-year-old civilian."), []),
    (("Since 16 July, eight UAVs of the Armenian armed forces have been destroyed by the Azerbaijani Air "
     "Defense units."),
     [("Since 16 July", "2020-07-16", "2020-09-16", 3, False)]),
    (("On August 23 at around 6:00 am, Azerbaijan thwarted a provocation attempt by the sabotage-reconnaissance "
     "group of the Armenian armed forces."),
     [("On August 23", "2020-08-23", "2020-08-23", 1, False)]),
    ("Nagorno-Karabakh was occupied by Armenian forces in a war in the early 1990s.",
     [("in the early 1990s", "1990-01-01", "1993-12-31", 3, True)]),
    (("The OSCE Minsk Group has been mediating the conflict since the signing of the volatile cease-fire "
     "agreement in 1994."),
     [("in 1994", "1994-01-01", "1994-12-31", 3, True)]),
    ("President Ilham Aliyev said in July that the work of the OSCE Minsk group has proven ineffective.",
     [("in July", "2020-07-01", "2020-07-31", 3, False)]),
    ("Armenia has failed to abide by the UN Security Council resolutions (822, 853, 874 and 884).", []),
]


@pytest.mark.parametrize(("sentence", "expected"), SEED_SENTENCES)
def test_seed_sentences(nlp: Any, sentence: str, expected: list[Row]) -> None:
    assert _rows(_times(nlp, sentence, date(2020, 9, 16))) == expected


def test_seed_article(nlp: Any, seed_text: str) -> None:
    found = _rows(_times(nlp, seed_text, date(2020, 9, 16)))
    assert found == [
        ("on September 16", "2020-09-16", "2020-09-16", 1, False),
        ("the current year", "2020-01-01", "2020-09-16", 3, True),  # a tally over months
        ("recently", "2020-08-17", "2020-09-16", 3, False),
        ("in July", "2020-07-01", "2020-07-31", 3, False),
        ("for many years", None, None, 3, True),
        ("recently", "2020-08-17", "2020-09-16", 3, False),
        ("On July 12", "2020-07-12", "2020-07-12", 1, False),
        ("Since 16 July", "2020-07-16", "2020-09-16", 3, False),
        ("On August 23", "2020-08-23", "2020-08-23", 1, False),
        ("in the early 1990s", "1990-01-01", "1993-12-31", 3, True),
        ("in 1994", "1994-01-01", "1994-12-31", 3, True),
    ]


def test_seed_never_calls_dateparser(nlp: Any, seed_text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The rules read every expression of the seed; dateparser (slow) is left for odd forms."""
    time_module.resolve.cache_clear()

    def refuse(published: date | None) -> None:
        raise AssertionError("dateparser was called")

    monkeypatch.setattr(time_module, "_date_parser", refuse)
    assert len(_times(nlp, seed_text, date(2020, 9, 16))) == 11
    time_module.resolve.cache_clear()


NEWS: list[tuple[str, str, list[Row]]] = [
    ("2020-09-16", "Fighting raged on the night of 13-14 September near Tartar, the ministry said on Wednesday.",
     [("on the night of 13-14 September", "2020-09-13", "2020-09-14", 1, False),
      ("on Wednesday", "2020-09-16", "2020-09-16", 1, False)]),  # a weekday on the publication day
    ("2020-09-16", "Clashes took place between 3 and 5 March in Idlib, and again from 28 February to 2 March 2021.",
     [("between 3 and 5 March", "2020-03-03", "2020-03-05", 2, True),
      ("from 28 February to 2 March 2021", "2021-02-28", "2021-03-02", 2, False)]),
    ("2020-09-16", "Early on Sunday, rebels attacked the base, and on Tuesday night a bomb exploded in the market.",
     [("Early on Sunday", "2020-09-13", "2020-09-13", 1, False),
      ("on Tuesday night", "2020-09-15", "2020-09-15", 1, False)]),
    ("2020-09-16", "Since Monday, two 34-year-old men and a woman aged 61 have been held for three hours a day.",
     [("Since Monday", "2020-09-14", "2020-09-16", 2, False)]),
    ("2020-09-16", "Earlier this week, militants killed five people in Kidal; last week two soldiers died there.",
     [("Earlier this week", "2020-09-14", "2020-09-16", 2, False),
      ("last week", "2020-09-07", "2020-09-13", 2, False)]),
    ("2021-01-03", ("On December 30, gunmen killed 12 villagers near Tillaberi, and on 2 January police arrested "
     "three suspects."),
     [("On December 30", "2020-12-30", "2020-12-30", 1, False),
      ("on 2 January", "2021-01-02", "2021-01-02", 1, False)]),
    ("2020-03-01", "The attack on February 29 left 23 dead, the deadliest since late 2019.",
     [("on February 29", "2020-02-29", "2020-02-29", 1, False),
      ("since late 2019", "2019-09-01", "2020-03-01", 3, True)]),
    ("2020-09-16", "At least 2000 families fled in 2000 vehicles over the past two weeks, the UN said.",
     [("over the past two weeks", "2020-09-02", "2020-09-16", 3, False)]),
    ("2020-09-16", "The 44-day war killed 6,500 people three years ago; in recent days shelling resumed.",
     [("three years ago", "2017-01-01", "2017-12-31", 3, True),
      ("in recent days", "2020-09-09", "2020-09-16", 2, False)]),
    ("2020-09-16", ("Between July 30 and August 2, drones struck the town five times, officials said yesterday "
     "morning."),
     [("Between July 30 and August 2", "2020-07-30", "2020-08-02", 2, False),
      ("yesterday morning", "2020-09-15", "2020-09-15", 1, False)]),
    ("2020-09-16", "In the early hours of Saturday, insurgents stormed a checkpoint in Borno State at 3:40 am.",
     [("In the early hours of Saturday", "2020-09-12", "2020-09-12", 1, False)]),
    ("2020-09-16", "The soldiers, who had served in the region since 2015, were killed at 3 pm.",
     [("since 2015", "2015-01-01", "2020-09-16", 3, True)]),
    ("2020-09-16", ("Security Council resolutions 2254 and 2401, adopted in December 2015 and February 2018, "
     "were ignored."),
     [("in December 2015", "2015-12-01", "2015-12-31", 3, True),
      ("February 2018", "2018-02-01", "2018-02-28", 3, True)]),
    ("2019-01-02", "Protesters clashed with police on 28-29 December in Kinshasa.",
     [("on 28-29 December", "2018-12-28", "2018-12-29", 1, False)]),
    ("2019-01-02", "Last month, 40 people were killed in clashes in the capital, up from 25 in November.",
     [("Last month", "2018-12-01", "2018-12-31", 3, False),
      ("in November", "2018-11-01", "2018-11-30", 3, False)]),
    ("2016-03-01", "The checkpoint was overrun on February 29 and retaken in mid-February, a spokesman said today.",
     [("on February 29", "2016-02-29", "2016-02-29", 1, False),
      ("in mid-February", "2016-02-11", "2016-02-20", 3, False),
      ("today", "2016-03-01", "2016-03-01", 1, False)]),
    ("2020-09-16", "The rebels have controlled the area for many years and first seized it decades ago, in 1998.",
     [("for many years", None, None, 3, True), ("decades ago", None, None, 3, True),
      ("in 1998", "1998-01-01", "1998-12-31", 3, True)]),
    ("2020-09-16", "Over the weekend, air strikes hit Maarat al-Numan, two days after a raid on September 11, 2020.",
     [("Over the weekend", "2020-09-12", "2020-09-13", 2, False),
      ("on September 11, 2020", "2020-09-11", "2020-09-11", 1, False)]),
    ("2020-09-16", "The report covers the period from January to June and the first week of July.",
     [("from January to June", "2020-01-01", "2020-06-30", 3, True),
      ("the first week of July", "2020-07-01", "2020-07-07", 2, False)]),
    ("2020-12-02", "Two grenades were thrown at the concert at 1700 GMT on 29 November; one failed to explode.",
     [("on 29 November", "2020-11-29", "2020-11-29", 1, False)]),
    ("2020-10-12", ("The two sides agreed a fragile truce after the worst fighting in decades; the previous day, "
     "shelling hit Stepanakert."), []),
    ("2021-01-04", "On Monday, a roadside bomb killed four soldiers; on Saturday, December 26, another hit a bus.",
     [("On Monday", "2021-01-04", "2021-01-04", 1, False),
      ("on Saturday, December 26", "2020-12-26", "2020-12-26", 1, False)]),
]


@pytest.mark.parametrize(("published", "sentence", "expected"), NEWS)
def test_news_sentences(nlp: Any, published: str, sentence: str, expected: list[Row]) -> None:
    assert _rows(_times(nlp, sentence, date.fromisoformat(published))) == expected


@pytest.mark.parametrize("sentence", [
    "A 76-year-old civilian and a man aged 34 were among the dead.",
    "The victims, 19 and 23 years old, were taken to hospital.",
    "The curfew lasts for three hours every night.",
    "At around 6:00 am, gunfire was heard near the barracks.",
    "The UN adopted resolutions 822, 853, 874 and 884, and Resolution 2254.",
    "More than 2,000 people were displaced and 1994 homes destroyed.",
])
def test_no_date_from_ages_clocks_durations_counts(nlp: Any, sentence: str) -> None:
    assert _times(nlp, sentence, date(2020, 9, 16)) == []


def test_offsets_are_doc_offsets(nlp: Any) -> None:
    text = "Police said nothing. Then, on July 12, troops fired at protesters. They left on 14 July."
    found = _times(nlp, text, date(2020, 9, 16))
    assert [(t.text, t.start_char, t.end_char) for t in found] == [
        ("on July 12", 27, 37), ("on 14 July", 77, 87)]


P = date(2020, 9, 16)  # a Wednesday


@pytest.mark.parametrize(("text", "published", "expected"), [
    # explicit dates
    ("September 16, 2020", P, (date(2020, 9, 16), date(2020, 9, 16), 1)),
    ("16 September 2020", P, (date(2020, 9, 16), date(2020, 9, 16), 1)),
    ("2020-09-16", P, (date(2020, 9, 16), date(2020, 9, 16), 1)),
    ("Sept. 5th", P, (date(2020, 9, 5), date(2020, 9, 5), 1)),
    # yearless: the most recent such day on or before publication
    ("On July 12", P, (date(2020, 7, 12), date(2020, 7, 12), 1)),
    ("on 12 July", P, (date(2020, 7, 12), date(2020, 7, 12), 1)),
    ("on December 30", date(2021, 1, 3), (date(2020, 12, 30), date(2020, 12, 30), 1)),
    ("on September 17", P, (date(2019, 9, 17), date(2019, 9, 17), 1)),
    ("on February 29", date(2021, 3, 1), (date(2020, 2, 29), date(2020, 2, 29), 1)),
    ("July 12", None, (None, None, 1)),
    ("June 31", P, None),
    # weekdays and days
    ("on Monday", P, (date(2020, 9, 14), date(2020, 9, 14), 1)),
    ("on Wednesday", P, (date(2020, 9, 16), date(2020, 9, 16), 1)),
    ("last Wednesday", P, (date(2020, 9, 9), date(2020, 9, 9), 1)),
    ("on Thursday", P, (date(2020, 9, 10), date(2020, 9, 10), 1)),
    ("yesterday", P, (date(2020, 9, 15), date(2020, 9, 15), 1)),
    ("today", P, (date(2020, 9, 16), date(2020, 9, 16), 1)),
    ("last night", P, (date(2020, 9, 15), date(2020, 9, 16), 1)),  # the night before publication
    ("on Tuesday night", P, (date(2020, 9, 15), date(2020, 9, 15), 1)),
    ("early on Sunday", P, (date(2020, 9, 13), date(2020, 9, 13), 1)),
    ("two days ago", P, (date(2020, 9, 14), date(2020, 9, 14), 1)),
    ("on Monday", None, (None, None, 1)),
    # weeks
    ("last week", P, (date(2020, 9, 7), date(2020, 9, 13), 2)),
    ("this week", P, (date(2020, 9, 14), date(2020, 9, 16), 2)),
    ("earlier this week", P, (date(2020, 9, 14), date(2020, 9, 16), 2)),
    ("last week", date(2021, 1, 2), (date(2020, 12, 21), date(2020, 12, 27), 2)),
    ("over the weekend", P, (date(2020, 9, 12), date(2020, 9, 13), 2)),
    ("the past 24 hours", P, (date(2020, 9, 15), date(2020, 9, 16), 1)),
    # ranges
    ("the night of 13-14 September", P, (date(2020, 9, 13), date(2020, 9, 14), 1)),
    ("13\u201314 September", P, (date(2020, 9, 13), date(2020, 9, 14), 1)),
    ("between 3 and 5 March", P, (date(2020, 3, 3), date(2020, 3, 5), 2)),
    ("from 3 to 5 March", P, (date(2020, 3, 3), date(2020, 3, 5), 2)),
    ("from 3 to 12 March", P, (date(2020, 3, 3), date(2020, 3, 12), 3)),
    ("April 20-24", P, (date(2020, 4, 20), date(2020, 4, 24), 2)),
    ("from 30 December to 2 January", date(2021, 1, 10), (date(2020, 12, 30), date(2021, 1, 2), 2)),
    ("between July 30 and August 2", P, (date(2020, 7, 30), date(2020, 8, 2), 2)),
    ("since 16 July", P, (date(2020, 7, 16), date(2020, 9, 16), 3)),
    ("since Monday", P, (date(2020, 9, 14), date(2020, 9, 16), 2)),
    ("since 16 July", None, (None, None, 3)),
    # months
    ("in July", P, (date(2020, 7, 1), date(2020, 7, 31), 3)),
    ("in September", P, (date(2020, 9, 1), date(2020, 9, 16), 3)),  # never later than publication
    ("in December", date(2021, 1, 3), (date(2020, 12, 1), date(2020, 12, 31), 3)),
    ("last month", P, (date(2020, 8, 1), date(2020, 8, 31), 3)),
    ("last month", date(2021, 1, 3), (date(2020, 12, 1), date(2020, 12, 31), 3)),
    ("in July 2020", P, (date(2020, 7, 1), date(2020, 7, 31), 3)),
    ("in February 2020", None, (date(2020, 2, 1), date(2020, 2, 29), 3)),
    ("in early July", P, (date(2020, 7, 1), date(2020, 7, 10), 3)),
    ("the last week of August", P, (date(2020, 8, 25), date(2020, 8, 31), 2)),
    ("in July", None, (None, None, 3)),
    # years and decades
    ("in 2020", P, (date(2020, 1, 1), date(2020, 12, 31), 3)),
    ("this year", P, (date(2020, 1, 1), date(2020, 9, 16), 3)),
    ("the current year", P, (date(2020, 1, 1), date(2020, 9, 16), 3)),
    ("last year", P, (date(2019, 1, 1), date(2019, 12, 31), 3)),
    ("in 1994", P, (date(1994, 1, 1), date(1994, 12, 31), 3)),
    ("in the early 1990s", P, (date(1990, 1, 1), date(1993, 12, 31), 3)),
    ("the late '90s", P, (date(1997, 1, 1), date(1999, 12, 31), 3)),
    ("in March last year", P, (date(2019, 3, 1), date(2019, 3, 31), 3)),
    # vague
    ("recently", P, (date(2020, 8, 17), date(2020, 9, 16), 3)),
    ("recent days", P, (date(2020, 9, 9), date(2020, 9, 16), 2)),
    ("recent weeks", P, (date(2020, 8, 17), date(2020, 9, 16), 3)),
    ("decades ago", P, (None, None, 3)),
    ("for many years", P, (None, None, 3)),
    ("the past period", P, None),
    # never a date
    ("76-year-old", P, None),
    ("aged 34", P, None),
    ("around 6:00 am", P, None),
    ("for three hours", P, None),
    ("822", P, None),
    ("Tuesday a July 26", P, None),  # dateparser would say 1926
])
def test_resolve_expression(text: str, published: date | None,
                            expected: tuple[date | None, date | None, int] | None) -> None:
    assert resolve_expression(text, published) == expected


def test_historical_flag() -> None:
    assert time_module.resolve("in 1994", P) is not None
    flags = {text: r.historical for text in ("in 1994", "in the early 1990s", "in 2008", "decades ago",
                                             "for many years", "in 2020", "this year", "last year", "in 2019",
                                             "since 2015")
             if (r := time_module.resolve(text, P)) is not None}
    # "in 2020" and "this year" (published in September) reach back months: tallies, background.
    assert flags == {"in 1994": True, "in the early 1990s": True, "in 2008": True, "decades ago": True,
                     "for many years": True, "in 2020": True, "this year": True, "last year": True,
                     "in 2019": True, "since 2015": True}


def test_dateparser_reads_what_the_rules_leave_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """"September the 5th" is not in the rules' grammar: dateparser reads it, in one call."""
    time_module.resolve.cache_clear()
    real = time_module._date_parser(P)
    calls: list[str] = []

    class Spy:
        def get_date_data(self, date_string: str) -> Any:
            calls.append(date_string)
            return real.get_date_data(date_string)

    monkeypatch.setattr(time_module, "_date_parser", lambda published: Spy())
    assert resolve_expression("September the 5th", P) == (date(2020, 9, 5), date(2020, 9, 5), 1)
    assert resolve_expression("September the 5th", P) == (date(2020, 9, 5), date(2020, 9, 5), 1)
    assert calls == ["september the 5"]
    time_module.resolve.cache_clear()


# ---------------------------------------------------------------- issue 10: as a reporter writes them

MON = "2022-07-04"  # a Monday

REPORTER: list[tuple[str, str, list[Row]]] = [
    # weekdays, alone or with modifiers: the most recent such day, the publication day itself if
    # it is that weekday
    (MON, "Gunmen stormed a village late on Sunday, a local official said.",
     [("late on Sunday", "2022-07-03", "2022-07-03", 1, False)]),
    (MON, "Soldiers clashed with rebels on Tuesday near the border post.",
     [("on Tuesday", "2022-06-28", "2022-06-28", 1, False)]),
    (MON, "Sunday's ambush left nine soldiers dead, the army said.",
     [("Sunday", "2022-07-03", "2022-07-03", 1, False)]),
    (MON, "Militants set fire to a convoy late on Monday outside the town.",
     [("late on Monday", "2022-07-04", "2022-07-04", 1, False)]),
    (MON, "Troops opened fire on demonstrators early Tuesday, witnesses said.",
     [("early Tuesday", "2022-06-28", "2022-06-28", 1, False)]),
    (MON, "A car bomb went off early on Sunday outside a mosque in the city.",
     [("early on Sunday", "2022-07-03", "2022-07-03", 1, False)]),
    (MON, "Rebels shelled the market town on Sunday evening, residents said.",
     [("on Sunday evening", "2022-07-03", "2022-07-03", 1, False)]),
    (MON, "Bandits abducted twenty bus passengers Saturday night on the highway.",
     [("Saturday night", "2022-07-02", "2022-07-02", 1, False)]),
    (MON, "Insurgents overran an army base in the early hours of Tuesday.",
     [("in the early hours of Tuesday", "2022-06-28", "2022-06-28", 1, False)]),
    (MON, "Police raided the protest camp at dawn on Monday.",
     [("on Monday", "2022-07-04", "2022-07-04", 1, False)]),
    (MON, "Last Friday, gunmen on motorbikes killed four farmers.",
     [("Last Friday", "2022-07-01", "2022-07-01", 1, False)]),
    (MON, "Gunmen on motorbikes killed four farmers last Monday.",  # "last" on a Monday: a week back
     [("last Monday", "2022-06-27", "2022-06-27", 1, False)]),
    # the day and the night before publication
    (MON, "The army said yesterday that ten fighters had died in the raid.",
     [("yesterday", "2022-07-03", "2022-07-03", 1, False)]),
    (MON, "Heavy clashes erupted last night in the capital's northern districts.",
     [("last night", "2022-07-03", "2022-07-04", 1, False)]),
    (MON, "Overnight, rebels attacked an army post near the lake.",
     [("Overnight", "2022-07-03", "2022-07-04", 1, False)]),
    # nights across two days: the first day, the second as the end, day precision
    (MON, "Fighting raged on the night of 12 to 13 May around the airport.",
     [("on the night of 12 to 13 May", "2022-05-12", "2022-05-13", 1, False)]),
    (MON, "Fighting raged overnight Saturday into Sunday around the airport.",
     [("overnight Saturday into Sunday", "2022-07-02", "2022-07-03", 1, False)]),
    (MON, "Fighting raged overnight Monday into Tuesday around the airport.",  # said on a Monday: last week's
     [("overnight Monday into Tuesday", "2022-06-27", "2022-06-28", 1, False)]),
    (MON, "The shelling went on from Saturday night to Sunday morning.",
     [("from Saturday night to Sunday morning", "2022-07-02", "2022-07-03", 1, False)]),
    # weeks, months, windows
    (MON, "Earlier this month, militants burned down a primary school.",
     [("Earlier this month", "2022-07-01", "2022-07-04", 3, False)]),
    (MON, "Last week, security forces detained twelve suspects in the port city.",
     [("Last week", "2022-06-27", "2022-07-03", 2, False)]),
    (MON, "In recent days, hundreds of families have fled the district.",
     [("In recent days", "2022-06-27", "2022-07-04", 2, False)]),
    (MON, "Over the past few days the rebels have staged a string of ambushes.",
     [("Over the past few days", "2022-06-27", "2022-07-04", 2, False)]),
    (MON, "Over the past 24 hours, fourteen people were killed in air raids.",
     [("Over the past 24 hours", "2022-07-03", "2022-07-04", 1, False)]),
    # clock times are times of day: never a date, never in the way of the weekday
    (MON, "Around 12.30 p.m. on Sunday, a car bomb exploded near the bus station.",
     [("on Sunday", "2022-07-03", "2022-07-03", 1, False)]),
    (MON, "At 13.00 on Saturday, gunmen opened fire on worshippers leaving a church.",
     [("on Saturday", "2022-07-02", "2022-07-02", 1, False)]),
    (MON, "The assault began at 9 pm on Sunday, residents said.",
     [("on Sunday", "2022-07-03", "2022-07-03", 1, False)]),
    (MON, "On Sunday, at about 21:00 local time, a drone hit a fuel depot.",
     [("On Sunday", "2022-07-03", "2022-07-03", 1, False)]),
    (MON, "The explosion at 10.15am on Saturday shattered windows across the street.",
     [("on Saturday", "2022-07-02", "2022-07-02", 1, False)]),
    # background: more than a couple of months back, or a tally over months or years
    (MON, "A similar raid in March killed thirty villagers.",
     [("in March", "2022-03-01", "2022-03-31", 3, True)]),
    (MON, "A car bombing last December killed the district police chief.",
     [("last December", "2021-12-01", "2021-12-31", 3, True)]),
    (MON, "The militia was founded in 2016 by former soldiers.",
     [("in 2016", "2016-01-01", "2016-12-31", 3, True)]),
    (MON, "The conflict has killed some 3,000 people since 2012.",
     [("since 2012", "2012-01-01", "2022-07-04", 3, True)]),
    (MON, "More than 500 civilians have been killed over the past year.",
     [("over the past year", "2021-07-04", "2022-07-04", 3, True)]),
    (MON, "At least 300 people have been killed since January, the monitor said.",
     [("since January", "2022-01-01", "2022-07-04", 3, True)]),
    (MON, "Attacks on aid convoys have multiplied in recent months.",
     [("in recent months", "2022-04-04", "2022-07-04", 3, True)]),
    (MON, "Thousands have died since the insurgency began, aid groups say.",
     [("since the insurgency began", None, None, 3, True)]),
    (MON, "Two million people have fled since the civil war in the south broke out.",
     [("since the civil war in the south broke out", None, None, 3, True)]),
    (MON, "Hundreds of schools have closed since the start of the conflict.",
     [("since the start of the conflict", None, None, 3, True)]),
    # recent enough to be news
    (MON, "In May, militants killed eleven soldiers at a checkpoint.",
     [("In May", "2022-05-01", "2022-05-31", 3, False)]),
    (MON, "On June 20, militants killed eleven soldiers at a checkpoint.",
     [("On June 20", "2022-06-20", "2022-06-20", 1, False)]),
]


@pytest.mark.parametrize(("published", "sentence", "expected"), REPORTER)
def test_reporter_expressions(nlp: Any, published: str, sentence: str, expected: list[Row]) -> None:
    assert _rows(_times(nlp, sentence, date.fromisoformat(published))) == expected


@pytest.mark.parametrize("sentence", [
    "The army accused the July 26 Movement of the killings.",  # a name with a date in it
    "Marchers gathered on May 15 Street, the organisers said.",
    "The 1425-day blockade left the city without power.",  # a length, not a year
    "The bombing killed 1850 people, 1601 of them children.",  # a share, not a year
    "At 12.30, a second blast shook the building.",  # a clock time alone
])
def test_names_shares_and_clocks_are_not_dates(nlp: Any, sentence: str) -> None:
    assert _times(nlp, sentence, date(2022, 7, 4)) == []


@pytest.mark.parametrize(("text", "published", "expected"), [
    ("KABUL, Jan 12 (Reuters) - A roadside bomb killed three police officers.", date(2022, 1, 13),
     date(2022, 1, 12)),
    ("BEIRUT, Lebanon (AP) — An Israeli strike hit a house in the south.", date(2022, 1, 13), None),
    ("Dhaka, Feb 28 (AFP) - Police fired tear gas at marchers.", date(2022, 3, 1), date(2022, 2, 28)),
    ("MAIDUGURI, Nigeria, March 3 — Insurgents attacked a camp for displaced people.", date(2022, 3, 4),
     date(2022, 3, 3)),
    ("Bombing kills five in market\n\nBy A. Reporter\n\nGOMA, Congo, 12 June (AFP) - A bomb exploded.",
     date(2022, 6, 13), date(2022, 6, 12)),
    ("LAGOS, Dec 31 (Reuters) - Gunmen killed two.", date(2023, 1, 1), date(2022, 12, 31)),  # the nearer year
    ("KHARTOUM, Jan 1 (Reuters) - Troops fired on marchers.", date(2021, 12, 31), date(2022, 1, 1)),
    ("WASHINGTON, March 3, 2021 /PRNewswire/ -- A statement.", None, date(2021, 3, 3)),
    ("KABUL, Jan 12 (Reuters) - A bomb exploded.", None, None),  # no year to give it
    ("ISLAMABAD (AP) — A suicide bomber struck a police station.", date(2022, 1, 13), None),
    ("Gunmen killed five people on March 3 - police said.", date(2022, 3, 4), None),  # prose, no dateline
])
def test_find_dateline(text: str, published: date | None, expected: date | None) -> None:
    assert find_dateline(text, published) == expected


def test_dateline_is_the_reference_for_weekdays(nlp: Any) -> None:
    """A Reuters story of Sunday 12 June published on Tuesday: its "Saturday" is 11 June."""
    body = "GOMA, Congo, June 12 (Reuters) - Rebels attacked a camp on Saturday, killing six people."
    reference = find_dateline(body, date(2022, 6, 14))
    assert reference == date(2022, 6, 12)
    assert _rows(_times(nlp, body, reference)) == [
        ("June 12", "2022-06-12", "2022-06-12", 1, False),
        ("on Saturday", "2022-06-11", "2022-06-11", 1, False)]


def test_dateline_end_needs_a_dash_before_a_space() -> None:
    from frontwire.extract.time import dateline_end

    text = "KANO, June 12 (Reuters) - Gunmen killed nine villagers.\n"
    assert text[:dateline_end(text)].rstrip().endswith("-")
    assert dateline_end("Gunmen struck.\n\nHours later, Hayat Tahrir al-Sham fighters fired rockets.\n") == 0


def test_dateline_end_after_a_page_stamp() -> None:
    from frontwire.extract.time import dateline_end

    text = "Headline of the story\n12 March 2024 Pemba — Insurgents killed five people on Tuesday in the district.\n"
    assert text[dateline_end(text):].startswith("Insurgents")
    assert dateline_end("Gunmen — some in uniform — killed five people on Tuesday in the district.\n") == 0


@pytest.mark.parametrize(("sentence", "trigger", "expected"), [
    ("Residents said on Wednesday that soldiers had fought militiamen near the town.", "fought", "report"),
    ("They told of fighting near the town, though calm had returned there on Wednesday.", "fighting", "other"),
    ("Gunmen killed five villagers when they stormed the market on Tuesday.", "killed", "event"),
    ("On Monday gunmen stormed the village, killing five.", "killing", "event"),
    ("The attack, which began on Monday, killed five.", "attack", "event"),
])
def test_which_day_a_time_expression_dates(nlp, sentence: str, trigger: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    from frontwire.extract.anchoring import what_it_dates

    doc = nlp(sentence)
    sent = next(iter(doc.sents))
    times = find_times(sent, date(2023, 8, 3))
    head = next(t.idx for t in doc if t.text == trigger)
    assert [what_it_dates(doc, t, head) for t in times] == [expected]


def test_a_bound_is_not_the_day_and_previous_hours_are_a_window(nlp) -> None:  # type: ignore[no-untyped-def]
    sent = next(iter(nlp("Officials said on May 9 that the region had been shelled 30 times in the "
                         "previous 24 hours.").sents))
    found = {t.text: (t.start, t.end) for t in find_times(sent, date(2023, 5, 9))}
    assert found["in the previous 24 hours"] == (date(2023, 5, 8), date(2023, 5, 9))
