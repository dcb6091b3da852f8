"""Incremental deduplication (run/recluster.py recluster_new) gives what a full re-cluster of the
same store gives, whatever the order and the batches in which reports arrive, and leaves the
clusters the new reports do not touch as they were."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from frontwire.model import Article, Event, Evidence
from frontwire.run.recluster import recluster, recluster_new
from frontwire.store import Store
from frontwire.store import schema as t
from test_store import event

# A front line of a few towns (~10-60 km apart), a few days, two kinds of event, coarse reports
# at the region: enough chains, near misses and merges for the gates and the linkage to matter.
TOWNS = [("Tovuz", 40.99, 45.63), ("Agdam", 40.99, 45.70), ("Goranboy", 40.61, 46.79), ("Terter", 40.34, 46.93),
         ("Berd", 40.88, 45.39)]
WORDS = ["shelled", "positions", "artillery", "drone", "killed", "soldiers", "village", "attack", "border", "night"]


def _report(i: int, rng: random.Random) -> tuple[Article, Event]:
    town, lat, lon = rng.choice(TOWNS)
    day = date(2020, 7, 10) + timedelta(days=rng.randrange(6))
    coarse = rng.random() < 0.15
    text = " ".join(rng.sample(WORDS, 6)) + f" near {town}."
    article = Article(article_id=f"a{i:04d}", text=text + f" ({i})", source=f"outlet{i % 4}.example",
                      published=day + timedelta(days=1), origin=f"/corpus/{i}.txt")
    kind = rng.choice([("Explosions/Remote violence", "Shelling/artillery/missile attack"), ("Battles", "Armed clash")])
    return article, event(article.article_id, 0, event_date=day.isoformat(), event_type=kind[0],
                          sub_event_type=kind[1], location="Tovuz region" if coarse else town,
                          latitude=40.9 if coarse else lat + rng.uniform(-0.05, 0.05),
                          longitude=45.6 if coarse else lon + rng.uniform(-0.05, 0.05), geo_precision=3 if coarse else 1,
                          time_precision=rng.choice([1, 1, 1, 2]), fatalities=rng.randrange(5),
                          evidence=[Evidence(text, 0, len(text))], published=article.published.isoformat()
                          if article.published else None)


def _state(db: str) -> dict[str, Any]:
    with Store.open(db) as store, store.engine.connect() as conn:
        members = {r.event_id: r.cluster_id for r in conn.execute(select(t.cluster_members))}
        clusters = {r.cluster_id: (r.representative_id, r.n_reports, r.fatalities, r.fatalities_rule)
                    for r in conn.execute(select(t.clusters))}
        merges = {r.event_id: (r.cluster_id, r.matched_event_id, round(r.score, 4))
                  for r in conn.execute(select(t.merges))}
    return {"members": members, "clusters": clusters, "merges": merges}


def _fill(db: str, items: list[tuple[Article, Event]], batches: list[int], incremental: bool) -> None:
    with Store.open(db) as store:
        start = 0
        for size in [*batches, len(items)]:
            for article, ev in items[start:start + size]:
                store.add_article(article, [ev])
            start += size
            (recluster_new if incremental else recluster)(store)
            if start >= len(items):
                break


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000), n=st.integers(8, 40), batches=st.lists(st.integers(1, 12), max_size=6))
def test_incremental_equals_full(tmp_path_factory: pytest.TempPathFactory, seed: int, n: int,
                                 batches: list[int]) -> None:
    rng = random.Random(seed)
    items = [_report(i, rng) for i in range(n)]
    rng.shuffle(items)  # the arrival order
    folder = tmp_path_factory.mktemp("inc")
    incremental, full = f"sqlite:///{folder / 'inc.sqlite'}", f"sqlite:///{folder / 'full.sqlite'}"
    _fill(incremental, items, batches, incremental=True)
    _fill(full, items, batches, incremental=False)
    assert _state(incremental) == _state(full)


def test_the_fixture_merges_and_keeps_apart(tmp_path: Path) -> None:
    """The drawn stores are not trivial: some clusters of several reports, some singletons."""
    rng = random.Random(7)
    items = [_report(i, rng) for i in range(40)]
    db = f"sqlite:///{tmp_path / 's.sqlite'}"
    _fill(db, items, [10, 10, 10], incremental=True)
    sizes = [n for _, n, _, _ in _state(db)["clusters"].values()]
    assert max(sizes) >= 3 and len(sizes) >= 5


def test_clusters_the_new_reports_do_not_touch_are_not_rewritten(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 's.sqlite'}"
    with Store.open(db) as store:
        for i in range(3):  # three reports of one shelling in Tovuz
            store.add_article(Article(f"t{i}", f"Tovuz shelled ({i})", source=f"o{i}"), [event(f"t{i}", 0)])
        recluster_new(store)
        with store.engine.connect() as conn:
            before = conn.execute(select(t.clusters)).all()
        far = event("k0", 0, event_date="2021-03-01", location="Kabul", latitude=34.5, longitude=69.2, iso3="AFG",
                    country="Afghanistan", admin1="Kabul")
        store.add_article(Article("k0", "A blast in Kabul", source="o9"), [far])
        assert recluster_new(store) == 1  # only the new report's own cluster is written
        with store.engine.connect() as conn:
            after = conn.execute(select(t.clusters)).all()
        assert set(before) < set(after) and len(after) == len(before) + 1
        assert recluster_new(store) == 0  # nothing new: nothing to do


def test_a_scope_too_wide_falls_back_to_the_full_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from frontwire.run import recluster as rc

    rng = random.Random(3)
    items = [_report(i, rng) for i in range(30)]
    monkeypatch.setattr(rc, "MIN_SCOPE", 2)
    monkeypatch.setattr(rc, "MAX_SCOPE_SHARE", 0.0)
    widened, full = f"sqlite:///{tmp_path / 'w.sqlite'}", f"sqlite:///{tmp_path / 'f.sqlite'}"
    calls: list[int] = []
    original = rc.recluster

    def full_pass(store: Store) -> int:
        calls.append(1)
        return original(store)

    monkeypatch.setattr(rc, "recluster", full_pass)
    _fill(widened, items, [10, 10], incremental=True)
    assert calls  # the incremental path gave way to the full one
    monkeypatch.undo()
    _fill(full, items, [10, 10], incremental=False)
    assert _state(widened) == _state(full)
