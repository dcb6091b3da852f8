"""Document-level assembly: join the mentions of one event across a whole report.

A news report states its main event several times: the lede sums it up ("Shelling killed four
people in X on Tuesday"), the body tells it over several paragraphs ("Two districts were hit",
"The dead included a child"), and a recap names it again. Each mention (a trigger sentence with
the sentences that continue it, built by `events.py`) is linked here to the article's events by
compatibility, the way a coder reads the report:

- the day: two mentions with days of their own must share one (ranges may overlap);
- the place: the same place, one inside the other ("Kossi province" holds "Bourasso"), or
  within 25 km; a mention that names no place fits anywhere;
- both violent (statements are never joined).

A mention joins the compatible event that agrees on most (same day stated, same place stated,
same sub-type), the nearest before it in the text on a tie. The lede, and any sentence that
lists several places ("strikes hit Sumy, Chernihiv, Kharkiv and Kherson"), is read last, as a
summary: it joins the one body event it fits; when it fits several ("two attacks at the
weekend killed 27"), it sums them up and is not an event of its own. A mention that names
neither a day nor a place and fits no event is context ("the violence has killed thousands"),
not an event, when the report has events that do.

Every join is recorded in the draft's `joined` list (which sentence, and why) for the notes.
The stage is pure: drafts in, drafts out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

from ..geo.resolve import specificity
from ..geo.scope import distance_km
from ..model import Place, TimeSpan, Toponym, VictimGroup
from . import timelex
from .actors import is_unidentified
from .draft import Draft

NEAR_KM = 25.0
# ACLED codes what happened in the reporting period. A tally over more than about a quarter
# ("has killed thousands since 2012") is background; so is a day more than a year before
# publication. A dated incident of the last months is still an event of its own: a report
# that recalls it with its day, place and toll is how ACLED learns of many of them (the seed's
# two-month-old shelling of Tovuz).
TALLY_DAYS = 92
PAST_DAYS = 365
# A night or a weekend is one incident's time; a longer stretch is a tally's.
NIGHT = 2
WEEK = 7


def is_background(time: TimeSpan | None, published: date | None) -> bool:
    """Background, not news: a date long past ("in March" in a May report, "in 2016"), or a
    tally over months or years ("has killed thousands since 2012")."""
    if time is None:
        return False
    if time.historical:
        return True
    if time.start is not None and time.end is not None and (time.end - time.start).days > TALLY_DAYS:
        return True
    return published is not None and time.start is not None and (published - time.start).days > PAST_DAYS


def _span(t: TimeSpan) -> tuple[int, int] | None:
    if t.start is None:
        return None
    end = t.end or t.start
    return t.start.toordinal(), end.toordinal()


def _stretch(d: Draft) -> int:
    """How many days the mention's own time covers (0 for a day, or for no time of its own)."""
    span = _span(d.time) if d.time is not None and d.time_explicit else None
    return span[1] - span[0] if span is not None else 0


# How many characters before a time expression may hold the "since" of a tally.
TALLY_LOOKBACK = 30


def _text_before(d: Draft, char: int, width: int) -> str:
    """Up to `width` characters of the mention's own evidence before offset `char`."""
    for ev in d.evidence:
        if ev.start <= char <= ev.end:
            return ev.text[max(0, char - ev.start - width):char - ev.start]
    return ""


def is_tally(d: Draft) -> bool:
    """'The update recorded 29 attacks over the week', 'killings this month', '301 people have
    been killed since 7 October': a count of many events, or of the dead of many, over a stretch
    of days, not an event."""
    if d.plural and _stretch(d) > NIGHT:
        return True
    if d.dead == 0 or d.time is None or not d.time_explicit:
        return False
    openers = timelex.lexicon().tally_openers
    text = d.time.text.lower()
    if _stretch(d) > WEEK and any(text.startswith(opener + " ") for opener in openers):
        return True
    # "have killed 301 since Hamas's October 7 attack": counted from a day until now
    before = _text_before(d, d.time.start_char, TALLY_LOOKBACK).lower().split()
    return "since" in before


def time_relation(a: Draft, b: Draft, tally_days: int = NIGHT) -> str | None:
    """How the days of two mentions agree: 'same day', 'overlapping days', 'day unstated';
    None when both state days that differ, or when one is a day and the other a stretch longer
    than `tally_days` (a tally; the lede's "at the weekend" may sum up a week's events)."""
    if (_stretch(a) > tally_days) != (_stretch(b) > tally_days):
        return None  # a tally over days or weeks is not one day's incident
    if not (a.time_explicit and b.time_explicit) or a.time is None or b.time is None:
        return "day unstated"
    sa, sb = _span(a.time), _span(b.time)
    if sa is None or sb is None:
        return "day unstated"
    if sa == sb:
        return "same day"
    if sa[0] <= sb[1] and sb[0] <= sa[1]:
        return "overlapping days"
    return None


def _contains(coarse: Place, fine: Place) -> bool:
    if coarse.iso3 is None or coarse.iso3 != fine.iso3:
        return False
    code = coarse.feature_code or ""
    if code.startswith("PCL"):
        return True
    if code == "ADM1":
        return fine.admin1 is not None and fine.admin1 == coarse.admin1
    if code == "ADM2":
        return fine.admin2 is not None and fine.admin2 == coarse.admin2
    return False


def place_relation(a: Toponym | None, b: Toponym | None) -> str | None:
    """How the places of two mentions agree: 'same place', 'X lies in Y', 'N km apart',
    'place unstated'; None when both name places that cannot be one event's."""
    pa = a.place if a is not None else None
    pb = b.place if b is not None else None
    if pa is None or pb is None:
        return "place unstated"
    if pa.geonames_id is not None and pa.geonames_id == pb.geonames_id or pa == pb:
        return "same place"
    if _contains(pa, pb):
        return f"{pb.name} lies in {pa.name}"
    if _contains(pb, pa):
        return f"{pa.name} lies in {pb.name}"
    if None not in (pa.latitude, pa.longitude, pb.latitude, pb.longitude):
        assert pa.latitude is not None and pa.longitude is not None
        assert pb.latitude is not None and pb.longitude is not None
        km = distance_km(pa.latitude, pa.longitude, pb.latitude, pb.longitude)
        if km <= NEAR_KM:
            return f"{km:.0f} km apart"
    return None


COMBAT = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
CROWD = frozenset({"Protests", "Riots"})
PASSIVE = frozenset({"civilians", "protesters"})  # kinds that suffer violence, not inflict it


def types_fit(a: Draft, b: Draft) -> bool:
    """Whether two mentions' types can name one event: fighting, shelling and attacks on
    civilians describe one incident from several sides; so do a protest and its riot; a
    strategic development only joins its own kind."""
    ta, tb = a.trigger.event_type, b.trigger.event_type
    if ta is None or tb is None:
        return False
    if ta == tb:
        return ta != "Strategic developments" or a.trigger.sub_event_type == b.trigger.sub_event_type
    return (ta in COMBAT and tb in COMBAT) or (ta in CROWD and tb in CROWD)


def _fit(event: Draft, mention: Draft, published: date | None, summary: bool = False) -> tuple[int, str] | None:
    """(agreement, reason) when `mention` can be a mention of `event`, else None. A `summary`
    (the lede) may span a week of the body's events."""
    if not types_fit(event, mention) or mention.fresh:
        return None
    if "historical" in (event.status, mention.status) \
            or is_background(event.time, published) or is_background(mention.time, published) \
            or is_tally(event) or is_tally(mention):
        return None
    when = time_relation(event, mention, WEEK if summary else NIGHT)
    where = place_relation(event.place, mention.place)
    if when is None or where is None:
        return None
    score = 2 * (when in ("same day", "overlapping days")) + 2 * (where != "place unstated")
    score += event.trigger.sub_event_type == mention.trigger.sub_event_type
    return score, f"{when}, {where}"


def _own_place(d: Draft) -> bool:
    return d.place is not None and d.place.place is not None and specificity(d.place.place)[0] == 0


# Kinds of dead a report often counts apart from its total ("one soldier was also killed").
SIDE_KINDS = frozenset({"military", "police", "rebel"})


def _part_of(small: Sequence[VictimGroup], large: Sequence[VictimGroup]) -> bool:
    """Whether `small` counts one armed side's dead and `large` is a toll that holds them: of
    several kinds, of that kind, or of no stated kind. Civilians ("people") are the usual
    total, and an estimate of them is no part of another."""
    kinds = {v.kind for v in small}
    if len(kinds) != 1 or not kinds <= SIDE_KINDS:
        return False
    whole = {v.kind for v in large}
    return sum(v.count for v in large) > sum(v.count for v in small) and (
        len(whole) > 1 or bool(kinds & whole) or "unknown" in whole)


def take_toll(event: Draft, dead: int, victims: Sequence[VictimGroup], revised: bool) -> None:
    """ACLED's toll from several statements of one event: the lowest credible figure ("at
    least 15" then "a resident put it at 20", or a claim of 20 after an official 13), unless a
    later statement revises it ("the toll rose to 9")."""
    if dead <= 0:
        return
    if event.dead and not revised and (_part_of(victims, event.victims) or _part_of(event.victims, victims)):
        # "Six were killed ... One soldier also died": the side's dead are part of the toll
        if dead > event.dead:
            event.dead, event.victims = dead, list(victims)
        return
    if event.dead == 0 or revised or (dead < event.dead and not event.revised):
        event.dead, event.victims = dead, list(victims)
        event.revised = event.revised or revised


def dates_an_incident_worse(new: TimeSpan, old: TimeSpan | None) -> bool:
    """Whether a stretch of days ("fighting for the past several days") would replace the day
    an incident was already given, even by narrative context: it says when fighting went on,
    not when this incident happened."""
    span = _span(new)
    return old is not None and old.start is not None and span is not None and span[1] - span[0] > NIGHT


def absorb(event: Draft, mention: Draft, reason: str) -> None:
    """Fill `event`'s arguments from another of its mentions: the most specific place, the
    day stated, the lowest toll unless a later one revises it, both sides."""
    vague = not (event.time_explicit or _own_place(event)) and (mention.time_explicit or _own_place(mention))
    event.evidence = sorted([*event.evidence, *mention.evidence], key=lambda e: e.start)
    event.last_paragraph = max(event.last_paragraph, mention.last_paragraph)
    event.actors.extend(mention.actors)
    if mention.place is not None and mention.place.place is not None and (
            event.place is None or event.place.place is None
            or specificity(mention.place.place) < specificity(event.place.place)):
        event.place = mention.place
    if mention.time_explicit and mention.time is not None and (
            not event.time_explicit or event.time is None or mention.time.precision < event.time.precision) \
            and not dates_an_incident_worse(mention.time, event.time):
        event.time, event.time_explicit = mention.time, True
    elif event.time is None:
        event.time = mention.time
    take_toll(event, mention.dead, mention.victims, mention.revised)
    if vague:
        # a vague mention ("most of the violence was the work of gangs") yields to a specific one
        event.actor1 = mention.actor1 or event.actor1
        event.actor2 = mention.actor2 or event.actor2
    if is_unidentified(event.actor1) and _names_both_sides(mention) \
            and event.actor2 is not None and event.actor2.kind in PASSIVE:
        # "gunmen opened fire, killing two people" then "Kuki and Meitei militias fought": the
        # named sides of the fight
        event.actor1, event.actor2 = mention.actor1, mention.actor2
    if event.actor1 is None:
        event.actor1 = mention.actor1
    if event.actor2 is None:
        event.actor2 = next((a for a in (mention.actor2, mention.actor1) if a is not None and (
            event.actor1 is None or a.name != event.actor1.name)), None)
    if event.speaker is None:
        event.speaker = mention.speaker
    if mention.trigger.score > event.trigger.score + 0.25:
        event.trigger = mention.trigger
    quote = mention.evidence[0].text if mention.evidence else ""
    event.joined.append(f"'{quote[:60]}' ({reason})")


def _names_both_sides(d: Draft) -> bool:
    """Whether the mention names two armed sides, neither of them an unnamed one ("Kuki and
    Meitei militias fought a gun battle")."""
    sides = (d.actor1, d.actor2)
    return all(a is not None and a.kind not in PASSIVE and not is_unidentified(a) for a in sides) \
        and d.actor1 is not None and d.actor2 is not None and d.actor1.name != d.actor2.name


def _best(events: Sequence[Draft], mention: Draft, published: date | None,
          summary: bool = False) -> tuple[Draft, str] | None:
    best: tuple[tuple[int, int], Draft, str] | None = None
    for order, event in enumerate(events):
        fit = _fit(event, mention, published, summary)
        if fit is None:
            continue
        # most agreement, then the latest in the text; a summary the first (the body tells the
        # lede's event first)
        key = (fit[0], -order if summary else order)
        if best is None or key > best[0]:
            best = (key, event, fit[1])
    return (best[1], best[2]) if best is not None else None


def link_mentions(drafts: Sequence[Draft], lede: int | None, published: date | None) -> list[Draft]:
    """The article's events from its mentions (in text order). `lede`: the paragraph index of
    the report's first paragraph of prose, read as a summary of the body; `published`: the
    reference day for background."""
    events: list[Draft] = []
    summaries: list[Draft] = []
    for mention in drafts:
        if (lede is not None and mention.paragraph == lede or mention.summary) and mention.violent:
            summaries.append(mention)
            continue
        found = _best(events, mention, published)
        if found is None:
            events.append(mention)
        else:
            absorb(found[0], mention, found[1])
    for summary in summaries:
        fits = [e for e in events if _fit(e, summary, published, True) is not None]
        if len(fits) > 1 and summary.dead > max(e.dead for e in fits):
            continue  # sums up several of the body's events ("two attacks killed 27")
        found = _best(fits, summary, published, True)
        if found is None:
            events.append(summary)
        else:
            absorb(found[0], summary, "the lede, " + found[1])
    events.sort(key=lambda d: d.evidence[0].start if d.evidence else 0)
    anchored = [e for e in events if e.violent and (e.time_explicit or _own_place(e))]
    if anchored:
        events = [e for e in events if not e.violent or e.time_explicit or _own_place(e)]
    return events


# A report's usual doer is the doer of its events that name none when it names at least this
# many of its other events, and this share of them.
USUAL_DOER_MIN = 2
USUAL_DOER_SHARE = 2 / 3


def fill_usual_doer(events: Sequence[Draft], published: date | None) -> None:
    """"Russian forces shelled Kharkiv ... Two districts were hit overnight": a report on one
    side's campaign names its doer once or twice and leaves it out of the other events. An event
    of fighting or shelling with no doer gets the report's usual one, when one side is the doer
    of most of the events that name theirs and is not this event's target."""
    every = [e for e in events if e.trigger.event_type in COMBAT]
    combat = [e for e in every if not is_background(e.time, published)]
    doers = Counter(e.actor1.name for e in every if e.actor1 is not None and e.actor1.kind not in PASSIVE)
    if not doers:
        return
    name, count = doers.most_common(1)[0]
    if count < USUAL_DOER_MIN or count < USUAL_DOER_SHARE * sum(doers.values()):
        return
    doer = next(e.actor1 for e in every if e.actor1 is not None and e.actor1.name == name)
    for e in combat:
        if e.actor1 is None and (e.actor2 is None or e.actor2.iso3 != doer.iso3):
            e.actor1 = doer
            e.joined.append(f"actor1 {name}: the doer of {count} other events of the report")
