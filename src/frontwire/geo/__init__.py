"""Places: an offline gazetteer (GeoNames + ISO 3166 + curated conflict regions), toponym
recognition in spaCy documents, and resolution to coordinates with ACLED geo_precision.

    gaz = Gazetteer.open()                       # builds the index on first use (~30 s)
    spans = find_toponym_spans(doc, gaz)
    toponyms = resolve_toponyms(doc, spans, gaz, country_prior={"AZE": 5})
    place_for_sentence(toponyms, sent.start_char, sent.end_char)
    geoparse(doc, gaz, {"AZE": 5}, adjectival=True)  # both steps; demonyms too
"""

from .gazetteer import Entry, Gazetteer, default_path
from .geoparse import geoparse
from .recognize import find_adjectival_spans, find_embedded_spans, find_toponym_spans
from .resolve import place_for_sentence, resolve_toponyms

__all__ = ["Entry", "Gazetteer", "default_path", "find_adjectival_spans", "find_embedded_spans", "find_toponym_spans",
           "geoparse", "place_for_sentence", "resolve_toponyms"]
