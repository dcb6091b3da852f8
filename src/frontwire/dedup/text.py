"""Evidence-text similarity: the set cosine of two texts' content words.

WHY this measure: it needs no model and no corpus statistics (TF-IDF would make one pair's
score depend on every other report in the run, and so on the batch the store happens to pass),
it is symmetric and exact, and it rewards what two outlets' accounts of one event share - the
place name, the figures, the weapon, the actors - while stopwords, reporting verbs and weekdays
are dropped (dedup/text.yaml). Set cosine |A & B| / sqrt(|A| |B|) rather than Jaccard because
one outlet's three sentences should not be penalised for being longer than another's one.
A light suffix stripper makes "shelled", "shelling" and "shells" one word; written numbers
become digits ("twelve" -> "12").
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection

from .lexicon import Lexicon

_WORD = re.compile(r"[^\W_]+")


def _stem(word: str) -> str:
    if word.isdigit():
        return word
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 4 and word.endswith("ed"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


class Tokenizer:
    """Content words of a text. Holds a memo of word -> normalised form for one run (the
    vocabulary of news text is small, so most words are normalised once)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self._stop = lexicon.stopwords
        self._numbers = lexicon.number_words
        self._memo: dict[str, str | None] = {}

    def _normalise(self, word: str) -> str | None:
        if word in self._stop:
            return None
        number = self._numbers.get(word)
        if number is not None:
            return number
        if len(word) < 2 and not word.isdigit():
            return None
        return _stem(word)

    def words(self, text: str) -> frozenset[str]:
        memo = self._memo
        out: set[str] = set()
        for word in _WORD.findall(text.lower()):
            norm = memo.get(word, "")
            if norm == "":
                norm = memo[word] = self._normalise(word)
            if norm is not None:
                out.add(norm)
        return frozenset(out)


def set_cosine(a: Collection[object], b: Collection[object]) -> float:
    """|A & B| / sqrt(|A| |B|); 0 when either is empty."""
    if not a or not b:
        return 0.0
    shared = len(set(a).intersection(b))
    return shared / math.sqrt(len(a) * len(b))
