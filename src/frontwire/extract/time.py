"""Time expressions in a sentence, resolved against the publication date (ACLED style).

`find_times(sent, published)` finds every time expression of one sentence: spaCy's DATE/TIME
entities and this module's own patterns (the small model cuts "Since" off "Since 16 July", misses
"the night of 13-14 September" and tags "76-year-old" as a DATE). Overlapping candidates form a
cluster; the longest reading that resolves wins, so a candidate is kept only if it means a date:
an age, a clock time alone, a duration without anchor ("for three hours") or a bare count never
becomes one.

`resolve_expression(text, published)` reads one expression. The rules of `timerules` come
first; dateparser (one call, a cached parser per publication date) reads what they leave.

Vague expressions (our call): "recently", "in recent weeks" give the 30 days before publication
with precision 3 - the source does say "not long before publication", and a precision-3 window
says that and no more (never a single day); "in recent days" gives the week before, precision 2.
"The past period", "some time" give nothing: they bound nothing. "Decades ago", "for many
years", "since the war began" give no dates but are flagged historical, so that an event under
them is read as background.

Background (`historical`): an expression that reaches back more than `HISTORICAL_AFTER` before
publication - a date long past ("in March" in a July report, "last December", "in 2016") or a
tally over months ("since 2012", "over the past year", "this year" in September, "in recent
months"). ACLED's line is "about a month"; ours lies further back because a report recounting
an incident of two months before (with its date, as news) must keep it: the seed article, a
September report of a July attack, is coded that way.

`find_dateline(text, published)` reads the date of a wire dateline ("KABUL, Jan 12 (Reuters) -"):
the reference a caller passes to `find_times` instead of the publication date when present.
"""

from __future__ import annotations

import functools
import importlib
import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from ..docarrays import token_arrays
from ..model import TimeSpan
from .timelex import add_months, alternation, is_age, lexicon, month_end, normalise, safe_date, week_start
from .timerules import (
    Resolved,
    apply_modifier,
    atom,
    day_phrases,
    resolve_atom,
    resolve_range,
    resolve_relative,
    strip_leading,
)

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

__all__ = ["find_dateline", "find_times", "resolve_expression"]

# An expression whose start lies further than this before publication is background (see the
# module docstring): "in March" in a July report, "since January" in June. The seed's July
# attack, reported in mid-September (66 days), and "in July" there (77 days from its first day)
# stay news.
HISTORICAL_AFTER = timedelta(days=80)
# "Recently", "in recent days", "in recent months": the windows before publication they stand for.
RECENT_WINDOW = timedelta(days=30)
RECENT_DAYS = timedelta(days=7)
RECENT_MONTHS = timedelta(days=91)
# "for years", "many decades", "years ago" - but not a bare "in decades" ("the worst fighting in
# decades" compares; it does not date the fighting).
_HIST_VAGUE = re.compile(r"^(?:for (?:many |several |some )?|many |several )(?:years|decades|centuries)(?: ago)?$"
                         r"|^(?:many |several |some )?(?:years|decades|centuries) ago$")


def resolve_expression(text: str, published: date | None) -> tuple[date | None, date | None, int] | None:
    """Start, end and ACLED time_precision of one expression, or None if it is not a usable date.

    With `published` None, expressions that need it (yearless dates, weekdays, "last week") give
    (None, None, precision): the caller keeps the text and warns; nothing is guessed."""
    r = resolve(text, published)
    return None if r is None else (r.start, r.end, r.precision)


@functools.lru_cache(maxsize=8192)
def resolve(text: str, published: date | None) -> Resolved | None:
    """The full reading of one expression, with its grain and the historical flag."""
    if is_age(text):
        return None
    lex = lexicon()
    t = normalise(text)
    if not t or t in lex.void:
        return None
    if _conflict_onset().match(t):
        return Resolved(None, None, 3, "vague", historical=True)
    t, since, anchor, mod = strip_leading(t)
    t = day_phrases(t)
    if not t or t in lex.void:
        return None
    # (words, window, precision, historical): "in recent months" is a tally over months, background.
    for words, window, precision, past in ((lex.recent, RECENT_WINDOW, 3, False),
                                           (lex.recent_days, RECENT_DAYS, 2, False),
                                           (lex.recent_months, RECENT_MONTHS, 3, True)):
        if t in words:
            if published is None:
                return Resolved(None, None, precision, "vague", historical=past)
            return Resolved(published - window, published, precision, "vague", historical=past)
    if t in lex.historical_vague or _HIST_VAGUE.match(t):
        return Resolved(None, None, 3, "vague", historical=True)
    t = _name_the_year(t, published)
    r = resolve_relative(t, published)
    if r is None:
        a = atom(t)
        r = resolve_atom(a, published) if a is not None else None
    if r is None:
        r = resolve_range(t, anchor, published)
    if r is None:
        r = _dateparser(t, published)
    if r is None:
        return None
    r = apply_modifier(r, mod, published)
    # "since" anchors to publication; a lone "from" does not ("up from last year", "data from 2008").
    if since:
        r = _since(r, published)
    if published is not None and r.start is not None and r.start < published - HISTORICAL_AFTER:
        r = replace(r, historical=True)
    return r


@functools.lru_cache(maxsize=1)
def _conflict_onset() -> re.Pattern[str]:
    """"since the war began", "since the insurgency in the north broke out", "since the start of the
    war": a tally from the onset of a conflict (normalised text)."""
    lex = lexicon()
    noun, verb, onset = (alternation(w) for w in (lex.conflict_nouns, lex.onset_verbs, lex.onset_nouns))
    words = r"(?:[\w'-]+ ){0,4}?"
    det = r"(?:the|its|their|this|that) "
    return re.compile(rf"^(?:ever )?since (?:{det}{words}(?:{noun}) {words}(?:{verb})"
                      rf"|the (?:{onset}) of {det}{words}(?:{noun})(?: .*)?)$")


def _name_the_year(t: str, published: date | None) -> str:
    """"Jan 1 this year", "in March last year": the relative year made a number."""
    m = re.match(r"^(.*[a-z0-9]) (this|last|next) year$", t)
    if m is None or published is None:
        return t
    return f"{m.group(1)} {published.year + {'this': 0, 'last': -1, 'next': 1}[m.group(2)]}"


def _since(r: Resolved, published: date | None) -> Resolved:
    """"Since 16 July": from that day to publication; 2 within a week, else 3."""
    if r.start is None:
        return Resolved(None, None, 3, "range")
    if published is None or r.start > published:
        return Resolved(r.start, None, 3, "range")
    return Resolved(r.start, published, 2 if (published - r.start).days < 7 else 3, "range")


class _DateData(Protocol):
    date_obj: datetime | None
    period: str | None


class _DateParser(Protocol):
    def get_date_data(self, date_string: str) -> _DateData: ...


@functools.lru_cache(maxsize=32)
def _date_parser(published: date | None) -> _DateParser:
    """One dateparser parser per publication date (building one costs ~0.3 s at first use).
    Imported through importlib and typed by a Protocol: the dev extra's types-dateparser may or
    may not be installed, and mypy --strict must pass either way."""
    module: Any = importlib.import_module("dateparser.date")
    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True}
    if published is not None:
        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day)
    parser: _DateParser = module.DateDataParser(languages=["en"], settings=settings)
    return parser


@functools.lru_cache(maxsize=1)
def _dateparser_gate() -> re.Pattern[str]:
    """dateparser reads almost anything as a date ("34" -> today's 34th?), so it is asked only
    about texts that name a month or a weekday, or a numeric date."""
    lex = lexicon()
    words = alternation([*lex.months, *lex.weekdays, "fortnight"])
    return re.compile(rf"\b(?:{words})\b|\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}")


def _dateparser(t: str, published: date | None) -> Resolved | None:
    if not _dateparser_gate().search(t):
        return None
    if published is None and not re.search(r"\b\d{4}\b", t):
        return None  # dateparser would fill the gaps from today's date: a guess
    data = _date_parser(published).get_date_data(t)
    if data.date_obj is None:
        return None
    day = data.date_obj.date()
    # dateparser fills what the text lacks and reads stray numbers as years ("Tuesday a July 26"
    # -> 1926): keep its answer only if its year is written in the text or lies near publication.
    years = {int(y) for y in re.findall(r"\b\d{4}\b", t)}
    if (years and day.year not in years) or (
        not years and (published is None or abs((published - day).days) > 400)
    ):
        return None
    period = data.period or "day"
    if period == "week":
        monday = week_start(day)
        return Resolved(monday, monday + timedelta(days=6), 2, "week")
    if period == "month":
        first = add_months(day, 0)
        end = month_end(first.year, first.month)
        return Resolved(first, min(end, published) if published and first <= published else end, 3, "month")
    if period == "year":
        return Resolved(date(day.year, 1, 1), date(day.year, 12, 31), 3, "year")
    return Resolved(day, day, 1, "day")


# ---------------------------------------------------------------- datelines

# How far into a body a dateline may stand: after a headline, a byline, a caption or two.
DATELINE_LINES = 12


@functools.lru_cache(maxsize=1)
def _dateline() -> re.Pattern[str]:
    """A wire dateline at the start of a line: a place ("KABUL", "SAN PEDRO CITY", "Dhaka"), an
    optional country or state ("Lebanon"), an optional date ("Jan 12", "March 3, 2022", "12
    March"), then the agency in brackets and/or a dash or colon ("(Reuters) -", "—", ":")."""
    lex = lexicon()
    months = "|".join(sorted((w.capitalize() for w in lex.months), key=len, reverse=True))
    word = r"[A-Z][\w'\u2019.-]*"
    place = rf"{word}(?:\s+(?:(?:de|du|el|al|es|la|of)\s+)?{word}){{0,3}}"
    day = r"\d{1,2}(?:st|nd|rd|th)?"
    when = rf"(?P<md>(?:{months})\.?\s+{day}|{day}\s+(?:{months})\.?)(?:,?\s+(?P<year>(?:19|20)\d\d))?"
    region = rf"(?!(?:{months})\b){place}"
    agency = r"\((?:[A-Z][\w.&' -]{0,30})\)"
    tail = rf"(?:\s*{agency})?\s*(?:/[^/\n]{{1,30}}/\s*)?(?:--|[-\u2013\u2014:])"
    return re.compile(rf"^[ \t]*{place}(?:,\s*{region})?(?:,\s*{when})?(?=\s*(?:{agency}|/|--|[-\u2013\u2014:])){tail}",
                      re.MULTILINE)


def find_dateline(text: str, published: date | None) -> date | None:
    """The date of the wire dateline that opens a body ("KABUL, Jan 12 (Reuters) -", "MAIDUGURI,
    Nigeria, March 3 —"), or None if the body has no dateline or its dateline has no date
    ("BEIRUT, Lebanon (AP) —"). A yearless date takes the year that puts it nearest to
    `published`; without `published` it needs a year of its own. The date is the reference for
    weekdays and "yesterday" in that body: pass it to `find_times` as `published`."""
    for line in [line for line in text.splitlines() if line.strip()][:DATELINE_LINES]:
        m = _dateline().match(line)
        if m is None:
            continue
        a = atom(normalise(m.group("md"))) if m.group("md") else None
        if a is None or a.month is None or a.day is None:
            continue  # a place only ("BEIRUT, Lebanon (AP) —"), or a headline "Nigeria: ..."
        if m.group("year"):
            return safe_date(int(m.group("year")), a.month, a.day)
        if published is None:
            return None
        options = [d for y in (published.year - 1, published.year, published.year + 1)
                   if (d := safe_date(y, a.month, a.day)) is not None]
        return min(options, key=lambda d: abs((d - published).days)) if options else None
    return None


def dateline_end(text: str) -> int:
    """Where the body's dateline ends (0 without one): its date is the reference, not an event's."""
    for m in _dateline().finditer(text):
        if text[:m.start()].count("\n") >= DATELINE_LINES:
            break
        spaced = m.end() == len(text) or text[m.end()].isspace()  # "KANO, June 12 (Reuters) - ", not "al-Sham"
        head = m.group(0).split(",")[0].strip()
        # a date, an agency or a place in capitals: "Gunmen — some in uniform — ..." is no dateline
        if spaced and (m.group("md") or "(" in m.group(0) or (head.isupper() and len(head) > 2)):
            return m.end()
    return _stamped_dateline_end(text)


# A page's stamp and dateline before the lede's first word ("12 March 2024 Maputo — ...",
# "date 2019-08-28 Maputo — ..."): a few words with a date, a spaced dash, then the prose.
STAMP_WORDS = 4
LEDE_WORDS = 8
_SPACED_DASH = re.compile(r"\s(?:--|[\u2013\u2014])\s")


def _stamped_dateline_end(text: str) -> int:
    offset = 0
    for line in text.splitlines(keepends=True)[:DATELINE_LINES]:
        if len(line.split()) >= LEDE_WORDS:  # the lede: headings and bylines are shorter
            m = _SPACED_DASH.search(line)
            stamp = line[:m.start()].split() if m is not None else []
            if m is not None and len(stamp) <= STAMP_WORDS and any(c.isdigit() for c in "".join(stamp)):
                return offset + m.end()
            return 0
        offset += len(line)
    return 0


# ---------------------------------------------------------------- finding expressions


@functools.lru_cache(maxsize=1)
def _finder() -> re.Pattern[str]:
    """Date-like phrases in raw text. Month and weekday names must be capitalised (as news writes
    them), so "may" the verb is never a month; abbreviated months need a day number beside them;
    a bare month or year needs a preposition before it ("in July", "since 1994")."""
    lex = lexicon()
    full = "|".join(n.capitalize() for n in lex.month_names)
    abbr = "|".join(sorted((w.capitalize() for w in lex.months if w not in lex.month_names), key=len,
                           reverse=True))
    wd = "|".join(n.capitalize() for n in lex.weekday_names)
    num = rf"(?i:\d+|{alternation(lex.numbers)}|many)"
    d = r"\d{1,2}(?:st|nd|rd|th)?"
    y = r"(?:1[0-9]\d\d|20\d\d)(?!\d)"
    m = rf"(?:{full}|(?:{abbr})\.?)"
    dm = rf"{d}(?:\s+of)?\s+{m}(?:,?\s+{y})?"
    md = rf"{m}\s+{d}(?![\d:])(?:,?\s+{y})?"
    my = rf"(?:{full}),?\s+{y}"
    day = rf"(?:(?:{wd}),?\s+(?:the\s+)?)?(?:{dm}|{md})"
    iso = r"\d{4}-\d{2}-\d{2}"
    numeric = r"\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})"
    one = rf"(?:{day}|{my}|{iso}|{numeric})"

    def body(conn: str) -> str:
        return (rf"(?:{d}{conn}{dm}|{md}{conn}{d}(?![\d:])(?:,?\s+{y})?|{one}{conn}{one}"
                rf"|(?:{full}){conn}(?:{full})(?:,?\s+{y})?|{y}{conn}{y}|{wd_part}{conn}{wd_part})")

    pod = r"(?:\s+(?i:morning|afternoon|evening|night))?"
    wd_part = rf"(?:{wd}){pod}"  # "Saturday night to Sunday morning"
    dash = r"\s*(?:[-\u2013\u2014]|(?i:to|until|till|through|into))\s*"
    conj = r"\s+(?i:and)\s+"
    rng = rf"(?i:between)\s+{body(conj)}|(?:(?i:from)\s+)?{body(dash)}"
    prep = r"(?i:in|since|until|till|by|during|from|of|early|mid|late|last|this|next|before|after)"
    bare_month = rf"{prep}[\s-]+(?:{full})"
    weekday = rf"(?:(?i:last|next|this|past)\s+)?(?:{wd})(?:\s+(?i:morning|afternoon|evening|night))?"
    relday = (r"(?i:today|tonight|yesterday|tomorrow|overnight|last\s+night|this\s+(?:morning|afternoon|evening)"
              r"|(?:the\s+)?day\s+before\s+yesterday)(?:\s+(?i:morning|afternoon|evening|night))?")
    unit = r"(?i:(?:the\s+)?(?:(?:earlier|later)\s+)?(?:this|last|next|past|current|coming)\s+" \
           r"(?:week|month|year|weekend))"
    weekend = r"(?i:(?:over|during|at|on)\s+the\s+weekend)"
    ago = rf"(?:{num}|(?i:a\s+few))\s+(?i:days?|weeks?|months?|years?|decades?)\s+(?i:ago)|(?i:a\s+fortnight\s+ago)"
    window = rf"(?i:(?:(?:in|over|during|within)\s+)?(?:the\s+)?(?:past|last|previous|preceding)\s+(?:{num}\s+)?(?:hours|days|weeks|months|years|fortnight))"
    recent = r"(?i:recently|lately|(?:in\s+)?(?:the\s+)?recent\s+(?:days|weeks|months|years))"
    onset = alternation([*lex.onset_verbs])
    conflict = alternation([*lex.conflict_nouns])
    words = r"(?:[\w'\u2019-]+\s+){0,4}?"
    det = r"(?:the|its|their|this|that)\s+"
    since_onset = (rf"(?i:(?:ever\s+)?since\s+(?:{det}{words}(?:{conflict})\s+{words}(?:{onset})"
                   rf"|the\s+(?:{alternation(lex.onset_nouns)})\s+of\s+{det}{words}(?:{conflict})))")
    hist = r"(?i:(?:for\s+)?(?:many|several)\s+(?:years|decades)(?:\s+ago)?|decades\s+ago|for\s+(?:years|decades))"
    decade = r"(?i:(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?:1[0-9]|20)\d0s|(?:the\s+)?['\u2019]\d0s)"
    season = rf"(?i:(?:last|this|next|early|late)\s+(?:spring|summer|autumn|winter)" \
             rf"|(?:in|during)\s+the\s+(?:spring|summer|autumn|winter)(?:\s+of\s+{y})?" \
             rf"|(?:spring|summer|autumn|winter)\s+(?:of\s+)?{y})"
    year = rf"(?:{prep}|(?i:between|the\s+year))[\s-]+(?:(?i:the)\s+)?{y}(?![.,]?\d)"
    # "went on from Saturday to Sunday": "on" there belongs to the verb.
    prefix = (r"(?:(?i:since|from|on(?![\s-]+(?:from|since|until|till|between)\b)|in|during|until|till|by|around|early|late|mid|as\s+early\s+as|over|overnight"
              r"|(?:in\s+)?the\s+(?:night|morning|evening|afternoon|early\s+hours|small\s+hours|end|beginning"
              r"|start|middle|(?:first|second|third|fourth|last)\s+week)\s+of)[\s-]+)*")
    alts = [rng, one, bare_month, weekday, relday, unit, weekend, decade, season, year]
    # Expressions of their own: a preposition before them is not part of the date ("dragging on for
    # many years").
    bare = [since_onset, ago, window, recent, hist]
    # Every match begins with one of these words, a digit or an apostrophe ("'90s"); testing them
    # first lets the engine leave most positions at once (the finder ran 3x slower without it).
    first = alternation({*lex.months, *lex.weekdays, *lex.numbers, "since", "from", "on", "in", "during",
                         "until", "till", "by", "around", "early", "late", "mid", "as", "over", "the",
                         "between", "today", "tonight", "yesterday", "tomorrow", "overnight", "last",
                         "this", "next", "past", "current", "coming", "earlier", "later",
                         "at", "many", "recently", "lately", "recent", "for", "several", "decades", "previous", "preceding",
                         "spring", "summer", "autumn", "winter", "of", "before", "after"})
    gate = rf"(?=\d|['\u2019]\d|(?i:{first})\b)"
    return re.compile(rf"(?<![\w'\u2019-]){gate}(?:{prefix}(?:{'|'.join(alts)})|{'|'.join(bare)})(?![\w])")


_LEFT_WORD = re.compile(r"(?i:\b(since|from|between|on|in|during|until|till|by|early|late|mid|earlier)[\s-]+)$")
_AFTER_AGE = re.compile(r"^\s*-?\s*(?:(?:years?|yrs?|months?)\s*-?\s*)?old\b", re.IGNORECASE)
_NUMBER_ONLY = re.compile(r"^(?:\S+\s+)?(?:the\s+)?\d+$", re.IGNORECASE)
_CLOCK_AFTER = re.compile(r"^\s*(?:gmt|utc|hrs|hours|h|local\s+time)\b", re.IGNORECASE)
# "the 1425-day siege" (a length), "1601 of them" (a share): a number, never a year.
_COUNT_AFTER = re.compile(r"^(?:-[a-z]|\s+of\s+(?:them|whom|those|these|which)\b)", re.IGNORECASE)
_NOT_YEAR_LABELS = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL"})


def find_times(sent: SpacySpan, published: date | None) -> list[TimeSpan]:
    """Every time expression in one sentence, resolved; offsets are into `sent.doc.text`."""
    # Offsets stay relative to the sentence until a TimeSpan is made: `Doc.text` is rebuilt from
    # the tokens on every access, which cost 90% of the time when it was read per candidate.
    base: int = sent.start_char
    text: str = token_arrays(sent.doc).text[base:sent.end_char]  # sent.text, from the cached document text
    rule = [(m.start(), m.end()) for m in _finder().finditer(text)]
    ner: list[tuple[int, int]] = []
    for start, end in _date_entities(sent):
        left = _LEFT_WORD.search(text[max(0, start - 12):start])
        ner.append((start - len(left.group()) if left else start, end))
    found: list[TimeSpan] = []
    for cluster in _clusters(rule, ner):
        for start, end, r in _choose(cluster, rule, sent, text, published):
            found.append(TimeSpan(text[start:end], base + start, base + end, r.start, r.end, r.precision,
                                  r.historical))
    return sorted(found, key=lambda ts: ts.start_char)


def _date_entities(sent: SpacySpan) -> list[tuple[int, int]]:
    """spaCy's DATE and TIME entities of the sentence, as sentence-relative offsets. Read from the
    tokens' IOB tags: `Span.ents` walks every entity of the whole document on each call."""
    base: int = sent.start_char
    arrays = token_arrays(sent.doc)  # the token attributes, read once per document
    ent_type = arrays.ent_type
    spans: list[tuple[int, int]] = []
    for i in range(sent.start, sent.end):
        if ent_type[i] not in ("DATE", "TIME"):
            continue
        start, end = arrays.idx[i] - base, arrays.idx[i] + len(arrays.orth[i]) - base
        if arrays.ent_iob[i] == "I" and spans and i > sent.start and ent_type[i - 1] == ent_type[i]:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _clusters(rule: list[tuple[int, int]], ner: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    spans = sorted(set(rule) | set(ner))
    clusters: list[list[tuple[int, int]]] = []
    end = -1
    for span in spans:
        if clusters and span[0] < end:
            clusters[-1].append(span)
            end = max(end, span[1])
        else:
            clusters.append([span])
            end = span[1]
    return clusters


def _choose(cluster: list[tuple[int, int]], rule: list[tuple[int, int]], sent: SpacySpan, text: str,
            published: date | None) -> list[tuple[int, int, Resolved]]:
    """The union of a cluster first, then its own patterns' spans, then spaCy's, longest first;
    each kept span must resolve and must not overlap one kept before."""
    options: list[tuple[int, int]] = []
    if len(cluster) > 1:
        options.append((min(s for s, _ in cluster), max(e for _, e in cluster)))
    by_length = sorted(cluster, key=lambda s: (s not in rule, s[0] - s[1]))
    options.extend(s for s in by_length if s not in options)
    kept: list[tuple[int, int, Resolved]] = []
    for start, end in options:
        if any(start < k_end and k_start < end for k_start, k_end, _ in kept):
            continue
        if _not_a_date(sent, text, start, end):
            continue
        r = resolve(text[start:end], published)
        if r is not None:
            kept.append((start, end, r))
    return kept


def _not_a_date(sent: SpacySpan, text: str, start: int, end: int) -> bool:
    """Ages ("34 years old", "aged 34"), identifiers ("Resolution 2254") and counts a pattern or
    spaCy took for a year. Offsets are relative to the sentence `text`."""
    if _AFTER_AGE.match(text[end:end + 16]) or _is_name(text[end:end + 30]):
        return True
    before = text[max(0, start - 20):start].lower().split()
    if before and before[-1].strip(".#(") in ("aged", "age"):
        return True
    if _NUMBER_ONLY.match(text[start:end]):
        if _COUNT_AFTER.match(text[end:end + 12]):
            return True
        if before and before[-1].strip(".#(") in lexicon().number_nouns:
            return True
        if _CLOCK_AFTER.match(text[end:end + 12]) or (before and before[-1] == "at"):
            return True  # "at 1700 GMT": a clock time, and a year is never "at 1994"
        base: int = sent.start_char
        for token in sent.doc.char_span(base + start, base + end, alignment_mode="expand") or []:
            if token.like_num and (token.ent_type_ in _NOT_YEAR_LABELS or _counts_a_noun(token)):
                return True
    return False


def _is_name(after: str) -> bool:
    """"the March 23 Movement", "May 15 Street": a capitalised name noun right after the date."""
    m = re.match(r"\s+([A-Z][a-z]+)\b", after)
    return m is not None and m.group(1).lower() in lexicon().name_nouns


def _counts_a_noun(token: Token) -> bool:
    """"fled in 2000 vehicles": a number that counts the plural noun after it. "the 2019 protests"
    names the year of the protests: the determiner tells them apart."""
    head = token.head
    return (
        token.dep_ == "nummod"
        and head.i > token.i
        and head.tag_ in ("NNS", "NNPS")
        and not any(child.dep_ in ("det", "poss") for child in head.children)
    )
