"""The time lexicon (ontology/time_lexicon.yaml), text normalisation and calendar helpers.

Shared by `timerules` (what an expression means) and `time` (where expressions are). The words
live in the YAML file so that a coder adds a spelling without touching code.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..resources import read_yaml


@dataclass(frozen=True)
class Lexicon:
    months: dict[str, int]
    weekdays: dict[str, int]
    month_names: tuple[str, ...]  # the full names, the first spelling of each month in the file
    weekday_names: tuple[str, ...]
    numbers: dict[str, int]
    units: dict[str, float]
    parts_of_day: frozenset[str]
    leading_words: frozenset[str]
    recent: frozenset[str]
    recent_days: frozenset[str]
    recent_months: frozenset[str]
    historical_vague: frozenset[str]
    conflict_nouns: frozenset[str]
    onset_verbs: frozenset[str]
    onset_nouns: frozenset[str]
    void: frozenset[str]
    number_nouns: frozenset[str]
    name_nouns: frozenset[str]
    tally_openers: frozenset[str]
    bound_openers: frozenset[str]


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = read_yaml("ontology/time_lexicon.yaml", ("months", "weekdays"))

    def table(key: str) -> dict[str, int]:
        return {str(word): int(num) for num, words in raw[key].items() for word in words}

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in raw[key])

    return Lexicon(
        months=table("months"),
        weekdays=table("weekdays"),
        month_names=tuple(str(words[0]) for words in raw["months"].values()),
        weekday_names=tuple(str(words[0]) for words in raw["weekdays"].values()),
        numbers={str(k): int(v) for k, v in raw["numbers"].items()},
        units={str(k): float(v) for k, v in raw["units"].items()},
        parts_of_day=words("parts_of_day"),
        leading_words=words("leading_words"),
        recent=words("recent_words"),
        recent_days=words("recent_days"),
        tally_openers=words("tally_openers"),
        bound_openers=words("bound_openers"),
        recent_months=words("recent_months"),
        historical_vague=words("historical_vague"),
        conflict_nouns=words("conflict_nouns"),
        onset_verbs=words("onset_verbs"),
        onset_nouns=words("onset_nouns"),
        void=words("void"),
        number_nouns=words("number_nouns"),
        name_nouns=words("name_nouns"),
    )


def alternation(words: object) -> str:
    """A regex alternation of words, longest first (so "sept" wins over "sep")."""
    items = sorted((str(w) for w in words), key=len, reverse=True)  # type: ignore[attr-defined]
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items)


# A clock time never changes the day of an event ("On August 23 at around 6:00 am", "at 13.00 on
# Tuesday", "21h00"): it is cut out of the expression before the date is read. A dotted time
# without am/pm ("13.00") is a clock time only after "at"/"around" or before "hrs"/"GMT": alone
# it could be a number.
_CLOCK = re.compile(
    r"\b(?:(?:at|from|until|till|by|after|before|shortly\s+(?:after|before))\s+)?"
    r"(?:around\s+|about\s+|approximately\s+)?"
    r"(?:\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?m\b\.?|p\.?m\b\.?)|\d{1,2}:\d{2}(?:\s*(?:hrs|hours|gmt|utc))?"
    r"|\d{1,2}h\d{2}\b|\d{1,2}\.\d{2}\s*(?:hrs|hours|gmt|utc)\b|\d{4}\s*(?:hrs|gmt|utc)\b"
    r"|(?:(?<=at\s)|(?<=around\s)|(?<=about\s))\d{1,2}\.\d{2}(?![.:]?\d))"
    r"(?:\s+(?:local\s+time|gmt|utc))?",
    re.IGNORECASE,
)
_AGE = re.compile(r"\d+\s*-?\s*(?:years?|yrs?|months?)\s*-?\s*old\b|\baged?\s+\d|\bage\s+of\s+\d", re.IGNORECASE)


def is_age(text: str) -> bool:
    return bool(_AGE.search(text))


def normalise(text: str) -> str:
    """Lower case, one kind of dash, no ordinal suffixes, no clock times, no commas."""
    t = _CLOCK.sub(" ", text)
    t = t.lower().replace("\u2019", "'").replace("\u00a0", " ")
    t = re.sub(r"[\u2010-\u2015\u2212]", "-", t)
    t = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", t)
    t = re.sub(r"\b([a-z]{2,5})\.", r"\1", t)  # "Sept." -> "sept"
    t = re.sub(r"[,;:()\"!?]", " ", t)
    t = re.sub(r"\bmid-", "mid ", t)
    t = re.sub(r"\s*-\s*", "-", t)
    t = re.sub(r"(\d) of ([a-z])", r"\1 \2", t)  # "the 12th of July"
    # "the '90s": a two-digit decade is of the 1900s from '30s up, else of the 2000s.
    t = re.sub(r"'(\d)0s\b", lambda m: ("19" if m.group(1) >= "3" else "20") + m.group(1) + "0s", t)
    return re.sub(r"\s+", " ", t).strip(" .'-")


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """First day of the month `months` away from `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
