"""Geoparsing an article: its place names, recognised and resolved as the event extractor does
it, and on request its demonyms too.

Annotation schemes differ: LGL and GeoWebNews count "American officials" or "Russians" as
mentions of the country; GeoVirus and the event extractor do not. With `adjectival`, the demonyms
(recognize.find_adjectival_spans) are resolved on their own, after the names, so that they never
change a name's reading: "American diplomats met in Geneva" reads Geneva the same either way.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..model import Toponym
from .gazetteer import Gazetteer
from .recognize import find_adjectival_spans, find_toponym_spans
from .resolve import resolve_toponyms

if TYPE_CHECKING:
    from spacy.tokens import Doc


def geoparse(doc: Doc, gaz: Gazetteer, country_prior: Mapping[str, int] | None = None, *,
             adjectival: bool = False) -> list[Toponym]:
    """The resolved toponyms of `doc` in text order; with `adjectival`, its demonyms too."""
    spans = find_toponym_spans(doc, gaz)
    toponyms = resolve_toponyms(doc, spans, gaz, country_prior)
    if adjectival:
        extra = resolve_toponyms(doc, find_adjectival_spans(doc, spans), gaz, country_prior)
        toponyms = sorted([*toponyms, *extra], key=lambda t: t.span.start)
    return toponyms
