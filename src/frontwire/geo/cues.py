"""The words around a place name that say what it is (cue_words.csv), shared by the
recogniser and the resolver."""

from __future__ import annotations

import csv
import functools
from importlib import resources


@functools.lru_cache(maxsize=1)
def cue_words() -> dict[str, frozenset[str]]:
    """role -> words (lower case): admin, settlement, road, locative, near, never."""
    roles: dict[str, set[str]] = {}
    with resources.files("frontwire.geo").joinpath("cue_words.csv").open(encoding="utf-8") as fh:
        for rec in csv.DictReader(fh):
            roles.setdefault(rec["role"], set()).add(rec["word"].strip().lower())
    return {role: frozenset(words) for role, words in roles.items()}


def role_words(role: str) -> frozenset[str]:
    return cue_words().get(role, frozenset())
