"""`frontwire ingest` end to end: a folder of HTML pages and an RSS file whose links a local
server serves, into SQLite and PostgreSQL; a run killed with SIGKILL and started again ends
with the same articles, events and clusters as an uninterrupted run."""

from __future__ import annotations

import csv
import html
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from frontwire.store import Store
from frontwire.store import schema as t

CASE = Path(__file__).resolve().parents[2] / "shared" / "eval" / "case2021" / "task2_dev.tsv"
FRONTWIRE = Path(sys.executable).parent / "frontwire"

PAGE = """<!doctype html><html><head><title>{title}</title>
<meta property="article:published_time" content="2021-0{month}-1{day}T08:00:00Z"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>{title}</h1>{paragraphs}</article><footer>Copyright News Agency</footer></body></html>"""


def snippets() -> list[str]:
    if not CASE.exists():
        pytest.skip(f"needs the CASE 2021 snippets at {CASE}")
    with CASE.open(encoding="utf-8") as f:
        rows = [r["EventSnippet"] for r in csv.DictReader(f, delimiter="\t")]
    return [r for r in rows if len(r.split()) > 25]


def page(i: int, parts: list[str]) -> str:
    # snippets often lack their final full stop; a news paragraph has one
    paragraphs = "".join(f"<p>{html.escape(p.rstrip())}{'' if p.rstrip()[-1:] in '.!?' else '.'}</p>" for p in parts)
    return PAGE.format(title=f"Regional report {i}", month=1 + i % 9, day=i % 10, paragraphs=paragraphs)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """(folder of 14 HTML pages, an RSS file linking 6 more pages on a local server)."""
    rows = snippets()
    root = tmp_path_factory.mktemp("corpus")
    pages, served = root / "pages", root / "served"
    pages.mkdir()
    served.mkdir()
    for i in range(20):
        target = pages if i < 14 else served
        (target / f"story-{i}.html").write_text(page(i, rows[5 * i:5 * i + 5]), encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(served)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    items = "".join(f"<item><title>Report {i}</title><link>http://127.0.0.1:{port}/story-{i}.html</link>"
                    f"<pubDate>Mon, 1{i % 10} Jan 2021 08:00:00 GMT</pubDate></item>" for i in range(14, 20))
    feed = root / "feed.rss"
    feed.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><link>http://127.0.0.1:{port}/'
                    f"</link><description>test wire</description>{items}</channel></rss>", encoding="utf-8")
    yield pages, feed
    server.shutdown()


def command(db: str, pages: Path, feed: Path, data: Path) -> list[str]:
    return [str(FRONTWIRE), "ingest", str(pages), str(feed), "--db", db, "--allow-private", "--host-interval", "0", "--no-progress",
            "--data-dir", str(data)]


def snapshot(db: str) -> tuple[int, set[str], set[tuple[str, str]], int]:
    engine = create_engine(db if "://" in db else f"sqlite:///{db}")
    try:
        with engine.connect() as conn:
            n_articles = conn.execute(select(func.count()).select_from(t.articles)).scalar_one()
            events = {r[0] for r in conn.execute(select(t.reports.c.event_id))}
            members = {(r[0], r[1]) for r in conn.execute(select(t.cluster_members.c.event_id, t.cluster_members.c.cluster_id))}
            n_reports = conn.execute(select(func.count()).select_from(t.reports)).scalar_one()
    finally:
        engine.dispose()
    return n_articles, events, members, n_reports


def stored_articles(db: str) -> int:
    engine = create_engine(db if "://" in db else f"sqlite:///{db}")
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT COUNT(*) FROM articles")).scalar_one())
    except Exception:  # noqa: BLE001 - the store is not created yet
        return 0
    finally:
        engine.dispose()


def gazetteer_dir() -> Path:
    from frontwire.geo.gazetteer import default_path

    return default_path().parent


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_killed_run_restarts_to_the_same_result(backend: str, corpus: tuple[Path, Path], tmp_path: Path,
                                                 request: pytest.FixtureRequest) -> None:
    pages, feed = corpus
    if backend == "sqlite":
        whole, killed = str(tmp_path / "whole.sqlite"), str(tmp_path / "killed.sqlite")
    else:
        server = request.getfixturevalue("postgres")
        whole, killed = server.create_database(f"whole{os.getpid()}"), server.create_database(f"killed{os.getpid()}")
    data = gazetteer_dir()
    done = subprocess.run(command(whole, pages, feed, data), capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert "20 article(s) stored, 0 already stored, 0 failed" in done.stderr
    reference = snapshot(whole)
    assert reference[0] == 20 and reference[3] == len(reference[1]) > 0

    proc = subprocess.Popen(command(killed, pages, feed, data), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 240
    while stored_articles(killed) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial_count = stored_articles(killed)
    assert 3 <= partial_count < 20
    again = subprocess.run(command(killed, pages, feed, data), capture_output=True, text=True, timeout=300, check=False)
    assert again.returncode == 0, again.stderr
    assert f"{20 - partial_count} article(s) stored, {partial_count} already stored, 0 failed" in again.stderr
    assert snapshot(killed) == reference
    # A third run adds nothing.
    third = subprocess.run(command(killed, pages, feed, data), capture_output=True, text=True, timeout=300, check=False)
    assert "0 article(s) stored, 20 already stored" in third.stderr
    assert snapshot(killed) == reference
    with Store.open(killed) as store:
        assert store.failures() == []


def test_worker_processes_and_a_dask_local_cluster_give_the_in_process_result(corpus: tuple[Path, Path],
                                                                               tmp_path: Path) -> None:
    """The same stage in 2 spawned processes and on a real Dask LocalCluster: same articles, events
    and clusters as in this process."""
    from frontwire.run.ingest import ingest
    from frontwire.settings import Options

    pages, _ = corpus
    folder = tmp_path / "few"
    folder.mkdir()
    for page_file in sorted(pages.glob("*.html"))[:5]:
        (folder / page_file.name).write_bytes(page_file.read_bytes())
    options = Options.from_env(data_dir=gazetteer_dir(), batch_size=2)  # several chunks for 2 workers
    results = []
    for i, kw in enumerate([{}, {"workers": 2}, {"workers": 2, "cluster": "local"}]):
        db = str(tmp_path / f"run{i}.sqlite")
        with Store.open(db) as store:
            summary = ingest([str(folder)], store, options, **kw)  # type: ignore[arg-type]
        assert (summary.read, summary.failed) == (5, 0), kw
        results.append(snapshot(db))
    assert results[0][0] == 5 and results[0][1]
    assert results[1] == results[0] and results[2] == results[0]
