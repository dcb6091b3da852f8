"""The data files dedup reads, parsed once: compatible event types, text stopwords and number
words, and how actor names map to sides (with ontology/actors.yaml's name templates)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from ..errors import ResourceError
from ..resources import read_csv, read_yaml, word_list


@dataclass(frozen=True)
class Lexicon:
    # unordered pairs of different ACLED event types that may describe one event
    compatible_types: frozenset[frozenset[str]]
    stopwords: frozenset[str]
    number_words: dict[str, str]
    # (compiled pattern of a template's known form, True when it names a state's side)
    actor_templates: tuple[tuple[re.Pattern[str], bool], ...]
    unnamed_actors: frozenset[str]  # the templates' `unknown` forms, casefolded


def _compatible_types(rows: list[dict[str, str]]) -> frozenset[frozenset[str]]:
    pairs: set[frozenset[str]] = set()
    for row in rows:
        a, b = row["event_type_a"], row["event_type_b"]
        if a == b:
            raise ResourceError(f"dedup/compatible_types.csv: {a!r} is paired with itself")
        pairs.add(frozenset((a, b)))
    return frozenset(pairs)


def _templates(actors: dict[str, Any], sides: dict[str, Any]) -> tuple[
        tuple[tuple[re.Pattern[str], bool], ...], frozenset[str]]:
    templates = actors.get("templates")
    if not isinstance(templates, dict):
        raise ResourceError("ontology/actors.yaml: expected 'templates'")
    state_kinds = set(map(str, sides.get("state_kinds", [])))
    patterns: list[tuple[re.Pattern[str], bool]] = []
    unnamed: set[str] = set()
    for kind, forms in templates.items():
        try:
            known, unknown = str(forms["known"]), str(forms["unknown"])
        except (TypeError, KeyError) as err:
            raise ResourceError(f"ontology/actors.yaml: template {kind!r} lacks {err}") from None
        head, sep, tail = known.partition("{country}")
        if not sep:  # a name of no country ("Civilians (International)"): names no side
            unnamed.update((known.casefold(), unknown.casefold()))
            continue
        patterns.append((re.compile(f"^{re.escape(head.casefold())}(.+){re.escape(tail.casefold())}$"),
                         kind in state_kinds))
        unnamed.add(unknown.casefold())
    return tuple(patterns), frozenset(unnamed)


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The packaged dedup data (read once per process)."""
    text = read_yaml("dedup/text.yaml")
    patterns, unnamed = _templates(read_yaml("ontology/actors.yaml"),
                                   read_yaml("dedup/actor_sides.yaml"))
    return Lexicon(
        compatible_types=_compatible_types(read_csv("dedup/compatible_types.csv",
                                                    required=("event_type_a", "event_type_b"))),
        stopwords=word_list(text, "stopwords", "dedup/text.yaml"),
        number_words={str(k).lower(): str(v) for k, v in (text.get("number_words") or {}).items()},
        actor_templates=patterns,
        unnamed_actors=unnamed,
    )
