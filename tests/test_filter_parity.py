"""The command line and the web API read the same filters the same way (store/filters.py,
store/events_query.py parse_query): a value one accepts selects the same events in the other,
and a value one refuses is refused by the other with the same message, only the option's name
spelt as each spells it ('--min-fatalities', 'min_fatalities')."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator

import pytest

from frontwire import cli
from frontwire.store import Store
from frontwire.store.filters import parse_filter
from frontwire.web import create_app
from test_web_api import fill

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, str]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('parity') / 'store.sqlite'}"
    with Store.open(url) as store:
        fill(store)
    with TestClient(create_app(url)) as client:
        yield client, url


def _flag(param: str) -> str:
    return "--" + {"q": "text"}.get(param, param).replace("_", "-")


def _cli(url: str, param: str, value: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], str]:
    code = cli.main(["events", "--db", url, "--format", "jsonl", f"{_flag(param)}={value}"])
    captured = capsys.readouterr()
    return code, [json.loads(line)["cluster_id"] for line in captured.out.splitlines()], captured.err


@pytest.mark.parametrize(("param", "value"), [
    ("country", "Georgia"), ("country", "geo"), ("country", "GE"), ("country", "Azerbaijan"),
    ("type", "armed CLASH"), ("type", "protests"), ("bbox", "44,40,47,42"), ("bbox", "46.79,40.61,46.79,40.61"),
    ("since", "2020-08-23"), ("until", "2020-08-23"), ("actor", "armenia"), ("min_fatalities", "2"),
    ("status", "claimed"), ("status", "Reported,claimed"), ("q", "GANJA"),
])
def test_a_filter_selects_the_same_events(both: tuple[TestClient, str], param: str, value: str,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    client, url = both
    response = client.get("/api/events", params={param: value})
    assert response.status_code == 200, response.text
    api = [e["cluster_id"] for e in response.json()["events"]]
    code, listed, err = _cli(url, param, value, capsys)
    assert code == 0, err
    assert listed == api and api, (param, value)


@pytest.mark.parametrize(("param", "value", "message"), [
    ("bbox", "10,0,5,1", "expected min_lon,min_lat,max_lon,max_lat with min <= max, got '10,0,5,1'"),
    ("bbox", "1,2,3", "expected min_lon,min_lat,max_lon,max_lat with min <= max, got '1,2,3'"),
    ("bbox", "0,0,200,1", "(longitudes lie in -180..180, latitudes in -90..90)"),
    ("type", "Armed clashes", "unknown ACLED event type or sub-event type 'Armed clashes'; did you mean 'Armed clash'?"),
    ("status", "rumoured", "expected one or more of reported, claimed, denied, threatened, historical"),
    ("actor", "  ", "expected some text of an actor's name"),
    ("country", " ", "expected an ISO 3166 code or a country name"),
    ("country", "Azerbijan", "unknown country 'Azerbijan': expected an ISO 3166 code or a country name; did you "
                             "mean 'Azerbaijan'?"),
    ("country", "Atlantis", "unknown country 'Atlantis'"),
])
def test_a_bad_filter_gets_the_same_message(both: tuple[TestClient, str], param: str, value: str, message: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    client, url = both
    response = client.get("/api/events", params={param: value})
    assert response.status_code == 400, response.text
    api = response.json()["detail"]
    code, _, err = _cli(url, param, value, capsys)
    assert code == 2
    cli_message = err.removeprefix("frontwire: error: ").strip()
    assert api.startswith(f"{param}: ") and cli_message.startswith(f"{_flag(param)}: "), (api, cli_message)
    assert message in api
    assert cli_message.removeprefix(f"{_flag(param)}: ") == api.removeprefix(f"{param}: ")


@pytest.mark.parametrize(("name", "iso3"), [
    ("Burma", "MMR"), ("Myanmar", "MMR"), ("Ivory Coast", "CIV"), ("DR Congo", "COD"), ("Kosovo", "XKX"),
    ("XKX", "XKX"), ("ge", "GEO"), ("US", "USA"), ("the Gambia", "GMB"),
])
def test_a_country_is_named_as_the_extractor_names_it(name: str, iso3: str) -> None:
    assert parse_filter(country=name).country == iso3
