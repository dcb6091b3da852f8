"""Ingest throughput: articles/second of `frontwire ingest` into a fresh SQLite store with 1
and 2 worker processes and a local Dask cluster of 2 workers, against the bare spaCy parse rate
of the same texts; peak memory per worker.

    .venv/bin/python benchmarks/ingest_speed.py [--articles N] [--skip-dask] [--real-cluster]

The corpus is the CASE 2021 dev snippets grouped into ~600-word articles (../shared beside the
checkout), written as .txt files to a temporary folder, so the timing covers reading, parsing,
event assembly, storing and deduplication. Worker start-up (loading spaCy and the gazetteer) is
included: it is what a user waits for. Prints figures; asserts nothing.

--real-cluster adds runs on a real Dask cluster: a `dask scheduler` and 1, then 2, `dask worker`
processes started with Dask's CLI (tests/test_dask_cluster.py's DaskCluster), and prints the
scaling efficiency: the 2-worker rate over twice the 1-worker rate.
"""

from __future__ import annotations

import argparse
import csv
import resource
import sys
import tempfile
import time
from pathlib import Path

from frontwire.run.ingest import ingest
from frontwire.settings import Options
from frontwire.store import Store

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT.parent / "shared" / "eval" / "case2021" / "task2_dev.tsv"


def texts(n: int) -> list[str]:
    if not CASE.exists():
        sys.exit(f"needs {CASE}")
    with CASE.open(encoding="utf-8") as f:
        snippets = [row["EventSnippet"] for row in csv.DictReader(f, delimiter="\t")]
    out: list[str] = []
    chunk: list[str] = []
    i = 0
    while len(out) < n:
        chunk.append(snippets[i % len(snippets)])
        i += 1
        if sum(len(c.split()) for c in chunk) >= 600:
            out.append(f"Report {len(out)}.\n\n" + "\n\n".join(chunk))  # distinct even when snippets repeat
            chunk = []
    return out


def parse_rate(docs: list[str], options: Options) -> float:
    from frontwire import nlp as nlp_module

    nlp = nlp_module.load(options.model)
    list(nlp.pipe(docs[:4]))
    t0 = time.perf_counter()
    for _ in nlp.pipe(docs, batch_size=options.batch_size):
        pass
    return len(docs) / (time.perf_counter() - t0)


def run(folder: Path, db: Path, options: Options, **kw: object) -> tuple[float, int]:
    t0 = time.perf_counter()
    with Store.open(str(db)) as store:
        summary = ingest([str(folder)], store, options, **kw)  # type: ignore[arg-type]
    return time.perf_counter() - t0, summary.read


def real_cluster(folder: Path, tmp: Path, options: Options) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from test_dask_cluster import DaskCluster

    rates: dict[int, float] = {}
    for n in (1, 2):
        cluster = DaskCluster(Path(tempfile.mkdtemp(dir=tmp)))
        try:
            for _ in range(n):
                cluster.add_worker()
            cluster.wait_for_workers(n)
            seconds, stored = run(folder, tmp / f"real{n}.sqlite", options, workers=n, cluster=cluster.address)
        finally:
            cluster.close()
        rates[n] = stored / seconds
        print(f"ingest, dask scheduler + {n} dask worker process(es): {stored} articles in {seconds:.1f} s = "
              f"{rates[n]:.1f} articles/s (worker start-up included)")
    print(f"scaling efficiency 1 -> 2 workers: {rates[2] / (2 * rates[1]):.0%}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=120)
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--real-cluster", action="store_true", help="also a dask scheduler with 1 and 2 dask workers")
    args = parser.parse_args()
    options = Options.from_env()
    docs = texts(args.articles)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp, "corpus")
        folder.mkdir()
        for i, t in enumerate(docs):
            (folder / f"{i:05d}.txt").write_text(t, encoding="utf-8")
        words = sum(len(t.split()) for t in docs)
        print(f"corpus: {len(docs)} articles, {words / len(docs):.0f} words each")
        rate = parse_rate(docs, options)
        print(f"bare spaCy parse (nlp.pipe, one process, model loaded): {rate:.1f} articles/s")
        runs: list[tuple[str, dict[str, object]]] = [("1 worker (in process)", {}), ("2 worker processes", {"workers": 2})]
        if not args.skip_dask:
            runs.append(("Dask LocalCluster, 2 workers", {"workers": 2, "cluster": "local"}))
        for i, (name, kw) in enumerate(runs):
            seconds, stored = run(folder, Path(tmp, f"store{i}.sqlite"), options, **kw)
            print(f"ingest, {name}: {stored} articles in {seconds:.1f} s = {stored / seconds:.1f} articles/s "
                  "(worker start-up included)")
        if args.real_cluster:
            real_cluster(folder, Path(tmp), options)
        self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(f"peak RSS: main process {self_kb / 1024:.0f} MB (holds the 1-worker pipeline), "
              f"largest worker process {child_kb / 1024:.0f} MB")


if __name__ == "__main__":
    main()
