"""Articles per second: `frontwire extract` against a bare spaCy parse of the same texts.

    .venv/bin/python benchmarks/extract_speed.py [--repeat N] [FILES...]

Without FILES it uses the seed article and the CASE 2021 dev snippets (grouped into articles of
~600 words) when ../shared is present, else the test fixtures. Both runs use nlp.pipe with the
same batch size, after one warm-up pass (pipeline and gazetteer loading are not timed); each
round times both, and the ratio is reported per round (median, min, max).
Prints figures; asserts nothing (speed is measured here, not in timed tests).
"""

from __future__ import annotations

import argparse
import csv
import resource
import statistics
import sys
import time
from datetime import date
from pathlib import Path

from frontwire.ingest import article_from_text
from frontwire.model import Article
from frontwire.pipeline import Extractor

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def corpus(files: list[str]) -> list[Article]:
    texts: list[str] = []
    if files:
        texts = [Path(f).read_text(encoding="utf-8") for f in files]
    else:
        seed = SHARED / "seed" / "000_217ba6ce37b2a28a.txt"
        if seed.exists():
            texts.append(seed.read_text(encoding="utf-8"))
        case = SHARED / "eval" / "case2021" / "task2_dev.tsv"
        if case.exists():
            with case.open(encoding="utf-8") as f:
                snippets = [row["EventSnippet"] for row in csv.DictReader(f, delimiter="\t")]
            chunk: list[str] = []
            for s in snippets:
                chunk.append(s)
                if sum(len(c.split()) for c in chunk) >= 600:
                    texts.append("\n\n".join(chunk))
                    chunk = []
    if not texts:
        sys.exit("no texts: pass FILES or put shared/ beside the checkout")
    return [article_from_text(t, f"bench-{i}", date(2020, 9, 16)) for i, t in enumerate(texts)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="*")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    articles = corpus(args.files)
    words = sum(len(a.text.split()) for a in articles)
    extractor = Extractor()
    list(extractor.extract_many(articles[:4]))  # warm-up
    nlp = extractor.nlp
    bs = extractor.options.batch_size
    parse_s: list[float] = []
    assemble_s: list[float] = []
    extract_s: list[float] = []
    n_events = 0
    for _ in range(args.repeat):
        # Rounds alternate parse and extract back to back, and the ratio is taken per round: this
        # machine's speed drifts by +-30% between minutes, much less within a round.
        t = time.perf_counter()
        docs = list(nlp.pipe((a.text for a in articles), batch_size=bs))
        parse_s.append(time.perf_counter() - t)
        t = time.perf_counter()
        for article, doc in zip(articles, docs, strict=True):
            extractor.assembler.events(article, doc)
        assemble_s.append(time.perf_counter() - t)
        del docs
        t = time.perf_counter()
        n_events = sum(len(r) for _, r in extractor.extract_many(articles) if isinstance(r, list))
        extract_s.append(time.perf_counter() - t)
    n = len(articles)
    ratios = sorted(e / p for e, p in zip(extract_s, parse_s, strict=True))
    parts = sorted((p + a) / p for p, a in zip(parse_s, assemble_s, strict=True))
    best_parse, best_extract = min(parse_s), min(extract_s)
    print(f"articles: {n}, words: {words}, events: {n_events}, rounds: {args.repeat}")
    print(f"bare spaCy parse : {n / best_parse:7.2f} articles/s  ({words / best_parse:8.0f} words/s)  best round")
    print(f"frontwire extract: {n / best_extract:7.2f} articles/s  ({words / best_extract:8.0f} words/s)  best round")
    print(f"extract / parse time per round: median {statistics.median(ratios):.2f}x "
          f"(min {ratios[0]:.2f}, max {ratios[-1]:.2f}; target <= 1.3x)")
    print(f"assembly after the parse: {1000 * min(assemble_s) / n:.1f} ms/article; "
          f"(parse + assembly) / parse median {statistics.median(parts):.2f}x")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")

if __name__ == "__main__":
    main()
