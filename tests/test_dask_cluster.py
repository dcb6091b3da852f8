"""`ingest --cluster tcp://...` on a real Dask cluster: a `dask scheduler` and two `dask worker`
processes started with the CLI that dask distributed ships (as on a SLURM or Kubernetes
cluster), storing into PostgreSQL. The cluster gives the same reports and clusters as one
process, and a worker killed mid-run loses nothing: its tasks are redone elsewhere and no row
is stored twice."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from conftest import SHARED
from frontwire.store import Store
from frontwire.store import schema as t

pytest.importorskip("distributed")
BIN = Path(sys.executable).parent
ARTICLES = SHARED / "eval" / "events" / "articles"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for_port(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"nothing listens on {port} after {seconds} s")


class DaskCluster:
    """A scheduler and worker processes on this machine, each its own process tree."""

    def __init__(self, tmp: Path) -> None:
        self.port = _free_port()
        self.address = f"tcp://127.0.0.1:{self.port}"
        self.tmp = tmp
        self.workers: list[subprocess.Popen[bytes]] = []
        self.scheduler = self._start("scheduler", [str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port",
                                                   str(self.port), "--no-dashboard"])
        _wait_for_port(self.port)

    def _start(self, name: str, argv: list[str]) -> subprocess.Popen[bytes]:
        log = (self.tmp / f"{name}.log").open("wb")
        return subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)

    def add_worker(self) -> subprocess.Popen[bytes]:
        worker = self._start(f"worker{len(self.workers)}", [
            str(BIN / "dask"), "worker", self.address, "--nworkers", "1", "--nthreads", "1", "--no-dashboard",
            "--no-nanny", "--memory-limit", "0", "--name", f"w{len(self.workers)}"])
        self.workers.append(worker)
        return worker

    def wait_for_workers(self, n: int, seconds: float = 60) -> None:
        from distributed import Client

        with Client(self.address, timeout="30s") as client:
            client.wait_for_workers(n, timeout=seconds)

    def close(self) -> None:
        for proc in [*self.workers, self.scheduler]:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in [*self.workers, self.scheduler]:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[DaskCluster]:
    started = DaskCluster(tmp_path)
    try:
        started.add_worker()
        started.add_worker()
        started.wait_for_workers(2)
        yield started
    finally:
        started.close()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    sources = sorted(ARTICLES.glob("*.txt"))
    if len(sources) < 20:
        pytest.skip("the shared dev reports are not beside the checkout")
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in sources:
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


def _ingest(corpus: Path, db: str, *flags: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "FRONTWIRE_BATCH_SIZE": "1"}  # a task per article: a killed worker loses some
    return subprocess.Popen([str(BIN / "frontwire"), "ingest", str(corpus), "--db", db, "--no-progress", *flags],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def _contents(db: str) -> dict[str, Any]:
    with Store.open(db) as store, store.engine.connect() as conn:
        reports = sorted((r.event_id, r.article_id, r.event_date, r.fatalities, r.location)
                         for r in conn.execute(select(t.reports)))
        articles = conn.execute(select(func.count()).select_from(t.articles)).scalar_one()
        members = sorted(tuple(r) for r in conn.execute(select(t.cluster_members.c.event_id,
                                                               t.cluster_members.c.cluster_id)))
    return {"articles": articles, "reports": reports, "members": members}


def test_a_real_cluster_stores_what_one_process_stores(cluster: DaskCluster, corpus: Path, postgres: Any) -> None:
    alone, spread = (str(postgres.create_database(name)) for name in ("fw_alone", "fw_spread"))
    one = _ingest(corpus, alone)
    assert one.wait(timeout=600) == 0, one.stderr.read().decode() if one.stderr else ""
    run = _ingest(corpus, spread, "--cluster", cluster.address)
    assert run.wait(timeout=600) == 0, run.stderr.read().decode() if run.stderr else ""
    expected, got = _contents(alone), _contents(spread)
    assert expected["articles"] == len(list(corpus.iterdir())) and expected["reports"]
    assert got == expected


def test_a_worker_killed_mid_run_loses_nothing(cluster: DaskCluster, corpus: Path, postgres: Any) -> None:
    alone, spread = (str(postgres.create_database(name)) for name in ("fw_alone2", "fw_killed"))
    one = _ingest(corpus, alone)
    assert one.wait(timeout=600) == 0
    run = _ingest(corpus, spread, "--cluster", cluster.address)
    deadline = time.monotonic() + 300
    while _contents(spread)["articles"] < 3:  # some work done on both workers
        assert run.poll() is None and time.monotonic() < deadline, "the run ended before a worker could be killed"
        time.sleep(0.3)
    assert run.poll() is None  # still running: the kill lands mid-run
    victim = cluster.workers[0]
    os.killpg(victim.pid, signal.SIGKILL)
    victim.wait(timeout=30)
    assert run.wait(timeout=600) == 0, run.stderr.read().decode() if run.stderr else ""
    assert _contents(spread) == _contents(alone)  # every article once, the same reports and clusters
