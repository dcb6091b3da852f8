"""A parsed document's token attributes as plain lists, read once per document.

Every `doc[i]` and every iteration over a Doc or a Span makes a new Token object, and each
attribute of it is a look-up in the string store: the extractor's stages read the same few
attributes of the same tokens many times over (the trigger, place and country finders each see
every token of every sentence). They read these lists instead, and make a Token only for the
few tokens whose dependency neighbourhood they walk.

The lists live in `doc.user_data`, as the document's text does (nlp.doc_text): the Doc must not
be changed once they are read (no stage does: they are pure functions over the parse).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:  # spaCy is only needed by whoever made the Doc; importing it costs ~1 s
    from spacy.tokens import Doc

_KEY = "frontwire.token_arrays"
_ENTS_KEY = "frontwire.entities"
_TEXT_KEY = "frontwire.text"  # nlp.doc_text's cache of Doc.text


@dataclass(frozen=True)
class TokenArrays:
    """Attribute k of token i is `<attribute>[i]`; the names say which Token attribute."""

    text: str  # the document's text (Doc.text)
    orth: list[str]  # Token.text
    lower: list[str]  # Token.lower_
    lemma: list[str]  # Token.lemma_.lower()
    pos: list[str]  # Token.pos_
    tag: list[str]  # Token.tag_
    dep: list[str]  # Token.dep_
    head: list[int]  # Token.head.i
    ent_type: list[str]  # Token.ent_type_
    ent_iob: list[str]  # Token.ent_iob_
    idx: list[int]  # Token.idx
    space: list[bool]  # bool(Token.whitespace_)
    alpha: list[bool]  # Token.is_alpha
    stop: list[bool]  # Token.is_stop
    punct: list[bool]  # Token.is_punct
    title: list[bool]  # Token.is_title
    cap: list[bool]  # Token.is_alpha and Token.text[0].isupper() (a capitalised word)
    children: list[tuple[int, ...]]  # tuple(c.i for c in Token.children): the dependents, in text order
    # What a stage derives once per document from these lists, under a key of its own (the
    # function that derives it: countries._openers, numbers._to_death).
    memo: dict[object, object] = field(default_factory=dict, compare=False)

    def __len__(self) -> int:
        return len(self.orth)

    def subtree(self, i: int) -> list[int]:
        """`[t.i for t in doc[i].subtree]`: token i and its dependents, recursively, in that order
        (the left dependents' subtrees, the token, the right dependents' subtrees)."""
        out: list[int] = []
        stack: list[tuple[int, bool]] = [(i, False)]
        while stack:
            node, reached = stack.pop()
            if reached:
                out.append(node)
                continue
            children = self.children[node]
            stack.extend((c, False) for c in reversed(children) if c > node)
            stack.append((node, True))
            stack.extend((c, False) for c in reversed(children) if c < node)
        return out

    def ancestors(self, i: int) -> list[int]:
        """`[t.i for t in doc[i].ancestors]`: the heads above token i, nearest first."""
        out: list[int] = []
        head = self.head
        while head[i] != i and len(out) < len(head):
            i = head[i]
            out.append(i)
        return out

    def span_text(self, start: int, end: int) -> str:
        """`doc[start:end].text` ("" for an empty range), without making the Span."""
        if end <= start:
            return ""
        return self.text[self.idx[start]:self.idx[end - 1] + len(self.orth[end - 1])]


def token_arrays(doc: Doc) -> TokenArrays:
    """The token attributes of `doc`, read once (cached in `doc.user_data`)."""
    cached = doc.user_data.get(_KEY)
    if isinstance(cached, TokenArrays):
        return cached
    rows = [(t.text, t.lower_, t.lemma_, t.pos_, t.tag_, t.dep_, t.head.i, t.ent_type_, t.ent_iob_, t.idx,
             t.whitespace_, t.is_alpha, t.is_stop, t.is_punct, t.is_title) for t in doc]
    columns: list[list[Any]] = [list(column) for column in zip(*rows, strict=True)] if rows else [[] for _ in range(15)]
    (orth, lower, lemma, pos, tag, dep, head, ent_type, ent_iob, idx, whitespace, alpha, stop, punct, title) = columns
    text = doc.user_data.get(_TEXT_KEY)
    if not isinstance(text, str):
        # Doc.text is the tokens' text_with_ws joined (what nlp.doc_text reads and caches under
        # the same key): built here from the attributes just read, not by a second pass.
        text = "".join([o + w for o, w in zip(orth, whitespace, strict=True)])
        doc.user_data[_TEXT_KEY] = text
    # Tuples, and one empty tuple for every leaf: a list per token would be ~700 more objects a
    # document for the garbage collector to walk while the Doc lives.
    dependents: dict[int, list[int]] = {}
    for i, h in enumerate(head):
        if h != i:
            dependents.setdefault(h, []).append(i)
    children: list[tuple[int, ...]] = [()] * len(orth)
    for h, found in dependents.items():
        children[h] = tuple(found)
    arrays = TokenArrays(
        text=text, orth=orth, lower=lower, lemma=[x.lower() for x in lemma], pos=pos, tag=tag, dep=dep, head=head,
        ent_type=ent_type, ent_iob=ent_iob, idx=idx, space=[bool(w) for w in whitespace], alpha=alpha, stop=stop,
        punct=punct, title=title, cap=[a and t[0].isupper() for a, t in zip(alpha, orth, strict=True)],
        children=children)
    doc.user_data[_KEY] = arrays
    return arrays


def entities(doc: Doc) -> list[tuple[int, int, str]]:
    """(start token, end token, label) of each of `doc.ents`, read once: `Doc.ents` makes a new
    Span for every entity at each access."""
    cached = doc.user_data.get(_ENTS_KEY)
    if isinstance(cached, list):
        return cast(list[tuple[int, int, str]], cached)
    ents = [(ent.start, ent.end, ent.label_) for ent in doc.ents]
    doc.user_data[_ENTS_KEY] = ents
    return ents
