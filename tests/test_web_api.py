"""The web API (frontwire.web) with FastAPI's TestClient against a real store: SQLite, and
PostgreSQL where the `db_url` fixture is parametrised (filters, pagination, review, auth)."""

from __future__ import annotations

import argparse
import base64
import hashlib
import http.server
import io
import re
import threading
import warnings
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from conftest import SEED_HTML
from frontwire.cli.web import register, run_token
from frontwire.model import Article, Evidence
from frontwire.store import Store
from frontwire.store import schema as t
from frontwire.web import create_app
from frontwire.web.review import Reviews, hash_token
from test_store import article, event

with warnings.catch_warnings():  # Starlette 1.x would rather have httpx2 under its TestClient; httpx works
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

STATIC = Path(__file__).resolve().parents[1] / "src" / "frontwire" / "web" / "static"


def singleton_clusters(store: Store) -> None:
    """One cluster per report (what deduplication does when no two reports match)."""
    events = list(store.iter_reports())
    clusters = [{"cluster_id": e.event_id, "representative_id": e.event_id, "n_reports": 1, "fatalities": e.fatalities,
                 "fatalities_rule": "the only report", "event_date": e.event_date, "event_type": e.event_type,
                 "sub_event_type": e.sub_event_type, "actor1": e.actor1, "actor2": e.actor2, "iso3": e.iso3,
                 "latitude": e.latitude, "longitude": e.longitude, "status": e.status} for e in events]
    store.replace_clusters(clusters, [{"event_id": e.event_id, "cluster_id": e.event_id} for e in events], [])


# Five events: dates, places and types to filter on; one undated and without coordinates.
ROWS: list[dict[str, Any]] = [
    {"event_date": "2020-07-12", "location": "Tovuz", "latitude": 40.99, "longitude": 45.63, "fatalities": 13,
     "notes": "Shelling of Azerbaijani posts near Tovuz"},
    {"event_date": "2020-08-23", "location": "Goranboy", "latitude": 40.61, "longitude": 46.79, "fatalities": 0,
     "event_type": "Battles", "sub_event_type": "Armed clash", "actor1": "Military Forces of Azerbaijan",
     "actor2": "Military Forces of Armenia", "notes": "A reconnaissance group was stopped near Goranboy"},
    {"event_date": "2020-08-23", "location": "Ganja", "latitude": 40.68, "longitude": 46.36, "fatalities": 2,
     "status": "claimed", "notes": "Two civilians killed in Ganja, the ministry said"},
    {"event_date": "2020-09-01", "location": "Tbilisi", "country": "Georgia", "iso3": "GEO", "latitude": 41.72,
     "longitude": 44.79, "fatalities": 0, "event_type": "Protests", "sub_event_type": "Peaceful protest",
     "notes": "A protest in Tbilisi"},
    {"event_date": None, "event_date_end": None, "location": None, "latitude": None, "longitude": None,
     "fatalities": 1, "notes": "An undated report of a death"},
]
IDS = [f"a{i + 1:04d}-e0" for i in range(len(ROWS))]  # in date order, undated last


def fill(store: Store) -> None:
    for i, row in enumerate(ROWS):
        a = article(i + 1)
        store.add_article(a, [event(a.article_id, 0, **row)])
    singleton_clusters(store)


@pytest.fixture
def client(db_url: str) -> Iterator[tuple[TestClient, Store, str]]:
    with Store.open(db_url) as store:
        fill(store)
        token = Reviews(store.engine).create_token("alice")
        with TestClient(create_app(db_url)) as c:
            yield c, store, token


@pytest.fixture
def sqlite_client(tmp_path: Path) -> Iterator[tuple[TestClient, Store, str]]:
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    with Store.open(url) as store:
        fill(store)
        token = Reviews(store.engine).create_token("alice")
        with TestClient(create_app(url)) as c:
            yield c, store, token


def ids(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [e["cluster_id"] for e in response.json()["events"]]


def all_pages(c: TestClient, **params: Any) -> list[str]:
    seen: list[str] = []
    cursor = None
    for _ in range(20):
        body = c.get("/api/events", params={**params, **({"cursor": cursor} if cursor else {})}).json()
        seen += [e["cluster_id"] for e in body["events"]]
        cursor = body["next"]
        if cursor is None:
            return seen
    raise AssertionError("pagination did not end")


def test_filters_match_the_store_semantics(client: tuple[TestClient, Store, str]) -> None:
    c, _, _ = client
    assert ids(c.get("/api/events")) == IDS
    assert ids(c.get("/api/events", params={"since": "2020-08-01", "until": "2020-08-31"})) == IDS[1:3]
    assert ids(c.get("/api/events", params={"bbox": "45.0,40.5,46.0,41.5"})) == [IDS[0]]
    assert ids(c.get("/api/events", params={"bbox": "44,40,47,42", "since": "2020-08-01"})) == IDS[1:4]
    assert ids(c.get("/api/events", params={"country": "geo"})) == [IDS[3]]
    assert ids(c.get("/api/events", params={"country": "Georgia"})) == [IDS[3]]
    assert ids(c.get("/api/events", params={"type": "armed clash"})) == [IDS[1]]
    assert ids(c.get("/api/events", params={"type": "Explosions/Remote violence"})) == [IDS[0], IDS[2], IDS[4]]
    assert ids(c.get("/api/events", params={"actor": "of azerb"})) == IDS  # actor1 or actor2, any case
    assert ids(c.get("/api/events", params={"min_fatalities": 2})) == [IDS[0], IDS[2]]
    assert ids(c.get("/api/events", params={"status": "claimed"})) == [IDS[2]]
    # free text: notes, and the evidence sentences (every test event's evidence is TEXT of test_store)
    assert ids(c.get("/api/events", params={"q": "RECONNAISSANCE"})) == [IDS[1]]
    assert ids(c.get("/api/events", params={"q": "the ministry said"})) == IDS  # in every evidence sentence
    assert ids(c.get("/api/events", params={"q": "100%_"})) == []  # LIKE wildcards are matched literally


def test_cursor_pages_cover_every_event_once_in_both_orders(client: tuple[TestClient, Store, str]) -> None:
    c, _, _ = client
    assert all_pages(c, limit=2) == IDS
    assert all_pages(c, limit=1, order="desc") == [IDS[4], IDS[3], IDS[2], IDS[1], IDS[0]]  # undated first
    assert all_pages(c, limit=2, since="2020-08-01") == IDS[1:4]
    first = c.get("/api/events", params={"limit": 2})
    assert first.headers["X-Next-Cursor"] == first.json()["next"]
    assert 'rel="next"' in first.headers["Link"]


def test_formats(sqlite_client: tuple[TestClient, Store, str]) -> None:
    c, _, _ = sqlite_client
    gj = c.get("/api/events", params={"format": "geojson"})
    assert gj.headers["content-type"].startswith("application/geo+json")
    features = gj.json()["features"]
    assert [f["id"] for f in features] == IDS[:4]  # the undated event has no coordinates either
    assert features[0]["geometry"] == {"type": "Point", "coordinates": [45.63, 40.99]}
    assert features[0]["properties"]["fatalities"] == 13 and features[0]["properties"]["review"]["status"] == "unreviewed"

    csv_all = c.get("/api/events", params={"format": "csv", "all": "true"})
    assert csv_all.headers["content-disposition"] == 'attachment; filename="frontwire-events.csv"'
    lines = csv_all.text.splitlines()
    header = lines[0].split(",")
    assert header[:3] == ["event_id_cnty", "article_id", "event_date"] and "review_status" in header
    assert len(lines) == 1 + len(IDS)

    page = c.get("/api/events", params={"brief": "true", "limit": 1}).json()
    assert set(page["events"][0]) >= {"cluster_id", "latitude", "fatalities", "review"}
    assert "evidence" not in page["events"][0] and "url" not in page["events"][0]
    assert len(list(c.get("/api/events", params={"all": "true", "limit": 1}).json()["events"])) == len(IDS)


def test_csv_defuses_spreadsheet_formulas(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    with Store.open(url) as store:
        a = article(1)
        store.add_article(a, [event(a.article_id, 0, notes='=HYPERLINK("http://x.example","click")')])
        singleton_clusters(store)
    with TestClient(create_app(url)) as c:
        text = c.get("/api/events", params={"format": "csv"}).text
    assert "'=HYPERLINK" in text and ',"=HYPERLINK' not in text


def test_stats_by_day_type_and_country(sqlite_client: tuple[TestClient, Store, str]) -> None:
    c, _, _ = sqlite_client
    s = c.get("/api/stats").json()
    assert (s["events"], s["fatalities"], s["undated"]) == (5, 16, 1)
    assert s["by_day"] == [{"date": "2020-07-12", "events": 1, "fatalities": 13},
                           {"date": "2020-08-23", "events": 2, "fatalities": 2},
                           {"date": "2020-09-01", "events": 1, "fatalities": 0}]
    assert s["by_type"][0] == {"event_type": "Explosions/Remote violence", "events": 3, "fatalities": 16}
    assert {r["iso3"]: r["events"] for r in s["by_country"]} == {"AZE": 4, "GEO": 1}
    assert c.get("/api/stats", params={"country": "GEO"}).json()["events"] == 1
    days = c.get("/api/stats", params={"by": "day"}).json()  # what the timeline asks for: one grouping
    assert set(days) == {"events", "fatalities", "undated", "by_day"} and days["by_day"] == s["by_day"]
    r = c.get("/api/stats", params={"by": "week"})
    assert r.status_code == 400 and "by: expected some of day, month, type, country, admin1, actor, month_type" in r.json()["detail"]


def test_stats_by_month_region_and_actor(client: tuple[TestClient, Store, str]) -> None:
    c, store, token = client
    s = c.get("/api/stats", params={"by": "month,admin1,actor"}).json()
    assert (s["events"], s["fatalities"], s["undated"]) == (5, 16, 1)
    assert s["by_month"] == [{"month": "2020-07", "events": 1, "fatalities": 13},
                             {"month": "2020-08", "events": 2, "fatalities": 2},
                             {"month": "2020-09", "events": 1, "fatalities": 0}]
    assert sum(r["events"] for r in s["by_admin1"]) == 5 and all("iso3" in r for r in s["by_admin1"])
    actors = {r["actor"]: (r["events"], r["fatalities"]) for r in s["by_actor"]}
    # an event counts for each of its two actors (the Goranboy report has them the other way round)
    assert actors == {"Military Forces of Armenia": (5, 16), "Military Forces of Azerbaijan": (5, 16)}
    stacked = c.get("/api/stats", params={"by": "month_type"}).json()["by_month_type"]  # the chart's stacks
    assert [(r["month"], r["event_type"], r["events"]) for r in stacked] == [
        ("2020-07", "Explosions/Remote violence", 1), ("2020-08", "Battles", 1),
        ("2020-08", "Explosions/Remote violence", 1), ("2020-09", "Protests", 1)]
    only_actors = c.get("/api/stats", params={"by": "actor"}).json()
    assert (only_actors["events"], only_actors["fatalities"]) == (5, 16)  # totals count each event once
    # an edited event counts with its corrected values in every grouping
    r = c.patch(f"/api/events/{IDS[1]}", json={"action": "edit", "changes": {"event_date": "2020-09-02",
                                                                          "fatalities": 4}},
                headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200, r.text
    s = c.get("/api/stats", params={"by": "month,actor"}).json()
    assert (s["events"], s["fatalities"]) == (5, 20)
    edited = c.get("/api/events", params={"review": "edited"}).json()["events"]  # a status to filter on
    assert [(e["cluster_id"], e["review"]["status"]) for e in edited] == [(IDS[1], "edited")]
    assert {r["month"]: r["events"] for r in s["by_month"]} == {"2020-07": 1, "2020-08": 1, "2020-09": 2}


def test_event_detail_has_evidence_excerpts_and_merge_reasons(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    text = "Shelling hit Tovuz on Sunday. Four soldiers were killed in Tovuz, the ministry said. More follows."
    with Store.open(url) as store:
        a = Article("art1", text, title="Tovuz shelled", source="example.org", published=date(2020, 7, 13))
        b = Article("art2", text + " Updated.", source="other.example")
        start = text.index("Four")
        ev = [Evidence(text[start:text.index("said.") + 5], start, text.index("said.") + 5)]
        store.add_article(a, [event("art1", 0, evidence=ev, fatalities=4)])
        store.add_article(b, [event("art2", 0, evidence=ev, fatalities=5)])
        cluster = {"cluster_id": "c1", "representative_id": "art1-e0", "n_reports": 2, "fatalities": 4,
                   "fatalities_rule": "lowest of the latest reports", "event_date": "2020-07-12",
                   "event_type": "Explosions/Remote violence", "sub_event_type": "Shelling/artillery/missile attack",
                   "actor1": "Military Forces of Armenia", "actor2": "Military Forces of Azerbaijan", "iso3": "AZE",
                   "latitude": 40.99, "longitude": 45.63, "status": "reported"}
        store.replace_clusters([cluster], [{"event_id": "art1-e0", "cluster_id": "c1"},
                                           {"event_id": "art2-e0", "cluster_id": "c1"}],
                               [{"event_id": "art2-e0", "cluster_id": "c1", "matched_event_id": "art1-e0",
                                 "score": 0.92, "reasons": {"km_apart": 0.0, "days_apart": 0}}])
    with TestClient(create_app(url)) as c:
        d = c.get("/api/events/c1").json()
        assert c.get("/api/events/nope").status_code == 404
        article_json = c.get("/api/articles/art1").json()
    assert d["event"]["n_reports"] == 2 and d["event"]["fatalities"] == 4 and d["event"]["report_fatalities"] == 4
    assert [r["event_id"] for r in d["reports"]] == ["art1-e0", "art2-e0"]
    first = d["reports"][0]
    assert first["representative"] and first["article"]["title"] == "Tovuz shelled"
    [e] = first["evidence"]
    assert e["text"] == "Four soldiers were killed in Tovuz, the ministry said."
    assert e["before"] == "Shelling hit Tovuz on Sunday. " and e["after"] == " More follows."
    assert d["merges"] == [{"event_id": "art2-e0", "cluster_id": "c1", "matched_event_id": "art1-e0", "score": 0.92,
                            "reasons": {"km_apart": 0.0, "days_apart": 0}}]
    assert d["history"] == [] and d["review"]["status"] == "unreviewed"
    assert article_json["text"] == text and article_json["events"] == [{"event_id": "art1-e0", "cluster_id": "c1"}]


def _revisions(store: Store) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(t.revisions)).scalar_one())


def test_writes_need_a_valid_token_and_a_refused_one_changes_nothing(client: tuple[TestClient, Store, str]) -> None:
    c, store, token = client
    reviews = Reviews(store.engine)
    revoked = reviews.create_token("bob")
    assert reviews.revoke_token("bob")
    for headers in ({}, {"Authorization": "Bearer fw_wrong"}, {"Authorization": f"Basic {token}"},
                    {"Authorization": f"Bearer {token}x"}, {"Authorization": f"Bearer {revoked}"}):
        r = c.patch(f"/api/events/{IDS[0]}", json={"action": "reject"}, headers=headers)
        assert r.status_code == 401, headers
        assert r.headers["WWW-Authenticate"] == "Bearer"
        assert c.post("/api/articles", json={"text": "x"}, headers=headers).status_code == 401
    assert _revisions(store) == 0
    assert ids(c.get("/api/events")) == IDS


def test_reject_leaves_the_default_view_accept_brings_it_back(client: tuple[TestClient, Store, str]) -> None:
    c, store, token = client
    auth = {"Authorization": f"Bearer {token}"}
    r = c.patch(f"/api/events/{IDS[0]}", json={"action": "reject", "comment": "background, not news"}, headers=auth)
    assert r.status_code == 200 and r.json()["review"]["status"] == "rejected"
    assert ids(c.get("/api/events")) == IDS[1:]
    assert ids(c.get("/api/events", params={"review": "rejected"})) == [IDS[0]]
    assert ids(c.get("/api/events", params={"review": "all"})) == IDS
    assert c.get("/api/stats").json()["events"] == 4
    c.patch(f"/api/events/{IDS[0]}", json={"action": "accept"}, headers=auth)
    assert ids(c.get("/api/events")) == IDS
    assert ids(c.get("/api/events", params={"review": "accepted"})) == [IDS[0]]
    assert ids(c.get("/api/events", params={"review": "unreviewed"})) == IDS[1:]
    history = c.get(f"/api/events/{IDS[0]}").json()["history"]
    assert [(h["action"], h["reviewer"], h["comment"]) for h in history] == [
        ("reject", "alice", "background, not news"), ("accept", "alice", None)]
    assert store.reports_of([IDS[0]])[0] == event("a0001", 0, **ROWS[0])  # the extraction is untouched


def test_edits_overlay_fields_and_filters_see_the_edited_values(client: tuple[TestClient, Store, str]) -> None:
    c, store, token = client
    auth = {"Authorization": f"Bearer {token}"}
    moved = {"location": "Shusha", "latitude": 39.76, "longitude": 46.75, "fatalities": 20}
    r = c.patch(f"/api/events/{IDS[0]}", json={"action": "edit", "changes": moved, "comment": "place fixed"},
                headers=auth)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["event"]["location"] == "Shusha" and body["extracted"]["location"] == "Tovuz"
    assert body["review"]["edited"] == ["fatalities", "latitude", "location", "longitude"]
    assert body["history"][0]["changes"]["location"] == {"old": "Tovuz", "new": "Shusha"}
    assert ids(c.get("/api/events", params={"bbox": "45.0,40.5,46.0,41.5"})) == []  # not at the old place
    assert ids(c.get("/api/events", params={"bbox": "46.5,39.5,47.0,40.0"})) == [IDS[0]]  # at the new one
    assert ids(c.get("/api/events", params={"min_fatalities": 15})) == [IDS[0]]
    assert ids(c.get("/api/events", params={"q": "azerbaijani POSTS"})) == [IDS[0]]  # original notes still searched
    assert all_pages(c, limit=2) == IDS and all_pages(c, limit=2, order="desc") == IDS[::-1]
    assert c.get("/api/stats").json()["fatalities"] == 16 - 13 + 20
    # a second edit of the date moves it in the order
    c.patch(f"/api/events/{IDS[0]}", json={"action": "edit", "changes": {"event_date": "2020-08-30"}}, headers=auth)
    assert all_pages(c, limit=2) == [IDS[1], IDS[2], IDS[0], IDS[3], IDS[4]]
    assert store.reports_of([IDS[0]])[0].location == "Tovuz"  # the original extraction is never overwritten


@pytest.mark.parametrize(("changes", "message"), [
    ({"fatalities": -1}, "fatalities: -1 is out of range"),
    ({"latitude": 95}, "latitude: 95 is out of range"),
    ({"latitude": None}, "latitude, longitude: give both"),
    ({"event_date": "12 July"}, "event_date: not an ISO date"),
    ({"event_date_end": "2020-01-01"}, "event_date_end: 2020-01-01 is before event_date"),
    ({"sub_event_type": "Armed clash"}, "belongs to event type 'Battles'"),
    ({"event_type": "Skirmish"}, "not an ACLED event type"),
    ({"status": "rumoured"}, "status: expected one of"),
    ({"event_id": "x"}, "not editable: event_id"),
    ({}, "at least one field"),
    ({"location": "Tovuz"}, "nothing to change"),
])
def test_bad_edits_are_refused_naming_the_field(sqlite_client: tuple[TestClient, Store, str],
                                                changes: dict[str, Any], message: str) -> None:
    c, store, token = sqlite_client
    r = c.patch(f"/api/events/{IDS[0]}", json={"action": "edit", "changes": changes},
                headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 400 and message in r.json()["detail"], r.text
    assert _revisions(store) == 0


def test_bad_parameters_say_which_and_why(sqlite_client: tuple[TestClient, Store, str]) -> None:
    c, _, token = sqlite_client
    for params, message in (({"bbox": "1,2,3"}, "bbox: expected"), ({"bbox": "10,0,5,1"}, "with min <= max, got '10,0,5,1'"),
                            ({"cursor": "garbage!"}, "cursor: not a cursor"), ({"status": "x"}, "status: expected"),
                            ({"since": "2020-02-01", "until": "2020-01-01"}, "since 2020-02-01 is after until 2020-01-01")):
        r = c.get("/api/events", params=params)
        assert r.status_code == 400 and message in r.json()["detail"], (params, r.text)
    assert c.get("/api/events", params={"limit": 0}).status_code == 422
    assert c.get("/api/events", params={"since": "July"}).status_code == 422
    assert c.get("/api/events", params={"review": "maybe"}).status_code == 422
    assert c.patch(f"/api/events/{IDS[0]}", json={"action": "delete"},
                   headers={"Authorization": f"Bearer {token}"}).status_code == 422


def test_tokens_are_stored_hashed_and_named(tmp_path: Path) -> None:
    with Store.open(str(tmp_path / "s.sqlite")) as store:
        reviews = Reviews(store.engine)
        token = reviews.create_token("alice")
        with store.engine.connect() as conn:
            [(stored,)] = conn.execute(select(t.tokens.c.token_hash)).all()
        assert token.startswith("fw_") and len(token) > 40 and token not in stored and stored == hash_token(token)
        assert reviews.verify(token) == "alice" and reviews.verify(token[:-1]) is None and reviews.verify("") is None
        with pytest.raises(Exception, match="exists already"):
            reviews.create_token("alice")
        with pytest.raises(Exception, match="token name"):
            reviews.create_token("no spaces please")
        assert reviews.revoke_token("alice") and reviews.verify(token) is None
        again = reviews.create_token("alice")  # a revoked name gets a new token
        assert again != token and reviews.verify(again) == "alice"


def test_cli_token_create_list_revoke(tmp_path: Path) -> None:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    db = str(tmp_path / "s.sqlite")
    out = io.StringIO()
    assert run_token(parser.parse_args(["token", "--db", db, "create", "carol"]), out) == 0
    token = out.getvalue().strip()
    listing = io.StringIO()
    run_token(parser.parse_args(["token", "--db", db, "list"]), listing)
    assert listing.getvalue().startswith("carol\t") and "active" in listing.getvalue() and token not in listing.getvalue()
    run_token(parser.parse_args(["token", "--db", db, "revoke", "carol"]), io.StringIO())
    with Store.open(db) as store:
        assert Reviews(store.engine).verify(token) is None
    serve = parser.parse_args(["serve", "--db", db])
    assert (serve.host, serve.port, serve.require_read_token, serve.cors_origin) == ("127.0.0.1", 8000, False, [])


def test_token_takes_the_data_dir_as_the_other_commands_do(tmp_path: Path) -> None:
    from frontwire.store import resolve_url

    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    data = tmp_path / "data"
    data.mkdir()
    assert run_token(parser.parse_args(["token", "--data-dir", str(data), "create", "dana"]), io.StringIO()) == 0
    with Store.open(resolve_url(None, data)) as store:  # the default store of that folder
        assert [row["name"] for row in Reviews(store.engine).tokens()] == ["dana"]
    serve = parser.parse_args(["serve", "--data-dir", str(data)])
    assert serve.data_dir == str(data) and serve.db is None


def test_token_takes_the_store_options_after_its_verb_too(tmp_path: Path) -> None:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    db = str(tmp_path / "new" / "s.sqlite")
    after = parser.parse_args(["token", "create", "erin", "--db", db, "--create"])
    assert run_token(after, io.StringIO()) == 0
    before = parser.parse_args(["token", "--db", db, "--create", "list"])  # given before the verb: kept
    assert (before.db, before.create) == (db, True)
    listing = io.StringIO()
    assert run_token(parser.parse_args(["token", "list", "--db", db]), listing) == 0
    assert listing.getvalue().startswith("erin\t")


def test_reading_can_require_a_token(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    with Store.open(url) as store:
        fill(store)
        token = Reviews(store.engine).create_token("alice")
    with TestClient(create_app(url, read_token_required=True)) as c:
        for path in ("/api/events", f"/api/events/{IDS[0]}", "/api/articles/a0001", "/api/stats"):
            assert c.get(path).status_code == 401, path
            assert c.get(path, headers={"Authorization": f"Bearer {token}"}).status_code == 200, path
        assert c.get("/").status_code == 200 and c.get("/api/meta").json()["read_token_required"] is True


def test_body_limit_cors_and_security_headers(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    with TestClient(create_app(url, max_body_bytes=1000)) as c:
        big = {"text": "word " * 400}
        assert c.post("/api/articles", json=big).status_code == 413  # before any token check

        def chunks() -> Iterator[bytes]:
            yield b'{"text": "'
            for _ in range(50):
                yield b"word " * 10
            yield b'"}'

        r = c.post("/api/articles", content=chunks(), headers={"Content-Type": "application/json"})
        assert r.status_code == 413 and "limit of 1,000 bytes" in r.json()["detail"]
        pre = c.options("/api/events", headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "GET"})
        assert "access-control-allow-origin" not in pre.headers
        assert "access-control-allow-origin" not in c.get("/api/events", headers={"Origin": "http://evil.example"}).headers
        page = c.get("/")
        assert "script-src 'self'" in page.headers["content-security-policy"]
        assert page.headers["x-content-type-options"] == "nosniff"
    with TestClient(create_app(url, cors_origins=["http://analyst.example"])) as c:
        r = c.get("/api/events", headers={"Origin": "http://analyst.example"})
        assert r.headers["access-control-allow-origin"] == "http://analyst.example"
        assert "access-control-allow-origin" not in c.get("/api/events", headers={"Origin": "http://evil.example"}).headers


def test_head_of_the_page_and_the_docs_pages_policy(tmp_path: Path) -> None:
    """HEAD / answers as GET does, without the body; the API description pages get a policy that
    allows their own inline scripts by hash (and no other inline script), headers survive gzip."""
    with TestClient(create_app(f"sqlite:///{tmp_path / 's.sqlite'}")) as c:
        head = c.head("/")
        assert head.status_code == 200 and head.content == b"" and head.headers["content-type"].startswith("text/html")
        assert head.headers["content-security-policy"] == c.get("/").headers["content-security-policy"]
        for path in ("/docs", "/redoc", "/docs/oauth2-redirect"):
            r = c.get(path)
            policy = {d.split()[0]: d.split()[1:] for d in r.headers["content-security-policy"].split("; ")}
            inline = re.findall(r"<script>(.*?)</script>", r.text, re.DOTALL)
            hashes = sorted(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in inline)
            assert policy["script-src"] == ["'self'", *hashes], (path, policy)
            assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
            assert policy["connect-src"] == ["'self'"] and policy["img-src"] == ["'self'", "data:"]
        assert len(re.findall(r"<script>", c.get("/docs").text)) == 1  # the policy would allow only that one
        docs_style = c.get("/docs").headers["content-security-policy"]
        assert "style-src 'self';" in docs_style and "unsafe" not in docs_style  # Swagger UI needs no inline style
        gz = c.get("/api/outlines", headers={"Accept-Encoding": "gzip"})
        assert gz.headers["content-encoding"] == "gzip" and gz.headers["x-content-type-options"] == "nosniff"


def test_docs_and_page_load_nothing_from_elsewhere(tmp_path: Path) -> None:
    with TestClient(create_app(f"sqlite:///{tmp_path / 's.sqlite'}")) as c:
        docs = c.get("/docs")
        assert docs.status_code == 200 and "cdn" not in docs.text.lower() and "https://" not in docs.text
        for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
            assert asset in docs.text and c.get(f"/static-offline-docs/{asset}").status_code == 200
        spec = c.get("/openapi.json").json()
        assert {"/api/events", "/api/events/{cluster_id}", "/api/articles", "/api/articles/{article_id}",
                "/api/stats"} <= set(spec["paths"])
        assert "patch" in spec["paths"]["/api/events/{cluster_id}"]
        page = c.get("/").text
        assert "http://" not in page and "https://" not in page
        assert len(c.get("/api/outlines").json()["features"]) > 150
    # the page's scripts build every node from text: no HTML parsing of data anywhere
    for path in STATIC.rglob("*.js"):
        source = path.read_text(encoding="utf-8")
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
            assert sink not in source, f"{path.name} uses {sink}"


# --- POST /api/articles: the real extractor on the seed --------------------------------------------

@pytest.fixture(scope="module")
def extractor(nlp: Any) -> Any:
    from frontwire.pipeline import Extractor

    return Extractor(nlp=nlp)


@pytest.fixture
def page_server() -> Iterator[str]:
    """The seed page on a local HTTP server (127.0.0.1)."""
    if not SEED_HTML.exists():
        pytest.skip(f"the seed page is not at {SEED_HTML}")
    body = SEED_HTML.read_bytes()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/news/seed.html"
    server.shutdown()
    server.server_close()


def test_post_article_extracts_stores_and_returns_events(tmp_path: Path, extractor: Any, seed_text: str) -> None:
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    with Store.open(url) as store:
        token = Reviews(store.engine).create_token("alice")
    hooked: list[int] = []

    def recluster(store: Store) -> None:
        hooked.append(store.count()["reports"])
        singleton_clusters(store)

    auth = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(url, extractor=lambda: extractor, after_store=recluster)) as c:
        r = c.post("/api/articles", json={"text": seed_text, "published": "2020-09-16", "title": "Seed"}, headers=auth)
        assert r.status_code == 201, r.text
        body = r.json()
        tovuz = [e for e in body["events"] if e["location"] == "Tovuz"]
        assert len(tovuz) == 1 and tovuz[0]["fatalities"] == 13 and tovuz[0]["event_date"] == "2020-07-12"
        assert body["stored"] and body["title"] == "Seed" and hooked == [len(body["events"])]
        assert ids(c.get("/api/events", params={"bbox": "45.0,40.5,46.0,41.5"})) == [tovuz[0]["event_id"]]
        again = c.post("/api/articles", json={"text": seed_text, "published": "2020-09-16"}, headers=auth)
        assert again.status_code == 200 and not again.json()["stored"] and len(again.json()["events"]) == len(body["events"])
        assert hooked == [len(body["events"])]
        bad = c.post("/api/articles", json={"text": "   "}, headers=auth)
        assert bad.status_code == 422 and "empty" in bad.json()["detail"]
        both = c.post("/api/articles", json={"text": "a", "html": "<p>a</p>"}, headers=auth)
        assert both.status_code == 400 and "not both" in both.json()["detail"]


def test_post_url_refuses_private_addresses_and_reads_allowed_pages(tmp_path: Path, extractor: Any,
                                                                    page_server: str) -> None:
    from frontwire.ingest.fetch import Fetcher

    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    with Store.open(url) as store:
        token = Reviews(store.engine).create_token("alice")
    auth = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(url, extractor=lambda: extractor)) as c:  # the default fetcher: public only
        r = c.post("/api/articles", json={"url": page_server, "published": "2020-09-16"}, headers=auth)
        assert r.status_code == 422 and "loopback address" in r.json()["detail"], r.text
        assert c.post("/api/articles", json={"url": "file:///etc/passwd"}, headers=auth).status_code == 422
        with Store.open(url) as store:
            assert store.count()["articles"] == 0
    host = page_server.split("/")[2]
    allowed = create_app(url, extractor=lambda: extractor, fetcher=lambda: Fetcher(allow_hosts=frozenset({host})))
    with TestClient(allowed) as c:
        r = c.post("/api/articles", json={"url": page_server, "published": "2020-09-16"}, headers=auth)
        assert r.status_code == 201, r.text
        assert any(e["location"] == "Tovuz" and e["fatalities"] == 13 for e in r.json()["events"])



def test_serve_with_two_worker_processes_answers(tmp_path: Path) -> None:
    """`frontwire serve --workers 2` migrates the store once and serves it from two processes."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    db = tmp_path / "served.sqlite"
    exe = Path(sys.executable).parent / "frontwire"
    proc = subprocess.Popen([str(exe), "serve", "--db", str(db), "--port", str(port), "--workers", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        body = b""
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/events", timeout=2) as r:
                    body = r.read()
                    break
            except OSError:
                time.sleep(0.3)
        assert body.startswith(b'{"events":[]'), (body[:80], proc.stderr.read() if proc.poll() is not None and proc.stderr else b"")
        assert db.exists()
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_the_server_limits_its_malloc_arenas(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from frontwire.web.malloc import MALLOC_ARENAS, limit_malloc_arenas

    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    assert limit_malloc_arenas() is True  # glibc, as on Debian
    assert os.environ["MALLOC_ARENA_MAX"] == str(MALLOC_ARENAS)  # and for the worker processes it starts
    monkeypatch.setenv("MALLOC_ARENA_MAX", "many")  # a user's own value is kept; a bad one changes nothing
    assert limit_malloc_arenas() is False and os.environ["MALLOC_ARENA_MAX"] == "many"
