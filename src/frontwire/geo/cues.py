"""The words around a place name that say what it is (cue_words.csv), and the other word lists
the recogniser and the resolver share: abbreviations of place names (abbreviations.csv),
demonyms (ontology/demonyms.csv, shared with the actor extractor) and the demonyms of
first-level and conflict regions (region_demonyms.csv: "Texan", "Ontarians", "Chechen")."""

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


@functools.lru_cache(maxsize=1)
def abbreviations() -> dict[str, tuple[str, str]]:
    """Written form ("Calif.", "W. Va.", "TX", "U.K.") -> (full name, iso3). Keys are exact:
    "La." is Louisiana, "la" is an article."""
    out: dict[str, tuple[str, str]] = {}
    with resources.files("frontwire.geo").joinpath("abbreviations.csv").open(encoding="utf-8") as fh:
        for rec in csv.DictReader(fh):
            out[rec["abbreviation"].strip()] = (rec["name"].strip(), rec["iso3"].strip())
            # "W.Va." is also written "W. Va."; the spaced and unspaced forms are one key.
            out.setdefault(rec["abbreviation"].replace(" ", ""), out[rec["abbreviation"].strip()])
    return out


def expand_abbreviation(text: str) -> tuple[str, str] | None:
    """(full name, iso3) of an abbreviated place name, else None."""
    table = abbreviations()
    return table.get(text.strip()) or table.get(text.replace(" ", ""))


@functools.lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Lower-cased demonym or people-plural ("syrian", "palestinians") -> iso3. A toponym span
    that is one of these ("Russian troops" annotated as Russian) refers to the country."""
    out: dict[str, str] = {}
    with resources.files("frontwire.ontology").joinpath("demonyms.csv").open(encoding="utf-8") as fh:
        for rec in csv.DictReader(fh):
            if rec["note"].strip() in ("demonym", "people"):
                out[rec["word"].strip().lower()] = rec["iso3"].strip()
    return out


@functools.lru_cache(maxsize=1)
def region_demonyms() -> dict[str, tuple[str, str]]:
    """Lower-cased demonym of a region ("ohioans", "south ossetian") -> (region name, iso3). A
    toponym span that is one of these refers to the region, as a country's demonym does to
    the country."""
    out: dict[str, tuple[str, str]] = {}
    with resources.files("frontwire.geo").joinpath("region_demonyms.csv").open(encoding="utf-8") as fh:
        for rec in csv.DictReader(fh):
            out[rec["word"].strip().lower()] = (rec["region"].strip(), rec["iso3"].strip())
    return out
