"""Assemble v1 events from one parsed article.

Per sentence: the best trigger (an ACLED one before a verbal one), its time, actors, dead and
place. Then discourse rules that a human coder applies:

- A sentence without a time expression of its own inherits the last one before it, across
  paragraphs, unless that one is background ("On July 12, X shelled Y. The attack killed 12." -
  both on July 12; "... in a war in the early 1990s. More than 20,000 were killed." - both
  background). With none before it the event is dated by publication, precision 2 (ACLED's
  rule for an unstated day).
- A sentence that continues the previous event (same or next paragraph, same family - violent
  or verbal -, no conflicting date or place) adds its evidence, dead and actors to it instead of starting a
  new one; so does a sentence that only reports dead.
- Headings (a paragraph of one line without final punctuation: titles, breadcrumbs, captions)
  restate the story and are not coded.
- Fatalities of an event: the lowest per-sentence total among its sentences (ACLED keeps the
  conservative figure; a restated toll is not added), unless a later sentence revises it ("the
  toll rose to 9"). The mentions are then joined across the report (document.py).
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from datetime import date
from itertools import pairwise

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from ..geo.gazetteer import Gazetteer
from ..geo.recognize import find_toponym_spans
from ..geo.resolve import place_for_sentence, resolve_toponyms, specificity
from ..model import Actor, Article, Event, Evidence, Place, Span, TimeSpan, Toponym, Trigger, VictimGroup
from ..nlp import doc_text, ends_like_prose
from . import countries, timelex
from .actors import actor_of, country_cues, find_actors, lexicon
from .anchoring import what_it_dates
from .clauses import clause_units, gapped_counts
from .discourse import opens_new_event
from .document import (
    PASSIVE,
    dates_an_incident_worse,
    fill_usual_doer,
    is_background,
    is_tally,
    link_mentions,
    place_relation,
    take_toll,
)
from .draft import Draft
from .localities import border_zone, names_the_same_place, unresolved_locality, with_locality
from .modality import assess
from .notes import write_notes
from .numbers import find_victims, revises_toll
from .roles import assign_roles, is_source, pronoun_subject, speaks_of_itself, token_at
from .scene import is_source_seat, scenes
from .taxonomy import load_taxonomy, type_by_target
from .time import dateline_end, find_dateline, find_times
from .triggers import find_triggers, main_trigger

# A text is hard-wrapped (blank lines part its paragraphs) when at least this share of its
# lines run on into the next; otherwise each line is a paragraph.
WRAPPED_SHARE = 0.2


def _paragraph_starts(text: str) -> list[int]:
    """Where paragraphs start: at every line in a text that gives one paragraph a line (pages,
    feeds, most .txt exports), after blank lines in a hard-wrapped text."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # A hard-wrapped text breaks its sentences across lines: a line runs on into a next line
    # that starts in lower case ("... killed at least\nseven people ...").
    run_on = sum(1 for a, b in pairwise(lines) if not ends_like_prose(a) and b[:1].islower())
    wrapped = "\n\n" in text.strip() and run_on >= WRAPPED_SHARE * len(lines)
    sep = "\n\n" if wrapped else "\n"
    starts = [0]
    i = text.find(sep)
    while i != -1:
        nxt = i + len(sep)
        if text[nxt:].strip() and (not text[nxt:nxt + 1].isspace() or wrapped):
            starts.append(nxt)
        i = text.find(sep, nxt)
    return starts


def _paragraph_of(starts: Sequence[int], char: int) -> int:
    return bisect.bisect_right(starts, char) - 1


# A heading is short; a longer line without final punctuation is prose cut short (a snippet).
HEADING_MAX_WORDS = 30


def _is_heading(text: str, sent: SpacySpan) -> bool:
    """Whether the sentence lies on a heading line: a short line of its own (a title,
    breadcrumb, caption, byline) that does not end like prose and that more text follows. The
    parser may cut such a line anywhere, so the test is on the line, not on the sentence. A text
    of one line is never a heading: it is all there is (a wire snippet, a headline alone)."""
    start = text.rfind("\n", 0, sent.start_char) + 1
    end = text.find("\n", start)
    line = text[start:end if end != -1 else len(text)].strip()
    if not line:
        return True
    if ends_like_prose(line) or len(line.split()) > HEADING_MAX_WORDS:
        return False
    return end != -1 and bool(text[end:].strip())


def _own_time(doc: Doc, times: Sequence[TimeSpan], head: int) -> TimeSpan | None:
    """The sentence's time that dates the event of trigger head `head`: the nearest of those
    that date it (anchoring.what_it_dates), else the day a source reported it (a better guess
    than none); never the day of something else the sentence tells."""
    kinds = [what_it_dates(doc, t, head) for t in times]
    return _nearest_time([t for t, k in zip(times, kinds, strict=True) if k == "event"], head) \
        or _nearest_time([t for t, k in zip(times, kinds, strict=True) if k == "report"], head)


def _nearest_time(times: Sequence[TimeSpan], head: int) -> TimeSpan | None:
    # A vague stretch of the past with no date ("for many years") anchors nothing; a yearless
    # date without a publication date (start None, not historical) is kept, to be reported.
    # "A truce to be declared before March 31": a bound, not the day of anything told.
    bounds = timelex.lexicon().bound_openers
    usable = [t for t in times if (t.start is not None or not t.historical)
              and not any(t.text.lower().startswith(b + " ") for b in bounds)]
    if not usable:
        return None
    return min(usable, key=lambda t: min(abs(t.start_char - head), abs(t.end_char - head)))


def _as_party(actor: Actor | None, event_type: str | None, sub_event_type: str | None) -> Actor | None:
    """A country named as a party stands for its state (ACLED practice): its armed forces in
    fighting and military developments, its government in agreements, transfers and statements."""
    if actor is None or actor.kind != "country" or actor.iso3 is None:
        return actor
    kind = "military" if event_type is not None and sub_event_type not in load_taxonomy().civil_sub_types else "government"
    return actor_of(kind, actor.iso3, actor.span, actor.head)


def _crowd(kind: str, place: Toponym | None, home: str | None, sent: SpacySpan) -> Actor:
    iso3 = place.place.iso3 if place is not None and place.place is not None else home
    return actor_of(kind.lower(), iso3, Span(sent.text, sent.start_char, sent.end_char))


def _main_actors(actors: Sequence[Actor]) -> tuple[list[Actor], Actor | None]:
    """Actors that can fill a role (people are kept aside as the speaker of a statement)."""
    people = [a for a in actors if a.kind == "person"]
    return [a for a in actors if a.kind != "person"], (people[0] if people else None)


def _victim_actor(victims: Sequence[VictimGroup]) -> Actor | None:
    """'killed 12 Azerbaijani servicemen': the dead of a named side are the target."""
    for group in victims:
        iso3 = countries.iso3_for(group.nationality) if group.nationality else None
        if iso3 is None:
            continue
        if group.kind == "military":
            name = f"Military Forces of {countries.country_name(iso3)}"
        elif group.kind == "police":
            name = f"Police Forces of {countries.country_name(iso3)}"
        elif group.kind == "civilian":
            name = f"Civilians ({countries.country_name(iso3)})"
        else:
            continue
        return Actor(name, iso3, group.kind, group.span, group.span.start)
    return None


# A sentence naming this many towns or regions of one rank speaks of several places at once.
LISTED_PLACES = 3


# "Sumy, Chernihiv, Kharkiv, Kherson and Donetsk": three or more capitalised names in a comma list.
_NAME_LIST = re.compile(r"(?:\b[A-Z][\w'\u2019-]+(?:\s[A-Z][\w'\u2019-]+)?,\s+){2,}(?:and\s+|or\s+)?[A-Z][\w'\u2019-]+")


def _lists_places(toponyms: Sequence[Toponym], sent: SpacySpan) -> bool:
    """Whether the sentence lists several places ("attacks hit A, B, C and D"): three of one
    rank, or two inside a comma list of names (the recogniser misses some items of a list)."""
    inside = [t for t in toponyms
              if t.place is not None and sent.start_char <= t.span.start and t.span.end <= sent.end_char
              and not (t.place.feature_code or "").startswith("PCL")]
    places = {(specificity(t.place), t.place.name) for t in inside if t.place is not None}
    ranks = Counter(rank for rank, _ in places)
    if any(n >= LISTED_PLACES for n in ranks.values()):
        return True
    if len(places) < 2:
        return False
    for m in _NAME_LIST.finditer(sent.text):
        start, end = sent.start_char + m.start(), sent.start_char + m.end()
        if sum(1 for t in inside if start <= t.span.start and t.span.end <= end) >= 2:
            return True
    return False


def _coarse(place: Place) -> bool:
    """A country or a first-level region: no event's own spot."""
    code = place.feature_code or ""
    return code.startswith("PCL") or code == "ADM1" or place.geo_precision >= 3


def _doers_country(d: Draft, home: str | None) -> bool:
    """Whether the mention's only place is the whole country of its doer, abroad: a report on
    Iraq that says "Turkey struck" or "blamed on Turkey" names the attacker, not the scene."""
    place = d.place.place if d.place is not None else None
    return (d.violent and place is not None and (place.feature_code or "").startswith("PCL")
            and d.actor1 is not None and d.actor1.iso3 == place.iso3 and home is not None and place.iso3 != home)


def _elsewhere(previous: Draft, paragraph: int, victims: list[VictimGroup], actors: list[Actor],
               place: Toponym | None, evidence: Evidence, time: TimeSpan | None, explicit: bool) -> Draft:
    """A sentence that only counts dead, in a place other than the event before it ("Three
    civilians died in X, and one in Y"): another event of the same kind, by the same hand."""
    return Draft(previous.trigger, paragraph, time if explicit else previous.time, explicit or previous.time_explicit,
                 list(actors), previous.actor1, _victim_actor(victims) or previous.actor2, list(victims),
                 sum(v.count for v in victims), place, previous.status, previous.attributed_to, [evidence])


def _gapped(previous: Draft, sent: SpacySpan, toponyms: Sequence[Toponym], paragraph: int) -> list[Draft]:
    """"Three civilians died in X, and one in Y": the dead of Y, another event of the same kind,
    by the same hand, on the same day."""
    out: list[Draft] = []
    for count, place, start in gapped_counts(sent, toponyms):
        kind = previous.victims[0] if previous.victims else None
        quote = doc_text(sent.doc)[start:sent.end_char].rstrip()
        victims = [VictimGroup(count, kind.kind if kind else "unknown", kind.nationality if kind else None,
                               Span(quote, start, start + len(quote)))]
        evidence = Evidence(quote, start, start + len(quote))
        out.append(_elsewhere(previous, paragraph, victims, [], place, evidence, previous.time, False))
    return out


# Sub-types that always have a perpetrator: ACLED codes an unnamed one as an unidentified group.
ATTACKS = frozenset({"Attack", "Abduction/forced disappearance", "Sexual violence",
                     "Remote explosive/landmine/IED", "Suicide bomb", "Grenade"})


def _settle_attacker(d: Draft, iso3: str | None) -> None:
    """An attack, a kidnapping or a bombing whose doer the report does not name was done by an
    unidentified armed group of the event's country (ACLED); victims named as its doer (a parse
    that put "seven people" first) are its target. Villagers who beat someone to death are
    rioters (a mob), and the dead their civilian victims."""
    if d.trigger.lemma.lower() in lexicon().communal_events and d.actor1 is None and iso3 is not None:
        # "communal violence left two dead": the militias of the communities on both sides
        d.actor1 = actor_of("communal militia", iso3, d.trigger.span)
        if d.actor2 is None or d.actor2.kind in PASSIVE:
            d.actor2 = d.actor1
        return
    if d.trigger.event_type == "Riots" and d.actor1 is not None:
        country = d.actor1.iso3 or iso3
        if d.actor1.kind in PASSIVE:  # "villagers beat a man to death": a mob
            d.actor1 = actor_of("rioters", country, d.trigger.span)
        if d.actor2 is not None and d.actor2.name == d.actor1.name:
            d.actor2 = None
        if d.actor2 is None and d.dead and country is not None:
            d.actor2 = actor_of("civilians", country, d.trigger.span)
        return
    if d.trigger.sub_event_type == "Air/drone strike" and d.actor1 is None and d.actor2 is not None \
            and d.actor2.kind in ("rebel", "armed_group") and d.actor2.iso3 is not None:
        d.actor1 = actor_of("military", d.actor2.iso3, d.trigger.span)
    if d.trigger.sub_event_type not in ATTACKS:
        return
    if d.actor1 is not None and d.actor1.kind in PASSIVE:
        if d.actor2 is None or d.actor2.name == d.actor1.name:
            d.actor2 = d.actor1
        d.actor1 = None
    if d.actor1 is None and iso3 is not None:
        d.actor1 = actor_of("rebel", iso3, d.trigger.span)


def _type_by_target(d: Draft, iso3: str | None) -> None:
    """Once the sides are known, an attack on soldiers or police is a battle and an armed
    side's violence against civilians an attack on them (ACLED types by target)."""
    t = d.trigger
    same = d.actor1 is not None and d.actor2 is not None and d.actor1.name == d.actor2.name
    event_type, sub_event_type = type_by_target(t.event_type, t.sub_event_type, d.actor1.kind if d.actor1 else None,
                                                d.actor2.kind if d.actor2 else None, same_actor=same,
                                                trigger_lemma=t.lemma)
    if (event_type, sub_event_type) != (t.event_type, t.sub_event_type):
        d.trigger = dataclasses.replace(t, event_type=event_type, sub_event_type=sub_event_type)
        _settle_attacker(d, iso3)  # a clash that turned out an attack on civilians gets its doer


class EventAssembler:
    """Turns a parsed article into events. Holds the injected gazetteer; no other state."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def events(self, article: Article, doc: Doc) -> list[Event]:
        cues = country_cues(doc)
        spans = find_toponym_spans(doc, self.gazetteer)
        toponyms = resolve_toponyms(doc, spans, self.gazetteer, cues)
        scene_places = scenes(doc, toponyms)
        home = _home_country(scene_places, cues)  # "near the U.S. border" does not make a report American
        drafts = self._drafts(article, doc, scene_places, home)
        fill_usual_doer(drafts, article.published)
        fallback = _home_region(self.gazetteer, scene_places, home) or (
            self.gazetteer.country(home) if home else None)
        return [self._event(article, d, fallback) for d in drafts]

    def _drafts(self, article: Article, doc: Doc, scene_places: Sequence[Toponym], home: str | None) -> list[Draft]:
        """`scene_places`: the toponyms that can place an event; `home`: the article's
        most-mentioned country, for officials the text gives none."""
        text = doc_text(doc)
        starts = _paragraph_starts(text)
        drafts: list[Draft] = []
        # Weekdays and "yesterday" count back from the dateline's day when it gives one.
        reference = find_dateline(text, article.published) or article.published
        filed = dateline_end(text)
        context_time: TimeSpan | None = None
        context_paragraph = -1
        lede: int | None = None
        unseated = [t for t in scene_places if not is_source_seat(doc, t)]
        for sent in doc.sents:
            if _is_heading(text, sent):
                continue
            paragraph = _paragraph_of(starts, sent.start_char)
            if lede is None:
                lede = paragraph
            if paragraph != context_paragraph:
                # Narrative time runs on across paragraphs; a recalled past does not.
                if context_time is not None and is_background(context_time, article.published):
                    context_time = None
                context_paragraph = paragraph
            times = [t for t in find_times(sent, reference) if t.start_char >= filed]
            sentence_triggers = find_triggers(sent)
            units = clause_units(sent, sentence_triggers, scene_places)
            for unit in units:
                triggers = sentence_triggers if len(units) == 1 else [
                    t for t in sentence_triggers if unit.start_char <= t.head < unit.end_char]
                victims = find_victims(unit)
                best = main_trigger(triggers)
                anchor = best.head if best else unit.start_char
                # the seat of whoever reports it places the event only when nothing else does
                place = place_for_sentence(unseated, unit.start_char, unit.end_char, anchor) \
                    or place_for_sentence(scene_places, unit.start_char, unit.end_char, anchor)
                if best is not None or victims:
                    # a village the gazetteer lacks keeps its name, at its container's point
                    place = with_locality(place, unresolved_locality(doc, unit, scene_places, self.gazetteer))
                    zone = border_zone(unit, scene_places, self.gazetteer)
                    if zone is not None and (place is None or place.span.start >= zone.span.start
                                             and place.span.end <= zone.span.end):
                        place = zone  # "where X and Y districts meet": the region of both
                if (place is None or place.place is None or _coarse(place.place)) and names_the_same_place(unit):
                    # "a raid on the same refugee camp": where the last placed event was
                    place = next((d.place for d in reversed(drafts) if d.place is not None and d.place.place is not None
                                  and not _coarse(d.place.place) and not is_tally(d)
                                  and not is_background(d.time, article.published)), place)
                listing = _lists_places(scene_places, unit)
                if listing:
                    place = None  # "attacks hit Sumy, Chernihiv, Kharkiv and Kherson": a summary of several
                local = place.place.iso3 if place is not None and place.place is not None else None
                actors = find_actors(unit, default_iso3=local or home) if best is not None or victims else []
                own_time = _own_time(doc, times, best.head) if best else _nearest_time(times, unit.start_char)
                time = own_time or context_time
                if own_time is not None:
                    context_time = own_time
                previous = drafts[-1] if drafts else None
                quote = unit.text.rstrip()
                evidence = Evidence(quote, unit.start_char, unit.start_char + len(quote))
                fresh = opens_new_event(unit)
                continues = (
                    previous is not None
                    and previous.last_paragraph >= paragraph - 1
                    and (time is None or not previous.time_explicit or previous.time == time)
                )
                if best is None:
                    if victims and continues and previous is not None and previous.violent:
                        if place_relation(previous.place, place) is not None and not fresh:
                            self._extend(previous, sent, paragraph, victims, actors, evidence, time, False, place=place)
                        else:  # "Three died in X, and one in Y": the dead of another place
                            drafts.append(_elsewhere(previous, paragraph, victims, actors, place, evidence, time,
                                                     own_time is not None))
                    continue
                draft = self._draft(doc, sent, best, paragraph, times, time, own_time is not None,
                                    victims, actors, place, evidence, home)
                draft.fresh = fresh
                draft.summary = listing
                if _doers_country(draft, home):
                    draft.place = place = None  # "a drone, which it blamed on Turkey": the doer's, not the scene
                if continues and previous is not None and previous.violent == draft.violent and (
                        previous.last_paragraph == paragraph or own_time is None) and _same_story(previous, draft) \
                        and place_relation(previous.place, place) is not None and not fresh:
                    self._extend(previous, sent, paragraph, victims, actors, evidence, own_time, own_time is not None,
                                 best, place=place)
                    continue
                drafts.append(draft)
            if drafts and drafts[-1].violent and drafts[-1].evidence[-1].end >= sent.start_char:
                drafts.extend(_gapped(drafts[-1], sent, scene_places, paragraph))
        return link_mentions(drafts, lede, article.published)

    def _draft(self, doc: Doc, sent: SpacySpan, trigger: Trigger, paragraph: int, times: list[TimeSpan],
               time: TimeSpan | None, explicit: bool, victims: list[VictimGroup], all_actors: list[Actor],
               place: Toponym | None, evidence: Evidence, home: str | None) -> Draft:
        actors, speaker = _main_actors(all_actors)
        violent = trigger.event_type is not None
        modality = assess(sent, trigger.head, [time] if time else times, trigger.plover_type)
        reporter = next((a for a in actors if modality.source_head is not None
                         and a.head == modality.source_head), None)
        if violent and reporter is not None and not speaks_of_itself(doc, reporter, trigger.head):
            # Who reports an attack is not a party to it ("..., police said"), unless the report
            # speaks of itself ("the air force said it shot down 18 drones").
            actors = [a for a in actors if a is not reporter]
        actor1, actor2 = assign_roles(doc, trigger.head, actors)
        if violent and reporter is not None and pronoun_subject(doc, trigger.head):
            actor1, actor2 = reporter, (actor2 if actor2 is None or actor2.name != reporter.name else None)
        crowd = load_taxonomy().crowd_actors.get(trigger.event_type or "")
        if violent and actor1 is None and crowd is not None:
            actor1 = _crowd(crowd, place, home, sent)
        if not violent and speaker is not None:
            # A statement is the speaker's act: the speaker's own side (the government actor that
            # shares the person's mention) is actor1, whatever the reported clause is about.
            side = next((a for a in actors if a.head == speaker.head), None)
            if side is not None:
                others = [a for a in (actor1, actor2) if a is not None and a.name != side.name]
                actor1, actor2 = side, (others[0] if others else None)
        actor1 = _as_party(actor1, trigger.event_type, trigger.sub_event_type)
        actor2 = _as_party(actor2, trigger.event_type, trigger.sub_event_type)
        if violent and actor2 is None:
            actor2 = _victim_actor(victims)
        status, attributed = modality.status, modality.attributed_to
        if status == "threatened" and violent:
            # A threat or a stated readiness is not violence: ACLED codes nothing, PLOVER a THREATEN.
            trigger = Trigger(trigger.span, trigger.lemma, None, None, "THREATEN", trigger.score, trigger.head)
            violent = False
        if not violent and status == "claimed":
            # A statement is the speaker's own act: the outlet reports it, nobody claims it.
            status, attributed = "reported", None
        head = token_at(doc, trigger.head)
        return Draft(trigger, paragraph, time, explicit, list(all_actors), actor1, actor2,
                     list(victims), sum(v.count for v in victims), place, status, attributed,
                     [evidence], speaker, plural=head is not None and head.tag_ in ("NNS", "NNPS"),
                     revised=bool(victims) and revises_toll(sent))

    @staticmethod
    def _extend(draft: Draft, sent: SpacySpan, paragraph: int, victims: list[VictimGroup], actors: list[Actor],
                evidence: Evidence, time: TimeSpan | None, explicit: bool, trigger: Trigger | None = None,
                *, place: Toponym | None = None) -> None:
        draft.evidence.append(evidence)
        draft.joined.append(f"'{evidence.text[:60]}' (continues the sentence before)")
        draft.last_paragraph = paragraph
        if place is not None and place.place is not None and (
                draft.place is None or draft.place.place is None
                or specificity(place.place) < specificity(draft.place.place)):
            draft.place = place  # a later sentence names the place more precisely
        parties, speaker = _main_actors(actors)
        if draft.speaker is None:
            draft.speaker = speaker
        parties = [a for a in parties if not is_source(sent.doc, a)]  # "residents told Reuters"
        if draft.actor1 is None and parties:
            if trigger is not None:
                doer = assign_roles(sent.doc, trigger.head, parties)[0]
            else:  # a sentence that only counts dead names victims, not the attacker
                doer = next((a for a in parties if a.kind not in PASSIVE), None)
            if doer is not None:
                draft.actor1 = _as_party(doer, draft.trigger.event_type, draft.trigger.sub_event_type)
        take_toll(draft, sum(v.count for v in victims), victims, revises_toll(sent) and bool(victims))
        if explicit and time is not None and not draft.time_explicit and not dates_an_incident_worse(time, draft.time):
            draft.time, draft.time_explicit = time, True
        if draft.time is None and time is not None:
            draft.time = time
        if draft.violent and draft.actor2 is None:
            draft.actor2 = _victim_actor(victims)
        if draft.violent and draft.actor2 is None and parties:
            if trigger is not None:
                pair = assign_roles(sent.doc, trigger.head, parties)
                side = next((a for a in (pair[1], pair[0]) if a is not None
                             and (draft.actor1 is None or a.name != draft.actor1.name)), None)
            else:
                side = next((a for a in parties if a.kind in PASSIVE
                             and (draft.actor1 is None or a.name != draft.actor1.name)), None)
            if side is not None:
                draft.actor2 = _as_party(side, draft.trigger.event_type, draft.trigger.sub_event_type)
        if trigger is not None and trigger.event_type is not None and draft.trigger.event_type is not None \
                and trigger.score > draft.trigger.score + 0.25:
            # A later, much clearer trigger names the event better ("clashes" after "incident").
            draft.trigger = trigger

    def _event(self, article: Article, d: Draft, fallback: Place | None) -> Event:
        place = d.place.place if d.place and d.place.place else fallback
        _settle_attacker(d, place.iso3 if place is not None else None)
        _type_by_target(d, place.iso3 if place is not None else None)
        time = d.time
        published = article.published
        if time is not None and time.start is not None:
            start, end, precision = time.start, time.end or time.start, time.precision
        elif time is not None:
            start, end, precision = None, None, time.precision  # yearless date, no publication date
        elif published is not None:
            start, end, precision = published, published, 2
        else:
            start, end, precision = None, None, None
        deaths = self._deaths(d)
        status = "historical" if is_background(time, published) or is_tally(d) else d.status
        first = d.evidence[0]
        key = f"{article.article_id}|{first.start}|{'v' if d.violent else 'p'}"
        event = Event(
            event_id=hashlib.sha256(key.encode()).hexdigest()[:16],
            article_id=article.article_id,
            event_date=_iso(start),
            event_date_end=_iso(end),
            time_precision=precision,
            event_type=d.trigger.event_type,
            sub_event_type=d.trigger.sub_event_type,
            plover_type=d.trigger.plover_type,
            actor1=d.actor1.name if d.actor1 else None,
            actor1_iso3=d.actor1.iso3 if d.actor1 else None,
            actor2=d.actor2.name if d.actor2 else None,
            actor2_iso3=d.actor2.iso3 if d.actor2 else None,
            country=place.country if place else None,
            iso3=place.iso3 if place else None,
            admin1=place.admin1 if place else None,
            admin2=place.admin2 if place else None,
            location=place.name if place else None,
            latitude=place.latitude if place else None,
            longitude=place.longitude if place else None,
            geonames_id=place.geonames_id if place else None,
            geo_precision=place.geo_precision if place else None,
            fatalities=d.dead,
            deaths_actor1=deaths[0],
            deaths_actor2=deaths[1],
            deaths_civilians=deaths[2],
            deaths_unknown=deaths[3],
            status=status,  # type: ignore[arg-type]
            attributed_to=d.attributed_to,
            source=article.source,
            url=article.url,
            published=_iso(published),
            notes="",
            evidence=list(d.evidence),
            confidence=self._confidence(d, place),
        )
        speaker = d.speaker.name if d.speaker and not d.violent else None
        event.notes = write_notes(event, speaker, d.trigger.span.text,
                                  time.text if time is not None and time.start is None else None)
        if d.joined:
            event.notes += " Joined mentions: " + "; ".join(d.joined) + "."
        return event

    @staticmethod
    def _deaths(d: Draft) -> tuple[int | None, int | None, int | None, int | None]:
        """Dead by side, where the text says whose they were; None where it does not."""
        if not d.victims:
            return (None, None, None, None)
        buckets: list[int | None] = [None, None, None, None]
        for group in d.victims:
            iso3 = countries.iso3_for(group.nationality) if group.nationality else None
            if group.kind == "civilian":
                slot = 2
            elif iso3 is not None and d.actor1 is not None and iso3 == d.actor1.iso3 \
                    and d.actor1.kind != "civilians":
                slot = 0
            elif iso3 is not None and d.actor2 is not None and iso3 == d.actor2.iso3:
                slot = 1
            else:
                slot = 3
            buckets[slot] = (buckets[slot] or 0) + group.count
        return (buckets[0], buckets[1], buckets[2], buckets[3])

    @staticmethod
    def _confidence(d: Draft, place: Place | None) -> float:
        """The trigger's score, lowered for each field the text did not give."""
        score = d.trigger.score
        for known in (d.time is not None, place is not None and d.place is not None, d.actor1 is not None):
            score *= 1.0 if known else 0.85
        return round(min(max(score, 0.0), 1.0), 3)


def _same_side(a: Actor, b: Actor | None) -> bool:
    return b is not None and (a.name == b.name or (a.iso3 is not None and a.iso3 == b.iso3 and a.kind == b.kind))


def _same_story(previous: Draft, new: Draft) -> bool:
    """Whether a sentence's event continues the previous one: it names no doer of its own, or
    its doer is one of the previous event's parties ("The Armenian attack killed 12" after
    "Armenian forces shelled ..."), not a new one ("Hours later, militants fired rockets")."""
    if new.actor1 is None:
        return True
    parties = [previous.actor1, previous.actor2, *previous.actors]
    return any(_same_side(new.actor1, p) for p in parties)


def _home_country(toponyms: Sequence[Toponym], cues: Counter[str]) -> str | None:
    """The article's main country: where its resolved places lie, else the country words it uses.
    Events whose sentences name no place are coded there (precision 3)."""
    counts: Counter[str] = Counter(t.place.iso3 for t in toponyms if t.place and t.place.iso3)
    top = (counts or cues).most_common(1)
    return top[0][0] if top else None


# Share of an article's sub-national places that must lie in one first-level region for an
# event the text does not place to be coded in that region rather than the whole country.
HOME_REGION_SHARE = 2 / 3


def _home_region(gazetteer: Gazetteer, toponyms: Sequence[Toponym], home: str | None) -> Place | None:
    """The first-level region a report is about ("Cabo Delgado" in a report on attacks in its
    districts): most of its sub-national places lie there. Events whose sentences name no place
    are coded there (precision 3) rather than at the country's centre."""
    regions: Counter[str] = Counter(
        t.place.admin1 for t in toponyms if t.place is not None and t.place.iso3 == home and t.place.admin1
        and not (t.place.feature_code or "").startswith("PCL"))
    if home is None or not regions:
        return None
    name, count = regions.most_common(1)[0]
    if count < HOME_REGION_SHARE * sum(regions.values()):
        return None
    return gazetteer.admin1(home, name)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
