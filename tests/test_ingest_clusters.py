"""What an ingest stores reaches the clusters (the map, the API's default view) while it runs,
when it is interrupted, and - after it was killed outright - when the store is next served."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from frontwire.cli.web import prepare_store
from frontwire.model import Article, Skipped
from frontwire.run.ingest import ingest
from frontwire.settings import Options
from frontwire.store import Store

REPORTS = [
    "Armed men attacked a police post in Kano on Sunday, killing three officers, police said.",
    "A roadside bomb killed two soldiers near Gao on Monday, the army said in a statement.",
    "Militants stormed a village near Maiduguri on Tuesday and killed seven farmers, residents said.",
    "Rebels ambushed an army convoy outside Beni on Wednesday, killing four soldiers, officials said.",
]


def articles() -> list[Article]:
    return [Article(article_id=f"r{i}", text=text, source="wire.example.org", published=date(2024, 5, 14),
                    origin=f"report-{i}.txt") for i, text in enumerate(REPORTS)]


def clusters(store: Store) -> int:
    return store.count()["clusters"]


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(f"sqlite:///{tmp_path / 'store.sqlite'}", create=True) as s:
        yield s


@pytest.mark.parametrize(("every", "clustered_while_running"), [(0.0, True), (3600.0, False)])
def test_the_clusters_follow_a_running_ingest(store: Store, every: float, clustered_while_running: bool) -> None:
    seen: list[int] = []

    def read(sources: object, published: object = None) -> Iterator[Article | Skipped]:
        for i, a in enumerate(articles()):
            if i == 2:  # (batches of one: the first article is stored before the third is read)
                seen.append(clusters(store))
            yield a

    summary = ingest(["-"], store, Options.from_env(batch_size=1), read=read, recluster_every=every)
    assert summary.read == 4 and summary.events >= 4
    assert (seen[0] > 0) is clustered_while_running
    assert store.unclustered() == 0 and clusters(store) == summary.clusters > 0


def test_an_interrupted_ingest_clusters_what_it_stored(store: Store) -> None:
    def read(sources: object, published: object = None) -> Iterator[Article | Skipped]:
        yield from articles()[:2]
        raise KeyboardInterrupt  # Ctrl-C while the third source is read

    with pytest.raises(KeyboardInterrupt):
        ingest(["-"], store, Options.from_env(batch_size=1), read=read)
    assert store.count()["articles"] == 2 and store.count()["reports"] > 0
    assert store.unclustered() == 0 and clusters(store) > 0


def test_serving_a_store_left_by_a_killed_run_clusters_its_reports(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    from frontwire.pipeline import Extractor

    extractor = Extractor(Options.from_env())
    for a in articles()[:3]:  # stored as a run killed before its deduplication leaves them
        store.add_article(a, extractor.extract(a))
    stale = store.unclustered()
    assert stale == store.count()["reports"] > 0 and clusters(store) == 0
    prepare_store(str(store.engine.url))
    assert f"{stale} stored report(s) were in no cluster" in capsys.readouterr().err
    assert store.unclustered() == 0 and clusters(store) > 0
    prepare_store(str(store.engine.url))  # up to date: nothing to say
    assert capsys.readouterr().err == ""


def test_sigterm_stops_an_ingest_with_what_it_stored_clustered(tmp_path: Path) -> None:
    from test_ingest_run import FRONTWIRE, gazetteer_dir, snippets, stored_articles

    folder = tmp_path / "texts"
    folder.mkdir()
    rows = snippets()
    for i in range(40):
        (folder / f"story-{i:02d}.txt").write_text("\n\n".join(rows[4 * i:4 * i + 4]), encoding="utf-8")
    db = str(tmp_path / "store.sqlite")
    proc = subprocess.Popen([str(FRONTWIRE), "ingest", str(folder), "--db", db, "--no-progress", "--published",
                             "2021-01-12", "--data-dir", str(gazetteer_dir()), "--batch-size", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 240
    while stored_articles(db) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be stopped"
    os.kill(proc.pid, signal.SIGTERM)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "frontwire: interrupted" in err
    with Store.open(db) as store:
        assert 3 <= store.count()["articles"] < 40
        assert store.unclustered() == 0 and clusters(store) > 0
