"""Add a GeoNames dump (a country file such as AZ.txt/AZ.zip, or allCountries) to the index.

The packaged index holds GeoNames `cities500` only: places of 500+ people. Conflict reports name
villages, districts and hills below that line ("the Kokhanabi village of the Tovuz district"),
so a user who codes a country adds its full GeoNames file. The import:

* streams the file twice (never holding it in memory: allCountries is 1.5 GB): a survey pass
  that validates every line and gathers the admin rows, then an insert pass;
* runs in one transaction: a malformed line aborts it and leaves the index as it was;
* skips geonameids the index already holds, so importing a file again adds nothing;
* names each place's admin1 the way the index already does (the ISO subdivision name, "Tovuz"),
  learnt from the file's own towns that the index holds ("Tovuz", geonameid 584821, has admin1
  code 58 in the file and admin1 "Tovuz" in the index), so that the resolver's container check
  ("village of the Tovuz district") sees one name for one region;
* records the import in the meta table (`info` shows it; a rebuild warns that it is dropped).
"""

from __future__ import annotations

import functools
import io
import json
import logging
import math
import re
import sqlite3
import time
import zipfile
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import NamedTuple

from ..errors import InputError, ResourceError, UsageError
from ..resources import read_csv
from .build import KIND_RANK, SMALL_REGION_KM, core_name, place_keys
from .gazetteer import Gazetteer
from .normalize import normalize

log = logging.getLogger(__name__)

# The columns of the GeoNames "geoname" table (readme.txt of the dump site), in file order.
GEONAMES_COLUMNS = (
    "geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude", "feature class",
    "feature code", "country code", "cc2", "admin1 code", "admin2 code", "admin3 code", "admin4 code",
    "population", "elevation", "dem", "timezone", "modification date",
)
# Populated places and admin areas, where ACLED codes events; terrain (T), because front-line
# fighting is reported at named heights, ridges and passes with no village ("Murovdag", "height
# 1,200"); and the few spot codes that are targets in their own right (airports, bases, military
# installations, border posts, dams). Not by default: streams and lakes (H: a point on a line;
# ACLED codes the nearest town), areas (L) and the rest of S (millions of schools, farms, hotels
# with generic names that would swamp the recogniser's name look-ups).
DEFAULT_FEATURES = "PAT,S.AIRP,S.AIRB,S.AIRF,S.MILB,S.INSM,S.PSTB,S.DAM"
_CLASSES = frozenset("AHLPRSTUV")
_SELECTOR = re.compile(r"([A-Z]+)|([A-Z])\.([A-Z0-9]+)")
_BATCH = 20000
# A spread (root mean square distance of its places from their centroid) times this is about the
# 90th-percentile distance that build.py compares with SMALL_REGION_KM (uniform disc: 0.95R vs
# R/sqrt 2).
_P90_PER_RMS = 1.34


@dataclass(frozen=True)
class ImportStats:
    """What one import did; also the record kept in the meta table ("imports")."""

    file: str
    path: str
    date: str
    feature_classes: str
    min_population: int
    rows_read: int = 0
    places_added: int = 0
    names_added: int = 0
    admin1_merged: int = 0  # ADM1 rows whose names went to the index's own admin1 record
    skipped_existing: int = 0  # geonameid already in the index
    skipped_filtered: int = 0  # feature class/code not selected, historical, or too small
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        """Rows read per second."""
        return self.rows_read / self.seconds if self.seconds > 0 else 0.0


class _Geo(NamedTuple):
    gid: int
    name: str
    alternates: list[str]
    lat: float
    lon: float
    fclass: str
    fcode: str
    cc: str
    a1: str
    a2: str
    population: int


@dataclass
class _Survey:
    """What the first pass learns: admin rows and how the index names each admin1 code."""

    rows: int
    adm1: dict[tuple[str, str], _Geo]
    adm2: dict[tuple[str, str, str], str]
    votes: dict[tuple[str, str], Counter[str]]
    spread: dict[tuple[str, str], list[float]]  # n, sum lat, sum lat^2, sum lon, sum lon^2


@dataclass(frozen=True)
class _Admin1:
    name: str  # the admin1 name the places of this code get
    existing_id: int | None  # the index's admin1 record, which takes the ADM1 row's names
    precision: int


@functools.lru_cache(maxsize=1)
def feature_precision() -> dict[str, int]:
    """geonames_features.csv: selector ("P", "A.ADM2") -> ACLED geo_precision."""
    rows = read_csv("geo/geonames_features.csv", required=("selector", "geo_precision"))
    try:
        return {r["selector"]: int(r["geo_precision"]) for r in rows}
    except ValueError as err:
        raise ResourceError(f"geo/geonames_features.csv: a geo_precision is not a number: {err}") from None


def _precision(fclass: str, fcode: str) -> int:
    table = feature_precision()
    return table.get(f"{fclass}.{fcode}", table.get(fclass, 3))


def parse_features(spec: str) -> tuple[frozenset[str], frozenset[str]]:
    """"PAT,S.AIRP" -> ({"P", "A", "T"}, {"S.AIRP"}); UsageError for anything else."""
    classes: set[str] = set()
    codes: set[str] = set()
    for token in filter(None, (t.strip().upper() for t in spec.split(","))):
        m = _SELECTOR.fullmatch(token)
        letters = m.group(1) if m else None
        if m is None or (letters and not set(letters) <= _CLASSES) or (m.group(2) and m.group(2) not in _CLASSES):
            raise UsageError(f"bad feature selector {token!r}: use GeoNames class letters ({''.join(sorted(_CLASSES))}) "
                             "or class.code, e.g. 'PAT,S.AIRP'")
        if letters:
            classes.update(letters)
        else:
            codes.add(f"{m.group(2)}.{m.group(3)}")
    return frozenset(classes), frozenset(codes)


@contextmanager
def _open_text(source: Path) -> Iterator[io.TextIOBase]:
    """The dump as text, streamed: a .zip holds one .txt of its own base name (AZ.zip: AZ.txt
    beside readme.txt)."""
    if source.suffix.lower() != ".zip":
        with open(source, encoding="utf-8", newline="") as fh:
            yield fh
        return
    try:
        zf = zipfile.ZipFile(source)
    except zipfile.BadZipFile as err:
        raise InputError(str(source), f"not a zip file ({err})") from None
    with zf:
        members = [n for n in zf.namelist() if n.lower().endswith(".txt") and "readme" not in n.lower()]
        wanted = [n for n in members if Path(n).stem == source.stem] or members
        if len(wanted) != 1:
            raise InputError(str(source), f"expected one {source.stem}.txt in the zip, found {members or 'none'}")
        with zf.open(wanted[0]) as raw, io.TextIOWrapper(raw, encoding="utf-8", newline="") as fh:
            yield fh


def _lines(source: Path) -> Iterator[tuple[int, str]]:
    with _open_text(source) as fh:
        lineno = 0
        try:
            for lineno, line in enumerate(fh, 1):
                yield lineno, line.rstrip("\r\n")
        except UnicodeDecodeError as err:
            raise InputError(str(source), f"line {lineno + 1}: not UTF-8 text ({err.reason})") from None
        if lineno == 0:
            raise InputError(str(source), "empty file, not a GeoNames dump")


def _parse(line: str, lineno: int, source: Path) -> _Geo:
    cols = line.split("\t")
    if len(cols) != len(GEONAMES_COLUMNS):
        what = ("not a GeoNames 'geoname' table dump: " if lineno == 1 else "") + \
            f"expected {len(GEONAMES_COLUMNS)} tab-separated columns ({', '.join(GEONAMES_COLUMNS[:4])}, ...), " \
            f"found {len(cols)}"
        raise InputError(str(source), f"line {lineno}: {what}")
    try:
        gid = int(cols[0])
        lat, lon = float(cols[4]), float(cols[5])
        population = int(cols[14] or 0)
    except ValueError as err:
        prefix = "not a GeoNames 'geoname' table dump: " if lineno == 1 else ""
        raise InputError(str(source), f"line {lineno}: {prefix}bad number ({err})") from None
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise InputError(str(source), f"line {lineno}: coordinates out of range ({lat}, {lon})")
    if not cols[1]:
        raise InputError(str(source), f"line {lineno}: empty name")
    alternates = [cols[2], *cols[3].split(",")] if cols[3] else [cols[2]]
    return _Geo(gid, cols[1], alternates, lat, lon, cols[6], cols[7], cols[8], cols[10], cols[11], population)


def _rows(source: Path) -> Iterator[tuple[int, _Geo]]:
    for lineno, line in _lines(source):
        if line:
            yield lineno, _parse(line, lineno, source)


def _survey(source: Path, index_admin1: dict[int, str]) -> _Survey:
    survey = _Survey(0, {}, {}, {}, {})
    for _lineno, g in _rows(source):
        survey.rows += 1
        key = (g.cc, g.a1)
        if g.fcode == "ADM1" and g.fclass == "A":
            survey.adm1[key] = g
        elif g.fcode == "ADM2" and g.fclass == "A":
            survey.adm2[(g.cc, g.a1, g.a2)] = g.name
        elif g.fclass == "P":
            s = survey.spread.setdefault(key, [0.0, 0.0, 0.0, 0.0, 0.0])
            s[0] += 1
            s[1] += g.lat
            s[2] += g.lat * g.lat
            s[3] += g.lon
            s[4] += g.lon * g.lon
        known = index_admin1.get(g.gid)
        if known is not None:
            survey.votes.setdefault(key, Counter())[known] += 1
    return survey


def _region_precision(spread: list[float] | None) -> int:
    """2 when the region's places lie within SMALL_REGION_KM (a rayon), else 3 (as build.py)."""
    if spread is None or spread[0] < 3:
        return _precision("A", "ADM1")
    n, slat, slat2, slon, slon2 = spread
    mean_lat = slat / n
    var_lat = max(0.0, slat2 / n - mean_lat**2)
    var_lon = max(0.0, slon2 / n - (slon / n) ** 2)
    rms_km = 111.2 * math.sqrt(var_lat + var_lon * math.cos(math.radians(mean_lat)) ** 2)
    return 2 if _P90_PER_RMS * rms_km <= SMALL_REGION_KM else 3


def _admin1_names(con: sqlite3.Connection, survey: _Survey) -> dict[tuple[str, str], _Admin1]:
    """Each admin1 code of the file -> the name its places get, and the index record it is."""
    out: dict[tuple[str, str], _Admin1] = {}
    # The index's admin1 records, read once (places has no index on geonames_id).
    by_gid: dict[int, tuple[int, str]] = {}
    by_name: dict[tuple[str, str], int] = {}
    for pid, name, iso2, gid in con.execute("SELECT id, name, iso2, geonames_id FROM places WHERE kind = 'admin1'"):
        by_name.setdefault((str(iso2), str(name)), int(pid))
        if gid is not None:
            by_gid[int(gid)] = (int(pid), str(name))
    for key in survey.adm1.keys() | survey.votes.keys():
        cc = key[0]
        row = survey.adm1.get(key)
        found: tuple[int, str] | None = None
        if row is not None:  # imported before: the record carries its geonameid
            found = by_gid.get(row.gid)
        if found is None and key in survey.votes:  # the file's own towns that the index holds
            voted = survey.votes[key].most_common(1)[0][0]
            found = (by_name.get((cc, voted), -1), voted)
        if found is None and row is not None:  # the index's admin1 under any name of the row
            for k in sorted(place_keys(row.name, row.alternates) | {core_name(row.name)}):
                found = con.execute(
                    "SELECT p.id, p.name FROM names n JOIN places p ON p.id = n.place_id "
                    "WHERE n.key = ? AND p.kind = 'admin1' AND p.iso2 = ? LIMIT 1", (k, cc)).fetchone()
                if found is not None:
                    break
        precision = _region_precision(survey.spread.get(key))  # for an ADM1 row the index lacks
        if found is not None:
            out[key] = _Admin1(str(found[1]), int(found[0]) if found[0] != -1 else None, precision)
        elif row is not None:
            out[key] = _Admin1(row.name, None, precision)
    return out


def _selected(g: _Geo, classes: frozenset[str], codes: frozenset[str], min_population: int) -> bool:
    if g.fclass in ("A", "P") and (g.fcode.endswith("H") or g.fcode.startswith("PCL")):
        return False  # historical names, and countries (the index has its own country records)
    if g.fclass not in classes and f"{g.fclass}.{g.fcode}" not in codes:
        return False
    return g.fclass != "P" or g.population >= min_population


def import_geonames(
    gaz_path: Path, source: Path, *, feature_classes: str = DEFAULT_FEATURES, min_population: int = 0
) -> ImportStats:
    """Add the places of the GeoNames dump `source` (.txt or .zip) to the index at `gaz_path`
    (built first if missing). InputError for a malformed file, with nothing added."""
    t0 = time.perf_counter()
    classes, codes = parse_features(feature_classes)
    if not source.is_file():
        raise InputError(str(source), "no such file")
    Gazetteer.open(gaz_path).close()  # a missing or stale index is built first, as on open
    stats = ImportStats(source.name, str(source.resolve()), time.strftime("%Y-%m-%dT%H:%M:%S"),
                        feature_classes, min_population)
    con = sqlite3.connect(gaz_path, isolation_level=None)
    try:
        con.execute("PRAGMA cache_size = -65536")  # 64 MB: names go into a key-ordered B-tree
        con.execute("BEGIN IMMEDIATE")
        try:
            stats = _import(con, source, classes, codes, min_population, stats)
            stats = replace(stats, seconds=round(time.perf_counter() - t0, 3))
            _record(con, stats)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    finally:
        con.close()
    log.info("imported %s: %d rows read, %d places and %d names added in %.1f s", source.name,
             stats.rows_read, stats.places_added, stats.names_added, stats.seconds)
    return stats


def _import(con: sqlite3.Connection, source: Path, classes: frozenset[str], codes: frozenset[str],
            min_population: int, stats: ImportStats) -> ImportStats:
    # Only the index's ids: a dump lists each geonameid once, so the ids added here need no set.
    # Those already there are a sorted array (8 bytes an id), not a set: after allCountries the
    # index holds 7 million, and a set of them made a second import peak at 1.7 GB.
    existing = _IdSet(int(r[0]) for r in con.execute(
        "SELECT geonames_id FROM places WHERE geonames_id IS NOT NULL ORDER BY geonames_id"))
    # How the index names each admin1 code is learnt from its packaged towns only: an earlier
    # import's towns got their admin1 names from the same vote, so they add nothing but memory.
    index_admin1 = {int(r[0]): str(r[1]) for r in con.execute(
        "SELECT geonames_id, admin1 FROM places WHERE kind = 'place' AND geonames_id IS NOT NULL "
        "AND admin1 IS NOT NULL AND id <= COALESCE((SELECT CAST(value AS INTEGER) FROM meta "
        "WHERE key = 'places'), id)")}
    countries = {str(r[0]): (str(r[1]), str(r[2])) for r in con.execute(
        "SELECT iso2, iso3, country FROM places WHERE kind = 'country' AND iso2 IS NOT NULL")}
    survey = _survey(source, index_admin1)
    del index_admin1
    admins = _admin1_names(con, survey)
    names: list[tuple[str, int, int]] = []
    merged = 0
    merged_now: set[int] = set()  # ADM1 rows of this file that went into the index's admin1 records
    for key, admin in admins.items():
        row = survey.adm1.get(key)
        if admin.existing_id is None or row is None or not _selected(row, classes, codes, min_population):
            continue
        own = normalize(admin.name)
        names.extend((k, admin.existing_id, int(k == own))
                     for k in place_keys(row.name, row.alternates) | {core_name(row.name)})
        con.execute("UPDATE places SET geonames_id = ? WHERE id = ? AND geonames_id IS NULL",
                    (row.gid, admin.existing_id))
        if row.gid not in existing:
            merged += 1
            merged_now.add(row.gid)
    names_added = _flush(con, [], names)
    next_id = int(con.execute("SELECT COALESCE(MAX(id), 0) FROM places").fetchone()[0]) + 1
    places: list[tuple[object, ...]] = []
    added = skipped_existing = skipped_filtered = 0
    for _lineno, g in _rows(source):
        if not _selected(g, classes, codes, min_population):
            skipped_filtered += 1
            continue
        if g.gid in existing or g.gid in merged_now:
            skipped_existing += g.gid not in merged_now
            continue
        region = admins.get((g.cc, g.a1))
        is_adm1 = g.fclass == "A" and g.fcode == "ADM1"
        kind = "admin1" if is_adm1 else "place"
        rank = KIND_RANK[kind] + (0 if g.fclass in ("A", "P") else 1)  # terrain after settlements
        precision = region.precision if is_adm1 and region else _precision(g.fclass, g.fcode)
        admin2 = g.name if g.fcode == "ADM2" else survey.adm2.get((g.cc, g.a1, g.a2)) if g.a2 else None
        iso3, country = countries.get(g.cc, (None, None))
        places.append((next_id, g.name, kind, rank, g.cc or None, iso3, country, region.name if region else None,
                       g.lat, g.lon, g.population, g.gid, g.fcode, precision, f"GeoNames {source.name}", admin2,
                       g.fclass))
        keys = place_keys(g.name, g.alternates) | ({core_name(g.name)} if g.fclass == "A" else set())
        own = normalize(g.name)
        names.extend((k, next_id, int(k == own)) for k in keys if k)
        next_id += 1
        added += 1
        if len(places) >= _BATCH:
            names_added += _flush(con, places, names)
    names_added += _flush(con, places, names)
    return replace(stats, rows_read=survey.rows, places_added=added, names_added=names_added,
                    admin1_merged=merged, skipped_existing=skipped_existing, skipped_filtered=skipped_filtered)


class _IdSet:
    """Membership in a sorted sequence of ids, in an array of 8-byte integers."""

    def __init__(self, ascending: Iterable[int]) -> None:
        self._ids = array("q", ascending)

    def __contains__(self, gid: object) -> bool:
        if not isinstance(gid, int):
            return False
        i = bisect_left(self._ids, gid)
        return i < len(self._ids) and self._ids[i] == gid


def _flush(con: sqlite3.Connection, places: list[tuple[object, ...]], names: list[tuple[str, int, int]]) -> int:
    """Insert a batch; returns the number of names added (a key the place already has is not)."""
    con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", places)
    names.sort()  # key order: fewer B-tree pages touched per batch
    before = con.total_changes
    con.executemany("INSERT OR IGNORE INTO names VALUES (?,?,?)", names)
    added = con.total_changes - before
    places.clear()
    names.clear()
    return added


def _record(con: sqlite3.Connection, stats: ImportStats) -> None:
    row = con.execute("SELECT value FROM meta WHERE key = 'imports'").fetchone()
    records = json.loads(row[0]) if row else []
    records.append(asdict(stats))
    con.execute("INSERT OR REPLACE INTO meta VALUES ('imports', ?)", (json.dumps(records),))


def recorded_imports(con: sqlite3.Connection) -> list[ImportStats]:
    """The imports recorded in the meta table of an open index, oldest first."""
    row = con.execute("SELECT value FROM meta WHERE key = 'imports'").fetchone()
    fields = set(ImportStats.__dataclass_fields__)
    return [ImportStats(**{k: v for k, v in r.items() if k in fields}) for r in (json.loads(row[0]) if row else [])]
