"""Whether a point lies inside a country: countryinfo's outlines (the ones the web map draws).

A gold set gives a country one point, and sets disagree on which: GeoVirus uses Wikipedia's
(China 35,103), LGL GeoNames' (35,105). Scored by distance alone, a resolver that picks the
right country is wrong on one set or the other. `eval geo` therefore also reports accuracy
with a country reading counted right when the gold point lies inside that country.
"""

from __future__ import annotations

import functools

from ..geo.packaged import country_outlines

Ring = list[tuple[float, float]]  # (lon, lat)


@functools.cache
def _rings() -> dict[str, list[Ring]]:
    """ISO alpha-3 -> the outer rings of the country's polygons (holes are ignored: a point in
    an enclave counts as inside the surrounding country, a loss of no consequence here)."""
    out: dict[str, list[Ring]] = {}
    for iso3, _, geometry in country_outlines():
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        out.setdefault(iso3, []).extend([(float(x), float(y)) for x, y in polygon[0]] for polygon in polygons if polygon)
    return out


def inside_country(iso3: str, lat: float, lon: float) -> bool | None:
    """Whether (lat, lon) lies inside the country; None when no outline is known."""
    rings = _rings().get(iso3)
    if rings is None:
        return None
    return any(_in_ring(ring, lon, lat) for ring in rings)


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
