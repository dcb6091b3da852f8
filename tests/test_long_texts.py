"""Long articles: a text over the parser's limit is parsed in paragraph-aligned parts joined into
one Doc, so its events keep the offsets of the whole text, and it never fails its batch mates.

Most tests use a pipeline of their own whose `max_length` is 20,000 characters, so that a text
of a few parts is short enough to parse in seconds; one runs the CLI on a text over spaCy's real
limit of 1,000,000 characters."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from frontwire import cli
from frontwire import nlp as nlp_module
from frontwire.ingest import article_from_text
from frontwire.model import Article, Event, Skipped
from frontwire.pipeline import Extractor

LIMIT = 20_000
BROKEN = "Zqxvbroken"  # a word that makes the test pipeline's extra component raise

# Paragraphs that tell no event (a town council's business), to make an article long.
FILLER = (
    ("The town council met on Monday evening to discuss the repair of the old bridge over the river, "
     "which was built of stone a century ago."),
    ("Engineers told the councillors that the work would take about four months and that a ferry "
     "would carry cars across the water in the meantime."),
    ("Several shop owners asked for the market to move closer to the ferry landing, so that their "
     "customers from the villages on the far bank could still reach them."),
    ("The mayor promised to publish the plans in the library next week and to hold a public meeting "
     "before the end of the month."),
)

ATTACK = ("Gunmen killed nine villagers and burned a granary in an attack on Bourasso in "
          "Burkina Faso's Kossi province on Tuesday, a regional official said.")
SHORT = ("OUAGADOUGOU, March 6 - Suspected jihadists killed five police officers at a checkpoint "
         "near the town of Djibo in northern Burkina Faso on Monday, security sources said.")


def filler(chars: int) -> str:
    out: list[str] = []
    i = 0
    while sum(len(p) + 2 for p in out) < chars:
        out.append(FILLER[i % len(FILLER)])
        i += 1
    return "\n\n".join(out)


def article(text: str, name: str) -> Article:
    return article_from_text(text, name, date(2024, 3, 6))


@Language.component("test_fails_on_marker")
def fails_on_marker(doc: Doc) -> Doc:
    if BROKEN in doc.text:
        raise RuntimeError(f"the test component refuses a text with {BROKEN}")
    return doc


@pytest.fixture(scope="module")
def small_nlp() -> Language:
    """A pipeline of its own (the session's stays untouched) that parses at most LIMIT
    characters at once and fails on texts with BROKEN in them."""
    nlp: Language = nlp_module.load.__wrapped__(None)
    nlp.max_length = LIMIT
    nlp.add_pipe("test_fails_on_marker", first=True)
    return nlp


@pytest.fixture(scope="module")
def extractor(small_nlp: Language) -> Extractor:
    return Extractor(nlp=small_nlp)


@pytest.fixture(scope="module")
def long_article() -> Article:
    """About 3.5 x LIMIT characters of council business, then an attack."""
    text = filler(70_000) + "\n\n" + ATTACK + "\n\n" + FILLER[3]
    return article(text, "long.txt")


def _violent(events: list[Event]) -> list[Event]:
    return [e for e in events if e.event_type is not None]


def test_parts_are_paragraphs_that_add_up_to_the_text(long_article: Article) -> None:
    text = long_article.text
    ends = nlp_module.part_ends(text, LIMIT)
    starts = [0, *ends[:-1]]
    parts = [text[a:b] for a, b in zip(starts, ends, strict=True)]
    assert "".join(parts) == text and len(parts) == 4
    assert all(0 < len(p) <= LIMIT for p in parts)
    for p in parts[:-1]:  # each cut falls after a blank line, in the part's last half
        assert p.endswith("\n\n") and not p[-3].isspace() and len(p) > LIMIT // 2


def test_a_part_without_blank_lines_ends_at_a_sentence_else_a_line_else_a_space() -> None:
    # a hard-wrapped sentence: its line break is not a cut while a sentence ends in the part
    wrapped = "The bridge stays shut. The ferry runs twice an hour\nuntil the work is done and the road opens "
    text = wrapped * 3
    assert nlp_module.part_ends(text, 100) == [23, 117, 211, 282]
    assert text[:23] == "The bridge stays shut. "
    assert nlp_module.part_ends("Troops of the U.S. army left. " * 4, 50) == [30, 60, 90, 120]
    no_stop = "the ferry runs twice an hour\nuntil the work is done and "  # 56 characters
    assert nlp_module.part_ends(no_stop * 3, 80) == [80, 141, 168]  # a space, then a line break
    assert nlp_module.part_ends("ferry " * 30, 40) == [36, 72, 108, 144, 180]
    assert nlp_module.part_ends("x" * 25, 10) == [10, 20, 25]  # no space at all: cut where it must
    with pytest.raises(ValueError, match="at least 1"):
        nlp_module.part_ends("text", 0)


def test_a_text_parsed_in_parts_is_one_doc_of_the_whole_text(small_nlp: Language, nlp: Language,
                                                             long_article: Article) -> None:
    text = long_article.text
    parts = nlp_module.parse(small_nlp, text)
    whole = nlp(text)  # the session's pipeline parses it in one piece
    assert parts.text == text and nlp_module.doc_text(parts) == text
    assert [t.idx for t in parts] == [t.idx for t in whole]
    assert [(s.start_char, s.end_char) for s in parts.sents] == [(s.start_char, s.end_char) for s in whole.sents]
    assert [(e.start_char, e.end_char, e.label_) for e in parts.ents] == \
        [(e.start_char, e.end_char, e.label_) for e in whole.ents]
    # A part is parsed without the words across its cut, so a tag or an arc may differ there,
    # in the sentences either side of a cut, and nowhere else.
    cuts = nlp_module.part_ends(text, LIMIT)[:-1]
    differ = [a for a, b in zip(parts, whole, strict=True)
              if (a.tag_, a.dep_, a.head.i) != (b.tag_, b.dep_, b.head.i)]
    assert len(differ) < 10
    for token in differ:
        sent = token.sent
        assert any(sent.start_char == c or sent.end_char == c for c in cuts), (token.idx, token.text, cuts)


def test_an_event_near_the_end_of_a_long_article_keeps_its_offsets(extractor: Extractor, nlp: Language,
                                                                   long_article: Article) -> None:
    text = long_article.text
    assert len(text) > 3 * LIMIT
    events = extractor.extract(long_article)
    attack = next(e for e in _violent(events) if e.fatalities == 9)
    assert attack.event_date == "2024-03-05" and attack.location == "Kossi"
    for ev in attack.evidence:
        assert text[ev.start:ev.end] == ev.text
    assert attack.evidence[0].start == text.index(ATTACK) > 3 * LIMIT
    # the same events as a parse of the whole text in one piece gives (spaCy's usual limit)
    assert events == Extractor(nlp=nlp).extract(long_article)


def test_toponyms_of_a_long_article_keep_their_offsets(extractor: Extractor, long_article: Article) -> None:
    [(_, toponyms)] = list(extractor.geoparse_many([long_article]))
    text = long_article.text
    assert all(text[t.span.start:t.span.end] == t.span.text for t in toponyms)
    assert text.index("Kossi") in [t.span.start for t in toponyms]


def test_a_huge_article_does_not_sink_its_batch(extractor: Extractor, long_article: Article) -> None:
    shorts = [article(SHORT.replace("five", n), f"short-{n}.txt") for n in ("five", "six", "seven")]
    batch = [shorts[0], long_article, shorts[1], shorts[2]]
    results = list(extractor.extract_many(batch))
    assert [a.origin for a, _ in results] == [a.origin for a in batch]  # input order
    tolls = {a.origin: [e.fatalities for e in _violent(r)] for a, r in results if not isinstance(r, Skipped)}
    assert tolls == {"short-five.txt": [5], "long.txt": [9], "short-six.txt": [6], "short-seven.txt": [7]}
    # each short one as extract gives it alone, parsed whole
    assert [r for a, r in results if a is not long_article] == [extractor.extract(a) for a in shorts]


def test_an_article_at_the_limit_is_parsed_whole_as_before(extractor: Extractor, small_nlp: Language) -> None:
    text = filler(LIMIT - len(SHORT) - 2)
    text = text[:LIMIT - len(SHORT) - 2].rstrip() + "\n\n" + SHORT
    text += " " * (LIMIT - len(text))  # exactly at the limit (trailing spaces: the article keeps them)
    at_limit = Article(article_id="at-limit", text=text, published=date(2024, 3, 6), origin="at-limit.txt")
    assert len(at_limit.text) == LIMIT
    doc = small_nlp(at_limit.text)
    before = extractor.assembler.events(at_limit, doc)  # what the extractor did before parts
    assert [e.fatalities for e in _violent(before)] == [5]
    # parsed whole: the tok2vec tensor is there (a Doc joined from parts has none); one more
    # character and it is parsed in two parts
    assert extractor.parse(at_limit.text).tensor.shape == doc.tensor.shape and len(doc.tensor) == len(doc)
    assert extractor.parse(at_limit.text + " ").tensor.shape == (0,)
    assert extractor.extract(at_limit) == before
    [(_, result)] = list(extractor.extract_many([at_limit]))
    assert result == before


def test_an_article_that_fails_is_skipped_alone(extractor: Extractor, long_article: Article) -> None:
    good = [article(SHORT, "good-1.txt"), article(SHORT.replace("five", "four"), "good-2.txt")]
    bad = article(SHORT + " " + BROKEN, "bad.txt")
    bad_long = article(long_article.text + "\n\n" + BROKEN, "bad-long.txt")
    results = {a.origin: r for a, r in extractor.extract_many([good[0], bad, bad_long, good[1]])}
    for name in ("bad.txt", "bad-long.txt"):
        skipped = results[name]
        assert isinstance(skipped, Skipped) and skipped.source == name
        assert "RuntimeError" in skipped.reason and BROKEN in skipped.reason
    for good_one, toll in zip(good, (5, 4), strict=True):  # its batch mates, whole and in parts, are read
        events = results[good_one.origin]
        assert not isinstance(events, Skipped)
        assert [e.fatalities for e in _violent(events)] == [toll]


def test_the_cli_reads_an_article_over_spacy_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The real pipeline and its real limit: 1,000,000 characters."""
    head = filler(1_000_050)
    text = head + "\n\n" + ATTACK + "\n"
    assert len(text) > 1_000_000
    (tmp_path / "huge.txt").write_text(text, encoding="utf-8")
    (tmp_path / "short.txt").write_text(SHORT + "\n", encoding="utf-8")
    code = cli.main(["extract", str(tmp_path / "huge.txt"), str(tmp_path / "short.txt"),
                     "--published", "2024-03-06", "--format", "jsonl"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "2 article(s) read, 0 skipped" in err
    records = [json.loads(line) for line in out.splitlines() if line.strip()]
    tolls = sorted(r["fatalities"] for r in records if r["event_type"])
    assert tolls == [5, 9]
    attack = next(r for r in records if r["fatalities"] == 9)
    assert attack["evidence"][0]["start"] == len(head) + 2
    for ev in attack["evidence"]:
        assert text[ev["start"]:ev["end"]] == ev["text"]
