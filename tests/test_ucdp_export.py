"""`--format ucdp`: UCDP GED's columns of the records UCDP would code (fatal organised violence),
with the rules of ucdp.py, on records written for these tests."""

from __future__ import annotations

import io
from typing import Any

import pandas as pd
import pytest

from frontwire import cli, export, ucdp
from test_export import _event

DTYPES: dict[str, Any] = {c: "Int64" for c in ucdp.INTEGER_COLUMNS} | {"latitude": "float64", "longitude": "float64"}


def _load(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), dtype=DTYPES, keep_default_na=False, na_values=[""])


ROWS = [
    # rebels attack an army post: state-based, the state as side A
    _event(event_id="r1", event_type="Battles", sub_event_type="Armed clash", actor1="Al Shabaab",
           actor2="Military Forces of Somalia (2022-)", deaths_actor1=3, deaths_actor2=5, deaths_civilians=None,
           deaths_unknown=None, fatalities=8, iso3="SOM", country="Somalia", admin1="Lower Shabelle", admin2="Marka",
           location="Marka", geo_precision=1),
    # a bomb kills villagers: one-sided
    _event(event_id="r2", event_type="Explosions/Remote violence", sub_event_type="Remote explosive/landmine/IED",
           actor1="Islamic State (Nigeria)", actor2="Civilians (Nigeria)", deaths_actor1=None, deaths_actor2=None,
           deaths_civilians=6, deaths_unknown=None, fatalities=6, iso3="NGA", country="Nigeria", admin1="Borno",
           admin2=None, location="Borno", geo_precision=3, event_date="2023-03-01", event_date_end="2023-03-05",
           time_precision=2),
    # two militias: non-state; one death the report gives no side
    _event(event_id="r3", event_type="Battles", sub_event_type="Armed clash", actor1="Fulani Ethnic Militia (Nigeria)",
           actor2="Tiv Ethnic Militia (Nigeria)", deaths_actor1=1, deaths_actor2=None, deaths_civilians=None,
           deaths_unknown=None, fatalities=2, iso3="NGA", country="Nigeria", location="Nigeria", geo_precision=3),
    # no one killed, a protest, background: not UCDP events
    _event(event_id="r4", fatalities=0),
    _event(event_id="r5", event_type="Protests", sub_event_type="Peaceful protest", fatalities=1),
    _event(event_id="r6", status="historical", fatalities=30),
]


def test_ucdp_rows_follow_the_rules() -> None:
    out = io.StringIO()
    assert export.write_ucdp(ROWS, out) == 3
    frame = _load(out.getvalue())
    assert list(frame.columns) == list(ucdp.COLUMNS)
    clash, bomb, militias = (frame.iloc[i] for i in range(3))
    assert (clash.type_of_violence, clash.side_a, clash.side_b) == (1, "Military Forces of Somalia (2022-)", "Al Shabaab")
    assert (clash.deaths_a, clash.deaths_b, clash.best, clash.where_prec, clash.region) == (5, 3, 8, 1, "Africa")
    assert (bomb.type_of_violence, bomb.side_b, bomb.deaths_civilians, bomb.where_prec, bomb.date_prec) == (
        3, "Civilians", 6, 4, 2)
    assert (militias.type_of_violence, militias.deaths_a, militias.deaths_unknown, militias.where_prec) == (2, 1, 1, 6)
    parts = frame.deaths_a + frame.deaths_b + frame.deaths_civilians + frame.deaths_unknown
    assert (parts == frame.best).all() and (frame.low == frame.best).all() and (frame.high == frame.best).all()


@pytest.mark.parametrize(("iso3", "region"), [("EGY", "Middle East"), ("SYR", "Middle East"), ("AZE", "Europe"),
                                              ("UKR", "Europe"), ("AFG", "Asia"), ("COL", "Americas"), ("MLI", "Africa")])
def test_ucdp_regions(iso3: str, region: str) -> None:
    assert ucdp.region(iso3) == region


def test_extract_writes_ucdp(capsys: pytest.CaptureFixture[str]) -> None:
    from conftest import SEED_TXT

    assert cli.main(["extract", str(SEED_TXT), "--published", "2020-09-16", "--format", "ucdp"]) == 0
    frame = _load(capsys.readouterr().out)
    assert len(frame) >= 1 and (frame.best > 0).all() and set(frame.type_of_violence) == {1}
    assert set(frame.region) == {"Europe"}  # Azerbaijan: UCDP's Europe


def test_events_and_the_api_write_the_same_ucdp(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from fastapi.testclient import TestClient

    from frontwire.store import Store
    from frontwire.web import create_app
    from test_web_api import fill

    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    with Store.open(url) as store:
        fill(store)
    assert cli.main(["events", "--db", url, "--format", "ucdp"]) == 0
    captured = capsys.readouterr()
    frame = _load(captured.out)
    assert len(frame) == 3 and "3 cluster(s) of 5; 2 not fatal political violence left out of the ucdp" in captured.err
    with TestClient(create_app(url)) as client:
        response = client.get("/api/events", params={"format": "ucdp", "all": "true"})
    assert response.status_code == 200
    pd.testing.assert_frame_equal(_load(response.text), frame)
