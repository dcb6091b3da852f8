"""GET /api/places: the most populous places of the gazetteer in a box (the map's town labels),
with FastAPI's TestClient against the gazetteer index built from the packaged data (conftest's
`built_gazetteer`) and a real SQLite store. Bad boxes and limits are refused naming the field; a
server without an index answers 503 and builds nothing."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from frontwire.store import Store
from frontwire.web import create_app
from frontwire.web.places import MAX_PLACES
from frontwire.web.review import Reviews

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

CAUCASUS = "43.5,38.5,50.5,42.5"  # Georgia, Armenia, Azerbaijan and the north of Iran


@pytest.fixture
def client(tmp_path: Path, built_gazetteer: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("FRONTWIRE_DATA", str(built_gazetteer.parent))
    with TestClient(create_app(f"sqlite:///{tmp_path / 'store.sqlite'}")) as c:
        yield c


def places(c: TestClient, **params: Any) -> list[dict[str, Any]]:
    response = c.get("/api/places", params=params)
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()["places"]
    return found


def test_a_box_gives_its_most_populous_places_first(client: TestClient) -> None:
    found = places(client, bbox=CAUCASUS, limit=10)
    assert len(found) == 10
    assert found[0]["name"] == "Baku"  # the largest city between the Black Sea and the Caspian
    assert {"Tbilisi", "Yerevan"} <= {p["name"] for p in found}
    populations = [p["population"] for p in found]
    assert populations == sorted(populations, reverse=True)
    for p in found:
        assert 43.5 <= p["longitude"] <= 50.5 and 38.5 <= p["latitude"] <= 42.5, p
        assert p["kind"] == "place" and set(p) >= {"name", "latitude", "longitude", "population", "kind"}
    # a smaller box inside it: smaller towns, none outside it
    around_ganja = places(client, bbox="46.0,40.5,46.6,40.9", limit=5)
    assert around_ganja[0]["name"] == "Ganja"
    assert all(46.0 <= p["longitude"] <= 46.6 and 40.5 <= p["latitude"] <= 40.9 for p in around_ganja)
    # the open sea holds no town; a box may be a line (min = max)
    assert places(client, bbox="-30,-40,-20,-30") == []
    lon = around_ganja[0]["longitude"]
    assert places(client, bbox=f"{lon},40.5,{lon},40.9", limit=1)[0]["name"] == "Ganja"
    assert len(places(client, bbox="-180,-90,180,90")) == 50  # the default limit


def test_the_limit_is_bounded(client: TestClient) -> None:
    assert len(places(client, bbox="-180,-90,180,90", limit=MAX_PLACES)) == MAX_PLACES
    assert len(places(client, bbox=CAUCASUS, limit=1)) == 1
    for bad in ("0", "-1", str(MAX_PLACES + 1), "10000000000000000000", "ten", "1.5"):
        response = client.get("/api/places", params={"bbox": CAUCASUS, "limit": bad})
        assert response.status_code == 422, (bad, response.text)
        assert [d["loc"] for d in response.json()["detail"]] == [["query", "limit"]], bad


@pytest.mark.parametrize("bbox", ["43.5,38.5,50.5", "50.5,38.5,43.5,42.5", "43.5,42.5,50.5,38.5", "-200,0,10,10",
                                  "0,-95,10,10", "nan,0,10,10", "0,0,inf,10", "a,b,c,d", "", "1,2,3,4,5"])
def test_a_bad_box_is_refused_naming_bbox(client: TestClient, bbox: str) -> None:
    response = client.get("/api/places", params={"bbox": bbox})
    assert response.status_code in (400, 422), response.text
    detail = response.json()["detail"]
    if response.status_code == 400:
        assert detail.startswith("bbox: expected min_lon,min_lat,max_lon,max_lat"), detail
    else:
        assert [d["loc"] for d in detail] == [["query", "bbox"]]


@pytest.mark.parametrize("query", ["", "bbox=", "bbox=1,2,3,4%00", "bbox=%ed%a0%80", "bbox=%ff%fe", "bbox=" + "9" * 300,
                                   "bbox=1%0A,2,3,4"])
def test_a_missing_or_hostile_box_is_refused_naming_bbox(client: TestClient, query: str) -> None:
    response = client.get(f"/api/places?{query}")
    assert response.status_code in (400, 422), response.text
    detail = response.json()["detail"]
    if response.status_code == 400:
        assert detail.startswith("bbox: "), detail
    else:
        assert [d["loc"] for d in detail] == [["query", "bbox"]]
        assert "input" not in detail[0]


def test_without_an_index_the_answer_is_503_and_nothing_is_built(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "empty-data"
    data.mkdir()
    monkeypatch.setenv("FRONTWIRE_DATA", str(data))
    with TestClient(create_app(f"sqlite:///{tmp_path / 'store.sqlite'}")) as c:
        response = c.get("/api/places", params={"bbox": CAUCASUS})
    assert response.status_code == 503
    assert "frontwire gazetteer build" in response.json()["detail"]
    assert list(data.iterdir()) == []


def test_reading_places_needs_the_token_where_reading_does(tmp_path: Path, built_gazetteer: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTWIRE_DATA", str(built_gazetteer.parent))
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    with Store.open(url) as store:
        token = Reviews(store.engine).create_token("alice")
    with TestClient(create_app(url, read_token_required=True)) as c:
        assert c.get("/api/places", params={"bbox": "nonsense"}).status_code == 401  # before the box is read
        response = c.get("/api/places", params={"bbox": CAUCASUS, "limit": 3},
                         headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200 and len(response.json()["places"]) == 3
