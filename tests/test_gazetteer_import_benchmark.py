"""The synthetic GeoNames dump of benchmarks/gazetteer_import.py: a few hundred rows of it are a
valid dump that the real importer takes, and it adds exactly the rows it should."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from benchmark_modules import load_benchmark
from frontwire.geo import Gazetteer
from frontwire.geo.importer import GEONAMES_COLUMNS, import_geonames
from frontwire.geo.normalize import normalize

ROWS = 600
KEPT_SPOTS = {"AIRP", "AIRF", "AIRB", "MILB", "INSM", "PSTB", "DAM"}  # the S codes kept by default


def _bench() -> ModuleType:
    return load_benchmark("gazetteer_import")


@pytest.fixture(scope="module")
def pool() -> Any:
    return _bench().load_pool()


def _kept(cols: list[str]) -> bool:
    """The importer's default selection, written out: populated places, admin areas and terrain
    (not historical names), and the few spot codes."""
    fclass, fcode = cols[6], cols[7]
    if fclass in "AP" and fcode.endswith("H"):
        return False
    return fclass in "PAT" or (fclass == "S" and fcode in KEPT_SPOTS)


def test_the_dump_is_seeded_and_in_the_geonames_format(pool: Any, tmp_path: Path) -> None:
    bench = _bench()
    first, again, other = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"
    stats = bench.generate(first, ROWS, 5, pool)
    bench.generate(again, ROWS, 5, pool)
    bench.generate(other, ROWS, 6, pool)
    assert first.read_bytes() == again.read_bytes() != other.read_bytes()
    rows = [line.split("\t") for line in first.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == stats.rows == ROWS
    assert {len(r) for r in rows} == {len(GEONAMES_COLUMNS)}
    ids = [int(r[0]) for r in rows]
    assert len(set(ids)) == ROWS
    synthetic = [r for r in rows if int(r[0]) > bench.SYNTHETIC_ID_BASE]
    # The index's own rows, scaled to the dump's size (286k of 13M: 13 of 600).
    share = round(len(pool.real_rows) * ROWS / bench.ALL_COUNTRIES_ROWS)
    assert len(rows) - len(synthetic) == stats.real_rows == share > 0
    classes = [r[6] for r in synthetic]
    assert max(set(classes), key=classes.count) == "P"
    assert set(classes) <= set("PHSTLAVRU") and {"P", "H", "S", "T"} <= set(classes)
    assert all(-90 <= float(r[4]) <= 90 and -180 <= float(r[5]) <= 180 and r[8] for r in rows)
    town_names = {t.name for t in pool.towns}
    assert sum(r[1] in town_names for r in synthetic if r[6] == "P") > 0.4 * classes.count("P")


def test_the_importer_takes_the_dump_and_adds_what_it_selects(
        pool: Any, built_gazetteer: Path, tmp_path: Path) -> None:
    bench = _bench()
    dump = tmp_path / "allCountries.txt"
    bench.generate(dump, ROWS, 7, pool)
    gaz = tmp_path / "g.sqlite"
    shutil.copy(built_gazetteer, gaz)
    con = sqlite3.connect(gaz)
    try:
        held = {int(r[0]) for r in con.execute("SELECT geonames_id FROM places WHERE geonames_id IS NOT NULL")}
    finally:
        con.close()
    rows = [line.split("\t") for line in dump.read_text(encoding="utf-8").splitlines()]
    kept = [r for r in rows if _kept(r)]
    stats = import_geonames(gaz, dump)
    assert stats.rows_read == ROWS
    assert stats.skipped_filtered == ROWS - len(kept)
    # Only the index's own rows are already there; every selected synthetic row is added.
    assert stats.skipped_existing == sum(int(r[0]) in held for r in kept)
    assert stats.places_added == sum(int(r[0]) not in held for r in kept) - stats.admin1_merged
    assert stats.places_added > 0.4 * ROWS
    namesake = next(r for r in kept if r[6] == "P" and int(r[0]) > bench.SYNTHETIC_ID_BASE
                    and r[1] in {t.name for t in pool.towns})
    con = sqlite3.connect(gaz)
    try:
        ids = {int(r[0]) for r in con.execute(
            "SELECT p.geonames_id FROM names n JOIN places p ON p.id = n.place_id WHERE n.key = ?",
            (normalize(namesake[1]),))}
    finally:
        con.close()
    assert int(namesake[0]) in ids
    assert ids & held  # the town it is named after
    with Gazetteer.open(gaz, build=False) as g:  # still a valid index
        assert g.lookup(namesake[1])
