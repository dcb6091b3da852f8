"""The extractor: article -> parse -> events, with the pipeline and gazetteer loaded once.

`Extractor` is what the CLI, the evaluation and (later) the runners call. It holds the spaCy
pipeline and the gazetteer, both injected or loaded from `Options`; every stage it calls is a
pure function over the parse.

A long article (over `nlp.PART_CHARS` characters, or over the pipeline's `max_length`) is parsed
in paragraph-aligned parts joined into one Doc (`nlp.parse`), outside the batch of its
neighbours: `nlp.pipe` only ever gets texts it can parse whole, at most `PART_CHARS` characters
at once, so memory stays bounded however long one text or one batch is. (spaCy's parse of a text
does not depend on the batch it is parsed in.) An article whose parse or assembly fails is
yielded with a `Skipped`, and it alone: its batch mates are parsed again one by one.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc

from . import nlp as nlp_module
from .extract.actors import country_cues
from .extract.events import EventAssembler
from .geo.gazetteer import Gazetteer, default_path
from .geo.geoparse import geoparse
from .geo.outlets import areas_named, by_outlet
from .ingest.text import check_unicode
from .model import Article, Event, Skipped, Toponym
from .settings import Options

log = logging.getLogger(__name__)


class Extractor:
    def __init__(self, options: Options | None = None, *, nlp: Language | None = None,
                 gazetteer: Gazetteer | None = None) -> None:
        self.options = options or Options.from_env()
        self.nlp = nlp if nlp is not None else nlp_module.load(self.options.model)
        if gazetteer is None:
            path = default_path(self.options.data_dir) if self.options.data_dir else None
            gazetteer = Gazetteer.open(path)
        self.gazetteer = gazetteer
        self.assembler = EventAssembler(gazetteer)

    def parse(self, text: str) -> Doc:
        """The parse of one text: whole, or in parts when it is long (`nlp.parse`)."""
        return nlp_module.parse(self.nlp, text)

    def extract(self, article: Article) -> list[Event]:
        """The events of one article; InputError if its text is not valid Unicode (a lone
        surrogate, which ingest refuses, reaches here only from a direct caller)."""
        check_unicode(article.text, article.origin or article.article_id)
        return self.assembler.events(article, self.parse(article.text))

    def extract_many(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event] | Skipped]]:
        """Parse in batches (nlp.pipe) and assemble each article's events, in input order.

        An article whose parse or assembly fails (a bug, not bad input: ingest refused that
        already) is yielded with a `Skipped` saying why, so that one article never stops a
        corpus run, nor fails its batch mates.
        """
        for article, doc in self.parse_many(articles):
            if isinstance(doc, Exception):
                yield article, _skipped(article, doc)
                continue
            try:
                events = self.assembler.events(article, doc)
            except Exception as err:  # recorded per article (a bug, not input): the run goes on
                log.exception("extraction failed for %s", article.origin or article.article_id)
                yield article, _skipped(article, err)
                continue
            yield article, events

    def parse_many(self, articles: Iterable[Article]) -> Iterator[tuple[Article, Doc | Exception]]:
        """Each article with its parse, or with the error that its parse raised, in input order.

        Articles are taken `batch_size` at a time and go to `nlp.pipe` in groups of at most
        `nlp.PART_CHARS` characters (the parser's working memory grows with the characters
        parsed at once, not with the number of articles): a batch of ordinary articles is one
        group, as before. An article too long to parse whole goes around its batch and is parsed
        in parts (`nlp.parse`) when its turn comes. When a group fails, its articles are parsed
        again one by one, so that only the one at fault gets the error.
        """
        limit = min(nlp_module.PART_CHARS, self.nlp.max_length)
        size = max(1, self.options.batch_size)
        it = iter(articles)
        while batch := list(islice(it, size)):
            docs: list[Doc | None] = [None] * len(batch)
            for group in _groups([len(a.text) for a in batch], limit):
                try:
                    parsed = list(self.nlp.pipe((batch[i].text for i in group), batch_size=len(group)))
                except Exception:  # one article of the group broke the parse: each is tried alone below
                    log.warning("a group of %d articles failed to parse; parsing them one by one", len(group),
                                exc_info=True)
                    continue
                for i, parsed_doc in zip(group, parsed, strict=True):
                    docs[i] = parsed_doc
                del parsed
            for i, article in enumerate(batch):
                doc, docs[i] = docs[i], None  # handed on, not kept for the rest of the batch
                if doc is None:  # too long to parse whole, or its group failed
                    try:
                        doc = self.parse(article.text)
                    except Exception as err:  # this article's own failure, yielded with it
                        log.exception("parsing failed for %s", article.origin or article.article_id)
                        yield article, err
                        continue
                yield article, doc

    def geoparse_many(self, articles: Iterable[Article], *, adjectival: bool = False, embedded: bool = False,
                      outlets: bool = False) -> Iterator[tuple[Article, list[Toponym]]]:
        """Every toponym of each article, recognised and resolved as the extractor does it;
        with `adjectival` its demonyms too ("American", "Russians": the schemes of LGL and
        GeoWebNews count them as mentions of the country); with `embedded` the place names
        inside organisations' names ("the Ohio Department of Transportation"). With `outlets`,
        each article is resolved with the locale of its outlet (`Article.source`) learnt from
        the outlet's other articles of the run (geo/outlets.py): the run's parses are held until
        every article is read. An article that cannot be parsed raises its error."""
        if not outlets:
            for article, doc in self.parse_many(articles):
                if isinstance(doc, Exception):
                    raise doc
                yield article, geoparse(doc, self.gazetteer, country_cues(doc), adjectival=adjectival,
                                        embedded=embedded)
            return
        held: list[tuple[Article, Doc]] = []
        for article, doc in self.parse_many(articles):
            if isinstance(doc, Exception):
                raise doc
            held.append((article, doc))
        named = [areas_named(geoparse(doc, self.gazetteer, country_cues(doc))) for _, doc in held]
        locales = by_outlet([a.source for a, _ in held], named)
        for (article, doc), locale in zip(held, locales, strict=True):
            yield article, geoparse(doc, self.gazetteer, country_cues(doc), adjectival=adjectival,
                                    embedded=embedded, locale=locale)


def _groups(lengths: list[int], limit: int) -> list[list[int]]:
    """The indexes of the texts of these lengths that can be parsed whole (at most `limit`
    characters), in order, grouped so that a group holds at most `limit` characters."""
    groups: list[list[int]] = []
    total = limit
    for i, n in enumerate(lengths):
        if n > limit:
            continue
        if total + n > limit:
            groups.append([])
            total = 0
        groups[-1].append(i)
        total += n
    return groups


def _skipped(article: Article, err: Exception) -> Skipped:
    return Skipped(article.origin or article.article_id, f"extraction failed ({type(err).__name__}: {err})")
