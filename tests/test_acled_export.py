"""`--format acled`: ACLED's 31 export columns in its order, loaded with the column types of its
codebook as an analyst's pandas script loads them. The rows below are written for these tests in
the shape of ACLED's published examples (a clash, a bombing of civilians, a peaceful protest, a
statement), not copied from its data."""

from __future__ import annotations

import io
from typing import Any

import pandas as pd
import pytest

from frontwire import acled, cli, export
from frontwire.model import Event
from test_export import _event

# ACLED's codebook types: integers, floats, text.
DTYPES: dict[str, Any] = {c: "Int64" for c in acled.INTEGER_COLUMNS} | {c: "float64" for c in acled.FLOAT_COLUMNS}

ROWS: list[Event] = [
    _event(event_id="nga-1", event_date="2023-05-08", event_type="Battles", sub_event_type="Armed clash",
           actor1="Military Forces of Nigeria (2023-)", actor2="Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad",
           country="Nigeria", iso3="NGA", admin1="Borno", admin2="Gwoza", location="Pulka", latitude=11.2,
           longitude=13.9, fatalities=7, published="2023-05-09"),
    _event(event_id="som-1", event_date="2023-06-01", event_type="Explosions/Remote violence",
           sub_event_type="Remote explosive/landmine/IED", actor1="Al Shabaab", actor2="Civilians (Somalia)",
           country="Somalia", iso3="SOM", admin1="Banadir", admin2="Mogadishu", location="Mogadishu", latitude=2.04,
           longitude=45.34, fatalities=4, published="2023-06-02"),
    _event(event_id="ken-1", event_date="2023-07-07", event_type="Protests", sub_event_type="Peaceful protest",
           actor1="Protesters (Kenya)", actor2=None, country="Kenya", iso3="KEN", admin1="Nairobi", admin2=None,
           location="Nairobi", latitude=-1.28, longitude=36.82, fatalities=0, published=None),
    _event(event_id="ken-2", event_date="2023-07-08", event_type=None, sub_event_type=None, plover_type="THREATEN",
           actor1="Government of Kenya", actor2="Protesters (Kenya)", iso3="KEN", fatalities=0),
    _event(event_id="aze-old", event_date="1992-02-26", status="historical", iso3="AZE", fatalities=600),
]


def _load(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), dtype=DTYPES, keep_default_na=False, na_values=[""])


def test_acled_columns_in_order_with_the_codebook_types() -> None:
    out = io.StringIO()
    assert export.write_acled(ROWS, out) == 3  # the statement and the background left out
    frame = _load(out.getvalue())
    assert list(frame.columns) == list(acled.COLUMNS) and len(acled.COLUMNS) == 31
    clash, bombing, protest = (frame.iloc[i] for i in range(3))
    assert (clash.inter1, clash.inter2, clash.interaction) == (1, 2, 12)
    assert (clash.disorder_type, clash.iso, clash.region, clash.year) == ("Political violence", 566, "Western Africa", 2023)
    assert (bombing.inter1, bombing.inter2, bombing.interaction) == (2, 7, 27)
    assert bombing.civilian_targeting == "Civilian targeting" and pd.isna(clash.civilian_targeting)
    assert (bombing.region, bombing.iso, bombing.fatalities) == ("Eastern Africa", 706, 4)
    assert (protest.inter1, protest.inter2, protest.interaction, protest.disorder_type) == (6, 0, 60, "Demonstrations")
    assert (protest.timestamp, clash.timestamp) == (0, 1683590400)  # 2023-05-09 00:00 UTC
    assert clash.event_id_cnty.startswith("NGA") and clash.event_id_cnty[3:].isdigit()
    assert frame.event_id_cnty.is_unique and frame.latitude.dtype == "float64"


def test_the_event_id_is_stable_and_the_others_on_request() -> None:
    first, again = io.StringIO(), io.StringIO()
    export.write_acled(ROWS, first)
    export.write_acled(list(reversed(ROWS)), again)
    assert set(_load(first.getvalue()).event_id_cnty) == set(_load(again.getvalue()).event_id_cnty)
    everything = io.StringIO()
    assert export.write_acled(ROWS, everything, statements=True, historical=True) == 5
    frame = _load(everything.getvalue())
    assert set(frame.disorder_type.fillna("")) == {"Political violence", "Demonstrations", ""}


@pytest.mark.parametrize(("sub_type", "actor2", "disorder", "targeting"), [
    ("Excessive force against protesters", "Protesters (Kenya)", "Political violence; Demonstrations", ""),
    ("Mob violence", "Civilians (Kenya)", "Political violence", "Civilian targeting"),
    ("Violent demonstration", "Police Forces of Kenya", "Demonstrations", ""),
    ("Arrests", "Protesters (Kenya)", "Strategic developments", ""),
])
def test_disorder_type_and_civilian_targeting(sub_type: str, actor2: str, disorder: str, targeting: str) -> None:
    from frontwire.extract.taxonomy import load_taxonomy

    event_type = load_taxonomy().sub_type(sub_type).event_type
    row = acled.acled_row(export.as_record(_event(event_type=event_type, sub_event_type=sub_type, actor2=actor2)))
    assert (row["disorder_type"], row["civilian_targeting"]) == (disorder, targeting)


def test_extract_writes_acled(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from conftest import SEED_TXT

    assert cli.main(["extract", str(SEED_TXT), "--published", "2020-09-16", "--format", "acled"]) == 0
    frame = _load(capsys.readouterr().out)
    assert len(frame) >= 3 and set(frame.iso) == {31} and set(frame.region) == {"Caucasus and Central Asia"}
    assert set(frame.inter1) == {1}


def test_events_writes_the_reviewed_clusters_as_acled(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from frontwire.store import Store
    from frontwire.web.review import Reviews
    from test_web_api import IDS, fill

    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    with Store.open(url) as store:
        fill(store)
        Reviews(store.engine).add(IDS[1], "alice", "edit", {"fatalities": {"old": 0, "new": 5}})
    assert cli.main(["events", "--db", url, "--format", "acled"]) == 0
    captured = capsys.readouterr()
    frame = _load(captured.out)
    assert len(frame) == 5 and "5 cluster(s)" in captured.err
    goranboy = frame[frame.location == "Goranboy"].iloc[0]
    assert (goranboy.fatalities, goranboy.inter1, goranboy.inter2) == (5, 1, 1)  # the reviewer's toll
    assert goranboy.event_id_cnty == f"AZE{acled.event_number(IDS[1])}"
    from fastapi.testclient import TestClient

    from frontwire.web import create_app

    with TestClient(create_app(url)) as client:
        response = client.get("/api/events", params={"format": "acled", "all": "true"})
    assert response.status_code == 200 and 'filename="frontwire-events.acled.csv"' in response.headers[
        "content-disposition"]
    pd.testing.assert_frame_equal(_load(response.text), frame)  # the API's export is the CLI's
