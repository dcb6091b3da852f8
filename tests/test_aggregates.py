"""`frontwire events --aggregate` and /api/stats count the same events the same way."""

from __future__ import annotations

import csv
import io
import json
import warnings
from pathlib import Path

import pytest

from frontwire import cli
from frontwire.store import Store
from frontwire.web import create_app
from test_web_api import fill

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture
def url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    with Store.open(url) as store:
        fill(store)
    return url


def test_the_cli_counts_as_the_api_does(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["events", "--db", url, "--aggregate", "month,country,admin1,actor", "--format", "jsonl",
                     "--since", "2020-08-01"]) == 0
    captured = capsys.readouterr()
    rows = [json.loads(line) for line in captured.out.splitlines()]
    with TestClient(create_app(url)) as client:
        stats = client.get("/api/stats", params={"by": "month,country,admin1,actor", "since": "2020-08-01"}).json()
    assert [(r["key"], r["events"], r["fatalities"]) for r in rows if r["by"] == "month"] == [
        (m["month"], m["events"], m["fatalities"]) for m in stats["by_month"]]
    assert {r["key"]: r["events"] for r in rows if r["by"] == "country"} == {
        c["country"]: c["events"] for c in stats["by_country"]}
    assert {(r["iso3"], r["key"]) for r in rows if r["by"] == "admin1"} == {
        (a["iso3"], a["admin1"]) for a in stats["by_admin1"]}
    assert rows[-1] == {"by": "total", "key": None, "iso3": None, "events": 3, "fatalities": 2}
    assert "3 event(s), 2 dead, by month, country, admin1, actor" in captured.err


def test_aggregates_as_csv_and_as_a_table(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["events", "--db", url, "--aggregate", "type", "--format", "csv"]) == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert table[0] == {"by": "type", "key": "Explosions/Remote violence", "iso3": "", "events": "3",
                        "fatalities": "16"}
    assert table[-1]["by"] == "total" and table[-1]["events"] == "5"
    assert cli.main(["events", "--db", url, "--aggregate", "month", "--format", "table"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["month", "events", "fatalities"]
    assert lines[1].split() == ["2020-07", "1", "13"]


@pytest.mark.parametrize(("flags", "message"), [
    (["--aggregate", "week"], "--aggregate: expected one or more of day, month, type, country, admin1, actor, month_type, got 'week'"),
    (["--aggregate", "month", "--reports"], "--aggregate: counts the clusters"),
    (["--aggregate", "month", "--format", "geojson"], "--aggregate: writes table, csv or jsonl, not geojson"),
])
def test_bad_aggregates_are_refused(url: str, flags: list[str], message: str,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["events", "--db", url, *flags]) == 2
    assert message in capsys.readouterr().err
