"""The offline gazetteer: a read-only SQLite index of places, built once per user.

The index lives in the user's data directory (`$FRONTWIRE_DATA`, else
`$XDG_DATA_HOME/frontwire`, else `~/.local/share/frontwire`) as `gazetteer-v<schema>.sqlite`;
`build.py` makes it from packaged data. Opening it takes milliseconds and holds no names in
memory: every look-up is one indexed query, so a process pool can open it once per worker.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Self

from ..errors import ResourceError
from ..model import Place
from .build import SCHEMA_VERSION, build_index, data_version
from .normalize import normalize

log = logging.getLogger(__name__)

REBUILD_COMMAND = "frontwire gazetteer build"
_COLUMNS = ("p.id, p.name, p.kind, p.iso3, p.country, p.admin1, p.admin2, p.latitude, p.longitude, "
            "p.population, p.geonames_id, p.feature_code, p.geo_precision")


@dataclass(frozen=True)
class Entry:
    """A gazetteer candidate with what the resolver ranks on (Place has no kind/population)."""

    place: Place
    kind: str  # country, region (curated alias), admin1, place
    population: int
    primary: bool  # the looked-up name is the place's own name, not an alternate


def default_path(data_dir: Path | None = None) -> Path:
    """The index file in the data folder (settings.data_folder: `data_dir`, else
    $FRONTWIRE_DATA, $XDG_DATA_HOME/frontwire or ~/.local/share/frontwire); its name carries
    the schema version."""
    from ..settings import data_folder

    return data_folder(data_dir) / f"gazetteer-v{SCHEMA_VERSION}.sqlite"


def _problem(path: Path) -> str | None:
    """Why the file at `path` is not a usable index, or None. Cheap: reads the header and the
    meta table and compares the page count with the file size (catches truncation)."""
    if not path.exists():
        return "missing"
    try:
        with open(path, "rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                return "not an SQLite file"
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
            pages = con.execute("PRAGMA page_count").fetchone()[0]
            size = con.execute("PRAGMA page_size").fetchone()[0]
        finally:
            con.close()
    except sqlite3.DatabaseError as err:
        return f"unreadable ({err})"
    if meta.get("schema_version") != str(SCHEMA_VERSION):
        return f"schema version {meta.get('schema_version')}, expected {SCHEMA_VERSION}"
    if meta.get("complete") != "1" or pages * size != path.stat().st_size:
        return "incomplete or truncated"
    if meta.get("data_version") != data_version():
        return "built from other data (aliases.csv or a package changed)"
    return None


def _imports_lost(path: Path) -> list[str]:
    """The files imported into the index at `path` (meta key "imports", written by importer.py),
    which a rebuild from packaged data leaves out; [] when there are none or it is unreadable."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT value FROM meta WHERE key = 'imports'").fetchone()
        finally:
            con.close()
        records = json.loads(row[0]) if row else []
    except (sqlite3.DatabaseError, ValueError):
        return []
    return [str(r.get("path", r.get("file"))) for r in records if isinstance(r, dict)]


class Gazetteer:
    """Read-only access to the index. Use `Gazetteer.open()`; close it (or use `with`)."""

    def __init__(self, con: sqlite3.Connection, path: Path) -> None:
        self._con = con
        self.path = path
        # Per-instance memo for the recogniser's token checks; bounded by the vocabulary of the
        # texts seen, and dropped with the instance (no module-level state).
        self._word_cache: dict[str, bool] = {}
        self._name_cache: dict[str, bool] = {}  # exact-name answers, same bound as above

    @classmethod
    def open(cls, path: Path | None = None, *, build: bool = True) -> Gazetteer:
        """Open the index at `path` (default: the user data directory). A missing, truncated or
        other-version index is (re)built when `build` is true, else ResourceError."""
        target = path or default_path()
        problem = _problem(target)
        if problem is not None:
            if not build:
                raise ResourceError(f"gazetteer index {target} is {problem}: run `{REBUILD_COMMAND}`")
            log.info("gazetteer index %s is %s: building it (about 30 s, once)", target, problem)
            for imported in _imports_lost(target):
                log.warning("the rebuilt gazetteer drops the GeoNames import of %s: import it again", imported)
            stats = build_index(target)
            log.info("gazetteer built: %(places).0f places, %(bytes).0f bytes, %(seconds).1f s", stats)
            problem = _problem(target)
            if problem is not None:
                raise ResourceError(f"gazetteer index {target} is {problem} after a build: run "
                                    f"`{REBUILD_COMMAND}`")
        con = sqlite3.connect(f"file:{target}?mode=ro", uri=True, check_same_thread=False)
        return cls(con, target)

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def entries(self, name: str, limit: int = 50) -> list[Entry]:
        """Candidates for `name`, best prior first: countries, curated regions, admin1, then
        places, each by population. A trailing kind word ("Goranboy region", "Kharkiv
        Oblast") is handled by the resolver, which sees the words around the name."""
        key = normalize(name)
        if not key:
            return []
        rows = self._con.execute(
            f"SELECT {_COLUMNS}, n.is_primary FROM names n JOIN places p ON p.id = n.place_id "
            "WHERE n.key = ? ORDER BY p.kind_rank, p.population DESC LIMIT ?",
            (key, limit),
        ).fetchall()
        return [_entry(r) for r in rows]

    def lookup(self, name: str) -> list[Place]:
        return [e.place for e in self.entries(name)]

    def country(self, iso3: str) -> Place:
        row = self._con.execute(
            f"SELECT {_COLUMNS}, 1 FROM places p WHERE p.kind = 'country' AND p.iso3 = ?", (iso3.upper(),)
        ).fetchone()
        if row is None:
            raise KeyError(iso3)
        return _entry(row).place

    def admin1(self, iso3: str, name: str) -> Place | None:
        """The first-level subdivision of country `iso3` called `name` (any indexed spelling:
        "Goranboy", "Kharkivska oblast", "Kharkiv"), or None."""
        row = self._con.execute(
            f"SELECT {_COLUMNS}, n.is_primary FROM names n JOIN places p ON p.id = n.place_id "
            "WHERE n.key = ? AND p.kind = 'admin1' AND p.iso3 = ? ORDER BY p.population DESC LIMIT 1",
            (normalize(name), iso3.upper()),
        ).fetchone()
        return _entry(row).place if row else None

    def is_place_word(self, token_text: str) -> bool:
        """Whether some place is called `token_text` (or a name starting with it, so that the
        recogniser can grow "Nagorno" into "Nagorno-Karabakh")."""
        key = normalize(token_text)
        hit = self._word_cache.get(key)
        if hit is None:
            hit = bool(key) and self._con.execute(
                "SELECT 1 FROM names WHERE key >= ? AND key < ? LIMIT 1", (key, key + " \x7f")
            ).fetchone() is not None
            self._word_cache[key] = hit
        return hit

    def has_name(self, text: str) -> bool:
        """Whether `text` is exactly the name of some place."""
        key = normalize(text)
        hit = self._name_cache.get(key)
        if hit is None:
            hit = bool(key) and self._con.execute(
                "SELECT 1 FROM names WHERE key = ? LIMIT 1", (key,)).fetchone() is not None
            self._name_cache[key] = hit
        return hit


def _entry(row: tuple[object, ...]) -> Entry:
    (_id, name, kind, iso3, country, admin1, admin2, lat, lon, pop, gid, fcode, prec, primary) = row
    place = Place(
        name=str(name), country=country if isinstance(country, str) else None,
        iso3=iso3 if isinstance(iso3, str) else None, admin1=admin1 if isinstance(admin1, str) else None,
        admin2=admin2 if isinstance(admin2, str) else None,
        latitude=lat if isinstance(lat, float) else None, longitude=lon if isinstance(lon, float) else None,
        geonames_id=gid if isinstance(gid, int) else None, feature_code=str(fcode),
        geo_precision=int(str(prec)),
    )
    return Entry(place, str(kind), int(str(pop)), bool(primary))


def main(argv: list[str] | None = None) -> int:
    """`python -m frontwire.geo.gazetteer [--rebuild] [PATH]`: (re)build the index."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m frontwire.geo.gazetteer", description=main.__doc__)
    parser.add_argument("path", nargs="?", type=Path, default=None)
    parser.add_argument("--rebuild", action="store_true", help="build even if a good index exists")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    target: Path = args.path or default_path()
    if args.rebuild or _problem(target) is not None:
        stats = build_index(target)
        log.info("built %s: %.0f places, %.1f MB, %.1f s", target, stats["places"], stats["bytes"] / 1e6,
                 stats["seconds"])
    else:
        log.info("%s is up to date", target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
