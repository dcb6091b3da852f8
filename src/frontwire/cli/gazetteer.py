"""`frontwire gazetteer build|info|import`: the place index, from the packaged data and from a
GeoNames dump the user brings."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from .options import add_settings, options_of


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    gz = sub.add_parser("gazetteer", help="build, extend or describe the place index")
    gz_sub = gz.add_subparsers(dest="action", required=True)
    gz_build = gz_sub.add_parser("build", help="(re)build the index from the packaged data")
    add_settings(gz_build)
    gz_build.set_defaults(func=run_build)
    gz_info = gz_sub.add_parser("info", help="say what the index holds")
    add_settings(gz_info)
    gz_info.set_defaults(func=run_info)
    gz_import = gz_sub.add_parser("import", help="add a GeoNames dump (allCountries.zip, AZ.zip, AZ.txt)")
    gz_import.add_argument("file", type=Path)
    gz_import.add_argument("--features", default=None,
                           help="feature classes/codes to add, e.g. 'PAT,S.AIRP' (default: populated places, "
                                "admin areas, terrain and a few conflict-relevant spots)")
    gz_import.add_argument("--min-population", type=int, default=0)
    add_settings(gz_import)
    gz_import.set_defaults(func=run_import)


def _index(args: argparse.Namespace) -> Path:
    from ..geo.gazetteer import default_path

    return default_path(options_of(args).data_dir)


def run_build(args: argparse.Namespace, stdout: TextIO) -> int:
    from ..geo.build import build_index

    path = _index(args)
    stats = build_index(path)
    stdout.write(f"built {path}: {stats['places']:.0f} places, {stats['bytes'] / 1e6:.1f} MB, "
                 f"{stats['seconds']:.1f} s\n")
    return 0


def run_info(args: argparse.Namespace, stdout: TextIO) -> int:
    from ..geo.info import gazetteer_info

    stdout.write(gazetteer_info(_index(args)).format() + "\n")
    return 0


def run_import(args: argparse.Namespace, stdout: TextIO) -> int:
    from ..geo.importer import DEFAULT_FEATURES, import_geonames

    path = _index(args)
    done = import_geonames(path, args.file, feature_classes=args.features or DEFAULT_FEATURES,
                           min_population=args.min_population)
    stdout.write(f"imported {done.file} into {path}: {done.rows_read} rows read, {done.places_added} places "
                 f"and {done.names_added} names added, {done.skipped_existing} already present, "
                 f"{done.skipped_filtered} not selected, {done.seconds:.1f} s\n")
    return 0
