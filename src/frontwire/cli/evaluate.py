"""`frontwire eval case2021|geo|events`: score the extractor against human-coded data."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from .options import add_geoparse_options, add_settings, options_of


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    ev = sub.add_parser("eval", help="score the extractor against human-coded data")
    ev_sub = ev.add_subparsers(dest="dataset", required=True)
    case = ev_sub.add_parser("case2021", help="CASE 2021 task 2 snippets (id, EventSnippet, SubType)")
    case.add_argument("file", type=Path)
    case.add_argument("--predictions", type=Path, help="write id<TAB>label predictions here")
    add_settings(case)
    case.set_defaults(func=run_case2021)
    geo = ev_sub.add_parser("geo", help="toponym resolution on LGL / GeoVirus / TR-News / GeoWebNews XML")
    geo.add_argument("file", type=Path)
    geo.add_argument("--predictions", type=Path,
                     help='write one JSON line per gold toponym: {"docid", "start", "end", "lat", "lon"}')
    add_geoparse_options(geo)
    add_settings(geo)
    geo.set_defaults(func=run_geo)
    events = ev_sub.add_parser("events", help="events of news reports against hand-coded gold events "
                                              "(shared/eval/events, scored as shared/tools/score-events)")
    events.add_argument("articles", type=Path, metavar="ARTICLES_DIR",
                        help="NAME.txt files: header lines, a '---' line, then the body")
    events.add_argument("gold", type=Path, metavar="GOLD_DIR", help="NAME.json gold files")
    events.add_argument("--predictions", type=Path,
                        help="write every record the extractor made as a JSON line, with the article's name")
    add_settings(events)
    events.set_defaults(func=run_events)
    dedup = ev_sub.add_parser("dedup", help="deduplication against multi-outlet coverage labelled by incident "
                                            "(tests/data/dedup): pairwise precision, recall, F1")
    dedup.add_argument("articles", type=Path, metavar="ARTICLES_DIR", help="NAME.txt files with their header")
    dedup.add_argument("gold", type=Path, metavar="GOLD_DIR", help="*.json incident files")
    add_settings(dedup)
    dedup.set_defaults(func=run_dedup)


def run_case2021(args: argparse.Namespace, stdout: TextIO) -> int:
    from ..eval.case2021 import evaluate, format_report, read_case2021
    from ..pipeline import Extractor

    report = evaluate(read_case2021(args.file), Extractor(options_of(args)), args.predictions)
    stdout.write(format_report(report) + "\n")
    return 0


def run_geo(args: argparse.Namespace, stdout: TextIO) -> int:
    from ..eval.geo import evaluate_geo, format_geo_report, read_geo_corpus
    from ..pipeline import Extractor

    extractor = Extractor(options_of(args))
    report = evaluate_geo(read_geo_corpus(args.file), extractor.nlp, extractor.gazetteer, args.predictions,
                          adjectival=args.adjectives, embedded=args.embedded, outlets=args.outlets)
    stdout.write(format_geo_report(report) + "\n")
    return 0


def run_dedup(args: argparse.Namespace, stdout: TextIO) -> int:
    from ..eval.dedup import evaluate_dedup, format_dedup_report, read_dedup_corpus
    from ..pipeline import Extractor

    corpus = read_dedup_corpus(args.articles, args.gold)
    stdout.write(format_dedup_report(evaluate_dedup(corpus, Extractor(options_of(args)))) + "\n")
    return 0


def run_events(args: argparse.Namespace, stdout: TextIO) -> int:
    from ..eval.events import evaluate_events, format_events_report, read_events_corpus
    from ..pipeline import Extractor

    extractor = Extractor(options_of(args))
    report = evaluate_events(read_events_corpus(args.articles, args.gold), extractor, args.predictions)
    stdout.write(format_events_report(report) + "\n")
    return 0
