"""Hostile input to every parameter of every API route, on SQLite and on PostgreSQL.

The routes, their query and path parameters and their body fields are read from the app's own
OpenAPI description (the editable fields of a review from GET /api/meta), so a parameter added
later is swept without a change here. Each gets NUL and other control characters, numbers past
INTEGER and BIGINT, negative numbers, huge and multi-byte strings, percent-escapes that decode to
invalid UTF-8, path traversal and, in JSON bodies, lone surrogates, NaN, Infinity and values of
the wrong shape. No answer may be a 5xx (each would be a traceback in the server's log), and a
400 or 422 must name the parameter or field it refuses.
"""

from __future__ import annotations

import base64
import json
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from frontwire.model import Article, Event, Evidence
from frontwire.store import Store
from frontwire.store.events_query import Cursor
from frontwire.web import create_app
from frontwire.web.review import Reviews
from test_store import event
from test_web_api import IDS, fill

with warnings.catch_warnings():  # as in test_web_api: Starlette's TestClient over httpx
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

INT32, INT64 = 2**31, 2**63
# 2,000 CJK characters that do not repeat: 6,000 bytes that PostgreSQL cannot compress into an index entry.
CJK = "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(2000))

# For query and path parameters, percent-encoded as any client would send them ("huge" stays
# under httpx's 64 KiB limit on a URL; uvicorn's servers stop far lower).
HOSTILE_TEXT: dict[str, str] = {
    "NUL": "a\x00b", "NUL alone": "\x00", "escape": "a\x1b[31mb", "DEL": "a\x7fb", "C1 control": "a\x85b",
    "line break": "a\r\nb", "tab": "a\tb", "2^31": str(INT32), "2^63": str(INT64), "-1": "-1", "10^30": str(10**30),
    "-2^63-1": str(-INT64 - 1), "huge": "x" * 60_000, "long multi-byte": CJK,
    "traversal": "../../../../etc/passwd", "empty": "", "SQL": "'; DROP TABLE clusters; --", "LIKE": "%_\\",
    "NaN": "NaN", "1e400": "1e400", "non-ASCII": "Kyïv \u2603",
}
# Put into the URL as they are: escapes that decode to invalid UTF-8 (a stray byte, a surrogate,
# an overlong '.'), an encoded NUL, encoded slashes and dots.
HOSTILE_RAW: dict[str, str] = {
    "invalid UTF-8": "%ff%fe%c0%80", "UTF-8 surrogate": "%ed%a0%80", "overlong dot": "%c0%ae%c0%ae%c0%af",
    "encoded NUL": "a%00b", "encoded traversal": "..%2f..%2f..%2fetc%2fpasswd", "dot segment": "%2e%2e",
}
# For JSON body fields: the texts above, and what else JSON carries.
HOSTILE_JSON: dict[str, Any] = {
    **HOSTILE_TEXT, "huge": "x" * 1_000_000, "lone surrogate": "a\ud800b", "int 2^31": INT32, "int 2^63": INT64, "int -1": -1,
    "int 10^30": 10**30, "int 10^400": 10**400, "NaN number": float("nan"), "Infinity": float("inf"),
    "float 1e308": 1e308, "true": True, "null": None, "list": ["a\x00"], "object": {"a\x00": "\x00"},
    "nested": [[[[["deep"]]]]],
}

# A value that exists, for the path parameters not being swept (a new one needs an entry here).
EXISTING = {"cluster_id": IDS[0], "article_id": "a0001"}


def english(n: int) -> str:
    return (f"Report {n}. Gunmen opened fire on a police checkpoint outside the town on Tuesday morning, "
            "killing two officers and wounding three others, a local official said. The attackers fled "
            "into nearby hills and no group has claimed responsibility for the shooting so far.")


# A valid body for each route that takes one, and per swept field the body it is swept in when the
# default would hide it (an edit's changes need action=edit; html may not come with text).
BODIES: dict[tuple[str, str], dict[str, dict[str, Any]]] = {
    ("patch", "/api/events/{cluster_id}"): {"": {"action": "accept"}, "changes": {"action": "edit"}},
    ("post", "/api/articles"): {"": {"text": "(numbered)"}, "html": {}},
}


class OneEvent:
    """The extraction stage of POST /api/articles, reduced to one event per article: the sweep is
    about what reaches the store, not about reading news."""

    def extract(self, article: Article) -> list[Event]:
        first = article.text[:40]
        return [event(article.article_id, 0, evidence=[Evidence(first, 0, len(first))])]


@dataclass
class Sweep:
    client: TestClient
    auth: dict[str, str]
    spec: dict[str, Any]
    editable: list[str]
    requests: int = 0
    swept: set[tuple[str, str, str]] = field(default_factory=set)  # (method, path, parameter)
    failures: list[str] = field(default_factory=list)
    articles: int = 0

    def check(self, what: str, name: str, response: Any) -> None:
        self.requests += 1
        status = response.status_code
        if status >= 500:
            self.failures.append(f"{what}: {status} {response.text[:200]}")
        elif status in (400, 422) and name not in response.text:
            self.failures.append(f"{what}: {status} does not name {name!r}: {response.text[:300]}")


@pytest.fixture
def sweep(db_url: str) -> Iterator[Sweep]:
    with Store.open(db_url) as store:
        fill(store)
        token = Reviews(store.engine).create_token("alice")
    app = create_app(db_url, extractor=OneEvent)  # type: ignore[arg-type]
    with TestClient(app, raise_server_exceptions=False, follow_redirects=False) as c:
        editable = c.get("/api/meta").json()["editable"]
        yield Sweep(c, {"Authorization": f"Bearer {token}"}, app.openapi(), editable)


def operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            yield method, path, op


def body_fields(spec: dict[str, Any], op: dict[str, Any], editable: list[str]) -> list[str]:
    """The top-level fields of the operation's JSON body, and `changes.F` for each editable field
    of a review (its changes are a free-form object checked field by field)."""
    if "requestBody" not in op:
        return []
    ref = op["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    schema = spec["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    names = list(schema["properties"])
    if "changes" in names:
        names += [f"changes.{f}" for f in editable]
    return names


def send(s: Sweep, method: str, path: str, *, params: dict[str, str] | None = None, raw_query: str = "",
         body: dict[str, Any] | None = None, auth: bool = True) -> Any:
    url = path + (f"?{raw_query}" if raw_query else "")
    headers = dict(s.auth) if auth else {}
    if body is None:
        return s.client.request(method.upper(), url, params=params, headers=headers)
    headers["Content-Type"] = "application/json"
    # json.dumps writes NaN and Infinity as JavaScript does and escapes lone surrogates (\ud800),
    # as a hostile client would; httpx's own encoder refuses both.
    return s.client.request(method.upper(), url, params=params, headers=headers, content=json.dumps(body))


def base_body(s: Sweep, method: str, path: str, name: str) -> dict[str, Any] | None:
    bodies = BODIES.get((method, path))
    if bodies is None:
        return None
    body = dict(bodies.get(name.split(".")[0], bodies[""]))
    if body.get("text") == "(numbered)":  # a new article each time, so that a valid request is stored
        s.articles += 1
        body["text"] = english(s.articles)
    return body


def with_path(path: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        path = path.replace("{" + name + "}", value)
    return path


def run_sweep(s: Sweep) -> None:
    for method, path, op in operations(s.spec):
        params = op.get("parameters", [])
        path_names = [p["name"] for p in params if p["in"] == "path"]
        existing = {n: quote(EXISTING.get(n, "x"), safe="") for n in path_names}
        if ("requestBody" in op) != ((method, path) in BODIES):
            s.failures.append(f"{method} {path}: give BODIES a valid body for it")
            continue
        for param in params:
            name, where = param["name"], param["in"]
            assert where in ("query", "path"), f"{method} {path}: a {where} parameter; teach the sweep to send it"
            s.swept.add((method, path, name))
            body = base_body(s, method, path, name)
            for label, value in HOSTILE_TEXT.items():
                if where == "query":
                    r = send(s, method, with_path(path, existing), params={name: value}, body=body)
                else:
                    r = send(s, method, with_path(path, {**existing, name: quote(value, safe="")}), body=body)
                s.check(f"{method} {path} {name}={label}", name, r)
            for label, raw in HOSTILE_RAW.items():
                if where == "query":
                    r = send(s, method, with_path(path, existing), raw_query=f"{name}={raw}", body=body)
                else:
                    r = send(s, method, with_path(path, {**existing, name: raw}), body=body)
                s.check(f"{method} {path} {name}={label} (raw)", name, r)
        for name in body_fields(s.spec, op, s.editable):
            s.swept.add((method, path, name))
            for label, value in HOSTILE_JSON.items():
                body = base_body(s, method, path, name) or {}
                if name.startswith("changes."):
                    body["changes"] = {name.split(".", 1)[1]: value}
                else:
                    body[name] = value
                r = send(s, method, with_path(path, existing), body=body)
                s.check(f"{method} {path} body {name}={label}", name.split(".")[-1], r)
                anonymous = send(s, method, with_path(path, existing), body=body, auth=False)
                s.requests += 1
                if anonymous.status_code != 401:  # the token is checked before the body is read
                    s.failures.append(f"{method} {path} body {name}={label} without a token: "
                                      f"{anonymous.status_code} {anonymous.text[:200]}")


def test_every_parameter_of_every_route_survives_hostile_values(sweep: Sweep, db_url: str) -> None:
    run_sweep(sweep)
    params = {name for _, _, name in sweep.swept}
    # discovery works: the parameters of the issue are among those swept
    assert {"q", "country", "actor", "type", "cursor", "min_fatalities", "limit", "cluster_id", "article_id",
            "comment", "title", "text", "changes.fatalities", "changes.notes"} <= params, sorted(params)
    routes = {(m, p) for m, p, _ in sweep.swept}
    print(f"\n{db_url.split(':')[0]}: {len(routes)} routes, {len(sweep.swept)} parameters, {sweep.requests} requests")
    assert not sweep.failures, f"{len(sweep.failures)} of {sweep.requests}:\n" + "\n".join(sweep.failures[:40])


def test_forged_cursors_are_refused_naming_the_cursor(sweep: Sweep) -> None:
    c = sweep.client
    forged = [Cursor("2020-07-12", "a\x00b").encode(), Cursor("2020-07-12", "x" * 65).encode(),
              Cursor("2020-07-12", "a\ud800b").encode(), Cursor("2020-07-12\x00", IDS[0]).encode(),
              Cursor("12 July", IDS[0]).encode(), Cursor("2020-02-30", IDS[0]).encode(), Cursor(None, "").encode()]
    forged += [base64.urlsafe_b64encode(raw).decode().rstrip("=") for raw in (
        b'["2020-07-12","a\\ud800"]', b'[1e400,"x"]', b'{"a":1,"b":2}', b"[" * 150 + b"]" * 150, b"\xff\xfe")]
    for cursor in forged:
        for order in ("asc", "desc"):
            r = c.get("/api/events", params={"cursor": cursor, "order": order})
            assert r.status_code == 400 and r.json()["detail"].startswith("cursor: not a cursor"), (cursor, r.text)
    real = c.get("/api/events", params={"limit": 2}).json()["next"]
    assert [e["cluster_id"] for e in c.get("/api/events", params={"cursor": real}).json()["events"]] == IDS[2:]


def test_edits_are_bounded_and_checked_as_text(sweep: Sweep) -> None:
    c, auth = sweep.client, sweep.auth

    def edit(changes: dict[str, Any], **extra: Any) -> Any:
        return c.patch(f"/api/events/{IDS[0]}", content=json.dumps({"action": "edit", "changes": changes, **extra}),
                       headers={**auth, "Content-Type": "application/json"})

    for changes, message in (
        ({"fatalities": 10**30}, "fatalities: 1000000000000000000000000000000 is out of range (0..1000000)"),
        ({"fatalities": 1_000_001}, "fatalities: 1000001 is out of range (0..1000000)"),
        ({"deaths_civilians": INT64}, "deaths_civilians: 9223372036854775808 is out of range"),
        ({"geonames_id": INT32}, "geonames_id: 2147483648 is out of range (0..2147483647)"),
        ({"latitude": 10**400}, "latitude: 1000000000000000000000000000"),
        ({"longitude": float("nan")}, "longitude: nan is out of range"),
        ({"notes": "shelled\x00"}, "notes: contains a NUL character (U+0000) at character 8"),
        ({"actor1": "Gunmen\nof the hills"}, "actor1: contains a line break or tab (U+000A)"),
        ({"location": "Tovuz\ud800"}, "location: contains a lone surrogate"),
        ({"event_type": ["Battles"]}, "event_type: not an ACLED event type: ['Battles']"),
        ({"x" * 500: 1}, "changes: not editable: 'xxxx"),
    ):
        r = edit(changes)
        assert r.status_code == 400 and message in r.json()["detail"], (changes, r.text)
        assert len(r.text) < 1000  # a hostile value is named, not echoed whole
    r = edit({"fatalities": 1_000_000, "notes": "Shelling of posts\nnear Tovuz\tlate at night"})
    assert r.status_code == 200 and r.json()["event"]["fatalities"] == 1_000_000, r.text
    r = edit({"fatalities": 1_000_000})
    assert r.status_code == 400 and "changes: fatalities: every value given equals the current one" in r.text
    r = edit({"notes": "fine"}, comment="checked\x07")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "comment"], r.text
    assert "control character (U+0007)" in r.json()["detail"][0]["msg"]


def test_validation_errors_name_the_field_and_do_not_echo_the_value(sweep: Sweep) -> None:
    c = sweep.client
    r = c.get("/api/events", params={"q": "x" * 60_000, "min_fatalities": INT32, "actor": "a\x00"})
    assert r.status_code == 422 and len(r.text) < 1000
    problems = {p["loc"][1]: p["msg"] for p in r.json()["detail"]}
    assert set(problems) == {"q", "min_fatalities", "actor"}
    assert "at most 200 characters" in problems["q"] and "less than or equal to 1000000" in problems["min_fatalities"]
    assert "NUL character (U+0000) at character 2" in problems["actor"]
    for key, loc in (("a\x00\x1b", "a\\u0000\\u001b"), ("k" * 200, "k" * 80 + "...")):
        r = c.post("/api/articles", content=json.dumps({"title": "x", key: 1}),
                   headers={**sweep.auth, "Content-Type": "application/json"})
        assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", loc], r.text
    r = c.post("/api/articles", content=json.dumps({"title": "a\ud800"}),  # pydantic refuses a lone surrogate itself
               headers={**sweep.auth, "Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "title"], r.text
    r = c.patch(f"/api/events/{IDS[0]}", content=b'{"action": "accept",',
                headers={**sweep.auth, "Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["detail"][0]["msg"].startswith("JSON decode error: "), r.text


def test_submitted_text_errors_name_the_field(sweep: Sweep) -> None:
    c, auth = sweep.client, sweep.auth
    r = c.post("/api/articles", json={"text": "   "}, headers=auth)
    assert r.status_code == 422 and r.json()["detail"].startswith("text: empty"), r.text
    r = c.post("/api/articles", json={"text": english(1).replace("Tuesday", "Tues\x00day")}, headers=auth)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "text"], r.text
    r = c.post("/api/articles", json={"html": "<html><body></body></html>"}, headers=auth)
    assert r.status_code == 422 and r.json()["detail"].startswith("html: "), r.text


def test_auth_is_checked_before_the_request_is_read(sweep: Sweep, tmp_path: Path) -> None:
    c = sweep.client
    for body in (b"{not json", b'{"action": "delete"}', b"\xff\xfe", b"[" * 10_000):
        for path, method in ((f"/api/events/{IDS[0]}", "PATCH"), ("/api/events/a%00b", "PATCH"),
                             ("/api/articles", "POST")):
            r = c.request(method, path, content=body, headers={"Content-Type": "application/json"})
            assert r.status_code == 401 and r.headers["WWW-Authenticate"] == "Bearer", (path, body[:20], r.text)
    url = f"sqlite:///{tmp_path / 'closed.sqlite'}"
    with Store.open(url) as store:
        fill(store)
    with TestClient(create_app(url, read_token_required=True)) as closed:
        for path, params in (("/api/events", {"q": "a\x00", "min_fatalities": INT64}), ("/api/events/a%00b", {}),
                             ("/api/articles/x%01", {}), ("/api/stats", {"by": "\x00"})):
            assert closed.get(path, params=params).status_code == 401, path


def test_page_metadata_past_the_store_columns(sweep: Sweep) -> None:
    """What an HTML page declares itself (its site name, its canonical URL) is kept within the
    store's columns: a PostgreSQL VARCHAR(255) and a unique index on URLs would refuse it."""
    c, auth = sweep.client, sweep.auth
    body = english(900)

    def page(head: str, text: str = body) -> str:
        return f"<html><head>{head}</head><body><article><h1>Checkpoint attacked</h1><p>{text}</p></article></body></html>"

    r = c.post("/api/articles", json={"html": page(f'<meta property="og:site_name" content="{"S" * 300}">')},
               headers=auth)
    assert r.status_code == 201, r.text
    assert c.get(f"/api/articles/{r.json()['article_id']}").json()["source"] == "S" * 255
    # a canonical URL past what PostgreSQL's index takes: the article is kept without it, as ingest keeps it
    r = c.post("/api/articles", json={"html": page(f'<link rel="canonical" href="https://example.org/{CJK}">',
                                                   english(901))}, headers=auth)
    assert r.status_code == 201, r.text
    assert c.get(f"/api/articles/{r.json()['article_id']}").json()["url"] is None


def test_static_files_refuse_traversal(sweep: Sweep) -> None:
    c = sweep.client
    for path in ("/static/..%2f..%2fapp.py", "/static/%2e%2e/%2e%2e/app.py", "/static/..%5c..%5capp.py",
                 "/static/%c0%ae%c0%ae/app.py", "/static/index.html%00.js", "/static-offline-docs/..%2f..%2fcore.py",
                 "/static/js/%2e%2e/%2e%2e/%2e%2e/api.py"):
        r = c.get(path)
        assert r.status_code in (400, 404) and "def " not in r.text, (path, r.status_code, r.text[:100])
