"""The data files dedup reads, parsed once: compatible event types, text stopwords and number
words, and how actor names map to sides (with ontology/actors.yaml's name templates)."""

from __future__ import annotations

import csv
import functools
import io
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from ..errors import ResourceError


@dataclass(frozen=True)
class Lexicon:
    # unordered pairs of different ACLED event types that may describe one event
    compatible_types: frozenset[frozenset[str]]
    stopwords: frozenset[str]
    number_words: dict[str, str]
    # (compiled pattern of a template's known form, True when it names a state's side)
    actor_templates: tuple[tuple[re.Pattern[str], bool], ...]
    unnamed_actors: frozenset[str]  # the templates' `unknown` forms, casefolded


def _read(package: str, name: str) -> str:
    try:
        return resources.files(package).joinpath(name).read_text(encoding="utf-8")
    except OSError as err:
        raise ResourceError(f"the packaged {package}/{name} cannot be read: {err}") from err


def _yaml(package: str, name: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(_read(package, name))
    except yaml.YAMLError as err:
        raise ResourceError(f"{name} is not valid YAML: {err}") from err
    if not isinstance(data, dict):
        raise ResourceError(f"{name}: expected a mapping at the top")
    return data


def _compatible_types(text: str) -> frozenset[frozenset[str]]:
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    pairs: set[frozenset[str]] = set()
    for row in csv.DictReader(io.StringIO("\n".join(lines))):
        a, b = (row.get("event_type_a") or "").strip(), (row.get("event_type_b") or "").strip()
        if not a or not b or a == b:
            raise ResourceError(f"dedup/compatible_types.csv: bad row {row}")
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
    text = _yaml("frontwire.dedup", "text.yaml")
    patterns, unnamed = _templates(_yaml("frontwire.ontology", "actors.yaml"),
                                   _yaml("frontwire.dedup", "actor_sides.yaml"))
    return Lexicon(
        compatible_types=_compatible_types(_read("frontwire.dedup", "compatible_types.csv")),
        stopwords=frozenset(str(w).lower() for w in text.get("stopwords", [])),
        number_words={str(k).lower(): str(v) for k, v in (text.get("number_words") or {}).items()},
        actor_templates=patterns,
        unnamed_actors=unnamed,
    )
