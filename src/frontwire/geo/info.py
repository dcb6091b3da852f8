"""What a gazetteer index holds: its size, its counts and the data it came from (`frontwire
gazetteer info`). Reads the file only; never builds it."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ..errors import ResourceError
from .build import SCHEMA_VERSION, TABLE_LAYOUT
from .gazetteer import REBUILD_COMMAND, _problem
from .importer import ImportStats, recorded_imports


@dataclass(frozen=True)
class GazetteerInfo:
    """The facts `format()` prints; counts are exact (COUNT(*) over the index)."""

    path: Path
    bytes: int
    schema_version: str
    problem: str | None  # why Gazetteer.open would rebuild it, or None when it is usable
    built: str
    sources: str
    data_version: str
    places: int
    names: int  # distinct (key, place) pairs: how many spellings are indexed
    countries: int
    by_kind: tuple[tuple[str, int], ...]  # kind -> places, largest first
    by_class: tuple[tuple[str, int], ...]  # GeoNames feature class -> places, largest first
    imports: tuple[ImportStats, ...]

    def format(self) -> str:
        """A few aligned lines for a terminal."""
        lines = [
            f"path       {self.path}",
            f"size       {self.bytes / 1e6:.1f} MB",
            f"schema     {self.schema_version} (layout {TABLE_LAYOUT}): {self.problem or 'ok'}",
            f"built      {self.built} from {self.sources} (data version {self.data_version})",
            f"places     {self.places:,} ({self.countries:,} countries); {self.names:,} indexed names",
            "by kind    " + ", ".join(f"{k} {n:,}" for k, n in self.by_kind),
            "by class   " + ", ".join(f"{k} {n:,}" for k, n in self.by_class),
            f"imports    {len(self.imports) or 'none'}",
        ]
        lines.extend(
            f"  {s.date}  {s.file} ({s.path}): {s.rows_read:,} rows read, {s.places_added:,} places and "
            f"{s.names_added:,} names added, {s.admin1_merged} admin1 merged, {s.skipped_existing:,} already "
            f"present, {s.skipped_filtered:,} not selected; features {s.feature_classes}, min population "
            f"{s.min_population}, {s.seconds:.1f} s"
            for s in self.imports
        )
        return "\n".join(lines)


def gazetteer_info(gaz_path: Path) -> GazetteerInfo:
    """Describe the index at `gaz_path`. ResourceError if there is none or it is not an index;
    an index that is stale or truncated is described, with the problem."""
    problem = _problem(gaz_path)
    if problem == "missing":
        raise ResourceError(f"no gazetteer index at {gaz_path}: run `{REBUILD_COMMAND}`")
    try:
        con = sqlite3.connect(f"file:{gaz_path}?mode=ro", uri=True)
        try:
            meta = {str(k): str(v) for k, v in con.execute("SELECT key, value FROM meta")}
            by_kind = con.execute("SELECT kind, COUNT(*) FROM places GROUP BY kind ORDER BY 2 DESC, 1").fetchall()
            by_class = con.execute("SELECT COALESCE(feature_class, '?'), COUNT(*) FROM places "
                                   "GROUP BY 1 ORDER BY 2 DESC, 1").fetchall()
            names = int(con.execute("SELECT COUNT(*) FROM names").fetchone()[0])
            imports = tuple(recorded_imports(con))
        finally:
            con.close()
    except sqlite3.DatabaseError as err:
        raise ResourceError(f"{gaz_path} is not a gazetteer index ({err}): run `{REBUILD_COMMAND}`") from None
    kinds = tuple((str(k), int(n)) for k, n in by_kind)
    return GazetteerInfo(
        path=gaz_path, bytes=gaz_path.stat().st_size, schema_version=meta.get("schema_version", str(SCHEMA_VERSION)),
        problem=problem, built=meta.get("built", "?"), sources=meta.get("sources", "?"),
        data_version=meta.get("data_version", "?"), places=sum(n for _, n in kinds), names=names,
        countries=dict(kinds).get("country", 0), by_kind=kinds,
        by_class=tuple((str(k), int(n)) for k, n in by_class), imports=imports,
    )
