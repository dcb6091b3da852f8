"""Speed and pairwise accuracy of cross-source deduplication on synthetic news reports.

    .venv/bin/python benchmarks/dedup_speed.py [--n 100000] [--seed 7] [--per-day 1400] [--dup-share 0.3]

Generates N reports (seeded, so a run is repeatable) and runs `cluster_reports` on them once.
Prints generation and clustering seconds, reports/s, memory (RSS before clustering and the
process peak), the number of clusters and true events, and the pairwise precision / recall /
F1 of the clusters against the known true events. Asserts nothing.

What the synthetic data is like (and why):
- Density is fixed, not the time span: `--per-day` reports a day (1,400 ~ ACLED's ~550 events
  a day worldwide, each reported ~2.5 times), over N / per-day days. So 1e5 and 1e6 have the
  same reports per bucket and their per-report costs compare: near-linear shows as equal rates.
- 24 hotspots with ACLED-like weights (Gaza and Port-au-Prince small and dense, the Sahel wide
  and sparse), towns with Zipf-weighted activity, ACLED-like type mix and tolls.
- `--dup-share` of events are reported by 2-10 outlets, the rest by one. Each outlet's report
  jitters the place (precision 1: <= 5 km; 15% precision 2 within 15 km; 5% precision 3 at the
  region's centre), the date (15% a day off; 7% a week range, 2% a month range), sometimes the
  type (a shelling called a clash), drops or swaps actors, revises the toll upward with the
  publication delay (10% give none), and writes 1-3 sentences from varied templates and
  synonyms with the event's own details (a landmark, a weapon) included at random.
- Several events of one type in one town on one day happen (dense hotspots): a system that
  follows ACLED's "same type, place, day and actors = one event" merges some of them, which
  counts as a precision loss here. Reports 2 days apart by jitter are true pairs no date gate
  allows, which counts as a recall loss. Neither is tuned away.
The templates were written before the score weights were chosen; the figures are a check of
speed and of gross errors, not an accuracy claim for real news (that needs a labelled set).
"""

from __future__ import annotations

import argparse
import hashlib
import math
import random
import resource
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from frontwire.dedup import Report, cluster_reports

START = date(2022, 1, 1)


@dataclass(frozen=True)
class Hotspot:
    iso3: str
    lat: float
    lon: float
    km: float  # radius of the area where its events fall
    weight: float
    adjective: str  # the state's forces: "Ukrainian forces"
    state: str  # "Military Forces of Ukraine"
    foes: tuple[str, ...]  # named opponents: groups or another state's forces
    kinds: str  # "war" (all types) or "unrest" (mostly protests, riots)


JNIM = "JNIM: Group for Support of Islam and Muslims"


def _spot(iso3: str, at: tuple[float, float, float], weight: float, adjective: str, state: str,
          foes: tuple[str, ...], kinds: str = "war") -> Hotspot:
    return Hotspot(iso3, at[0], at[1], at[2], weight, adjective, state, foes, kinds)


# (lat, lon, radius km), weight (share of the world's reports), the state's forces, named foes
HOTSPOTS = (
    _spot("UKR", (48.0, 37.8, 150), 20, "Ukrainian", "Military Forces of Ukraine", ("Military Forces of Russia",)),
    _spot("PSE", (31.45, 34.4, 20), 8, "Israeli", "Military Forces of Israel",
          ("Hamas Movement", "Palestinian Islamic Jihad")),
    _spot("SYR", (35.9, 36.6, 100), 6, "Syrian", "Military Forces of Syria", ("Hayat Tahrir al-Sham",)),
    _spot("SYR", (35.3, 40.1, 120), 3, "Syrian", "Military Forces of Syria",
          ("Islamic State (Syria)", "Syrian Democratic Forces")),
    _spot("YEM", (15.0, 44.5, 200), 7, "Yemeni", "Military Forces of Yemen",
          ("Ansar Allah", "Military Forces of Saudi Arabia")),
    _spot("MLI", (14.5, -4.2, 250), 5, "Malian", "Military Forces of Mali", (JNIM, "Islamic State (Sahel)")),
    _spot("BFA", (12.5, -1.0, 250), 5, "Burkinabe", "Military Forces of Burkina Faso", (JNIM,)),
    _spot("NGA", (11.8, 13.2, 200), 6, "Nigerian", "Military Forces of Nigeria",
          ("Boko Haram", "Islamic State West Africa Province")),
    _spot("NGA", (12.2, 6.5, 200), 4, "Nigerian", "Police Forces of Nigeria", ("Unidentified Armed Group (Nigeria)",)),
    _spot("SOM", (2.5, 45.0, 250), 5, "Somali", "Military Forces of Somalia", ("Al Shabaab",)),
    _spot("COD", (-1.2, 29.2, 150), 6, "Congolese", "Military Forces of the Democratic Republic of Congo",
          ("M23: March 23 Movement", "Allied Democratic Forces")),
    _spot("SDN", (15.6, 32.5, 150), 6, "Sudanese", "Military Forces of Sudan", ("Rapid Support Forces",)),
    _spot("ETH", (11.6, 38.0, 250), 4, "Ethiopian", "Military Forces of Ethiopia", ("Fano Militia",)),
    _spot("MMR", (22.0, 95.5, 250), 6, "Myanmar", "Military Forces of Myanmar", ("People's Defense Force",)),
    _spot("AFG", (34.5, 69.2, 250), 2, "Afghan", "Military Forces of Afghanistan",
          ("Islamic State Khorasan Province",)),
    _spot("PAK", (34.0, 71.5, 200), 3, "Pakistani", "Military Forces of Pakistan", ("Tehrik-i-Taliban Pakistan",)),
    _spot("IRQ", (33.3, 44.4, 200), 2, "Iraqi", "Military Forces of Iraq", ("Islamic State (Iraq)",)),
    _spot("LBN", (33.2, 35.4, 40), 3, "Israeli", "Military Forces of Israel", ("Hezbollah",)),
    _spot("MEX", (19.4, -99.1, 300), 5, "Mexican", "Police Forces of Mexico",
          ("Jalisco New Generation Cartel", "Sinaloa Cartel")),
    _spot("COL", (4.6, -74.1, 300), 3, "Colombian", "Military Forces of Colombia", ("ELN: National Liberation Army",)),
    _spot("HTI", (18.55, -72.33, 25), 3, "Haitian", "Police Forces of Haiti", ("Viv Ansanm",)),
    _spot("IND", (24.8, 93.9, 80), 2, "Indian", "Police Forces of India", ("Unidentified Armed Group (India)",)),
    _spot("KEN", (-1.29, 36.82, 50), 3, "Kenyan", "Police Forces of Kenya", (), "unrest"),
    _spot("FRA", (48.86, 2.35, 60), 2, "French", "Police Forces of France", (), "unrest"),
)

# (event type, sub-event type, PLOVER, weight in a war zone, weight in unrest)
TYPES = (
    ("Battles", "Armed clash", "ASSAULT", 22, 0),
    ("Battles", "Government regains territory", "ASSAULT", 2, 0),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", "ASSAULT", 18, 0),
    ("Explosions/Remote violence", "Air/drone strike", "ASSAULT", 12, 0),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", "ASSAULT", 4, 0),
    ("Violence against civilians", "Attack", "ASSAULT", 14, 4),
    ("Violence against civilians", "Abduction/forced disappearance", "COERCE", 3, 1),
    ("Protests", "Peaceful protest", "PROTEST", 8, 60),
    ("Protests", "Protest with intervention", "COERCE", 2, 12),
    ("Riots", "Violent demonstration", "PROTEST", 2, 12),
    ("Riots", "Mob violence", "ASSAULT", 2, 4),
    ("Strategic developments", "Arrests", "COERCE", 3, 6),
    ("Strategic developments", "Looting/property destruction", "COERCE", 2, 1),
    (None, None, "THREATEN", 3, 2),
    (None, None, "ACCUSE", 3, 2),
)

VERBS = {
    "Armed clash": ["clashed with", "fought", "battled", "exchanged fire with", "engaged"],
    "Government regains territory": ["recaptured an area from", "retook positions held by", "drove out"],
    "Shelling/artillery/missile attack": ["shelled", "fired artillery at", "launched rockets at", "pounded",
                                          "struck with missiles"],
    "Air/drone strike": ["carried out an air strike on", "bombed", "hit with a drone strike", "launched airstrikes on"],
    "Remote explosive/landmine/IED": ["detonated a roadside bomb against", "planted an explosive device that hit",
                                      "set off an IED targeting"],
    "Attack": ["attacked", "opened fire on", "raided", "massacred", "killed"],
    "Abduction/forced disappearance": ["abducted", "kidnapped", "seized"],
    "Peaceful protest": ["marched", "rallied", "demonstrated", "gathered to protest"],
    "Protest with intervention": ["were dispersed by", "were arrested by", "faced tear gas from"],
    "Violent demonstration": ["rioted", "burned tyres and threw stones", "clashed with police"],
    "Mob violence": ["lynched", "attacked", "beat"],
    "Arrests": ["arrested", "detained", "rounded up"],
    "Looting/property destruction": ["looted", "torched", "destroyed"],
    "THREATEN": ["threatened to attack", "warned it would strike", "vowed retaliation against"],
    "ACCUSE": ["accused", "blamed", "condemned"],
}
WEAPONS = ["mortar", "artillery", "rockets", "drones", "tank fire", "grad rockets", "heavy machine guns",
           "a car bomb", "cluster munitions", "snipers", "an explosive device", "missiles"]
LANDMARKS = ["market", "checkpoint", "school", "mosque", "church", "hospital", "bus station", "bridge",
             "police station", "military base", "refugee camp", "power plant", "water tower", "bakery",
             "football field", "petrol station", "border crossing", "university", "prison", "convoy"]
CAUSES = ["fuel prices", "unpaid wages", "the election results", "police brutality", "power cuts",
          "a new tax", "the arrest of an opposition leader", "food prices", "land evictions"]
DEATH_VERBS = ["were killed", "died", "lost their lives", "were left dead", "were confirmed dead"]
VICTIMS = ["people", "civilians", "soldiers", "fighters", "residents", "villagers", "police officers"]
FILLERS = [
    "The {side} did not comment on the incident.",
    "Residents said the situation remained tense.",
    "Officials said an investigation had been opened.",
    "The United Nations called for restraint.",
    "Aid agencies warned of a worsening humanitarian situation in {region}.",
    "It was the latest in a series of incidents in {region} this month.",
    "Footage shared online showed smoke rising over {town}.",
    "Hospitals in {region} appealed for blood donations.",
]
NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                "twelve"]
SYLLABLES = ["ka", "ra", "mi", "lo", "ba", "dun", "ta", "ver", "sa", "ho", "ne", "vi", "ko", "al", "ma", "gor",
             "zu", "bel", "ri", "an", "tor", "yel", "du", "nik", "sha", "om", "pe", "lin", "ga", "rud"]


@dataclass(frozen=True)
class Town:
    name: str
    region: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Event:
    hotspot: Hotspot
    town: Town
    day: date
    event_type: str | None
    sub: str | None
    plover: str
    actor1: str | None
    actor2: str | None
    fatalities: int  # the final toll
    landmark: str
    weapon: str
    cause: str


def _offset(rng: random.Random, lat: float, lon: float, km: float) -> tuple[float, float]:
    """A point uniformly within km of (lat, lon)."""
    r = km * math.sqrt(rng.random())
    a = rng.random() * 2 * math.pi
    dlat = r * math.cos(a) / 111.195
    dlon = r * math.sin(a) / (111.195 * max(0.2, math.cos(math.radians(lat))))
    return lat + dlat, lon + dlon


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3)))).capitalize()


def towns_of(rng: random.Random, spot: Hotspot, n: int = 150) -> tuple[list[Town], list[float]]:
    regions = [_name(rng) for _ in range(6)]
    towns: list[Town] = []
    for _ in range(n):
        lat, lon = _offset(rng, spot.lat, spot.lon, spot.km)
        sector = int((math.atan2(lat - spot.lat, lon - spot.lon) + math.pi) / (2 * math.pi) * 6) % 6
        towns.append(Town(_name(rng), regions[sector], lat, lon))
    weights = [1 / (rank + 1) ** 0.9 for rank in range(n)]
    return towns, weights


def _phrase(actor: str | None, spot: Hotspot, rng: random.Random) -> str:
    if actor is None:
        return rng.choice(["unidentified gunmen", "unknown attackers", "armed men"])
    if actor == spot.state:
        kind = "police" if actor.startswith("Police") else "forces"
        return rng.choice([f"{spot.adjective} {kind}", f"the {spot.adjective} {kind}", f"government {kind}",
                           f"{spot.adjective} security {kind}"])
    if actor.startswith("Military Forces of "):
        country = actor.removeprefix("Military Forces of ")
        return rng.choice([f"{country}n forces", f"troops from {country}", f"the {country}n army"])
    if actor.startswith("Government of "):
        return rng.choice([f"the {spot.adjective} government", "the government", "officials in the capital"])
    if actor.startswith(("Civilians", "Protesters", "Rioters", "Unidentified")):
        return {"C": "civilians", "P": "protesters", "R": "rioters", "U": "gunmen"}[actor[0]]
    return rng.choice([actor.split(":")[0], f"{actor.split(':')[0]} fighters", f"militants of {actor.split(':')[0]}"])


def make_event(rng: random.Random, spot: Hotspot, towns: list[Town], weights: list[float], day: date) -> Event:
    column = 3 if spot.kinds == "war" else 4
    etype, sub, plover = rng.choices([t[:3] for t in TYPES], [t[column] for t in TYPES])[0]
    country = spot.state.split(" of ")[-1]
    foe = rng.choice(spot.foes) if spot.foes else None
    actor1: str | None
    actor2: str | None
    if etype in ("Battles", "Explosions/Remote violence"):
        actor1, actor2 = (spot.state, foe) if rng.random() < 0.5 else (foe, spot.state)
        if sub == "Air/drone strike" and rng.random() < 0.4:
            actor2 = f"Civilians ({country})"
    elif etype == "Violence against civilians":
        actor1, actor2 = (foe or f"Unidentified Armed Group ({country})"), f"Civilians ({country})"
    elif etype == "Protests":
        actor1, actor2 = f"Protesters ({country})", (spot.state if sub == "Protest with intervention" else None)
    elif etype == "Riots":
        actor1, actor2 = f"Rioters ({country})", (spot.state if rng.random() < 0.5 else None)
    elif etype == "Strategic developments":
        actor1, actor2 = spot.state, foe
    else:
        actor1, actor2 = (f"Government of {country}", foe)
    if etype in ("Battles", "Explosions/Remote violence", "Violence against civilians"):
        fatalities = 0 if rng.random() < 0.35 else max(1, int(rng.expovariate(1 / 5)))
    elif etype == "Riots":
        fatalities = int(rng.random() < 0.15) * rng.randint(1, 4)
    else:
        fatalities = 0
    town = rng.choices(towns, weights)[0]
    return Event(spot, town, day, etype, sub, plover, actor1, actor2, fatalities, rng.choice(LANDMARKS),
                 rng.choice(WEAPONS), rng.choice(CAUSES))


def _number(n: int, rng: random.Random) -> str:
    return NUMBER_WORDS[n] if n < len(NUMBER_WORDS) and rng.random() < 0.4 else str(n)


def write_text(e: Event, toll: int, actor1: str | None, actor2: str | None, rng: random.Random) -> str:
    spot = e.hotspot
    a1, a2 = _phrase(actor1, spot, rng), _phrase(actor2, spot, rng) if actor2 else "positions"
    verb = rng.choice(VERBS[e.sub or e.plover])
    where = rng.choice([f"in {e.town.name}", f"near {e.town.name}", f"in the {e.town.name} area",
                        f"in {e.town.name}, {e.town.region} region"])
    detail = rng.random() < 0.6
    at = f" near the {e.landmark}" if detail else ""
    if e.plover in ("THREATEN", "ACCUSE"):
        main = f"{a1.capitalize()} {verb} {a2} over recent fighting {where}."
    elif e.event_type in ("Protests", "Riots"):
        main = f"Hundreds of {a1} {verb} {where}{at} over {e.cause}."
    else:
        main = f"{a1.capitalize()} {verb} {a2} {where}{at}."
    extra: list[str] = []
    if e.event_type in ("Protests", "Riots") and rng.random() < 0.4:
        extra.append(f"The demonstrators denounced {e.cause}.")
    elif e.event_type is not None and rng.random() < 0.4:
        extra.append(f"The attack involved {e.weapon}.")
    if toll > 0:
        figure, victims, died = _number(toll, rng), rng.choice(VICTIMS), rng.choice(DEATH_VERBS)
        extra.append(rng.choice([f"At least {figure} {victims} {died}.",
                                 f"The death toll rose to {figure}.",
                                 f"{figure.capitalize()} {victims} {died} {where}."]))
    if rng.random() < 0.4:
        extra.append(rng.choice(FILLERS).format(side=rng.choice(["army", "group", "ministry"]),
                                                region=e.town.region, town=e.town.name))
    # the event's own sentence always; the toll sentence comes first in some outlets' style
    sentences = [main, *extra]
    if toll > 0 and rng.random() < 0.3:
        sentences.insert(0, sentences.pop())
    return " ".join(sentences)


def reports_of(e: Event, k: int, outlets: list[str], rng: random.Random, serial: int,
               articles: dict[tuple[str, date, str], str]) -> list[Report]:
    out: list[Report] = []
    delays = sorted(rng.choice((0, 0, 1, 1, 1, 2, 3)) for _ in range(k))
    for n, outlet in enumerate(rng.sample(outlets, k)):
        published = e.day + timedelta(days=delays[n])
        if e.fatalities == 0 or rng.random() < 0.1:
            toll = 0
        else:  # tolls are revised upward over the days after an event
            early = max(1, int(e.fatalities * rng.uniform(0.5, 0.8)))
            toll = early + round((e.fatalities - early) * min(1.0, delays[n] / 3)) + rng.choice((0, 0, 0, 1))
        day = e.day + timedelta(days=rng.choice((-1, 1))) if rng.random() < 0.15 else e.day
        end, tp = day, 1
        u = rng.random()
        if u < 0.02:
            day, end, tp = day.replace(day=1), (day.replace(day=28) + timedelta(days=4)).replace(day=1) - \
                timedelta(days=1), 3
        elif u < 0.09:
            day, end, tp = day - timedelta(days=rng.randint(0, 3)), day + timedelta(days=rng.randint(0, 3)), 2
        u = rng.random()
        admin1 = e.town.region if rng.random() < 0.9 else None  # the geocoder's admin1, mostly known
        if u < 0.05:
            towns_lat, towns_lon, gp = e.hotspot.lat, e.hotspot.lon, 3
            admin1 = e.town.region
        elif u < 0.20:
            (towns_lat, towns_lon), gp = _offset(rng, e.town.lat, e.town.lon, 15), 2
        else:
            (towns_lat, towns_lon), gp = _offset(rng, e.town.lat, e.town.lon, 5), 1
        etype, sub = e.event_type, e.sub
        u = rng.random()
        if etype == "Explosions/Remote violence" and u < 0.10:
            etype, sub = "Battles", "Armed clash"
        elif etype == "Protests" and u < 0.10:
            etype, sub = "Riots", "Violent demonstration"
        a1, a2 = e.actor1, e.actor2
        u = rng.random()
        if u < 0.15:
            a2 = None
        elif u < 0.25 and a2 is not None:
            a1, a2 = a2, a1
        elif u < 0.32:
            a1 = f"Unidentified Armed Group ({e.hotspot.state.split(' of ')[-1]})"
        status = "threatened" if e.plover == "THREATEN" else rng.choices(
            ("reported", "claimed", "denied"), (80, 15, 5))[0]
        text = write_text(e, toll, a1, a2, rng)
        report_id = hashlib.blake2b(f"{serial}:{n}".encode(), digest_size=8).hexdigest()
        key = (outlet, published, e.hotspot.iso3)
        if key in articles and rng.random() < 0.25:
            article_id = articles[key]
        else:
            article_id = articles[key] = "a" + report_id
        out.append(Report(report_id, article_id, outlet, published, day, end, tp, towns_lat, towns_lon, gp,
                          e.hotspot.iso3, etype, sub, e.plover, a1, a2, toll, status, text, admin1))
    return out


def synthetic(n: int, seed: int, per_day: int, dup_share: float) -> tuple[list[Report], dict[str, int]]:
    """n reports and report_id -> true event number."""
    rng = random.Random(seed)
    outlets = [f"{_name(rng).lower()}{rng.choice(['news', 'times', 'post', 'daily', 'tv', 'press'])}."
               f"{rng.choice(['com', 'org', 'net', 'info'])}" for _ in range(300)]
    places = [towns_of(rng, spot) for spot in HOTSPOTS]
    spot_weights = [s.weight for s in HOTSPOTS]
    days = max(1, math.ceil(n / per_day))
    reports: list[Report] = []
    truth: dict[str, int] = {}
    articles: dict[tuple[str, date, str], str] = {}
    serial = 0
    while len(reports) < n:
        h = rng.choices(range(len(HOTSPOTS)), spot_weights)[0]
        event = make_event(rng, HOTSPOTS[h], *places[h], START + timedelta(days=rng.randrange(days)))
        k = rng.randint(2, 10) if rng.random() < dup_share else 1
        for r in reports_of(event, min(k, n - len(reports)), outlets, rng, serial, articles):
            reports.append(r)
            truth[r.report_id] = serial
        serial += 1
    rng.shuffle(reports)
    return reports, truth


def pairwise(clusters: list[tuple[str, ...]], truth: dict[str, int]) -> tuple[float, float, float]:
    """Pairwise precision, recall, F1 of predicted clusters against the true events."""
    both = Counter((n, truth[r]) for n, members in enumerate(clusters) for r in members)
    true_sizes = Counter(truth.values())
    tp = sum(c * (c - 1) // 2 for c in both.values())
    predicted = sum(len(m) * (len(m) - 1) // 2 for m in clusters)
    actual = sum(c * (c - 1) // 2 for c in true_sizes.values())
    p = tp / predicted if predicted else 1.0
    r = tp / actual if actual else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> None:
    # Imported here: tests/test_dedup.py loads this file by path for synthetic(), without
    # benchmarks/ on sys.path.
    from memory import rss_mb

    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--per-day", type=int, default=1400)
    parser.add_argument("--dup-share", type=float, default=0.3)
    parser.add_argument("--workers", type=int, default=1, help="processes for the pair scan (1: none)")
    args = parser.parse_args()
    t = time.perf_counter()
    reports, truth = synthetic(args.n, args.seed, args.per_day, args.dup_share)
    generated = time.perf_counter() - t
    before = rss_mb()
    t = time.perf_counter()
    cpu = time.process_time()
    clusters, merges = cluster_reports(reports, workers=args.workers)
    seconds = time.perf_counter() - t
    cpu = time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    p, r, f1 = pairwise([c.report_ids for c in clusters], truth)
    events = len(set(truth.values()))
    print(f"reports: {len(reports):,} over {math.ceil(args.n / args.per_day)} days, true events: {events:,} "
          f"(generated in {generated:.1f} s)")
    print(f"cluster_reports: {seconds:.1f} s wall ({cpu:.1f} s CPU in this process), "
          f"{len(reports) / seconds:,.0f} reports/s, workers {args.workers}")
    print(f"memory: RSS {before:,.0f} MB before clustering (the reports), peak {peak:,.0f} MB"
          + (f", largest worker peak {child_peak:,.0f} MB" if args.workers > 1 else ""))
    print(f"clusters: {len(clusters):,} ({sum(len(c.report_ids) > 1 for c in clusters):,} of two or more), "
          f"merges: {len(merges):,}")
    print(f"pairwise precision {100 * p:.1f}, recall {100 * r:.1f}, F1 {100 * f1:.1f}")


if __name__ == "__main__":
    main()
