"""Run the pure extraction stage over articles: in this process, in a process pool, or on Dask.

The stage is `Extractor.extract_many` (parse in batches, assemble events); it is not
re-implemented per backend. Articles go out in chunks of `batch_size`; each worker process
loads the spaCy pipeline and the gazetteer once (a module-level cache keyed by the options) and
returns, per article, its events or a `Skipped` with the reason. At most `2 x workers` chunks
are in flight, so memory stays bounded however long the input is. Results come back as chunks
finish (not in input order); the caller stores each article on its own.
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.connection
import os
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from itertools import islice
from typing import Any

from ..model import Article, Event, Skipped
from ..settings import Options

log = logging.getLogger(__name__)

Result = tuple[Article, list[Event] | Skipped]
_EXTRACTORS: dict[Options, Any] = {}


def _extractor(options: Options) -> Any:
    if options not in _EXTRACTORS:
        from ..pipeline import Extractor

        _EXTRACTORS[options] = Extractor(options)
    return _EXTRACTORS[options]


def extract_chunk(articles: list[Article], options: Options) -> list[Result]:
    """The stage on one chunk, in whatever process runs it. Never raises for one article."""
    try:
        return list(_extractor(options).extract_many(articles))
    except Exception as err:  # the pipeline itself failed (e.g. it cannot load): every article says why
        log.exception("extraction of a chunk failed")
        reason = f"extraction failed ({type(err).__name__}: {err})"
        return [(a, Skipped(a.origin or a.article_id, reason)) for a in articles]


def _chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    it = iter(articles)
    while chunk := list(islice(it, size)):
        yield chunk


def run_local(articles: Iterable[Article], options: Options) -> Iterator[Result]:
    for chunk in _chunks(articles, options.batch_size):
        yield from extract_chunk(chunk, options)


def die_with_parent() -> None:
    """Pool initializer: end this worker as soon as the process that started it is gone, however
    it ended (SIGKILL runs no clean-up in the parent, and a worker blocked on its task queue
    would wait forever, keeping the resource tracker alive with it). A daemon thread waits on the
    parent's sentinel, which multiprocessing gives each child and which reads as closed once the
    parent has died. (PR_SET_PDEATHSIG would fire when the parent *thread* that spawned the worker
    exits, not the process.)"""
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    sentinel = parent.sentinel

    def watch() -> None:
        multiprocessing.connection.wait([sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="frontwire-parent-watch", daemon=True).start()


def run_pool(articles: Iterable[Article], options: Options, workers: int) -> Iterator[Result]:
    # spawn: a fresh interpreter per worker (fork would copy the parent's open database
    # connections and threads); each loads the pipeline once.
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=die_with_parent) as pool:
        yield from _bounded((pool.submit(extract_chunk, chunk, options) for chunk in _chunks(articles, options.batch_size)),
                            2 * workers)


def run_dask(articles: Iterable[Article], options: Options, address: str, workers: int) -> Iterator[Result]:
    """On Dask distributed: `address` "local" starts a LocalCluster of `workers` processes;
    otherwise it is a scheduler address to join (as dask-jobqueue or dask-kubernetes give)."""
    from ..extras import require

    require("cluster", "--cluster")
    from distributed import Client, LocalCluster

    cluster = None
    if address == "local":
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    else:
        client = Client(address, timeout="30s")
    try:
        n = max(1, len(client.scheduler_info().get("workers", {})) or workers)
        futures = (client.submit(extract_chunk, chunk, options, pure=False)
                   for chunk in _chunks(articles, options.batch_size))
        yield from _bounded(futures, 2 * n)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _bounded(futures: Iterator[Any], limit: int) -> Iterator[Result]:
    """Keep at most `limit` futures running; yield results as they complete."""
    pending: set[Any] = set()
    for fut in futures:
        pending.add(fut)
        if len(pending) >= limit:
            done, pending = _wait(pending)
            for d in done:
                yield from d.result()
    while pending:
        done, pending = _wait(pending)
        for d in done:
            yield from d.result()


def _wait(pending: set[Any]) -> tuple[set[Any], set[Any]]:
    if all(isinstance(f, Future) for f in pending):
        done, rest = wait(pending, return_when=FIRST_COMPLETED)
        return set(done), set(rest)
    from distributed import wait as dask_wait

    result = dask_wait(list(pending), return_when="FIRST_COMPLETED")
    return set(result.done), set(result.not_done)


def run_stage(articles: Iterable[Article], options: Options, *, workers: int = 1,
              cluster: str | None = None) -> Iterator[Result]:
    if cluster:
        return run_dask(articles, options, cluster, workers)
    if workers > 1:
        return run_pool(articles, options, workers)
    return run_local(articles, options)
