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
from ..nlp import doc_text, ends_like_prose
from .modality import is_habitual, is_hypothetical, is_negated
from .taxonomy import Entry, Lexicon, load_lexicon, load_taxonomy

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
_OBJECT_PREPS = frozenset({"on", "at", "against", "in", "into", "of", "upon", "toward", "towards"})
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
    bag: frozenset[str]
    window: frozenset[str]
    # (scope, head token) -> bag: cues of several entries ask for the same scope of one match
    scopes: dict[tuple[str, int], frozenset[str]] = field(default_factory=dict)


def _token_forms(tok: Token, lex: Lexicon) -> frozenset[str]:
    """Lemma and lower-cased form, plus repairs of lemmatiser slips: an irregular-form table and
    plain suffix stripping ("torched" tagged ADJ keeps lemma "torched"; "bases" -> "basis")."""
    return _forms(tok.lemma_.lower(), tok.lower_) if lex is load_lexicon() else _forms_in(tok.lemma_.lower(),
                                                                                          tok.lower_, lex)


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


def _bag(tokens: Iterable[Token], ctx: _Sentence) -> frozenset[str]:
    """Every form of the tokens, plus 2- and 3-grams of lemmas and of lower forms (hyphens skipped)."""
    seq = [t for t in sorted(tokens, key=lambda t: t.i) if t.text != "-"]
    out: set[str] = set()
    for t in seq:
        out |= ctx.forms.get(t.i) or _token_forms(t, ctx.lex)
    for words in ([t.lemma_.lower() for t in seq], [t.lower_ for t in seq]):
        for n in (2, 3):
            out.update(" ".join(words[k:k + n]) for k in range(len(words) - n + 1))
    return frozenset(out)


@dataclass(frozen=True)
class _DocGrams:
    """Per-document lookup forms and 2-/3-grams by position (hyphens skipped), computed once a
    document: the sentence bag and the +-WINDOW_TOKENS window bag of every sentence overlap,
    and rebuilding their n-grams for each was the trigger stage's main cost."""

    index: dict[int, int]  # token index -> position in the hyphen-less sequence
    forms: list[frozenset[str]]
    grams2: list[tuple[str, str]]  # (lemma 2-gram, lower 2-gram) starting at each position
    grams3: list[tuple[str, str]]


def _doc_grams(doc: Doc, lex: Lexicon) -> _DocGrams:
    cached = doc.user_data.get("frontwire.trigger_grams")
    if isinstance(cached, _DocGrams):
        return cached
    seq = [t for t in doc if t.text != "-"]
    lemmas = [t.lemma_.lower() for t in seq]
    lowers = [t.lower_ for t in seq]
    grams = _DocGrams(
        index={t.i: k for k, t in enumerate(seq)},
        forms=[_token_forms(t, lex) for t in seq],
        grams2=[(f"{lemmas[k]} {lemmas[k + 1]}", f"{lowers[k]} {lowers[k + 1]}") for k in range(len(seq) - 1)],
        grams3=[(f"{lemmas[k]} {lemmas[k + 1]} {lemmas[k + 2]}", f"{lowers[k]} {lowers[k + 1]} {lowers[k + 2]}")
                for k in range(len(seq) - 2)],
    )
    doc.user_data["frontwire.trigger_grams"] = grams
    return grams


def _range_bag(span: Span, lex: Lexicon) -> frozenset[str]:
    """`_bag` of a contiguous span, from the per-document table (same result, no rebuilding)."""
    table = _doc_grams(span.doc, lex)
    positions = [table.index[i] for i in range(span.start, span.end) if i in table.index]
    if not positions:
        return frozenset()
    lo, hi = positions[0], positions[-1] + 1
    out: set[str] = set()
    for k in range(lo, hi):
        out |= table.forms[k]
    for k in range(lo, hi - 1):
        out.update(table.grams2[k])
    for k in range(lo, hi - 2):
        out.update(table.grams3[k])
    return frozenset(out)


def _barriers(doc: Doc) -> tuple[list[int], list[int]]:
    """Line breaks a context window must not cross, once per document: (breaks after which a
    heading or sidebar line follows, breaks that close such a line), as token indices."""
    cached = doc.user_data.get("frontwire.window_barriers")
    if cached is not None:
        return cast(tuple[list[int], list[int]], cached)
    text = doc_text(doc)

    def prose_line(char: int) -> bool:
        start = text.rfind("\n", 0, char) + 1
        end = text.find("\n", char)
        line = text[start:end if end != -1 else len(text)].strip()
        return not line or ends_like_prose(line)

    before: list[int] = []  # a non-prose line ends at this newline token: no looking back past it
    after: list[int] = []  # a non-prose line starts after this newline token: no looking ahead past it
    for tok in doc:
        if "\n" in tok.text:
            if not prose_line(max(0, tok.idx - 1)):
                before.append(tok.i)
            if not prose_line(min(len(text) - 1, tok.idx + len(tok.text))):
                after.append(tok.i)
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


def _next_word(toks: list[Token], j: int) -> int:
    while j < len(toks) and toks[j].text == "-":
        j += 1
    return j


def _root(doc: Doc, covered: Iterable[int]) -> Token:
    idx = set(covered)
    for i in sorted(idx):
        if doc[i].head.i not in idx or doc[i].head.i == i:
            return doc[i]
    return doc[min(idx)]


def _phrase_matches(ctx: _Sentence) -> Iterator[_Match]:
    toks = list(ctx.span)
    doc = ctx.span.doc
    for k, tok in enumerate(toks):
        for form in ctx.forms[tok.i]:
            for entry in ctx.lex.by_first.get(form, ()):
                if entry.pos and tok.pos_ not in entry.pos:
                    continue
                covered = [tok.i]
                j = k + 1
                for word in entry.words[1:]:
                    j = _next_word(toks, j)
                    if j >= len(toks) or word not in ctx.forms[toks[j].i]:
                        break
                    covered.append(toks[j].i)
                    j += 1
                else:
                    yield _Match(entry, frozenset(covered), _root(doc, covered), (covered[0], covered[-1]))


def _walk(tok: Token, depth: int = 4) -> Iterator[Token]:
    """Dependents of `tok` down to `depth`, through object-like relations only (not new clauses)."""
    for child in tok.children:
        if child.dep_ in _WALK_DEPS:
            yield child
            if depth > 1:
                yield from _walk(child, depth - 1)


def _object_walk(tok: Token, depth: int = 4) -> Iterator[Token]:
    """The object phrase of `tok`: like `_walk`, but through no preposition except the "of" of a
    noun ("set up a NUMBER of bases"), for `object_only` patterns."""
    for child in tok.children:
        through_of = child.dep_ == "prep" and child.lower_ == "of" and tok.pos_ in ("NOUN", "PROPN", "NUM")
        if child.dep_ in _OBJECT_WALK_DEPS or through_of or (child.dep_ == "pobj" and tok.lower_ == "of"):
            yield child
            if depth > 1:
                yield from _object_walk(child, depth - 1)


def _phrase_tokens(tok: Token) -> set[int]:
    """The subtree of `tok` without embedded clauses: what a pattern's dependent stands for."""
    out = {tok.i}
    for child in tok.children:
        if child.dep_ not in ("relcl", "advcl", "ccomp", "parataxis"):
            out |= _phrase_tokens(child)
    return out


def _dep_matches(ctx: _Sentence) -> Iterator[_Match]:
    for tok in ctx.span:
        entries = [e for f in ctx.forms[tok.i] for e in ctx.lex.by_head.get(f, ())]
        if not entries:
            continue
        below = list(_walk(tok))
        direct = list(_object_walk(tok))
        if tok.dep_ == "acl":  # "the bombs DISCOVERED on the beach": the noun is the object
            below.append(tok.head)
            direct.append(tok.head)
        for entry in dict.fromkeys(entries):
            if entry.pos and tok.pos_ not in entry.pos:
                continue
            pool = direct if entry.object_only else below
            hit = next((d for d in pool if not entry.child.isdisjoint(ctx.forms.get(d.i, ()))), None)
            if hit is not None:
                covered = {tok.i, hit.i}
                if entry.absorbs_object:  # every object phrase of the verb (parses split lists)
                    covered |= _phrase_tokens(hit)
                    for child in tok.children:
                        if child.dep_ in _OBJECT_DEPS:
                            covered |= _phrase_tokens(child)
                anchor = (min(tok.i, hit.i), max(tok.i, hit.i))
                yield _Match(entry, frozenset(covered & ctx.forms.keys()), tok, anchor)


def _keep_longest(matches: list[_Match]) -> list[_Match]:
    ranked = sorted(matches, key=lambda m: (-len(m.tokens), -m.entry.weight, min(m.tokens)))
    kept: list[_Match] = []
    for m in ranked:
        if not any(m.tokens <= k.tokens for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: min(m.tokens))


def _predicate(tok: Token) -> Token:
    """The verb that governs a nominal trigger ("launched an ATTACK" -> launched)."""
    cur = tok
    for _ in range(2):
        if cur.pos_ not in ("NOUN", "PROPN") or cur.head is cur:
            break
        if cur.dep_ in ("dobj", "attr", "nsubjpass", "compound"):
            cur = cur.head
        elif cur.dep_ == "pobj" and cur.head.head is not cur.head:
            cur = cur.head.head
        else:
            break
    return cur


def _subject(tok: Token) -> list[Token]:
    pred = _predicate(tok)
    out: list[Token] = []
    for node in (tok, pred) if pred is not tok else (tok,):
        for child in node.children:
            own = node is tok and node.pos_ in ("NOUN", "PROPN") and child.dep_ in ("poss", "compound", "amod")
            if own or child.dep_ in ("nsubj", "csubj", "agent"):
                out.extend(child.subtree)
    if not out and pred.dep_ in ("conj", "xcomp", "advcl", "relcl", "acl") and pred.head is not pred:
        parent = pred.head
        if pred.dep_ in ("relcl", "acl"):
            out.extend(t for t in parent.subtree if t.i <= parent.i)
        else:
            out.extend(t for c in parent.children if c.dep_ in ("nsubj", "agent") for t in c.subtree)
    return out


def _objects(tok: Token) -> list[Token]:
    pred = _predicate(tok)
    out: list[Token] = []
    for node in {tok, pred}:
        for child in node.children:
            if child.dep_ in ("dobj", "nsubjpass", "dative", "attr"):
                out.append(child)
            elif child.dep_ in ("prep", "prt") and child.lower_ in _OBJECT_PREPS:
                out.extend(c for c in child.children if c.dep_ == "pobj")
    # the object's "of" complement: "control of the TOWN"
    extra = [g for o in out for p in o.children if p.dep_ == "prep" and p.lower_ == "of"
             for g in p.children if g.dep_ == "pobj"]
    return out + extra


def _person_name(tok: Token) -> bool:
    """Part of a person's name of two words or more: a one-word PERSON is as often a town the
    tagger does not know ("captured Dansha")."""
    if tok.ent_type_ not in _PERSON_ENTS:
        return False
    return tok.ent_iob_ == "I" or (tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].ent_iob_ == "I")


def _is_place(tok: Token, ctx: _Sentence) -> bool:
    return (tok.ent_type_ in _PLACE_ENTS or (tok.pos_ == "PROPN" and not _person_name(tok))
            or not ctx.lex.place_words.isdisjoint(ctx.forms.get(tok.i, ())))


def _is_person(tok: Token, ctx: _Sentence) -> bool:
    return _person_name(tok) or not ctx.lex.person_words.isdisjoint(ctx.forms.get(tok.i, ()))


def _admissible(m: _Match, ctx: _Sentence, idiomatic: frozenset[int]) -> bool:
    """The entry's conditions hold: no word of an idiom, and the context or object it needs."""
    entry = m.entry
    if not idiomatic.isdisjoint(m.tokens):
        return False
    if entry.requires_any and entry.requires_any.isdisjoint(ctx.bag):
        return False
    if entry.requires_place and not any(_is_place(o, ctx) for o in _objects(m.head)):
        return False
    return not entry.requires_person or any(_is_person(o, ctx) for o in _objects(m.head))


def _idiom_tokens(ctx: _Sentence) -> frozenset[int]:
    """Tokens of fixed expressions whose words are not events ("the talks TOOK PLACE in ...")."""
    toks = [t for t in ctx.span if t.text != "-"]
    out: set[int] = set()
    for k in range(len(toks)):
        forms = ctx.forms[toks[k].i]
        for idiom in ctx.lex.idioms:
            if idiom[0] not in forms:
                continue
            window = toks[k:k + len(idiom)]
            if len(window) == len(idiom) and all(w in ctx.forms[t.i] for w, t in zip(idiom, window, strict=True)):
                out.update(t.i for t in window)
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
    if scope == "subject":
        return _bag(_subject(m.head), ctx)
    if scope == "window":
        return ctx.window
    if scope == "ancestors":
        governors = list(m.head.ancestors)
        return _bag([*governors, *(c for g in governors for c in g.children if c.dep_ == "dobj")], ctx)
    if scope == "target":
        return _bag((t for o in _objects(m.head) for t in _head_phrase(o)), ctx)
    return _bag((t for o in _objects(m.head) for t in o.subtree), ctx)


def _head_phrase(tok: Token) -> list[Token]:
    """A noun with its compounds and adjectives, and the nouns joined to it ("police and
    soldiers"), without its prepositional phrases: "villagers near the CHECKPOINT" are villagers."""
    out = [tok]
    for child in tok.children:
        if child.dep_ in ("compound", "amod", "nmod"):
            out.append(child)
        elif child.dep_ == "conj":
            out.extend(_head_phrase(child))
    return out


def _actor_kind(m: _Match, ctx: _Sentence) -> str | None:
    """'government' or 'non_state' for the agent of a territorial trigger, None if unknown."""
    lex = ctx.lex
    kinds = (("non_state", lex.non_state), ("government", lex.government))
    subj = _bag(_subject(m.head), ctx)
    for kind, words in kinds:
        if not words.isdisjoint(subj):
            return kind
    # No usable subject: the nearest actor word in the sentence, leaving out the side the place
    # was taken FROM and the place itself (but not "fell TO the rebels").
    pred = _predicate(m.head)
    excluded = {t.i for c in pred.children if c.dep_ == "prep" and c.lower_ == "from" for t in c.subtree}
    excluded |= {t.i for o in _objects(m.head) if o.dep_ != "pobj" for t in o.subtree}
    best: tuple[int, str] | None = None
    for t in ctx.span:
        if t.i in excluded:
            continue
        for kind, words in kinds:
            if not words.isdisjoint(ctx.forms[t.i]):
                dist = abs(t.i - m.head.i)
                if best is None or dist < best[0]:
                    best = (dist, kind)
    return None if best is None else best[1]


def _clause_factor(tok: Token, lex: Lexicon, group: str) -> float:
    factors = [lex.clause_factors[t.dep_] for t in (tok, *tok.ancestors) if t.dep_ in lex.clause_factors]
    if group in lex.participle_factors and tok.tag_ == "VBN" and tok.dep_ in ("acl", "amod"):
        factors.append(lex.participle_factors[group])  # "the troops DEPLOYED there": a description
    return min(factors, default=1.0)


def _refine(m: _Match, ctx: _Sentence) -> tuple[str | None, float]:
    entry, lex = m.entry, ctx.lex
    sub, score = entry.sub, entry.weight
    chosen = False
    for cue in lex.cues:
        if entry.group not in cue.groups or (cue.set is not None and chosen):
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
    return sub, min(score * _clause_factor(m.head, lex, entry.group), 1.0)


def find_triggers(sent: Span) -> list[model.Trigger]:
    """Every event trigger in one sentence, in text order, with ACLED/PLOVER types and a score."""
    lex = load_lexicon()
    taxonomy = load_taxonomy()
    forms = {t.i: _token_forms(t, lex) for t in sent}
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
        lemma = " ".join(t.lemma_.lower() for t in span if t.text != "-")
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

