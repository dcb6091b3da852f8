"""The one event query (store/events_query.py): its SQL path and its in-memory path mean the same.

A store of 40 varied events (dates, countries, types, actors, tolls and coordinates, some of them
missing, but not the toll, which the store requires; clusters of one and of two reports; cluster ids whose order depends on byte order) and
a few reviews (a rejection, acceptances, edits of the toll, the country, the date, the place and
the type, so that an edited event moves into or out of a filter) is built once per database,
SQLite and PostgreSQL. Hypothesis then draws filters, review views, orders and page sizes, and
`EventQueries.iterate` (SQL for unedited events, Python for edited ones, merged page by page)
must return exactly the events that the in-memory path keeps: every event presented with its
review (`present`), kept by `matches`, the status list and `review_shows`, ordered by `sort_key`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from frontwire.model import Event
from frontwire.store import EventFilter, Store
from frontwire.store.events_query import (
    REVIEW_VIEWS,
    EventQueries,
    EventQuery,
    Order,
    matches,
    present,
    review_shows,
    sort_key,
)
from frontwire.web.review import Reviews
from test_store import article, event

N = 40
DATES = ["2020-07-12", "2020-07-13", "2020-08-23", "2020-08-23", "2021-01-01", "2022-03-01", None]
COUNTRIES = [("Azerbaijan", "AZE"), ("Armenia", "ARM"), ("Georgia", "GEO"), ("Ukraine", "UKR"),
             ("Côte d'Ivoire", "CIV"), (None, None)]
TYPES = [("Battles", "Armed clash"), ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Explosions/Remote violence", "Air/drone strike"), ("Protests", "Peaceful protest"),
         ("Violence against civilians", "Attack"), (None, None)]
ACTORS = ["Military Forces of Armenia", "Military Forces of Azerbaijan", "Civilians (Ukraine)",
          "Protesters (Georgia)", "Forces armées de Côte d'Ivoire", "Unidentified 100%_Group", None]
TOLLS = [3, 0, 1, 4, 12, 100, 2]  # never None: the store requires a toll (0 when no report gives one)
PLACES = [(40.99, 45.63), (40.61, 46.79), (41.72, 44.79), (50.45, 30.52), (5.35, -4.03), (None, None)]
STATUSES = ["reported", "claimed", "threatened", "historical", "denied"]
# Cluster ids that sort differently under a locale's collation than in byte order.
PREFIXES = ["a-", "A", "b_", "B-", "a", "_z", "Z"]


def _events() -> list[Event]:
    out = []
    for i in range(N):
        a = article(i + 1)
        (country, iso3), (etype, sub) = COUNTRIES[i % 6], TYPES[(i * 5) % 6]
        lat, lon = PLACES[(i * 7) % 6]
        when = DATES[(i * 3) % 7]
        out.append(event(a.article_id, 0, event_date=when, event_date_end=when, country=country, iso3=iso3,
                         event_type=etype, sub_event_type=sub, actor1=ACTORS[i % 7], actor2=ACTORS[(i * 2 + 3) % 7],
                         fatalities=TOLLS[(i * 4) % 7], latitude=lat, longitude=lon, status=STATUSES[(i * 3) % 5],
                         notes=f"event number {i}"))
    return out


def _cluster_id(i: int) -> str:
    return f"{PREFIXES[i % len(PREFIXES)]}{i:02d}"


def _build(url: str) -> list[str]:
    """The store of the module's events; every 6th cluster has a second (non-representative)
    report, and its toll is the larger of the two. Returns the cluster ids."""
    events = _events()
    clusters: list[dict[str, Any]] = []
    members: list[dict[str, Any]] = []
    with Store.open(url) as store:
        for i, e in enumerate(events):
            assert store.add_article(article(i + 1), [e]), e.event_id
        for i, e in enumerate(events):
            cid = _cluster_id(i)
            group = [e, events[(i + 1) % N]] if i % 6 == 5 else [e]
            toll = max(m.fatalities for m in group)
            clusters.append({"cluster_id": cid, "representative_id": e.event_id, "n_reports": len(group),
                             "fatalities": toll, "fatalities_rule": "test", "event_date": e.event_date,
                             "event_type": e.event_type, "sub_event_type": e.sub_event_type, "actor1": e.actor1,
                             "actor2": e.actor2, "iso3": e.iso3, "latitude": e.latitude, "longitude": e.longitude,
                             "status": e.status})
            members.append({"event_id": e.event_id, "cluster_id": cid})
        # a second report belongs to one cluster only: the clusters of two take the next report,
        # which is then in no cluster of its own
        taken = {events[(i + 1) % N].event_id: _cluster_id(i) for i in range(N) if i % 6 == 5}
        members = [m for m in members if m["event_id"] not in taken] + [
            {"event_id": eid, "cluster_id": cid} for eid, cid in taken.items()]
        clusters = [c for c in clusters if c["representative_id"] not in taken]
        store.replace_clusters(clusters, members, [])
        reviews = Reviews(store.engine)
        ids = [str(c["cluster_id"]) for c in clusters]

        def edit(n: int, **changes: Any) -> None:
            reviews.add(ids[n], "alice", "edit", {k: {"old": None, "new": v} for k, v in changes.items()})

        reviews.add(ids[0], "alice", "reject")
        reviews.add(ids[1], "alice", "accept")
        reviews.add(ids[2], "bob", "accept")
        reviews.add(ids[2], "bob", "reject")  # the last decision counts: rejected
        edit(3, fatalities=50)  # into min_fatalities filters
        edit(4, fatalities=0)
        edit(5, country="Georgia", iso3="GEO")  # out of its country, into Georgia
        edit(6, event_date="2022-03-01", event_date_end="2022-03-01")  # moves in time
        edit(7, event_date="2020-07-12", event_date_end="2020-07-12")
        edit(8, latitude=50.45, longitude=30.52)  # moves place (into and out of boxes)
        edit(9, event_type="Protests", sub_event_type="Peaceful protest", actor1="Protesters (Armenia)")
        edit(10, status="denied")
        edit(11, fatalities=3)
        reviews.add(ids[11], "alice", "reject")  # edited and rejected
        edit(12, event_date="2020-08-23")
        reviews.add(ids[12], "bob", "accept")
        edit(12, iso3="UKR", country="Ukraine")  # two edits of one event: both apply
        undated = next(i for i, c in enumerate(clusters) if c["event_date"] is None and i > 12)
        edit(undated, event_date="2020-07-13", event_date_end="2020-07-13")  # an undated event gets a date
    return ids


_NAMES = itertools.count()


@dataclass
class Built:
    queries: EventQueries
    reviews: Reviews
    ids: list[str]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    """The store of this module, built once per database (the `db_url` fixture makes one per test)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('events-query') / 'store.sqlite'}"
    else:
        url = str(request.getfixturevalue("postgres").create_database(f"fweq{next(_NAMES)}"))
    ids = _build(url)
    store = Store.open(url)
    try:
        yield Built(EventQueries(store.engine, Reviews(store.engine)), Reviews(store.engine), ids)
    finally:
        store.close()


# --- the drawn filters ---------------------------------------------------------------------------

def _cased(text: str) -> st.SearchStrategy[str]:
    return st.sampled_from([text, text.lower(), text.upper(), text.swapcase(), text.title()])


def _words(values: list[str | None]) -> list[str]:
    return sorted({v for v in values if v})


DAYS = [date.fromisoformat(d) for d in _words(DATES)] + [date(2020, 1, 1), date(2020, 8, 1), date(2030, 1, 1)]
LATS = sorted({p[0] for p in PLACES if p[0] is not None} | {-10.0, 0.0, 41.0, 45.0, 60.0})
LONS = sorted({p[1] for p in PLACES if p[1] is not None} | {-20.0, 0.0, 45.0, 46.0, 50.0})


@st.composite
def _bbox(draw: st.DrawFn) -> tuple[float, float, float, float]:
    lats = sorted(draw(st.lists(st.sampled_from(LATS) | st.floats(-90, 90), min_size=2, max_size=2)))
    lons = sorted(draw(st.lists(st.sampled_from(LONS) | st.floats(-180, 180), min_size=2, max_size=2)))
    return lons[0], lats[0], lons[1], lats[1]


@st.composite
def _actor(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(_words(ACTORS) + ["Protesters (Armenia)", "nobody at all"]))
    start = draw(st.integers(0, len(name) - 1))
    end = draw(st.integers(start + 1, len(name)))
    return draw(_cased(name[start:end]))


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


COUNTRY = (st.sampled_from(_words([c for _, c in COUNTRIES]) + ["XYZ"]).flatmap(_cased)
           | st.sampled_from(_words([c for c, _ in COUNTRIES]) + ["Nowhere"]).flatmap(_cased)
           | st.sampled_from([" geo ", "Georgia "]))
EVENT_TYPE = st.sampled_from(_words([t for t, _ in TYPES] + [s for _, s in TYPES])).flatmap(_cased)

FILTERS = st.builds(
    EventFilter,
    since=_maybe(st.sampled_from(DAYS)),
    until=_maybe(st.sampled_from(DAYS)),
    country=_maybe(COUNTRY),
    bbox=_maybe(_bbox()),
    event_type=_maybe(EVENT_TYPE),
    actor=_maybe(_actor()),
    min_fatalities=_maybe(st.sampled_from([0, 1, 2, 3, 4, 5, 12, 13, 50, 100, 101])),
    status=_maybe(st.sampled_from(STATUSES)),
)
QUERIES = st.builds(
    EventQuery,
    filter=FILTERS,
    statuses=st.lists(st.sampled_from(STATUSES), max_size=3, unique=True).map(tuple),
    review=st.sampled_from(REVIEW_VIEWS),
    order=st.sampled_from(["asc", "desc"]),
)


def in_memory(built: Built, query: EventQuery) -> list[str]:
    """The query over every event, in Python: each event as extracted (`one`) with its review
    state read afresh, presented, filtered and sorted."""
    kept = []
    for cid in built.ids:
        found = built.queries.one(cid)
        assert found is not None
        record, state = found
        shown = present(record, state)
        if not matches(shown, query.filter) or not review_shows(query.review, state.status):
            continue
        if query.statuses and shown["status"] not in query.statuses:
            continue
        kept.append(shown)
    kept.sort(key=lambda r: sort_key(r.get("event_date"), r["cluster_id"]), reverse=query.order == "desc")
    return [r["cluster_id"] for r in kept]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=QUERIES, batch=st.integers(1, 45))
# Letters outside ASCII in another case than the data's: SQLite's own lower() folds ASCII only.
@example(query=EventQuery(filter=EventFilter(actor="ARMÉES DE CÔTE"), review="all"), batch=40)
@example(query=EventQuery(filter=EventFilter(country="CÔTE D'IVOIRE")), batch=3)
def test_sql_and_in_memory_paths_return_the_same_events(built: Built, query: EventQuery, batch: int) -> None:
    got = [r["cluster_id"] for r in built.queries.iterate(query, batch=batch)]
    assert got == in_memory(built, query), query


def test_the_store_has_what_the_property_needs(built: Built) -> None:
    """The drawn queries meet every case: edited events in and out of filters, each review status,
    undated and unplaced events (a check on the fixture, so that the property is not vacuous)."""
    everything = EventQuery(review="all")
    records = list(built.queries.iterate(everything, batch=7))
    assert [r["cluster_id"] for r in records] == in_memory(built, everything)
    assert len(records) == len(built.ids) > 30
    assert {r["review"]["status"] for r in records} == {"unreviewed", "accepted", "rejected", "edited"}
    assert any(r["event_date"] is None for r in records) and any(r["latitude"] is None for r in records)
    georgia = EventQuery(filter=EventFilter(country="GEO"))
    in_georgia = [r["cluster_id"] for r in built.queries.iterate(georgia)]
    assert built.ids[5] in in_georgia  # by its edited country, though extracted elsewhere
    assert built.queries.one(built.ids[5]) is not None
    extracted, _ = built.queries.one(built.ids[5]) or ({}, None)
    assert extracted["iso3"] != "GEO"
    heavy = [r["cluster_id"] for r in built.queries.iterate(EventQuery(filter=EventFilter(min_fatalities=50)))]
    assert built.ids[3] in heavy
    assert built.ids[0] not in [r["cluster_id"] for r in built.queries.iterate(EventQuery())]  # rejected
    assert sorted(built.ids) != sorted(built.ids, key=str.lower)  # byte order is not the locale's


def test_paths_agree_at_every_page_size(built: Built) -> None:
    """Every page size from 1 to past the end, on the unfiltered default view in both orders."""
    orders: tuple[Order, ...] = ("asc", "desc")
    for order in orders:
        query = EventQuery(order=order)
        expected = in_memory(built, query)
        for batch in range(1, len(expected) + 2):
            assert [r["cluster_id"] for r in built.queries.iterate(query, batch=batch)] == expected, (order, batch)
