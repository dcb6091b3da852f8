"""What one time expression means: a start, an end and ACLED's time_precision.

The rules read the forms that news reports use (absolute dates, yearless dates, weekdays,
"last week", ranges, decades). They come before dateparser because dateparser gets exactly these
wrong or slowly: a weekday on the publication day is moved a week back, "13-14 September" becomes
2014-09-13, "6:00 am" becomes a date, "the early 1990s" and "earlier this week" are not read,
and each call costs a millisecond or more. `time.resolve` calls dateparser only for what the rules
leave (e.g. "Saturday, Sept. 5th 2020" written oddly, "a fortnight ago").

Precision (ACLED time_precision): 1 the day is known, 2 a week or a short range, 3 a month or
longer. A range is graded by its length: up to 2 days -> 1 (a night "13-14 September" or an
event across two adjacent days: ACLED codes the first day with day precision; we keep the second
day as `end`), 3 to 7 days -> 2, longer -> 3. A calendar month, season, year or decade is always 3
(the source names only the month, even when the month is cut short at publication).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from .timelex import add_months, alternation, lexicon, month_end, safe_date, week_start

Grain = str  # "day", "week", "month", "season", "year", "decade", "range", "vague"


@dataclass(frozen=True)
class Resolved:
    start: date | None
    end: date | None
    precision: int
    grain: Grain
    historical: bool = False


@dataclass(frozen=True)
class Atom:
    """A calendar date as written, possibly partial ("13", "July", "16 July", "1990s")."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None
    decade: int | None = None


def range_precision(start: date, end: date) -> int:
    days = (end - start).days + 1
    return 1 if days <= 2 else 2 if days <= 7 else 3


@functools.lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    lex = lexicon()
    mon = alternation(lex.months)
    wd = alternation(lex.weekdays)
    num = alternation(lex.numbers) + r"|\d+"
    return {
        "iso": re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
        "numeric": re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})$"),
        "dmy": re.compile(rf"^(\d{{1,2}}) ({mon})(?: (\d{{4}}))?$"),
        "mdy": re.compile(rf"^({mon}) (\d{{1,2}})(?: (\d{{4}}))?$"),
        "my": re.compile(rf"^({mon})(?: (?:of )?(\d{{4}}))?$"),
        "year": re.compile(r"^(1[0-9]\d\d|20\d\d)$"),
        "decade": re.compile(r"^(1[0-9]\d|20\d)0s$"),
        "day": re.compile(r"^(\d{1,2})$"),
        "weekday": re.compile(rf"^({wd})(?: ((?:{mon}) \d{{1,2}}.*|\d{{1,2}} (?:{mon}).*))?$"),
        "ago": re.compile(rf"^({num}) (day|week|fortnight|month|year|decade)s? ago$"),
        "unit": re.compile(r"^(earlier |later )?(this|current|last|next|coming) (week|month|year)$"),
        "window": re.compile(rf"^(?:past|last|previous|preceding) (?:({num}) )?(hour|day|week|fortnight|month|year)s?$"),
        "weekend": re.compile(r"^(this |last |past |next )?weekend$"),
        "rel_weekday": re.compile(rf"^(last|next|this|past) ({wd})$"),
        "rel_month": re.compile(rf"^(last|next|this|past) ({mon})$"),
        "season": re.compile(r"^(this |last |next )?(spring|summer|autumn|fall|winter)(?: (?:of )?(\d{4}))?$"),
        "connector": re.compile(r"\s*(?:-|\bto\b|\binto\b|\band\b|\buntil\b|\btill\b|\bthrough\b|\bthru\b)\s*"),
        "lead": re.compile(
            rf"^(?:as early as|as late as|as of|(?:{alternation(lex.leading_words)}))\s+"
        ),
        "modifier": re.compile(
            r"^(early|mid|late|the end of|end of|the beginning of|beginning of|the start of|start of"
            r"|the middle of|middle of|the first half of|first half of|the second half of|second half of"
            r"|(?:the )?(?:first|second|third|fourth|last) week of)"
            r"\s+"
        ),
    }


_MODIFIER = {"early": "early", "beginning": "early", "start": "early", "first": "early",
             "mid": "mid", "middle": "mid", "late": "late", "end": "late", "second": "late"}


def strip_leading(t: str) -> tuple[str, bool, str | None, str | None]:
    """Strip words that do not change a date; report "since"/"from"/"between" and early/mid/late."""
    pats = _patterns()
    lex = lexicon()
    anchor: str | None = None
    mod: str | None = None
    changed = True
    while changed and t:
        changed = False
        for word in ("since ", "from ", "between "):
            if t.startswith(word):
                anchor, t, changed = word.strip(), t[len(word):], True
        m = pats["modifier"].match(t)
        if m:
            words = m.group(1).replace("the ", "").split()
            mod = f"week-{words[0]}" if "week" in words else _MODIFIER[words[0]]
            t, changed = t[m.end():], True
        if t.startswith(("earlier ", "later ")) and t.split(" ", 2)[1] not in ("this", "in"):
            t, changed = t.split(" ", 1)[1], True  # "earlier Thursday"; "earlier this week" is a unit
        if t.startswith("this past "):
            t, changed = "last " + t[len("this past "):], True
        if t.startswith("overnight "):  # "overnight Monday into Tuesday", "overnight Sunday"
            t, changed = t[len("overnight "):], True
        m = pats["lead"].match(t)
        if m and not t.startswith(("last ", "earlier ", "later ")):
            t, changed = t[m.end():], True
        if t.split(" ", 1)[0] in lex.parts_of_day and " " in t:
            t, changed = t.split(" ", 1)[1], True
        if t.startswith(("hours of ", "small hours of ", "wee hours of ")):  # "in the early hours of"
            t, changed = t.split(" of ", 1)[1], True
    return t, anchor == "since", anchor, mod


def day_phrases(t: str) -> str:
    """"last night" and "overnight" are the night before publication, "tonight" and "this
    morning" are today; other part-of-day words are dropped ("Tuesday night" is Tuesday)."""
    t = re.sub(r"^last night$", "overnight", t)
    t = re.sub(r"^(?:tonight|this (?:morning|afternoon|evening))$", "today", t)
    parts = lexicon().parts_of_day
    kept = [w for w in t.split(" ") if w not in parts]
    return " ".join(kept) if kept else t


def atom(t: str) -> Atom | None:
    pats = _patterns()
    lex = lexicon()
    if m := pats["iso"].match(t):
        return Atom(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := pats["numeric"].match(t):
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        y = y + 2000 if y < 100 else y
        # Day first unless impossible: most outlets that write numeric dates outside the US do.
        return Atom(y, b, a) if b <= 12 else Atom(y, a, b)
    if m := pats["dmy"].match(t):
        return Atom(int(m.group(3)) if m.group(3) else None, lex.months[m.group(2)], int(m.group(1)))
    if m := pats["mdy"].match(t):
        return Atom(int(m.group(3)) if m.group(3) else None, lex.months[m.group(1)], int(m.group(2)))
    if m := pats["my"].match(t):
        return Atom(int(m.group(2)) if m.group(2) else None, lex.months[m.group(1)])
    if m := pats["year"].match(t):
        return Atom(year=int(m.group(1)))
    if m := pats["decade"].match(t):
        return Atom(decade=int(m.group(1)) * 10)
    if m := pats["day"].match(t):
        return Atom(day=int(m.group(1)))
    if m := pats["weekday"].match(t):
        if m.group(2):  # "Saturday, September 5": the date decides, the weekday only names it
            return atom(m.group(2))
        return Atom(weekday=lex.weekdays[m.group(1)])
    return None


def _recent_day(month: int, day: int, published: date) -> date | None:
    """The most recent `day` of `month` on or before publication (29 February: a leap year)."""
    for year in range(published.year, published.year - 9, -1):
        found = safe_date(year, month, day)
        if found is not None and found <= published:
            return found
    return None


def resolve_atom(a: Atom, published: date | None) -> Resolved | None:
    if a.decade is not None:
        return Resolved(date(a.decade, 1, 1), date(a.decade + 9, 12, 31), 3, "decade")
    if a.weekday is not None:
        if published is None:
            return Resolved(None, None, 1, "day")
        day = published - timedelta(days=(published.weekday() - a.weekday) % 7)
        return Resolved(day, day, 1, "day")
    if a.month is None:
        if a.year is not None:
            return Resolved(date(a.year, 1, 1), date(a.year, 12, 31), 3, "year")
        return None  # a bare number is never a date
    if not 1 <= a.month <= 12:
        return None
    if a.day is not None:
        if a.year is not None:
            day_ = safe_date(a.year, a.month, a.day)
            return Resolved(day_, day_, 1, "day") if day_ else None
        if safe_date(2000, a.month, a.day) is None:
            return None
        if published is None:
            return Resolved(None, None, 1, "day")  # yearless dates are never guessed
        found = _recent_day(a.month, a.day, published)
        return Resolved(found, found, 1, "day") if found else None
    year = a.year
    if year is None:
        if published is None:
            return Resolved(None, None, 3, "month")
        year = published.year if a.month <= published.month else published.year - 1
    start, end = date(year, a.month, 1), month_end(year, a.month)
    if published is not None and start <= published < end:
        end = published  # a month is never reported past publication
    return Resolved(start, end, 3, "month")


def resolve_range(t: str, anchor: str | None, published: date | None) -> Resolved | None:
    """"13-14 September", "between 3 and 5 March", "from 28 February to 2 March 2021"."""
    for m in _patterns()["connector"].finditer(t):
        if (m.group().strip() == "and") != (anchor == "between"):
            continue  # "3 March and 5 April" are two dates, not a range
        left, right = atom(t[: m.start()]), atom(t[m.end():])
        if left is None or right is None:
            continue
        if left.month is None and left.day is not None and left.weekday is None:
            if right.month is None or right.day is None:
                continue
            left = replace(left, month=right.month, year=right.year)
        if right.month is None and right.day is not None and right.weekday is None and right.year is None:
            if left.month is None or left.day is None:
                continue
            right = replace(right, month=left.month, year=left.year)  # "April 20-24"
        if left.year is None and right.year is not None and left.month is not None:
            left = replace(left, year=right.year if left.month <= (right.month or 12) else right.year - 1)
        first = resolve_atom(left, published)
        if first is None or first.start is None or first.end is None:
            return Resolved(None, None, 1, "range") if first is not None else None
        if right.year is None and right.month is not None and right.weekday is None:
            year = first.start.year + (1 if right.month < first.start.month else 0)
            right = replace(right, year=year)
        base = first.start + timedelta(days=6) if right.weekday is not None else published
        last = resolve_atom(right, base)
        if last is None or last.start is None or last.end is None or last.end < first.start:
            continue
        start, end = first.start, last.end
        if left.weekday is not None and right.weekday is not None and published is not None and end > published:
            start, end = start - timedelta(days=7), end - timedelta(days=7)  # "Monday into Tuesday" said on Monday
        coarse = first.grain != "day" or last.grain != "day"
        if coarse and published is not None and start <= published < end:
            end = published
        return Resolved(start, end, 3 if coarse else range_precision(start, end), "range")
    return None


def _count(word: str | None) -> int:
    if word is None:
        return 1
    return int(word) if word.isdigit() else lexicon().numbers[word]


def resolve_relative(t: str, published: date | None) -> Resolved | None:
    """Expressions that only the publication date anchors: "yesterday", "last week", ..."""
    pats = _patterns()
    lex = lexicon()
    pub = published
    offsets = {"today": 0, "yesterday": -1, "day before yesterday": -2, "tomorrow": 1}
    if t == "overnight":  # the night before publication: its evening to publication day, as ACLED
        return Resolved(pub - timedelta(days=1), pub, 1, "range") if pub else Resolved(None, None, 1, "range")
    if t in offsets:
        return Resolved(pub + timedelta(days=offsets[t]), pub + timedelta(days=offsets[t]), 1, "day") \
            if pub else Resolved(None, None, 1, "day")
    if m := pats["ago"].match(t):
        n, unit = _count(m.group(1)), m.group(2)
        if unit == "day":
            return Resolved(pub - timedelta(days=n), pub - timedelta(days=n), 1, "day") if pub \
                else Resolved(None, None, 1, "day")
        if unit in ("week", "fortnight"):
            if pub is None:
                return Resolved(None, None, 2, "week")
            monday = week_start(pub - timedelta(days=n * (14 if unit == "fortnight" else 7)))
            return Resolved(monday, monday + timedelta(days=6), 2, "week")
        if pub is None:
            return Resolved(None, None, 3, unit)
        if unit == "month":
            first = add_months(pub, -n)
            return Resolved(first, month_end(first.year, first.month), 3, "month")
        years = n * (10 if unit == "decade" else 1)
        return Resolved(date(pub.year - years, 1, 1), date(pub.year - years, 12, 31), 3, "year")
    if m := pats["unit"].match(t):
        which, unit = m.group(2), m.group(3)
        return _calendar_unit(which, unit, bool(m.group(1) == "later "), pub)
    if m := pats["window"].match(t):
        unit = m.group(2)
        if m.group(1) is None and (unit in ("hour", "day") or t.endswith("s")):
            return None  # "the past years": no length; "the last day" (of a siege) is no window
        days = _count(m.group(1)) * lex.units[unit] / 24
        if pub is None:
            return Resolved(None, None, 1 if days <= 1 else 2 if days <= 7 else 3, "range")
        start = pub - timedelta(days=max(1, round(days)))
        return Resolved(start, pub, 1 if days <= 1 else 2 if days <= 7 else 3, "range")
    if m := pats["weekend"].match(t):
        if pub is None:
            return Resolved(None, None, 2, "week")
        which = (m.group(1) or "").strip()
        saturday = week_start(pub) + timedelta(days=5)
        if which == "next":
            return Resolved(saturday if saturday > pub else saturday + timedelta(days=7),
                            (saturday if saturday > pub else saturday + timedelta(days=7)) + timedelta(days=1),
                            2, "week")
        if saturday > pub or which in ("last", "past"):
            saturday -= timedelta(days=7)
        return Resolved(saturday, min(saturday + timedelta(days=1), pub), 2, "week")
    if m := pats["rel_weekday"].match(t):
        if pub is None:
            return Resolved(None, None, 1, "day")
        wd = lex.weekdays[m.group(2)]
        if m.group(1) == "next":
            day = pub + timedelta(days=(wd - pub.weekday() - 1) % 7 + 1)
        elif m.group(1) in ("last", "past"):
            day = pub - timedelta(days=(pub.weekday() - wd - 1) % 7 + 1)
        else:
            day = pub - timedelta(days=(pub.weekday() - wd) % 7)
        return Resolved(day, day, 1, "day")
    if m := pats["rel_month"].match(t):
        if pub is None:
            return Resolved(None, None, 3, "month")
        month = lex.months[m.group(2)]
        year = pub.year if month <= pub.month else pub.year - 1  # the most recent one
        if m.group(1) in ("last", "past") and month == pub.month:
            year -= 1  # "last September", said in September, is a year ago
        elif m.group(1) == "next":
            year = pub.year if month > pub.month else pub.year + 1
        return Resolved(date(year, month, 1), month_end(year, month), 3, "month")
    if m := pats["season"].match(t):
        return _season(m.group(1), m.group(2), m.group(3), pub)
    return None


def _calendar_unit(which: str, unit: str, later: bool, pub: date | None) -> Resolved | None:
    precision = 2 if unit == "week" else 3
    if pub is None:
        return Resolved(None, None, precision, unit)
    step = {"this": 0, "current": 0, "last": -1, "next": 1, "coming": 1}[which]
    if unit == "week":
        start = week_start(pub) + timedelta(days=7 * step)
        end = start + timedelta(days=6)
    elif unit == "month":
        start = add_months(pub, step)
        end = month_end(start.year, start.month)
    else:
        start, end = date(pub.year + step, 1, 1), date(pub.year + step, 12, 31)
    if step == 0 and not later:
        end = pub  # "this week", "earlier this week": up to publication
    return Resolved(start, end, precision, unit)


_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}


def _season(which: str | None, name: str, year: str | None, pub: date | None) -> Resolved | None:
    """Northern-hemisphere meteorological seasons; winter begins in December."""
    first_month = _SEASONS[name]
    if year is not None:
        start = date(int(year) - (1 if first_month == 12 else 0), first_month, 1)
    elif pub is None:
        return Resolved(None, None, 3, "season")
    else:
        start = date(pub.year, first_month, 1)
        while start > pub:
            start = date(start.year - 1, first_month, 1)
        if (which or "").strip() == "last" and add_months(start, 3) > pub:
            start = date(start.year - 1, first_month, 1)
        elif (which or "").strip() == "next":
            start = date(start.year + 1, first_month, 1)
    end = add_months(start, 3) - timedelta(days=1)
    if pub is not None and start <= pub < end:
        end = pub
    return Resolved(start, end, 3, "season")


def apply_modifier(r: Resolved, mod: str | None, published: date | None) -> Resolved:
    """"early July" = 1-10 July, "mid-2019" = May-August, "the early 1990s" = 1990-1993."""
    if mod is None or r.start is None or r.end is None or r.grain not in ("month", "year", "decade"):
        return r
    s = r.start
    if mod.startswith("week-"):  # "the first week of July": 1-7 July; "the last week": its last 7 days
        if r.grain != "month":
            return r
        last = month_end(s.year, s.month).day
        first = {"week-first": 1, "week-second": 8, "week-third": 15, "week-fourth": 22}.get(mod, last - 6)
        start, end = s.replace(day=first), s.replace(day=first + 6)
        if published is not None and start <= published < end:
            end = published
        return Resolved(start, end, 2, "week")
    if r.grain == "month":
        bounds = {"early": (1, 10), "mid": (11, 20), "late": (21, month_end(s.year, s.month).day)}[mod]
        start, end = s.replace(day=bounds[0]), s.replace(day=bounds[1])
    elif r.grain == "year":
        months = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[mod]
        start, end = date(s.year, months[0], 1), month_end(s.year, months[1])
    else:
        years = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}[mod]
        start, end = date(s.year + years[0], 1, 1), date(s.year + years[1], 12, 31)
    if published is not None and start <= published < end:
        end = published
    return Resolved(start, end, 3, r.grain)
