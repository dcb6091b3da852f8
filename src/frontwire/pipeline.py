"""The extractor: article -> parse -> events, with the pipeline and gazetteer loaded once.

`Extractor` is what the CLI, the evaluation and (later) the runners call. It holds the spaCy
pipeline and the gazetteer, both injected or loaded from `Options`; every stage it calls is a
pure function over the parse.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

from spacy.language import Language

from . import nlp as nlp_module
from .extract.actors import country_cues
from .extract.events import EventAssembler
from .geo.gazetteer import Gazetteer
from .geo.recognize import find_toponym_spans
from .geo.resolve import resolve_toponyms
from .model import Article, Event, Skipped, Toponym
from .settings import Options

log = logging.getLogger(__name__)


class Extractor:
    def __init__(self, options: Options | None = None, *, nlp: Language | None = None,
                 gazetteer: Gazetteer | None = None) -> None:
        self.options = options or Options.from_env()
        self.nlp = nlp if nlp is not None else nlp_module.load(self.options.model)
        if gazetteer is None:
            path = self.options.data_dir / "gazetteer-v1.sqlite" if self.options.data_dir else None
            gazetteer = Gazetteer.open(path)
        self.gazetteer = gazetteer
        self.assembler = EventAssembler(gazetteer)

    def extract(self, article: Article) -> list[Event]:
        return self.assembler.events(article, self.nlp(article.text))

    def extract_many(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event] | Skipped]]:
        """Parse in batches (nlp.pipe) and assemble each article's events.

        An article whose assembly fails (a bug, not bad input: ingest refused that already) is
        yielded with a `Skipped` saying why, so that one article never stops a corpus run.
        """
        pairs = ((a.text, a) for a in articles)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=self.options.batch_size):
            try:
                yield article, self.assembler.events(article, doc)
            except Exception as err:  # recorded per article (a bug, not input): the run goes on
                log.exception("extraction failed for %s", article.origin)
                yield article, Skipped(article.origin or article.article_id,
                                       f"extraction failed ({type(err).__name__}: {err})")

    def geoparse_many(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Toponym]]]:
        """Every toponym of each article, recognised and resolved as the extractor does it."""
        pairs = ((a.text, a) for a in articles)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=self.options.batch_size):
            spans = find_toponym_spans(doc, self.gazetteer)
            yield article, resolve_toponyms(doc, spans, self.gazetteer, country_cues(doc))
