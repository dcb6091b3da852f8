"""Event triggers: the words that say something happened, mapped to ACLED and PLOVER.

Method (the lexicon and cues are data, in ontology/triggers.yaml):
1. Match lexicon entries on lemmas (or lower-cased forms): single words, contiguous phrases, and
   dependency patterns (a head with a given dependent: "set up a BASE", "shot ... DOWN"). A match
   wholly covered by a longer one is dropped ("suicide attack" beats "attack").
2. Refine each match with context cues, most specific first: who the agent or victims are
   (protesters, civilians, armed men), and the means named in the sentence (aircraft, shells,
   grenade, suicide, chemicals). Generic words ("attack", "kill") take their sub-type from these.
3. Territory triggers take their sub-type from the agent: state forces regain territory,
   non-state actors overtake it (actor cue lists in the lexicon).
4. Downgrade cues scale the score for accidents, tests, claims of responsibility, common crime,
   commemorations and trials of past events, and sports reports (a cue's `unless` words, such as
   casualties or weapons, keep it from acting).
5. Words of a fixed expression ("take place", "hit out at") are never triggers, and a trigger that
   needs a place, a person or a context word is dropped before longer matches are preferred.
6. Background clauses scale the score (relative clauses, participles); a deployment or a base told
   as a participle of a noun ("the officers DEPLOYED there were killed") describes, and codes nothing.

Who was hurt decides between a battle and violence against civilians: cues on the act's target
(scope `target`: the object's head nouns) come first; extract/taxonomy.py `type_by_target` applies
the same rule once an event's actors are known.

Negation and modality are read by extract/modality.py: a trigger in "no one was detained" is
still found, but scores below MIN_EVENT_SCORE (NEGATION_FACTOR), so it codes no event; one that is
only possible or conditional ("could attack", "would have killed") loses score like an attempt,
so that a stated event of the same sentence outranks it, and `assess` makes it `threatened`.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import cast

from spacy.tokens import Doc, Span, Token

from .. import model
from ..docarrays import TokenArrays, token_arrays
from ..nlp import ends_like_prose
from ..words import function_words
from .modality import is_habitual, is_hypothetical, is_negated
from .taxonomy import Cue, Entry, Lexicon, load_lexicon, load_taxonomy

# Scores below this are too weak to call a snippet an event (calibrated on CASE 2021 dev; a
# change needs a re-run of `frontwire eval case2021`).
MIN_EVENT_SCORE = 0.3
# Earlier sentences of a report carry its main event (inverted pyramid): each later sentence
# costs this much score when choosing one trigger for a text.
SENTENCE_DECAY = 0.02
# A negated trigger ("no arrests were made") or a habitual one ("they often attack convoys") must
# fall below MIN_EVENT_SCORE whatever its weight.
NEGATION_FACTOR = 0.25
HYPOTHETICAL_FACTOR = 0.6  # as an attempt or a plan (the `ancestors` cue of the lexicon)

_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
_PERSON_ENTS = frozenset({"PERSON"})
# Relations a dependency pattern looks through: objects and modifiers, never a new clause or the
# subject ("the missile HIT ..." must not read as "hit the missile").
_WALK_DEPS = frozenset({"dobj", "nsubjpass", "prep", "pobj", "prt", "acomp", "xcomp", "attr", "compound",
                        "amod", "npadvmod", "advmod", "dative", "agent", "oprd", "nmod", "appos", "conj",
                        "pcomp"})
_OBJECT_DEPS = frozenset({"dobj", "nsubjpass", "npadvmod", "attr", "oprd", "dative"})
# What an `object_only` pattern looks through: the object phrase, never a preposition.
_OBJECT_WALK_DEPS = _WALK_DEPS - {"prep", "pobj", "pcomp", "agent", "dative", "npadvmod", "advmod"}
WINDOW_TOKENS = 30  # scope "window": the sentence and this many tokens either side
_TERRITORY = ("Government regains territory", "Non-state actor overtakes territory")


@dataclass(frozen=True)
class _Match:
    entry: Entry
    tokens: frozenset[int]  # token indices (in the doc) the match covers
    head: Token  # the syntactic head of the match
    anchor: tuple[int, int]  # first and last token of the reported span


@dataclass(frozen=True)
class _Sentence:
    """One sentence with the lookup forms of its tokens, computed once."""

    span: Span
    lex: Lexicon
    forms: dict[int, frozenset[str]]
    bag: frozenset[str]  # the sentence's cue words (`_range_bag`: only those are ever asked for)
    window: frozenset[str]  # the same of the window around it
    # (scope, head token) -> bag: cues of several entries ask for the same scope of one match
    scopes: dict[tuple[str, int], frozenset[str]] = field(default_factory=dict)


def _token_forms(lemma: str, low: str, lex: Lexicon) -> frozenset[str]:
    """Lemma and lower-cased form of a token, plus repairs of lemmatiser slips: an irregular-form
    table and plain suffix stripping ("torched" tagged ADJ keeps lemma "torched"; "bases" -> "basis")."""
    return _forms(lemma, low) if lex is load_lexicon() else _forms_in(lemma, low, lex)


@functools.lru_cache(maxsize=65536)
def _forms(lemma: str, low: str) -> frozenset[str]:
    # Cached on the strings, for the packaged lexicon: the same words recur in every article.
    return _forms_in(lemma, low, load_lexicon())


def _forms_in(lemma: str, low: str, lex: Lexicon) -> frozenset[str]:
    out = {lemma, low}
    if low in lex.irregular_forms:
        out.add(lex.irregular_forms[low])
    if len(low) > 4 and low.isalpha():
        if low.endswith("s"):
            out.update((low[:-1], low[:-2]) if low.endswith("es") else (low[:-1],))
        elif low.endswith("ed"):
            out.update((low[:-1], low[:-2]))
    return frozenset(out)


def _bag(tokens: Iterable[int], ctx: _Sentence) -> frozenset[str]:
    """The cue words among every form of the tokens (indices) and the 2- and 3-grams of their
    lemmas and of their lower forms (hyphens skipped). A bag is only ever asked whether it shares
    a word with a cue, an entry's `requires_any` or the actor words, so only those are kept (as
    in `_range_bag`): the answers are those of the whole bag."""
    arrays = token_arrays(ctx.span.doc)
    vocabulary, openers = _cue_words(ctx.lex)
    seq = [i for i in sorted(tokens) if arrays.orth[i] != "-"]
    out: set[str] = set()
    for i in seq:
        forms = ctx.forms.get(i) or _token_forms(arrays.lemma[i], arrays.lower[i], ctx.lex)
        if not forms.isdisjoint(vocabulary):
            out |= forms & vocabulary
    for column in (arrays.lemma, arrays.lower):
        words = [column[i] for i in seq]
        for k in range(len(words) - 1):
            if words[k] in openers:  # (no cue word starts with any other word and a space)
                gram = f"{words[k]} {words[k + 1]}"
                if gram in vocabulary:
                    out.add(gram)
                if k + 2 < len(words) and f"{gram} {words[k + 2]}" in vocabulary:
                    out.add(f"{gram} {words[k + 2]}")
    return frozenset(out)


@dataclass(frozen=True)
class _DocGrams:
    """Per-document cue words by position, computed once a document: the sentence bag and the
    +-WINDOW_TOKENS window bag of every sentence overlap, and rebuilding their n-grams for each
    was the trigger stage's main cost.

    Positions count the tokens that are not hyphens (as `_bag` skips them). A range's bag is
    only ever asked whether it shares a word with a cue (`any`, `unless`) or an entry's
    `requires_any`, so only the forms and 2-/3-grams that are such words are kept: the answers
    are those of the whole bag."""

    before: list[int]  # token index -> positions before it (len(doc) + 1 entries)
    hits: list[int]  # positions where a form or an n-gram starting there is a cue word, ascending
    forms: dict[int, frozenset[str]]  # hit position -> its cue forms
    grams2: dict[int, frozenset[str]]  # hit position -> the cue words among the 2-grams starting there
    grams3: dict[int, frozenset[str]]


def _doc_forms(doc: Doc, lex: Lexicon) -> list[frozenset[str]]:
    """`_token_forms` of every token of the document, by token index, computed once (for the
    packaged lexicon; another one is not cached)."""
    arrays = token_arrays(doc)
    packaged = lex is load_lexicon()
    cached = doc.user_data.get("frontwire.trigger_forms") if packaged else None
    if isinstance(cached, list):
        return cast(list[frozenset[str]], cached)
    if packaged:
        forms = [_forms(lemma, low) for lemma, low in zip(arrays.lemma, arrays.lower, strict=True)]
        doc.user_data["frontwire.trigger_forms"] = forms
    else:
        forms = [_forms_in(lemma, low, lex) for lemma, low in zip(arrays.lemma, arrays.lower, strict=True)]
    return forms


def _entry_positions(doc: Doc, lex: Lexicon) -> list[int]:
    """The tokens of the document, ascending, one of whose forms starts a lexicon entry or heads
    a dependency pattern: no match starts at, or is headed by, any other token."""
    packaged = lex is load_lexicon()
    cached = doc.user_data.get("frontwire.trigger_positions") if packaged else None
    if isinstance(cached, list):
        return cast(list[int], cached)
    keys = lex.by_first.keys() | lex.by_head.keys()
    positions = [i for i, forms in enumerate(_doc_forms(doc, lex)) if not forms.isdisjoint(keys)]
    if packaged:
        doc.user_data["frontwire.trigger_positions"] = positions
    return positions


def _positions_in(span: Span, lex: Lexicon) -> list[int]:
    """`_entry_positions` inside `span`."""
    positions = _entry_positions(span.doc, lex)
    return positions[bisect.bisect_left(positions, span.start):bisect.bisect_left(positions, span.end)]


def _doc_grams(doc: Doc, lex: Lexicon) -> _DocGrams:
    cached = doc.user_data.get("frontwire.trigger_grams")
    if isinstance(cached, _DocGrams):
        return cached
    arrays = token_arrays(doc)
    seq = [i for i, text in enumerate(arrays.orth) if text != "-"]
    before = [0] * (len(arrays) + 1)
    k = 0
    for i, text in enumerate(arrays.orth):
        before[i] = k
        if text != "-":
            k += 1
    before[len(arrays)] = k
    all_forms = _doc_forms(doc, lex)
    vocabulary, openers = _cue_words(lex)
    empty: frozenset[str] = frozenset()
    hits: list[int] = []
    forms: dict[int, frozenset[str]] = {}
    grams2: dict[int, frozenset[str]] = {}
    grams3: dict[int, frozenset[str]] = {}
    lemmas, lowers = arrays.lemma, arrays.lower
    n = len(seq)
    for k, i in enumerate(seq):
        own = all_forms[i]
        found = empty if own.isdisjoint(vocabulary) else own & vocabulary
        # An n-gram of lemmas (or of lower forms) is a cue word only if some cue word starts with
        # its first word and a space: the n-grams of every other position are never built.
        if k + 1 < n and (lemmas[i] in openers or lowers[i] in openers):
            two: set[str] = set()
            three: set[str] = set()
            for words in (lemmas, lowers):
                if words[i] in openers:
                    gram = f"{words[i]} {words[seq[k + 1]]}"
                    if gram in vocabulary:
                        two.add(gram)
                    if k + 2 < n and f"{gram} {words[seq[k + 2]]}" in vocabulary:
                        three.add(f"{gram} {words[seq[k + 2]]}")
            if found or two or three:
                hits.append(k)
                forms[k], grams2[k], grams3[k] = found, frozenset(two), frozenset(three)
        elif found:
            hits.append(k)
            forms[k], grams2[k], grams3[k] = found, empty, empty
    grams = _DocGrams(before, hits, forms, grams2, grams3)
    doc.user_data["frontwire.trigger_grams"] = grams
    return grams


def _cue_words(lex: Lexicon) -> tuple[frozenset[str], frozenset[str]]:
    """(every word a bag is tested against: the cues' `any` and `unless`, the entries'
    `requires_any` and the actor words; every prefix of one of them that ends before a space)."""
    return _packaged_cue_words() if lex is load_lexicon() else _cue_words_of(lex)


@functools.lru_cache(maxsize=1)
def _packaged_cue_words() -> tuple[frozenset[str], frozenset[str]]:
    return _cue_words_of(load_lexicon())


def _cue_words_of(lex: Lexicon) -> tuple[frozenset[str], frozenset[str]]:
    words: set[str] = set(lex.government | lex.non_state)
    for cue in lex.cues:
        words |= cue.any | cue.unless
    for entries in (*lex.by_first.values(), *lex.by_head.values()):
        for entry in entries:
            words |= entry.requires_any
    openers = {w[:k] for w in words for k, ch in enumerate(w) if ch == " "}
    return frozenset(words), frozenset(openers)


def _range_bag(span: Span, lex: Lexicon) -> frozenset[str]:
    """The cue words of `_bag` of a contiguous span (see _DocGrams), from the per-document table."""
    table = _doc_grams(span.doc, lex)
    lo, hi = table.before[span.start], table.before[span.end]
    out: set[str] = set()
    for k in table.hits[bisect.bisect_left(table.hits, lo):bisect.bisect_left(table.hits, hi)]:
        out |= table.forms[k]
        if k < hi - 1:
            out |= table.grams2[k]
        if k < hi - 2:
            out |= table.grams3[k]
    return frozenset(out)


def _barriers(doc: Doc) -> tuple[list[int], list[int]]:
    """Line breaks a context window must not cross, once per document: (breaks after which a
    heading or sidebar line follows, breaks that close such a line), as token indices."""
    cached = doc.user_data.get("frontwire.window_barriers")
    if cached is not None:
        return cast(tuple[list[int], list[int]], cached)
    arrays = token_arrays(doc)
    text = arrays.text

    def prose_line(char: int) -> bool:
        start = text.rfind("\n", 0, char) + 1
        end = text.find("\n", char)
        line = text[start:end if end != -1 else len(text)].strip()
        return not line or ends_like_prose(line)

    before: list[int] = []  # a non-prose line ends at this newline token: no looking back past it
    after: list[int] = []  # a non-prose line starts after this newline token: no looking ahead past it
    for i, tok_text in enumerate(arrays.orth):
        if "\n" in tok_text:
            idx = arrays.idx[i]
            if not prose_line(max(0, idx - 1)):
                before.append(i)
            if not prose_line(min(len(text) - 1, idx + len(tok_text))):
                after.append(i)
    doc.user_data["frontwire.window_barriers"] = (before, after)
    return before, after


def _window(doc: Doc, sent: Span) -> Span:
    """The sentence and WINDOW_TOKENS tokens either side, not reaching into a heading or a
    sidebar line (a line that does not end like prose: "Landslide at mining site: 17 bodies")."""
    before, after = _barriers(doc)
    lo = max(0, sent.start - WINDOW_TOKENS)
    k = bisect.bisect_left(before, sent.start) - 1
    if k >= 0 and before[k] >= lo:
        lo = before[k] + 1
    hi = min(len(doc), sent.end + WINDOW_TOKENS)
    k = bisect.bisect_left(after, sent.end - 1)
    if k < len(after) and after[k] < hi:
        hi = after[k]
    return doc[lo:max(hi, sent.end)]


def _next_word(orth: list[str], j: int, end: int) -> int:
    """The first token index from `j` (below `end`) that is not a hyphen, else `end`."""
    while j < end and orth[j] == "-":
        j += 1
    return j


def _root(doc: Doc, covered: Iterable[int]) -> Token:
    heads = token_arrays(doc).head
    idx = set(covered)
    for i in sorted(idx):
        if heads[i] not in idx or heads[i] == i:
            return doc[i]
    return doc[min(idx)]


def _phrase_matches(ctx: _Sentence) -> Iterator[_Match]:
    doc = ctx.span.doc
    arrays = token_arrays(doc)
    end = ctx.span.end
    for i in _positions_in(ctx.span, ctx.lex):  # (a token with no entry's first word starts none)
        for form in ctx.forms[i]:
            for entry in ctx.lex.by_first.get(form, ()):
                if entry.pos and arrays.pos[i] not in entry.pos:
                    continue
                covered = [i]
                j = i + 1
                for word in entry.words[1:]:
                    j = _next_word(arrays.orth, j, end)
                    if j >= end or word not in ctx.forms[j]:
                        break
                    covered.append(j)
                    j += 1
                else:
                    yield _Match(entry, frozenset(covered), _root(doc, covered), (covered[0], covered[-1]))


# The dependency helpers below take token indices and read the per-document lists (docarrays.py).

def _walk(a: TokenArrays, tok: int, depth: int = 4) -> Iterator[int]:
    """Dependents of `tok` down to `depth`, through object-like relations only (not new clauses)."""
    for child in a.children[tok]:
        if a.dep[child] in _WALK_DEPS:
            yield child
            if depth > 1:
                yield from _walk(a, child, depth - 1)


def _object_walk(a: TokenArrays, tok: int, depth: int = 4) -> Iterator[int]:
    """The object phrase of `tok`: like `_walk`, but through no preposition except the "of" of a
    noun ("set up a NUMBER of bases"), for `object_only` patterns."""
    for child in a.children[tok]:
        dep = a.dep[child]
        through_of = dep == "prep" and a.lower[child] == "of" and a.pos[tok] in ("NOUN", "PROPN", "NUM")
        if dep in _OBJECT_WALK_DEPS or through_of or (dep == "pobj" and a.lower[tok] == "of"):
            yield child
            if depth > 1:
                yield from _object_walk(a, child, depth - 1)


def _phrase_tokens(a: TokenArrays, tok: int) -> set[int]:
    """The subtree of `tok` without embedded clauses: what a pattern's dependent stands for."""
    out = {tok}
    for child in a.children[tok]:
        if a.dep[child] not in ("relcl", "advcl", "ccomp", "parataxis"):
            out |= _phrase_tokens(a, child)
    return out


def _dep_matches(ctx: _Sentence) -> Iterator[_Match]:
    doc = ctx.span.doc
    a = token_arrays(doc)
    for i in _positions_in(ctx.span, ctx.lex):  # (a token with no pattern's head lemma heads none)
        entries = [e for f in ctx.forms[i] for e in ctx.lex.by_head.get(f, ())]
        if not entries:
            continue
        below = list(_walk(a, i))
        direct = list(_object_walk(a, i))
        if a.dep[i] == "acl":  # "the bombs DISCOVERED on the beach": the noun is the object
            below.append(a.head[i])
            direct.append(a.head[i])
        for entry in dict.fromkeys(entries):
            if entry.pos and a.pos[i] not in entry.pos:
                continue
            pool = direct if entry.object_only else below
            hit = next((d for d in pool if not entry.child.isdisjoint(ctx.forms.get(d, ()))), None)
            if hit is not None:
                covered = {i, hit}
                if entry.absorbs_object:  # every object phrase of the verb (parses split lists)
                    covered |= _phrase_tokens(a, hit)
                    for child in a.children[i]:
                        if a.dep[child] in _OBJECT_DEPS:
                            covered |= _phrase_tokens(a, child)
                anchor = (min(i, hit), max(i, hit))
                yield _Match(entry, frozenset(covered & ctx.forms.keys()), doc[i], anchor)


def _keep_longest(matches: list[_Match]) -> list[_Match]:
    ranked = sorted(matches, key=lambda m: (-len(m.tokens), -m.entry.weight, min(m.tokens)))
    kept: list[_Match] = []
    for m in ranked:
        if not any(m.tokens <= k.tokens for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: min(m.tokens))


def _predicate(a: TokenArrays, tok: int) -> tuple[int, bool]:
    """The verb that governs a nominal trigger ("launched an ATTACK" -> launched), and whether
    the walk moved from `tok` at all."""
    # (This once compared Token objects, `cur.head is cur`, to stop at the root: spaCy makes a
    # new Token at each access, so that test never held, and the walk does not stop there.)
    cur, moved = tok, False
    for _ in range(2):
        if a.pos[cur] not in ("NOUN", "PROPN"):
            break
        if a.dep[cur] in ("dobj", "attr", "nsubjpass", "compound"):
            cur, moved = a.head[cur], True
        elif a.dep[cur] == "pobj":
            cur, moved = a.head[a.head[cur]], True
        else:
            break
    return cur, moved


def _subject(a: TokenArrays, tok: int) -> list[int]:
    pred, moved = _predicate(a, tok)
    out: list[int] = []
    for node, own_node in ((tok, True), (pred, False)) if moved else ((tok, True),):
        noun = own_node and a.pos[node] in ("NOUN", "PROPN")
        for child in a.children[node]:
            dep = a.dep[child]
            if (noun and dep in ("poss", "compound", "amod")) or dep in ("nsubj", "csubj", "agent"):
                out += a.subtree(child)
    if not out and a.dep[pred] in ("conj", "xcomp", "advcl", "relcl", "acl"):
        parent = a.head[pred]
        if a.dep[pred] in ("relcl", "acl"):
            out += [t for t in a.subtree(parent) if t <= parent]
        else:
            out += [t for c in a.children[parent] if a.dep[c] in ("nsubj", "agent") for t in a.subtree(c)]
    return out


def _objects(a: TokenArrays, tok: int) -> list[int]:
    """The objects of `tok` and of its predicate (in no particular order: callers do not ask)."""
    pred, _ = _predicate(a, tok)
    out: list[int] = []
    for node in {tok, pred}:
        for child in a.children[node]:
            dep = a.dep[child]
            if dep in ("dobj", "nsubjpass", "dative", "attr"):
                out.append(child)
            elif dep in ("prep", "prt") and a.lower[child] in function_words("trigger_object"):
                out += [c for c in a.children[child] if a.dep[c] == "pobj"]
    # the object's "of" complement: "control of the TOWN"
    extra = [g for o in out for p in a.children[o] if a.dep[p] == "prep" and a.lower[p] == "of"
             for g in a.children[p] if a.dep[g] == "pobj"]
    return out + extra


def _person_name(a: TokenArrays, tok: int) -> bool:
    """Part of a person's name of two words or more: a one-word PERSON is as often a town the
    tagger does not know ("captured Dansha")."""
    if a.ent_type[tok] not in _PERSON_ENTS:
        return False
    return a.ent_iob[tok] == "I" or (tok + 1 < len(a) and a.ent_iob[tok + 1] == "I")


def _is_place(a: TokenArrays, tok: int, ctx: _Sentence) -> bool:
    return (a.ent_type[tok] in _PLACE_ENTS or (a.pos[tok] == "PROPN" and not _person_name(a, tok))
            or not ctx.lex.place_words.isdisjoint(ctx.forms.get(tok, ())))


def _is_person(a: TokenArrays, tok: int, ctx: _Sentence) -> bool:
    return _person_name(a, tok) or not ctx.lex.person_words.isdisjoint(ctx.forms.get(tok, ()))


def _admissible(m: _Match, ctx: _Sentence, idiomatic: frozenset[int]) -> bool:
    """The entry's conditions hold: no word of an idiom, and the context or object it needs."""
    entry = m.entry
    if not idiomatic.isdisjoint(m.tokens):
        return False
    if entry.requires_any and entry.requires_any.isdisjoint(ctx.bag):
        return False
    a = token_arrays(ctx.span.doc)
    if entry.requires_place and not any(_is_place(a, o, ctx) for o in _objects(a, m.head.i)):
        return False
    return not entry.requires_person or any(_is_person(a, o, ctx) for o in _objects(a, m.head.i))


def _idiom_tokens(ctx: _Sentence) -> frozenset[int]:
    """Tokens of fixed expressions whose words are not events ("the talks TOOK PLACE in ...")."""
    orth = token_arrays(ctx.span.doc).orth
    toks = [i for i in range(ctx.span.start, ctx.span.end) if orth[i] != "-"]
    out: set[int] = set()
    for k in range(len(toks)):
        forms = ctx.forms[toks[k]]
        for idiom in ctx.lex.idioms:
            if idiom[0] not in forms:
                continue
            window = toks[k:k + len(idiom)]
            if len(window) == len(idiom) and all(w in ctx.forms[i] for w, i in zip(idiom, window, strict=True)):
                out.update(window)
    return frozenset(out)


def _scope_bag(scope: str, m: _Match, ctx: _Sentence) -> frozenset[str]:
    key = (scope, m.head.i)
    bag = ctx.scopes.get(key)
    if bag is None:
        bag = ctx.scopes[key] = _compute_scope_bag(scope, m, ctx)
    return bag


def _compute_scope_bag(scope: str, m: _Match, ctx: _Sentence) -> frozenset[str]:
    if scope == "sentence":
        return ctx.bag
    if scope == "window":
        return ctx.window
    a = token_arrays(ctx.span.doc)
    head = m.head.i
    if scope == "subject":
        return _bag(_subject(a, head), ctx)
    if scope == "ancestors":
        governors = a.ancestors(head)
        return _bag([*governors, *(c for g in governors for c in a.children[g] if a.dep[c] == "dobj")], ctx)
    if scope == "target":
        return _bag((t for o in _objects(a, head) for t in _head_phrase(a, o)), ctx)
    return _bag((t for o in _objects(a, head) for t in a.subtree(o)), ctx)


def _head_phrase(a: TokenArrays, tok: int) -> list[int]:
    """A noun with its compounds and adjectives, and the nouns joined to it ("police and
    soldiers"), without its prepositional phrases: "villagers near the CHECKPOINT" are villagers."""
    out = [tok]
    for child in a.children[tok]:
        if a.dep[child] in ("compound", "amod", "nmod"):
            out.append(child)
        elif a.dep[child] == "conj":
            out += _head_phrase(a, child)
    return out


def _actor_kind(m: _Match, ctx: _Sentence) -> str | None:
    """'government' or 'non_state' for the agent of a territorial trigger, None if unknown."""
    lex = ctx.lex
    a = token_arrays(ctx.span.doc)
    head = m.head.i
    kinds = (("non_state", lex.non_state), ("government", lex.government))
    subj = _bag(_subject(a, head), ctx)
    for kind, words in kinds:
        if not words.isdisjoint(subj):
            return kind
    # No usable subject: the nearest actor word in the sentence, leaving out the side the place
    # was taken FROM and the place itself (but not "fell TO the rebels").
    pred, _ = _predicate(a, head)
    excluded = {t for c in a.children[pred] if a.dep[c] == "prep" and a.lower[c] == "from" for t in a.subtree(c)}
    excluded |= {t for o in _objects(a, head) if a.dep[o] != "pobj" for t in a.subtree(o)}
    best: tuple[int, str] | None = None
    for t in range(ctx.span.start, ctx.span.end):
        if t in excluded:
            continue
        for kind, words in kinds:
            if not words.isdisjoint(ctx.forms[t]):
                dist = abs(t - head)
                if best is None or dist < best[0]:
                    best = (dist, kind)
    return None if best is None else best[1]


def _clause_factor(a: TokenArrays, tok: int, lex: Lexicon, group: str) -> float:
    factors = [lex.clause_factors[a.dep[t]] for t in (tok, *a.ancestors(tok)) if a.dep[t] in lex.clause_factors]
    if group in lex.participle_factors and a.tag[tok] == "VBN" and a.dep[tok] in ("acl", "amod"):
        factors.append(lex.participle_factors[group])  # "the troops DEPLOYED there": a description
    return min(factors, default=1.0)


def _cues_of(lex: Lexicon, group: str) -> tuple[Cue, ...]:
    """The cues of a trigger group, in the lexicon's order."""
    if lex is not load_lexicon():
        return tuple(cue for cue in lex.cues if group in cue.groups)
    return _packaged_cues_of(group)


@functools.lru_cache(maxsize=256)
def _packaged_cues_of(group: str) -> tuple[Cue, ...]:
    return tuple(cue for cue in load_lexicon().cues if group in cue.groups)


def _refine(m: _Match, ctx: _Sentence) -> tuple[str | None, float]:
    entry, lex = m.entry, ctx.lex
    sub, score = entry.sub, entry.weight
    chosen = False
    for cue in _cues_of(lex, entry.group):
        if cue.set is not None and chosen:
            continue
        if cue.any.isdisjoint(_scope_bag(cue.scope, m, ctx)) or not cue.unless.isdisjoint(ctx.bag):
            continue
        if cue.set is not None:
            sub, chosen = cue.set, True
            score = max(score, cue.weight or 0.0)
        if cue.factor is not None:
            score *= cue.factor
    if entry.group == "capture" and sub in _TERRITORY:
        kind = _actor_kind(m, ctx)
        if kind is not None:
            sub = _TERRITORY[1] if kind == "non_state" else _TERRITORY[0]
    if is_negated(m.head) or is_habitual(m.head):
        score *= NEGATION_FACTOR
    elif is_hypothetical(m.head):
        score *= HYPOTHETICAL_FACTOR
    return sub, min(score * _clause_factor(token_arrays(ctx.span.doc), m.head.i, lex, entry.group), 1.0)


def find_triggers(sent: Span) -> list[model.Trigger]:
    """Every event trigger in one sentence, in text order, with ACLED/PLOVER types and a score."""
    lex = load_lexicon()
    taxonomy = load_taxonomy()
    if not _positions_in(sent, lex):
        return []  # no token where a match could start: most sentences, at the cost of a bisection
    all_forms = _doc_forms(sent.doc, lex)
    forms = dict(zip(range(sent.start, sent.end), all_forms[sent.start:sent.end], strict=True))
    ctx = _Sentence(sent, lex, forms, frozenset(), frozenset())
    found = [*_phrase_matches(ctx), *_dep_matches(ctx)]
    if not found:
        return []  # most sentences: skip building the context bags (the extractor's hot path)
    doc = sent.doc
    around = _window(doc, sent)
    ctx = _Sentence(sent, lex, forms, _range_bag(sent, lex), _range_bag(around, lex))
    idiomatic = _idiom_tokens(ctx)
    matches = _keep_longest([m for m in found if _admissible(m, ctx, idiomatic)])
    out: list[model.Trigger] = []
    for m in matches:
        sub, score = _refine(m, ctx)
        span = doc[m.anchor[0]:m.anchor[1] + 1]
        plover = m.entry.plover
        event_type = None
        if sub is not None:
            info = taxonomy.sub_type(sub)
            event_type = info.event_type
            if sub != m.entry.sub:  # a cue changed the sub-type: its default PLOVER type follows
                plover = info.plover
        arrays = token_arrays(doc)
        lemma = " ".join(arrays.lemma[i] for i in range(span.start, span.end) if arrays.orth[i] != "-")
        out.append(model.Trigger(
            span=model.Span(span.text, span.start_char, span.end_char),
            lemma=lemma,
            event_type=event_type,
            sub_event_type=sub,
            plover_type=plover,
            score=round(score, 3),
            head=m.head.idx,
        ))
    return out


def _sentences(doc_or_span: Doc | Span) -> list[Span]:
    """The sentences of a Doc, or those a Span overlaps (whole sentences)."""
    if isinstance(doc_or_span, Doc):
        return list(doc_or_span.sents)
    span = doc_or_span
    return [s for s in span.doc.sents if s.start < span.end and s.end > span.start]


def _ranked(doc_or_span: Doc | Span) -> list[tuple[float, int, model.Trigger]]:
    sents = _sentences(doc_or_span)
    ranked = []
    for k, sent in enumerate(sents):
        for trig in find_triggers(sent):
            ranked.append((trig.score - SENTENCE_DECAY * k, trig.span.start, trig))
    return ranked


def main_trigger(triggers: Sequence[model.Trigger]) -> model.Trigger | None:
    """The trigger of one sentence's event, by the rule of `best_trigger` within a sentence: the
    best-scoring ACLED trigger of at least MIN_EVENT_SCORE (weaker ones carry accident, claim or
    attempt cues), else the best verbal trigger; ties go to the earlier mention."""
    acled = [t for t in triggers if t.event_type is not None and t.score >= MIN_EVENT_SCORE]
    pool = acled or [t for t in triggers if t.event_type is None]
    if not pool:
        return None
    return min(pool, key=lambda t: (-t.score, t.span.start))


def best_trigger(doc_or_span: Doc | Span) -> model.Trigger | None:
    """The trigger of the text's main event.

    Rule: among triggers with an ACLED type scoring at least MIN_EVENT_SCORE, the highest score,
    where each later sentence costs SENTENCE_DECAY (the first-mentioned event of a report is its
    news); ties go to the earlier mention. Scores already encode specificity (a grenade or an
    airstrike outranks a generic "attack"). With no such trigger, the best verbal trigger (threat,
    accusation, talks) by the same rule; None if there is no trigger at all.
    """
    ranked = _ranked(doc_or_span)
    acled = [r for r in ranked if r[2].event_type is not None and r[2].score >= MIN_EVENT_SCORE]
    pool = acled or [r for r in ranked if r[2].event_type is None]
    if not pool:
        return None
    return min(pool, key=lambda r: (-r[0], r[1]))[2]


def classify_snippet(doc: Doc) -> str:
    """The CASE 2021 label of a snippet's main event ("NONE" when it reports no ACLED event)."""
    taxonomy = load_taxonomy()
    trig = best_trigger(doc)
    if trig is None or trig.sub_event_type is None:
        return taxonomy.none_label
    return taxonomy.sub_type(trig.sub_event_type).case2021

