"""The per-document token lists (docarrays.py) read what spaCy's Token objects say, and the
trigger stage's cue-word bags answer as the full bags they stand for."""

from __future__ import annotations

import pytest

from frontwire.docarrays import entities, token_arrays
from frontwire.extract import triggers
from frontwire.extract.taxonomy import load_lexicon
from frontwire.nlp import doc_text

TEXT = (
    "Gunmen on motorbikes stormed a market in the north-east of the country on Friday, "
    "killing at least nine traders, the regional governor's office said.\n\n"
    "Residents of Kaya told reporters that the attackers set fire to shops before fleeing "
    "toward the border with Niger. The army did not comment.\n"
    "U.S.-backed forces later recaptured the town of Tal Abyad, a spokesman said."
)


@pytest.fixture(scope="module")
def doc(nlp):  # type: ignore[no-untyped-def]
    return nlp(TEXT)


def test_lists_hold_each_tokens_attributes(doc) -> None:  # type: ignore[no-untyped-def]
    a = token_arrays(doc)
    assert len(a) == len(doc)
    for t in doc:
        i = t.i
        assert (a.orth[i], a.lower[i], a.lemma[i], a.pos[i], a.tag[i], a.dep[i]) == \
            (t.text, t.lower_, t.lemma_.lower(), t.pos_, t.tag_, t.dep_)
        assert (a.head[i], a.ent_type[i], a.ent_iob[i], a.idx[i], a.space[i]) == \
            (t.head.i, t.ent_type_, t.ent_iob_, t.idx, bool(t.whitespace_))
        assert (a.alpha[i], a.stop[i], a.punct[i], a.title[i], a.cap[i]) == \
            (t.is_alpha, t.is_stop, t.is_punct, t.is_title, t.is_alpha and t.text[0].isupper())
        assert a.children[i] == tuple(c.i for c in t.children)
        assert a.subtree(i) == [s.i for s in t.subtree]
        assert a.ancestors(i) == [s.i for s in t.ancestors]


def test_text_spans_and_entities_are_the_docs(doc) -> None:  # type: ignore[no-untyped-def]
    a = token_arrays(doc)
    assert a.text == doc.text == doc_text(doc)
    for start in range(len(doc)):
        for end in range(start, min(len(doc), start + 5) + 1):
            assert a.span_text(start, end) == doc[start:end].text
    assert entities(doc) == [(e.start, e.end, e.label_) for e in doc.ents]
    assert token_arrays(doc) is a  # read once


def _full_bag(doc, start: int, end: int) -> frozenset[str]:  # type: ignore[no-untyped-def]
    """What a bag held before it kept only cue words: every form, 2- and 3-gram of the range."""
    lex = load_lexicon()
    seq = [t for t in doc[start:end] if t.text != "-"]
    out: set[str] = set()
    for t in seq:
        out |= triggers._token_forms(t.lemma_.lower(), t.lower_, lex)
    for words in ([t.lemma_.lower() for t in seq], [t.lower_ for t in seq]):
        for n in (2, 3):
            out.update(" ".join(words[k:k + n]) for k in range(len(words) - n + 1))
    return frozenset(out)


def test_cue_word_bags_answer_as_the_full_bags(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Rebel fighters were killed in an air strike on the camp, and the army took control of the "
              "town after the militants had blown up a bridge. Protesters waving placards set fire to tyres. "
              "An exchange of fire with Boko Haram gunmen left one sniper wounded, and Islamic State claimed "
              "the car bomb.")
    lex = load_lexicon()
    # every word a bag is asked about: cues, an entry's requires_any, the actor words
    asked = frozenset().union(*(c.any | c.unless for c in lex.cues), lex.government, lex.non_state,
                              *(e.requires_any for entries in (*lex.by_first.values(), *lex.by_head.values())
                                for e in entries))
    seen: set[str] = set()
    for sent in doc.sents:
        ctx = triggers._Sentence(sent, lex, {}, frozenset(), frozenset())
        for start, end in [(sent.start, sent.end), (sent.start + 2, sent.end - 1), (0, len(doc))]:
            full = _full_bag(doc, start, end)
            assert triggers._range_bag(doc[start:end], lex) == full & asked
            assert triggers._bag(range(start, end), ctx) == full & asked
            seen |= full & asked
    # the text holds words of each kind (so that a word list left out of the bags shows here)
    assert {"air strike", "wounded", "placard", "boko haram", "exchange of fire"} <= seen
