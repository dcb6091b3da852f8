"""`frontwire ingest`: read sources, extract events, store each article, then deduplicate.

Crash safety comes from the store: each article is written with all its events in one
transaction, and an article already stored (same id, canonical URL or normalised text) is
skipped before it is parsed. A run killed at any moment therefore leaves whole articles only,
and the next run over the same sources stores exactly the missing ones; deduplication is then
recomputed over every stored report (its result is swapped in one transaction too), so the
clusters equal those of an uninterrupted run.

What a run has stored reaches the clusters (and so the map and the API's default view) while it
runs, not only at its end: the clusters are brought up to date every `RECLUSTER_EVERY_S` seconds
(less often when deduplicating the store takes long: never more than `RECLUSTER_SHARE` of the
run's time), and once more when the run is interrupted (Ctrl-C, SIGTERM) or fails. A run killed
outright (SIGKILL, a power cut) leaves at most the last interval's reports out of the clusters,
until the next ingest or `frontwire serve` brings them in.

Failures (an unreadable file, a page that is not English, a fetch refused, an extraction
that crashed) are recorded in the store with their reason and never stop the run; a source
that later succeeds loses its failure record.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TextIO

from ..model import Article, Skipped
from ..settings import Options
from ..store import Store
from .recluster import recluster_new
from .stages import run_stage

log = logging.getLogger(__name__)


@dataclass
class IngestSummary:
    read: int = 0  # articles stored by this run
    skipped: int = 0  # already in the store
    failed: int = 0  # could not be read or processed (recorded with the reason)
    events: int = 0  # events found in the stored articles
    clusters: int = 0  # event clusters after deduplication (whole store)
    failures: list[tuple[str, str]] = field(default_factory=list)

    def line(self) -> str:
        return (f"{self.read} article(s) stored, {self.skipped} already stored, {self.failed} failed; "
                f"{self.events} event(s) found; {self.clusters} event cluster(s) in the store")


RECLUSTER_EVERY_S = 30.0
RECLUSTER_SHARE = 0.1


class Clusters:
    """Brings the store's clusters up to date during a run: after a stored article, once
    `every` seconds have passed since the last time; the interval grows to ten times what a
    deduplication took, so that it never takes more than a tenth of the run."""

    def __init__(self, store: Store, every: float = RECLUSTER_EVERY_S) -> None:
        self.store, self.base, self.every = store, every, every
        self.pending = 0  # articles stored since the clusters were last brought up to date
        self.last = time.monotonic()

    def stored(self) -> None:
        self.pending += 1
        if time.monotonic() - self.last >= self.every:
            self.update()

    def update(self) -> int:
        start = time.monotonic()
        n = recluster_new(self.store)
        self.last = time.monotonic()
        self.every = max(self.base, (self.last - start) / RECLUSTER_SHARE)
        self.pending = 0
        return n


class Progress:
    """Articles read / skipped / failed and events found, on a tqdm bar when stderr is a
    terminal, else silent (the summary line is printed at the end either way)."""

    def __init__(self, summary: IngestSummary, enabled: bool, stream: TextIO | None = None) -> None:
        self.summary = summary
        self.bar = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=None, unit=" articles", file=stream or sys.stderr, dynamic_ncols=True)

    def tick(self) -> None:
        if self.bar is not None:
            s = self.summary
            self.bar.set_postfix_str(f"stored {s.read} · skipped {s.skipped} · failed {s.failed} · events {s.events}",
                                     refresh=False)
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def ingest(sources: Sequence[str], store: Store, options: Options, *, workers: int = 1, cluster: str | None = None,
           published: date | None = None, allow_private: bool = False, host_interval: float = 1.0,
           progress: bool = False, recluster_every: float = RECLUSTER_EVERY_S,
           read: Callable[..., Iterator[Article | Skipped]] | None = None) -> IngestSummary:
    """Run the whole ingest of `sources` into `store`; returns what happened."""
    summary = IngestSummary()
    clusters = Clusters(store, recluster_every)
    bar = Progress(summary, progress)
    if read is None:
        from ..ingest.fetch import Fetcher
        from ..ingest.sources import read_sources

        fetcher = Fetcher(allow_private=allow_private, per_host_interval=host_interval)
        items = read_sources(sources, published=published, fetcher=fetcher)
    else:
        fetcher = None
        items = read(sources, published=published)

    def fail(source: str, reason: str) -> None:
        store.record_failure(source, reason)
        summary.failed += 1
        summary.failures.append((source, reason))
        bar.tick()

    def new_articles() -> Iterator[Article]:
        for item in items:
            if isinstance(item, Skipped):
                fail(item.source, item.reason)
            elif store.has_article(item):
                summary.skipped += 1
                bar.tick()
            else:
                yield item

    try:
        for article, result in run_stage(new_articles(), options, workers=workers, cluster=cluster):
            if isinstance(result, Skipped):
                fail(result.source, result.reason)
                continue
            if store.add_article(article, result):
                summary.read += 1
                summary.events += len(result)
                clusters.stored()
            else:  # the same article twice in this run (two files, or a URL and its WARC copy)
                summary.skipped += 1
            bar.tick()
    except BaseException:  # interrupted (Ctrl-C, SIGTERM) or failed: what was stored joins the clusters
        if clusters.pending:
            try:
                clusters.update()
            except Exception:  # the store itself may be what failed: the next run reclusters
                log.warning("the clusters could not be brought up to date; the next ingest or serve will",
                            exc_info=True)
        raise
    finally:
        bar.close()
        if fetcher is not None:
            fetcher.close()
    clusters.update()
    summary.clusters = store.count()["clusters"]
    return summary
