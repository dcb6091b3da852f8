"""Geoparsing an article: its place names, recognised and resolved as the event extractor does
it, and on request its demonyms and the place names inside other names too.

Annotation schemes differ: LGL and GeoWebNews count "American officials" or "Russians" as
mentions of the country; GeoVirus and the event extractor do not. With `adjectival`, the demonyms
(recognize.find_adjectival_spans) are resolved on their own, after the names, so that they never
change a name's reading: "American diplomats met in Geneva" reads Geneva the same either way.
With `embedded`, so are the place names inside the names of organisations and facilities ("the
Ohio Department of Transportation": recognize.find_embedded_spans), which LGL and GeoWebNews
count too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..model import Span, Toponym
from .gazetteer import Gazetteer
from .recognize import find_adjectival_spans, find_embedded_spans, find_toponym_spans
from .resolve import resolve_toponyms

if TYPE_CHECKING:
    from spacy.tokens import Doc


def geoparse(doc: Doc, gaz: Gazetteer, country_prior: Mapping[str, int] | None = None, *,
             adjectival: bool = False, embedded: bool = False,
             locale: Mapping[tuple[str, str], float] | None = None) -> list[Toponym]:
    """The resolved toponyms of `doc` in text order; with `adjectival`, its demonyms too; with
    `embedded`, the place names inside organisations' and facilities' names too; `locale`: the
    outlet's areas (outlets.py)."""
    spans = find_toponym_spans(doc, gaz)
    toponyms = resolve_toponyms(doc, spans, gaz, country_prior, locale)
    extra: list[Span] = []
    if embedded:
        extra += find_embedded_spans(doc, gaz, spans)
    if adjectival:
        extra += find_adjectival_spans(doc, [*spans, *extra])
    if extra:
        extra.sort(key=lambda s: s.start)
        toponyms = sorted([*toponyms, *resolve_toponyms(doc, extra, gaz, country_prior, locale)], key=lambda t: t.span.start)
    return toponyms
