"""Country outlines for the map's base layer, from the `countryinfo` package (already a dependency
for the gazetteer build): 173 countries as GeoJSON, small enough to ship to the page whole.

The page works offline, so there is no tile server; the outlines are the base map. Coordinates
are rounded to 0.01 degree (about 1 km), finer than these outlines are drawn, which halves the
payload.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from ..geo.packaged import country_outlines

PRECISION = 2


def _round(coords: Any) -> Any:
    if isinstance(coords, list) and coords and isinstance(coords[0], int | float):
        return [round(float(c), PRECISION) for c in coords]
    return [_round(c) for c in coords]


@functools.cache
def outlines_json() -> bytes:
    """A FeatureCollection of country polygons with their ISO3 code and name, as JSON bytes
    (built once per process)."""
    features = [{"type": "Feature", "id": iso3, "properties": {"iso3": iso3, "name": name},
                 "geometry": {"type": geometry["type"], "coordinates": _round(geometry["coordinates"])}}
                for iso3, name, geometry in country_outlines()]
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")).encode("utf-8")


@functools.cache
def country_names() -> dict[str, str]:
    """ISO3 -> the country's short English name ("Russia", "Iran"), for statistics by country."""
    from countryinfo import CountryInfo

    names = {}
    for info in CountryInfo("France").all().values():
        iso3 = (info.get("ISO") or {}).get("alpha3")
        if iso3 and info.get("name"):
            names[str(iso3)] = str(info["name"])
    return names


__all__ = ["country_names", "outlines_json"]
