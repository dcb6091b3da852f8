"""GET /api/places: the most populous towns of the gazetteer inside a box, for the map's town
labels (the page asks for the box in view as the user pans and zooms).

The gazetteer index (geo/gazetteer.py) has no spatial index, and a scan of its 270,000 places
for a box took 85 ms in SQLite (3 ms as below). So the places' coordinates are held in memory once per process,
most populous first (numpy arrays of id, latitude and longitude: about 3 MB); a box is one
vectorised test over them, and the first `limit` hits are the most populous. Their names come
from the index by id. The arrays are rebuilt when the index file changes (a rebuild or an import).

The index is the one the extractor reads (`$FRONTWIRE_DATA` or the user's data folder). It is
never built here: a server without one answers 503 and the page draws no town labels.
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import numpy.typing as npt
from fastapi import APIRouter, HTTPException, Query, Request

from ..errors import ResourceError
from ..geo.gazetteer import Gazetteer
from ..store.filters import parse_bbox
from .api import Reader, TokenFirst
from .bounds import LINE, MAX_LIST

MAX_PLACES = 500  # labels in one answer: more than a screen can show apart
# Towns and cities: the gazetteer's populated places (GeoNames PPL*). Countries are named by the
# outlines; admin1 and admin2 points (ADM2 "Gyumri Municipality") are areas, not towns.
TOWNS = "kind = 'place' AND feature_code LIKE 'PPL%'"

router = APIRouter(prefix="/api", route_class=TokenFirst)


@dataclass(frozen=True)
class PlaceIndex:
    """The gazetteer's places as arrays, most populous first."""

    path: Path
    mtime_ns: int
    ids: npt.NDArray[np.int64]
    lat: npt.NDArray[np.float32]
    lon: npt.NDArray[np.float32]

    @classmethod
    def load(cls, path: Path) -> PlaceIndex:
        mtime = path.stat().st_mtime_ns
        with _connect(path) as con:
            rows = con.execute(
                f"SELECT id, latitude, longitude FROM places WHERE {TOWNS} AND latitude IS NOT NULL "
                "AND longitude IS NOT NULL ORDER BY population DESC, id").fetchall()
        table = np.array(rows, dtype=np.float64).reshape(-1, 3)
        return cls(path, mtime, table[:, 0].astype(np.int64), table[:, 1].astype(np.float32),
                   table[:, 2].astype(np.float32))

    def within(self, box: tuple[float, float, float, float], limit: int) -> list[dict[str, Any]]:
        """The `limit` most populous places in the box (min_lon, min_lat, max_lon, max_lat)."""
        min_lon, min_lat, max_lon, max_lat = box
        inside = (self.lon >= min_lon) & (self.lon <= max_lon) & (self.lat >= min_lat) & (self.lat <= max_lat)
        ids = [int(i) for i in self.ids[np.flatnonzero(inside)[:limit]]]
        if not ids:
            return []
        with _connect(self.path) as con:
            rows = con.execute(
                "SELECT id, name, latitude, longitude, population, kind, iso3, feature_code FROM places "
                f"WHERE id IN ({','.join('?' * len(ids))})", ids).fetchall()
        found = {row[0]: row for row in rows}
        return [{"name": row[1], "latitude": row[2], "longitude": row[3], "population": row[4], "kind": row[5],
                 "iso3": row[6], "feature_code": row[7]} for row in (found.get(i) for i in ids) if row]


def _connect(path: Path) -> closing[sqlite3.Connection]:
    """A read-only connection to the index, closed on leaving the `with` (a connection's own
    context manager only commits). One a request: opening one costs microseconds."""
    return closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True))


class Places:
    """The app's place index, loaded at the first request and reloaded when the file changes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._index: PlaceIndex | None = None

    def index(self) -> PlaceIndex:
        with self._lock:
            current = self._index
            try:
                if current is not None and current.path.stat().st_mtime_ns == current.mtime_ns:
                    return current
                with Gazetteer.open(build=False) as gazetteer:  # checks the file; never builds it here
                    path = gazetteer.path
                self._index = PlaceIndex.load(path)
            except (ResourceError, OSError, sqlite3.DatabaseError) as err:
                raise HTTPException(503, f"no place index to label the map: {err}") from None
            return self._index


def places_of(request: Request) -> Places:
    """The app's Places, made at the first request (kept on app.state, not in this module)."""
    state = request.app.state
    with _MAKE:
        if getattr(state, "places", None) is None:
            state.places = Places()
    places: Places = state.places
    return places


_MAKE = threading.Lock()  # guards only the creation of an app's Places


@router.get("/places", summary="The most populous places of the gazetteer in a box (the map's town labels)")
def get_places(
    request: Request, _r: Reader,
    bbox: Annotated[str, Query(max_length=MAX_LIST, description="min_lon,min_lat,max_lon,max_lat"), LINE],
    limit: Annotated[int, Query(ge=1, le=MAX_PLACES, description="places at most, the most populous first")] = 50,
) -> dict[str, Any]:
    box = parse_bbox(bbox, "bbox")
    return {"places": places_of(request).index().within(box, limit)}


__all__ = ["MAX_PLACES", "PlaceIndex", "Places", "router"]
