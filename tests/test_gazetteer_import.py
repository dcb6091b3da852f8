"""Importing a GeoNames dump into the gazetteer index (frontwire.geo.importer) and describing
the index (frontwire.geo.info).

The base index is built once for the session (conftest.built_gazetteer); each test that imports works on a
copy of it. The fixture tests/data/geo/AZ_slice.txt is 30 hand-written rows in the GeoNames
format (see tests/data/geo/README.md).
"""

from __future__ import annotations

import shutil
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest

from frontwire.errors import InputError, ResourceError, UsageError
from frontwire.geo import Gazetteer, find_toponym_spans, resolve_toponyms
from frontwire.geo.importer import import_geonames
from frontwire.geo.info import gazetteer_info

DATA = Path(__file__).parent / "data" / "geo"
SLICE_TXT = DATA / "AZ_slice.txt"
SLICE_ZIP = DATA / "AZ_slice.zip"


@pytest.fixture(scope="module")
def base(built_gazetteer: Path) -> Path:
    return built_gazetteer  # copied before each test changes it (gaz_copy)


@pytest.fixture
def gaz_copy(base: Path, tmp_path: Path) -> Path:
    path = tmp_path / "g.sqlite"
    shutil.copy(base, path)
    return path


def count_places(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute("SELECT COUNT(*) FROM places").fetchone()[0])
    finally:
        con.close()


def test_import_txt_adds_villages_under_the_index_admin1(gaz_copy: Path) -> None:
    stats = import_geonames(gaz_copy, SLICE_TXT)
    assert (stats.file, stats.rows_read, stats.places_added, stats.admin1_merged, stats.skipped_existing,
            stats.skipped_filtered, stats.names_added) == ("AZ_slice.txt", 30, 21, 0, 5, 4, 55)
    with Gazetteer.open(gaz_copy, build=False) as gaz:
        [village] = gaz.lookup("Kokhanabi")
        assert (village.name, village.iso3, village.country, village.admin1, village.latitude, village.longitude,
                village.geonames_id, village.feature_code, village.geo_precision) == (
            "Koxanəbi", "AZE", "Azerbaijan", "Tovuz", 40.92417, 45.50639, 9261401, "PPL", 1)
        assert gaz.lookup("Koxanəbi") == [village]
        # The Tovuz village Agdam joins the Karabakh town and rayon of that name.
        assert [(p.name, p.admin1, p.feature_code) for p in gaz.lookup("Agdam")] == [
            ("Ağdam", "Ağdam", "ADM1"), ("Aghdam", "Ağdam", "PPLA"), ("Ağdam", "Tovuz", "PPL")]
        # The ADM1 row "Tovuz Rayonu" gives its names to the index's admin1 "Tovuz", no second record.
        tovuz = gaz.admin1("AZE", "Tovuz Rayonu")
        assert tovuz is not None and (tovuz.name, tovuz.geonames_id, tovuz.geo_precision) == ("Tovuz", 584861, 2)
        assert [p.feature_code for p in gaz.lookup("Tovuz District")] == ["ADM1"]
        [ridge] = gaz.lookup("Murovdag")
        assert (ridge.feature_code, ridge.admin1, ridge.geo_precision) == ("MTS", "Goranboy", 2)
        [hill] = gaz.lookup("Garatepe")
        assert (hill.feature_code, hill.geo_precision) == ("HLL", 1)
        assert [p.feature_code for p in gaz.lookup("Goranboy Airfield")] == ["AIRF"]
        assert [p.feature_code for p in gaz.lookup("Qazanci")] == ["PPLQ"]  # abandoned villages stay
        # Not by default: historical names, streams, railway stations.
        assert gaz.lookup("Kohne Tovuz") == gaz.lookup("Tovuzchay") == gaz.lookup("Tovuz Railway Station") == []


def test_zip_import_equals_txt_and_a_second_import_adds_nothing(gaz_copy: Path) -> None:
    first = import_geonames(gaz_copy, SLICE_ZIP)
    assert (first.file, first.rows_read, first.places_added, first.names_added) == ("AZ_slice.zip", 30, 21, 55)
    places = count_places(gaz_copy)
    again = import_geonames(gaz_copy, SLICE_TXT)
    assert (again.places_added, again.names_added, again.admin1_merged, again.skipped_existing) == (0, 0, 0, 26)
    assert count_places(gaz_copy) == places
    with Gazetteer.open(gaz_copy, build=False) as gaz:  # still a valid index (page count = size)
        assert len(gaz.lookup("Kokhanabi")) == 1


def test_feature_selection_and_min_population(gaz_copy: Path) -> None:
    stats = import_geonames(gaz_copy, SLICE_TXT, feature_classes="P,H", min_population=1000)
    assert (stats.places_added, stats.admin1_merged) == (4, 0)
    with Gazetteer.open(gaz_copy, build=False) as gaz:
        assert [(p.name, p.admin1) for p in gaz.lookup("Bozalqanli")] == [("Bozalqanlı", "Tovuz")]
        assert [(p.feature_code, p.geo_precision) for p in gaz.lookup("Tovuzchay")] == [("STM", 2)]
        assert gaz.lookup("Kokhanabi") == []  # population 0
        assert gaz.admin1("AZE", "Tovuzskiy Rayon") is None  # A not selected: the ADM1 names stay out
    with pytest.raises(UsageError, match="bad feature selector 'PX'"):
        import_geonames(gaz_copy, SLICE_TXT, feature_classes="PX")


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (lambda cols: cols[:4] + ["forty"] + cols[5:], r"line 17: bad number"),
        (lambda cols: cols[:12], r"line 17: expected 19 tab-separated columns .* found 12"),
    ],
)
def test_a_bad_line_aborts_the_whole_import(gaz_copy: Path, tmp_path: Path, bad: Any, message: str) -> None:
    lines = SLICE_TXT.read_text(encoding="utf-8").splitlines()
    lines[16] = "\t".join(bad(lines[16].split("\t")))
    broken = tmp_path / "AZ.txt"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = gaz_copy.read_bytes()
    with pytest.raises(InputError, match=message) as err:
        import_geonames(gaz_copy, broken)
    assert err.value.source == str(broken)
    assert gaz_copy.read_bytes() == before


def test_files_that_are_not_dumps_fail_on_line_1(base: Path, gaz_copy: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "places.csv"
    csv_file.write_text("geonameid,name,latitude,longitude\n584821,Tovuz,40.99,45.63\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"places.csv: line 1: not a GeoNames 'geoname' table dump: expected 19 "):
        import_geonames(gaz_copy, csv_file)
    admin_codes = tmp_path / "admin1CodesASCII.txt"  # a GeoNames file, but not the geoname table
    admin_codes.write_text("AZ.58\tTovuz Rayonu\tTovuz Rayonu\t584820\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"line 1: not a GeoNames 'geoname' table dump: .* found 4"):
        import_geonames(gaz_copy, admin_codes)
    header = tmp_path / "with_header.txt"
    header.write_text("\t".join(["geonameid", "name", "asciiname", "alternatenames", "latitude"] + ["x"] * 14) + "\n")
    with pytest.raises(InputError, match=r"line 1: not a GeoNames 'geoname' table dump: bad number"):
        import_geonames(gaz_copy, header)
    other_zip = tmp_path / "AZ.zip"
    with zipfile.ZipFile(other_zip, "w") as zf:
        zf.writestr("readme.txt", "no data here")
    with pytest.raises(InputError, match=r"expected one AZ.txt in the zip, found none"):
        import_geonames(gaz_copy, other_zip)
    assert count_places(gaz_copy) == count_places(base)


def test_admin2_names_and_admin1_matched_by_name(gaz_copy: Path, tmp_path: Path) -> None:
    """A Ukrainian slice: the oblast row matches the index's admin1 by its core name (neither its
    geonameid, made up here, nor a town of the file is in the index), and the raion (ADM2)
    names its villages' admin2."""
    rows = [
        ["9900000", "Kharkivs'ka Oblast'", "Kharkivs'ka Oblast'", "Kharkiv Oblast,Kharkivska oblast", "49.5", "36.5",
         "A", "ADM1", "UA", "", "07", "", "", "", "2633834", "", "150", "Europe/Kyiv", "2023-01-01"],
        ["11809519", "Kupianskyi Raion", "Kupianskyi Raion", "Kupiansk Raion,Kupiansk District", "49.7", "37.6",
         "A", "ADM2", "UA", "", "07", "6325", "", "", "0", "", "120", "Europe/Kyiv", "2023-01-01"],
        ["9900001", "Synkivka", "Synkivka", "Sinkovka,Synkivka", "49.7456", "37.6853",
         "P", "PPL", "UA", "", "07", "6325", "", "", "0", "", "100", "Europe/Kyiv", "2023-01-01"],
    ]
    ua = tmp_path / "UA.txt"
    ua.write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    stats = import_geonames(gaz_copy, ua)
    assert (stats.places_added, stats.admin1_merged) == (2, 1)
    with Gazetteer.open(gaz_copy, build=False) as gaz:
        [village] = gaz.lookup("Sinkovka")
        assert (village.admin1, village.admin2, village.geo_precision) == ("Kharkivska oblast", "Kupianskyi Raion", 1)
        [raion] = gaz.lookup("Kupiansk District")
        assert (raion.feature_code, raion.admin1, raion.admin2, raion.geo_precision) == (
            "ADM2", "Kharkivska oblast", "Kupianskyi Raion", 2)
        assert [p.name for p in gaz.lookup("Kharkiv Oblast") if p.feature_code == "ADM1"] == ["Kharkivska oblast"]


def test_info_counts_and_imports(base: Path, gaz_copy: Path) -> None:
    before = gazetteer_info(base)
    assert before.imports == () and before.problem is None and before.countries == 252
    assert "imports    none" in before.format()
    import_geonames(gaz_copy, SLICE_TXT)
    after = gazetteer_info(gaz_copy)
    assert after.places - before.places == 21
    assert after.names - before.names == 55
    assert dict(after.by_class)["P"] - dict(before.by_class)["P"] == 18
    assert (dict(after.by_class)["T"], dict(after.by_class)["S"], "T" in dict(before.by_class)) == (2, 1, False)
    assert dict(after.by_kind)["admin1"] == dict(before.by_kind)["admin1"]
    [record] = after.imports
    assert (record.file, record.path, record.rows_read, record.places_added) == (
        "AZ_slice.txt", str(SLICE_TXT.resolve()), 30, 21)
    text = after.format().splitlines()
    assert text[0] == f"path       {gaz_copy}"
    assert text[2] == "schema     1 (layout 3): ok"
    assert text[6].startswith("by class   P ") and ", T 2, S 1" in text[6]
    assert text[7] == "imports    1"
    assert "AZ_slice.txt" in text[8] and "30 rows read, 21 places and 55 names added, 0 admin1 merged, 5 already present" in text[8]
    with pytest.raises(ResourceError, match="no gazetteer index at"):
        gazetteer_info(gaz_copy.with_name("absent.sqlite"))


def test_resolution_prefers_the_imported_village(nlp: Any, gaz_copy: Path) -> None:
    text = ("Armenian forces shelled the Kokhanabi village of the Tovuz district on Thursday, and two "
            "houses were damaged in Agdam village of Tovuz, the Defence Ministry said.")

    def resolved(path: Path) -> dict[str, int | None]:
        with Gazetteer.open(path, build=False) as gaz:
            doc = nlp(text)
            found = resolve_toponyms(doc, find_toponym_spans(doc, gaz), gaz, {"AZE": 3})
        return {t.span.text: t.place.geonames_id if t.place else None for t in found}

    before = resolved(gaz_copy)
    assert before["Kokhanabi"] is None
    import_geonames(gaz_copy, SLICE_TXT)
    after = resolved(gaz_copy)
    assert (after["Kokhanabi"], after["Agdam"]) == (9261401, 586953)
