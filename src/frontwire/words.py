"""English function words by what they tell about the words around them
(ontology/function_words.yaml): the prepositions that give an actor's role, the markers of
clauses, the words inside names. Shared by the extractor and the geoparser.

`function_words(kind)` is called in loops: a dictionary lookup once the file is read."""

from __future__ import annotations

import functools

from .errors import ResourceError
from .resources import read_yaml, word_list

PATH = "ontology/function_words.yaml"


@functools.lru_cache(maxsize=1)
def _table() -> dict[str, frozenset[str]]:
    raw = read_yaml(PATH)
    return {str(kind): word_list(raw, kind, PATH) for kind in raw}


def function_words(kind: str) -> frozenset[str]:
    """The words of `kind` (a key of the file: target, place, subordinators, ...)."""
    try:
        return _table()[kind]
    except KeyError:
        raise ResourceError(f"{PATH}: no {kind!r} list") from None
