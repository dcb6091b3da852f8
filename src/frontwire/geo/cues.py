"""The words around a place name that say what it is (geo/cue_words.csv and the place nouns of
ontology/place_nouns.csv), and the other word lists the recogniser and the resolver share:
abbreviations of place names (abbreviations.csv) and of the words inside them (name_words.csv),
and demonyms (ontology/demonyms.csv, the one table of country and region demonyms, shared with
the actor extractor: "Syrian", "Texans", "Chechen")."""

from __future__ import annotations

import functools

from ..resources import read_csv


@functools.lru_cache(maxsize=1)
def place_nouns() -> tuple[dict[str, str], ...]:
    """The rows of ontology/place_nouns.csv (word, geo_role, locality, feature_code, keep, title,
    same_place, note), the words lower-cased."""
    rows = read_csv("ontology/place_nouns.csv",
                    columns=("geo_role", "locality", "feature_code", "keep", "title", "same_place"), required=("word",))
    return tuple({**r, "word": r["word"].lower()} for r in rows)


@functools.lru_cache(maxsize=1)
def cue_words() -> dict[str, frozenset[str]]:
    """role -> words (lower case): admin, settlement, landform, road (the place nouns), locative,
    near, never, direction, ... (cue_words.csv)."""
    roles: dict[str, set[str]] = {}
    for rec in read_csv("geo/cue_words.csv", required=("word", "role")):
        roles.setdefault(rec["role"], set()).add(rec["word"].lower())
    for noun in place_nouns():
        if noun["geo_role"]:
            roles.setdefault(noun["geo_role"], set()).add(noun["word"])
    return {role: frozenset(words) for role, words in roles.items()}


def role_words(role: str) -> frozenset[str]:
    return cue_words().get(role, frozenset())


@functools.lru_cache(maxsize=1)
def abbreviations() -> dict[str, tuple[str, str]]:
    """Written form ("Calif.", "W. Va.", "TX", "U.K.") -> (full name, iso3). Keys are exact:
    "La." is Louisiana, "la" is an article."""
    out: dict[str, tuple[str, str]] = {}
    for rec in read_csv("geo/abbreviations.csv", required=("abbreviation", "name", "iso3")):
        out[rec["abbreviation"]] = (rec["name"], rec["iso3"])
        # "W.Va." is also written "W. Va."; the spaced and unspaced forms are one key.
        out.setdefault(rec["abbreviation"].replace(" ", ""), out[rec["abbreviation"]])
    return out


@functools.lru_cache(maxsize=1)
def spelled_out() -> dict[str, str]:
    """An abbreviated word of a place name ("st.", "mt.") -> the word written out ("Saint",
    "Mount"): name_words.csv."""
    return {rec["abbreviation"].lower(): rec["word"]
            for rec in read_csv("geo/name_words.csv", required=("abbreviation", "word"))}


@functools.lru_cache(maxsize=1)
def spelling_variants() -> tuple[tuple[str, str], ...]:
    """(ending, alternative) pairs of spelling_variants.csv: other romanisations of a name's
    last word ("Hodeidah" -> "Hodeida")."""
    return tuple((rec["ending"].lower(), rec["alternative"].lower())
                 for rec in read_csv("geo/spelling_variants.csv", required=("ending", "alternative")))


def respelled(text: str) -> list[str]:
    """`text` with its last word's ending swapped for each of its other romanisations (a last
    word of more than three letters besides the ending)."""
    head, _, last = text.rpartition(" ")
    out = []
    for ending, alternative in spelling_variants():
        if len(last) > len(ending) + 3 and last.lower().endswith(ending):
            out.append(f"{head} {last[:-len(ending)]}{alternative}".strip())
    return out


def expand_abbreviation(text: str) -> tuple[str, str] | None:
    """(full name, iso3) of an abbreviated place name, else None."""
    table = abbreviations()
    return table.get(text.strip()) or table.get(text.replace(" ", ""))


@functools.lru_cache(maxsize=1)
def demonym_table() -> tuple[dict[str, str], ...]:
    """The rows of ontology/demonyms.csv (word, iso3, region, note, source)."""
    return tuple(read_csv("ontology/demonyms.csv", columns=("iso3", "region", "source"), required=("word", "note")))


@functools.lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Lower-cased demonym or people-plural of a country ("syrian", "palestinians") -> iso3. A
    toponym span that is one of these ("Russian troops" annotated as Russian) refers to the
    country."""
    return {rec["word"].lower(): rec["iso3"] for rec in demonym_table()
            if not rec["region"] and rec["note"] in ("demonym", "people")}


@functools.lru_cache(maxsize=1)
def region_demonyms() -> dict[str, tuple[str, str]]:
    """Lower-cased demonym of a region ("ohioans", "south ossetian") -> (region name, iso3). A
    toponym span that is one of these refers to the region, as a country's demonym does to
    the country."""
    return {rec["word"].lower(): (rec["region"], rec["iso3"]) for rec in demonym_table() if rec["region"]}
