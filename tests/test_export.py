from __future__ import annotations

import csv
import io
import json

from frontwire import export
from frontwire.model import EVENT_FIELDS, Event, Evidence


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
