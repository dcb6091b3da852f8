"""Events against hand-coded gold on real news reports (shared/eval/events): reader and scorer.

Formats (shared/eval/events/README.md):
  * ARTICLES/NAME.txt: header lines `KEY: value` (URL, OUTLET, PUBLISHED, ...), a line `---`,
    then the body. Only the body is extracted.
  * GOLD/NAME.json: `{"article", "published", "events": [...], "background": [...],
    "not_fatalities": [...]}`; each event is an ACLED-style v1 record plus `required`,
    `alt_types`, `actor1_alt`/`actor2_alt`, `fatalities_max`/`fatalities_alt`, `merge_group`,
    `location_alt` and `location_unknown`.
Every gold file needs its article; articles without a gold file are not read.

The scoring is exactly that of shared/tools/score-events, so that the figures printed here are
the shared tool's:
  * Only current ACLED records are scored: status not historical/background, event_type set
    (PLOVER-only records, statements and threats, are neither hits nor false records).
  * Gold events with the same `merge_group` form one unit (one incident ACLED may split or
    merge); every other gold event is a unit of its own.
  * A record matches a gold event when their dates overlap within DATE_SLACK_DAYS and the place
    fits: the gold place is unknown, the record's location is the gold's name (or an accepted
    alternative), or the two points lie within RADIUS_KM (REGION_RADIUS_KM when either side is
    coded at region precision).
  * Units are matched greedily, the units holding a required event first, each to the unused
    record that fits one of its members best: right event-type family first, then nearest.
  * A record left over that matches a gold event not used yet (another part of a merged
    incident, a tolerated extra) is not a false record; each gold event absorbs one at most.
  * R = required units hit / required units; P = matched records / scored records.
  * Field accuracies over the hit required units: fatal (the toll is one the text supports),
    type (event and sub-event type, or an accepted alternative pair), family (event type),
    actors (the countries of both gold sides among the record's), roles (actor1 and actor2 each
    the gold one by name or by country and kind; protests and riots may swap them), loc25
    (within LOC_KM, or the gold place unknown), date (same first day).
  * One field score-events does not print (issue 12's target, printed after `date`): country,
    the record's country is the gold's: same `iso3`, or the same `country` name where the gold
    gives no iso3 (a gold event without either is counted right, as loc25 counts an unknown
    place). It is scored even where the gold place is unknown: the country usually is not.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from ..errors import InputError
from ..export import as_record
from ..model import Article, Skipped

if TYPE_CHECKING:
    from ..pipeline import Extractor

# The constants of shared/tools/score-events: change them there first, or the figures part.
DATE_SLACK_DAYS = 1
RADIUS_KM = 50.0
REGION_RADIUS_KM = 150.0
REGION_PRECISION = 3  # geo_precision at or above which the wider radius applies
LOC_KM = 25.0  # the loc25 field accuracy
NO_DISTANCE_KM = 999.0  # ranks a match by name (no points to compare) behind any nearer one
EARTH_RADIUS_KM = 6371.0  # score-events' 12742 km diameter (not geo_metrics' IUGG radius)
NOT_CURRENT = frozenset({"historical", "background"})
PROTEST_TYPES = frozenset({"Protests", "Riots"})  # actor order is a convention: both accepted
# Kinds of actor, looked for in this order in an actor's lowercased name; a name with none is
# a "group". Two actors of one country and one kind are the same actor for the roles accuracy.
ACTOR_KINDS = ("military", "police", "civilians", "protesters", "rioters", "rebel", "unidentified",
               "government", "militia")

SEPARATOR = "---"
_HEADER_LINE = re.compile(r"[A-Za-z][A-Za-z0-9_ -]*:(?: .*)?")

Point = tuple[float, float]


# --- records --------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Coded:
    """What the scorer reads of an event record, gold or system."""

    event_date: str | None  # as written, for the listing
    start: date | None  # first day (event_date and event_date_end put in order)
    end: date | None
    event_type: str | None
    sub_event_type: str | None
    actor1: str | None
    actor1_iso3: str | None
    actor2: str | None
    actor2_iso3: str | None
    location: str | None
    country: str | None
    iso3: str | None
    point: Point | None
    geo_precision: int | None
    fatalities: int | None


@dataclass(frozen=True, kw_only=True)
class SystemEvent(Coded):
    """One record of the extractor, as the scorer reads it; `record` is the whole of it."""

    status: str | None
    record: Mapping[str, Any] = field(compare=False, repr=False)

    @property
    def current(self) -> bool:
        """An ACLED event of the article's time: not background, not a PLOVER-only record."""
        return (self.status or "").lower() not in NOT_CURRENT and self.event_type is not None


@dataclass(frozen=True, kw_only=True)
class GoldEvent(Coded):
    """One hand-coded event; `index` is its place in the gold file's `events`."""

    index: int
    required: bool
    alt_types: tuple[tuple[str | None, str | None], ...] = ()
    # Entries of alt_types that name a sub-event type alone ("Attack"). Kept, never scored:
    # score-events reads an entry as a pair (tuple("Attack") is no pair), so none matches.
    alt_sub_types: tuple[str, ...] = ()
    actor1_alt: tuple[str, ...] = ()
    actor2_alt: tuple[str, ...] = ()
    location_alt: tuple[str, ...] = ()
    location_unknown: bool = False
    fatalities_max: int | None = None
    fatalities_alt: tuple[int, ...] = ()
    merge_group: str | None = None


@dataclass(frozen=True)
class Unit:
    """The gold events that count as one: a merge group, or a single event."""

    key: str
    members: tuple[GoldEvent, ...]

    @property
    def required(self) -> bool:
        return any(g.required for g in self.members)


@dataclass(frozen=True)
class GoldArticle:
    """A report of the set: its body and its gold events."""

    name: str
    path: Path  # the article file
    header: Mapping[str, str]
    body: str
    published: date
    events: tuple[GoldEvent, ...]

    @property
    def units(self) -> tuple[Unit, ...]:
        """The events grouped by merge_group, in the order of their first member."""
        groups: dict[str, list[GoldEvent]] = {}
        for g in self.events:
            groups.setdefault(g.merge_group or f"#{g.index}", []).append(g)
        return tuple(Unit(key, tuple(members)) for key, members in groups.items())


# --- reading --------------------------------------------------------------------------------


def read_events_corpus(articles_dir: Path, gold_dir: Path) -> list[GoldArticle]:
    """Every GOLD/NAME.json with its ARTICLES/NAME.txt, sorted by name. InputError names the file
    (and the event) that cannot be read."""
    for folder in (articles_dir, gold_dir):
        if not folder.is_dir():
            raise InputError(str(folder), "not a directory")
    gold_paths = sorted(gold_dir.glob("*.json"))
    if not gold_paths:
        raise InputError(str(gold_dir), "no gold files (NAME.json)")
    corpus = []
    for gold_path in gold_paths:
        article_path = articles_dir / f"{gold_path.stem}.txt"
        if not article_path.is_file():
            raise InputError(str(gold_path), f"no article for this gold file (expected {article_path})")
        header, body = read_article(article_path)
        published, events = read_gold(gold_path)
        corpus.append(GoldArticle(gold_path.stem, article_path, header, body, published, events))
    return corpus


def read_article(path: Path) -> tuple[dict[str, str], str]:
    """The header fields and the body of an article file (the text after the `---` line)."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(str(path), f"cannot read: {err}") from err
    lines = raw.split("\n")  # newlines only: the body is kept exactly as written
    at = next((i for i, line in enumerate(lines) if line == SEPARATOR), None)
    if at is None:
        raise InputError(str(path), f"no {SEPARATOR!r} line between the header and the body")
    header: dict[str, str] = {}
    for number, text in enumerate(lines[:at], start=1):
        if not text.strip():
            continue
        if not _HEADER_LINE.fullmatch(text):
            raise InputError(str(path), f"line {number}: expected a header line 'KEY: value' before the "
                                        f"{SEPARATOR!r} line")
        key, _, value = text.partition(":")
        header[key.strip()] = value.strip()
    return header, "\n".join(lines[at + 1:])


def read_gold(path: Path) -> tuple[date, tuple[GoldEvent, ...]]:
    """The publication date and the events of a gold file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(str(path), f"cannot read: {err}") from err
    except json.JSONDecodeError as err:
        raise InputError(str(path), f"not valid JSON: {err}") from err
    if not isinstance(data, dict):
        raise InputError(str(path), "expected a JSON object")
    if data.get("article") not in (None, path.stem):
        raise InputError(str(path), f"'article' is {data['article']!r}, not the file's name {path.stem!r}")
    published = _iso_date(data.get("published"))
    if published is None:
        raise InputError(str(path), f"'published': not an ISO date: {data.get('published')!r}")
    events = data.get("events")
    if not isinstance(events, list):
        raise InputError(str(path), "'events': expected a list")
    return published, tuple(_gold_event(_Fields(path, index, e), index) for index, e in enumerate(events))


class _Fields:
    """Typed access to one gold event's fields; a wrong type is an InputError naming it."""

    def __init__(self, path: Path, index: int, data: object) -> None:
        self.path, self.where = path, f"events[{index}]"
        if not isinstance(data, dict):
            self.bad("expected an object")
        self.data: dict[str, Any] = data

    def bad(self, reason: str) -> NoReturn:
        raise InputError(str(self.path), f"{self.where}: {reason}")

    def text(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is not None and not isinstance(value, str):
            self.bad(f"{key!r}: expected a string or null, got {value!r}")
        return value

    def number(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            self.bad(f"{key!r}: expected a whole number or null, got {value!r}")
        return value

    def flag(self, key: str, *, required: bool = False) -> bool:
        value = self.data.get(key)
        if (value is None and required) or (value is not None and not isinstance(value, bool)):
            self.bad(f"{key!r}: expected true or false, got {value!r}")
        return bool(value)

    def items(self, key: str) -> list[Any]:
        value = self.data.get(key)
        if value is not None and not isinstance(value, list):
            self.bad(f"{key!r}: expected a list, got {value!r}")
        return value or []

    def texts(self, key: str) -> tuple[str, ...]:
        return tuple(str(x) for x in self.items(key))

    def numbers(self, key: str) -> tuple[int, ...]:
        values = self.items(key)
        if any(isinstance(x, bool) or not isinstance(x, int) for x in values):
            self.bad(f"{key!r}: expected whole numbers, got {values!r}")
        return tuple(values)

    def type_pairs(self, key: str) -> tuple[tuple[tuple[str | None, str | None], ...], tuple[str, ...]]:
        """The [event_type, sub_event_type] pairs, and apart the entries that give a sub-event
        type alone."""
        values = self.items(key)
        if any(not (isinstance(v, str) or (isinstance(v, list) and len(v) == 2)) for v in values):
            self.bad(f"{key!r}: expected [event_type, sub_event_type] pairs, got {values!r}")
        return (tuple((v[0], v[1]) for v in values if isinstance(v, list)),
                tuple(v for v in values if isinstance(v, str)))


def _gold_event(f: _Fields, index: int) -> GoldEvent:
    group = f.data.get("merge_group")
    coded = _coded(f.data)
    coded.update({key: f.text(key) for key in ("event_type", "sub_event_type", "actor1", "actor1_iso3", "actor2",
                                               "actor2_iso3", "location", "country", "iso3")})
    coded.update(geo_precision=f.number("geo_precision"), fatalities=f.number("fatalities"))
    alt_types, alt_sub_types = f.type_pairs("alt_types")
    return GoldEvent(
        **coded,
        index=index,
        required=f.flag("required", required=True),
        alt_types=alt_types,
        alt_sub_types=alt_sub_types,
        actor1_alt=f.texts("actor1_alt"),
        actor2_alt=f.texts("actor2_alt"),
        location_alt=f.texts("location_alt"),
        location_unknown=f.flag("location_unknown"),
        fatalities_max=f.number("fatalities_max"),
        fatalities_alt=f.numbers("fatalities_alt"),
        merge_group=str(group) if group else None,
    )


def system_event(record: Mapping[str, Any]) -> SystemEvent:
    """A record as the extractor writes it (Event.to_dict, a JSON line) read for scoring."""
    return SystemEvent(**_coded(record), status=record.get("status"), record=record)


def _coded(record: Mapping[str, Any]) -> dict[str, Any]:
    start, end = _iso_date(record.get("event_date")), _iso_date(record.get("event_date_end"))
    end = end or start
    if start and end and end < start:
        start, end = end, start
    return {
        "event_date": _opt_str(record.get("event_date")), "start": start, "end": end,
        "event_type": record.get("event_type"), "sub_event_type": record.get("sub_event_type"),
        "actor1": record.get("actor1"), "actor1_iso3": record.get("actor1_iso3"),
        "actor2": record.get("actor2"), "actor2_iso3": record.get("actor2_iso3"),
        "location": _opt_str(record.get("location")), "country": _opt_str(record.get("country")),
        "iso3": _opt_str(record.get("iso3")), "point": _point(record),
        "geo_precision": record.get("geo_precision"), "fatalities": record.get("fatalities"),
    }


def _opt_str(value: object) -> str | None:
    return None if value is None else str(value)


def _iso_date(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _point(record: Mapping[str, Any]) -> Point | None:
    try:
        return float(record["latitude"]), float(record["longitude"])
    except (KeyError, TypeError, ValueError):
        return None


# --- matching -------------------------------------------------------------------------------


def km(a: Point, b: Point) -> float:
    """Great-circle distance in km between two (latitude, longitude) points."""
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _distance(s: Coded, g: Coded) -> float | None:
    return km(s.point, g.point) if s.point and g.point else None


def dates_overlap(s: Coded, g: Coded) -> bool:
    if not s.start or not s.end or not g.start or not g.end:
        return False
    slack = timedelta(days=DATE_SLACK_DAYS)
    return s.start <= g.end + slack and g.start - slack <= s.end


def place_ok(s: SystemEvent, g: GoldEvent) -> bool:
    if g.location_unknown:
        return True
    names = {(g.location or "").lower()} | {x.lower() for x in g.location_alt}
    if s.location and s.location.lower() in names:
        return True
    distance = _distance(s, g)
    if distance is None:
        return False
    wide = max(s.geo_precision or 1, g.geo_precision or 1) >= REGION_PRECISION
    return distance <= (REGION_RADIUS_KM if wide else RADIUS_KM)


def matches(s: SystemEvent, g: GoldEvent) -> bool:
    return dates_overlap(s, g) and place_ok(s, g)


def type_ok(s: Coded, g: GoldEvent) -> bool:
    return (s.event_type, s.sub_event_type) in {(g.event_type, g.sub_event_type), *g.alt_types}


def family_ok(s: Coded, g: GoldEvent) -> bool:
    return s.event_type in {g.event_type, *(t for t, _ in g.alt_types)}


@dataclass(frozen=True)
class Hit:
    record: int  # index into ArticleScore.records
    gold: GoldEvent  # the member of the unit it matched


@dataclass(frozen=True)
class ArticleScore:
    """One article scored: its current records, its units, and what matched what."""

    name: str
    records: tuple[SystemEvent, ...]  # the current records, the ones scored
    units: tuple[Unit, ...]
    hits: Mapping[str, Hit]  # unit key -> the record matched to it
    tolerated: Mapping[int, GoldEvent]  # record index -> the unused gold event it also matches
    all_records: int = 0  # every record the extractor wrote, scored or not
    failure: str | None = None  # why the extractor gave nothing (a bug, recorded, not raised)

    @property
    def required(self) -> int:
        return sum(1 for u in self.units if u.required)

    @property
    def required_hit(self) -> int:
        return sum(1 for u in self.units if u.required and u.key in self.hits)

    @property
    def matched(self) -> int:
        return len(self.hits) + len(self.tolerated)

    @property
    def unmatched(self) -> list[int]:
        used = {h.record for h in self.hits.values()} | set(self.tolerated)
        return [j for j in range(len(self.records)) if j not in used]


def score_article(name: str, units: Sequence[Unit], records: Iterable[SystemEvent]) -> ArticleScore:
    """Match an article's current records to its gold units (module docstring)."""
    current = tuple(r for r in records if r.current)
    used: set[int] = set()
    hits: dict[str, Hit] = {}
    for unit in sorted(units, key=lambda u: not u.required):  # stable: required units first
        best = _best_record(unit, current, used)
        if best is not None:
            used.add(best.record)
            hits[unit.key] = best
    used_gold = {h.gold.index for h in hits.values()}
    gold = sorted((g for u in units for g in u.members), key=lambda g: g.index)  # the file's order
    tolerated: dict[int, GoldEvent] = {}
    for j, s in enumerate(current):
        if j in used:
            continue
        g = next((g for g in gold if g.index not in used_gold and matches(s, g)), None)
        if g is not None:
            tolerated[j] = g
            used_gold.add(g.index)
    return ArticleScore(name, current, tuple(units), hits, tolerated)


def _best_record(unit: Unit, records: Sequence[SystemEvent], used: set[int]) -> Hit | None:
    """The unused record matching a member of the unit best: right type family, then nearest;
    the first one on a tie."""
    best: tuple[tuple[bool, float], Hit] | None = None
    for j, s in enumerate(records):
        if j in used:
            continue
        for g in unit.members:
            if matches(s, g):
                distance = _distance(s, g)
                rank = (family_ok(s, g), -(NO_DISTANCE_KM if distance is None else distance))
                if best is None or rank > best[0]:
                    best = (rank, Hit(j, g))
    return best[1] if best else None


# --- field accuracies -----------------------------------------------------------------------


FIELDS = ("fatal", "type", "family", "actors", "roles", "loc25", "date", "country")


def fatal_ok(s: Coded, g: GoldEvent) -> bool:
    """The record's toll is the gold one, an accepted alternative, or between the lowest of
    those and fatalities_max."""
    figures = {g.fatalities, *g.fatalities_alt}
    toll = s.fatalities or 0
    if g.fatalities_max is not None:
        known = [x for x in figures if x is not None]
        if (min(known) if known else 0) <= toll <= g.fatalities_max:
            return True
    return toll in figures


def country_ok(s: Coded, g: GoldEvent) -> bool:
    """The record's country is the gold event's: by iso3, else by name (module docstring)."""
    if g.iso3:
        return (s.iso3 or "").upper() == g.iso3.upper()
    if g.country:
        return (s.country or "").casefold() == g.country.casefold()
    return True


def actors_ok(s: Coded, g: GoldEvent) -> bool:
    """The countries of the gold actors are among the record's."""
    gold = {g.actor1_iso3, g.actor2_iso3} - {None}
    return gold <= ({s.actor1_iso3, s.actor2_iso3} - {None})


def actor_kind(name: str | None) -> str:
    n = (name or "").lower()
    return next((k for k in ACTOR_KINDS if k in n), "group")


def _actor_ok(name: str | None, iso3: str | None, gold: str | None, gold_iso3: str | None,
              alternatives: Sequence[str]) -> bool:
    """The record's actor is the gold one: same name (or an accepted alternative), or the same
    country and kind. No gold actor: the record has none, or an unidentified one."""
    if not gold:
        return not name or actor_kind(name) == "unidentified"
    if name and name.casefold() in {x.casefold() for x in (gold, *alternatives)}:
        return True
    return bool(gold_iso3) and iso3 == gold_iso3 and actor_kind(name) == actor_kind(gold)


def roles_ok(s: Coded, g: GoldEvent) -> bool:
    """Both actors in their roles (actor1 the initiator); protests and riots may swap them."""
    def both(a1: str | None, i1: str | None, a2: str | None, i2: str | None) -> bool:
        return (_actor_ok(a1, i1, g.actor1, g.actor1_iso3, g.actor1_alt)
                and _actor_ok(a2, i2, g.actor2, g.actor2_iso3, g.actor2_alt))

    if both(s.actor1, s.actor1_iso3, s.actor2, s.actor2_iso3):
        return True
    return g.event_type in PROTEST_TYPES and both(s.actor2, s.actor2_iso3, s.actor1, s.actor1_iso3)


def field_checks(s: Coded, g: GoldEvent) -> dict[str, bool]:
    """Each field accuracy (FIELDS) for one matched pair."""
    distance = _distance(s, g)
    return {
        "fatal": fatal_ok(s, g),
        "type": type_ok(s, g),
        "family": family_ok(s, g),
        "actors": actors_ok(s, g),
        "roles": roles_ok(s, g),
        "loc25": g.location_unknown or (distance is not None and distance <= LOC_KM),
        "date": s.start == g.start,
        "country": country_ok(s, g),
    }


# --- the report -----------------------------------------------------------------------------


@dataclass(frozen=True)
class EventsReport:
    articles: tuple[ArticleScore, ...]

    @property
    def required(self) -> int:
        return sum(a.required for a in self.articles)

    @property
    def required_hit(self) -> int:
        return sum(a.required_hit for a in self.articles)

    @property
    def system(self) -> int:
        return sum(len(a.records) for a in self.articles)

    @property
    def matched(self) -> int:
        return sum(a.matched for a in self.articles)

    @property
    def failed(self) -> int:
        return sum(1 for a in self.articles if a.failure)

    @property
    def recall(self) -> float:
        return self.required_hit / self.required if self.required else 0.0

    @property
    def precision(self) -> float:
        return self.matched / self.system if self.system else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def field_accuracy(self) -> dict[str, float]:
        """Each of FIELDS over the hit required units (0 when none was hit)."""
        counts = dict.fromkeys(FIELDS, 0)
        for a in self.articles:
            for unit in a.units:
                hit = a.hits.get(unit.key)
                if unit.required and hit is not None:
                    for name, ok in field_checks(a.records[hit.record], hit.gold).items():
                        counts[name] += ok
        return {name: n / (self.required_hit or 1) for name, n in counts.items()}


def score_events(corpus: Sequence[GoldArticle], records: Sequence[Sequence[Mapping[str, Any]]],
                 failures: Sequence[str | None] | None = None) -> EventsReport:
    """Score each article's records (one list per article, in the corpus' order)."""
    failures = failures or [None] * len(corpus)
    scores = []
    for article, recs, failure in zip(corpus, records, failures, strict=True):
        scored = score_article(article.name, article.units, (system_event(r) for r in recs))
        scores.append(replace(scored, all_records=len(recs), failure=failure))
    return EventsReport(tuple(scores))


def evaluate_events(corpus: Sequence[GoldArticle], extractor: Extractor,
                    predictions_out: Path | None = None) -> EventsReport:
    """Extract every body with its gold's publication date and score the records; optionally
    write every record, scored or not, as a JSON line with the article's name first."""
    articles = (Article(a.name, a.body, published=a.published, origin=str(a.path)) for a in corpus)
    records: list[list[dict[str, Any]]] = []
    failures: list[str | None] = []
    for _article, result in extractor.extract_many(articles):
        failures.append(result.reason if isinstance(result, Skipped) else None)
        records.append([] if isinstance(result, Skipped) else [as_record(e) for e in result])
    if predictions_out is not None:
        predictions_out.write_text("".join(
            json.dumps({"article": a.name, **r}, ensure_ascii=False) + "\n"
            for a, recs in zip(corpus, records, strict=True) for r in recs), encoding="utf-8")
    return score_events(corpus, records, failures)


def summary_line(report: EventsReport) -> str:
    """`events: F1=... R=... P=... fatal=... ... date=... country=... required=N system=N`: the
    shared tool's figures, and country (module docstring) after date."""
    figures = {"F1": report.f1, "R": report.recall, "P": report.precision, **report.field_accuracy()}
    line = "events: " + " ".join(f"{k}={v:.2f}" for k, v in figures.items())
    line += f" required={report.required} system={report.system}"
    return line + (f" failed={report.failed}" if report.failed else "")


def _describe(e: Coded, *, full_type: bool = False) -> str:
    kind = f"{e.event_type}/{e.sub_event_type}" if full_type else str(e.sub_event_type)
    return f"{e.event_date} {e.location} {kind} dead={e.fatalities}"


def article_lines(a: ArticleScore) -> list[str]:
    """An article's units (HIT, MISS, opt for a tolerated one not found) and its records matched
    to nothing (FP) or only to a tolerated/spare gold event (tol), as score-events --verbose."""
    lines = [f"== {a.name}: required {a.required_hit}/{a.required} system={len(a.records)} "
             f"matched={a.matched}" + (f" failed: {a.failure}" if a.failure else "")]
    for unit in a.units:
        hit = a.hits.get(unit.key)
        mark = "HIT " if hit else ("MISS" if unit.required else "opt ")
        line = f"   {mark} gold {_describe(hit.gold if hit else unit.members[0])}"
        if hit:
            line += f"  <- {_describe(a.records[hit.record])}"
        lines.append(line)
    for j, g in a.tolerated.items():
        lines.append(f"   tol  {_describe(a.records[j], full_type=True)}  -> gold {_describe(g)}")
    lines += [f"   FP   {_describe(a.records[j], full_type=True)}" for j in a.unmatched]
    return lines


def format_events_report(report: EventsReport) -> str:
    """One line per article, then each article's matches, then the summary line."""
    width = max((len(a.name) for a in report.articles), default=0)
    lines = [f"{'article':<{width}}  {'required':>8} {'system':>6} {'matched':>7}"]
    lines += [f"{a.name:<{width}}  {f'{a.required_hit}/{a.required}':>8} {len(a.records):>6} {a.matched:>7}"
              for a in report.articles]
    for a in report.articles:
        lines += ["", *article_lines(a)]
    lines += ["", summary_line(report)]
    return "\n".join(lines)
