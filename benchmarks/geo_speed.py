"""Toponym recognition + resolution time against the spaCy parse, and the gazetteer's memory.

    .venv/bin/python benchmarks/geo_speed.py [--repeat N] [FILES...]

Uses the same corpus as extract_speed.py (the seed and the CASE 2021 snippets grouped into
~600-word articles, or FILES). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time

from extract_speed import corpus
from memory import rss_mb

from frontwire import nlp as nlp_module
from frontwire.extract.actors import country_cues
from frontwire.geo.gazetteer import Gazetteer
from frontwire.geo.recognize import find_toponym_spans
from frontwire.geo.resolve import resolve_toponyms


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="*")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    articles = corpus(args.files)
    nlp = nlp_module.load()
    before = rss_mb()
    t = time.perf_counter()
    gaz = Gazetteer.open()
    opened = time.perf_counter() - t
    after = rss_mb()
    ratios: list[float] = []
    per_article: list[float] = []
    n_toponyms = 0
    for _ in range(args.repeat):
        t = time.perf_counter()
        docs = list(nlp.pipe((a.text for a in articles), batch_size=16))
        parse = time.perf_counter() - t
        t = time.perf_counter()
        n_toponyms = 0
        for doc in docs:
            n_toponyms += len(resolve_toponyms(doc, find_toponym_spans(doc, gaz), gaz, country_cues(doc)))
        geo = time.perf_counter() - t
        ratios.append(geo / parse)
        per_article.append(1000 * geo / len(articles))
    print(f"articles: {len(articles)}, toponyms: {n_toponyms}, rounds: {args.repeat}")
    print(f"gazetteer open: {1000 * opened:.0f} ms, RSS +{after - before:.0f} MB after open "
          f"(process peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")
    print(f"recognise + resolve: median {statistics.median(per_article):.1f} ms/article, "
          f"{100 * statistics.median(ratios):.1f}% of the parse time (target < 20%)")
    print(f"RSS at the end: {rss_mb():.0f} MB (gazetteer caches included)")


if __name__ == "__main__":
    main()
