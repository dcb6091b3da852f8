"""frontwire: structured, sourced, geocoded conflict-event data from news reports.

The library API, importable from the package itself (`from frontwire import Extractor`):

- `Extractor` (pipeline.py) turns Articles into v1 `Event` records; `Options` (settings.py) says
  which spaCy pipeline, data folder and batch size it uses.
- Readers (ingest/): `read_inputs` reads files, folders and standard input into Articles (a
  `Skipped` for each bad input, with why); `article_from_text` and `article_from_html` turn a
  string of text or of a page's HTML into an Article (an `InputError` when it is not one).
- Writers (export.py): `write` puts events in a text format (table, jsonl, csv, geojson);
  `as_record` gives one as the ordered dict every format writes.
- The records of model.py and the errors of errors.py.

Every name is imported on first use (module `__getattr__`), so `import frontwire` loads none of
spaCy, SQLAlchemy, FastAPI or trafilatura, nor even dataclasses; `from frontwire import
Extractor` loads what the extractor needs.
"""

from __future__ import annotations

from importlib import import_module

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a third of this import's time)
if TYPE_CHECKING:
    from typing import Any

    from .errors import (
        FrontwireError,
        InputError,
        ResourceError,
        StoreCorrupt,
        StoreError,
        StoreLocked,
        StoreReadOnly,
        StoreUnreachable,
        UsageError,
    )
    from .export import as_record, write
    from .ingest import article_from_html, article_from_text, read_inputs
    from .model import (
        EVENT_FIELDS,
        Actor,
        Article,
        Event,
        Evidence,
        Place,
        Skipped,
        Span,
        TimeSpan,
        Toponym,
    )
    from .pipeline import Extractor
    from .settings import Options

    __version__: str

# name -> the module that defines it (its home: the object exported is that module's own)
_HOMES: dict[str, str] = {
    "Extractor": "frontwire.pipeline",
    "Options": "frontwire.settings",
    # records (model.py)
    "Article": "frontwire.model",
    "Skipped": "frontwire.model",
    "Event": "frontwire.model",
    "Evidence": "frontwire.model",
    "EVENT_FIELDS": "frontwire.model",
    "Place": "frontwire.model",
    "Toponym": "frontwire.model",
    "Span": "frontwire.model",
    "TimeSpan": "frontwire.model",
    "Actor": "frontwire.model",
    # readers (ingest/)
    "read_inputs": "frontwire.ingest.files",
    "article_from_text": "frontwire.ingest.text",
    "article_from_html": "frontwire.ingest.html",
    # writers (export.py)
    "write": "frontwire.export",
    "as_record": "frontwire.export",
    # errors (errors.py)
    "FrontwireError": "frontwire.errors",
    "InputError": "frontwire.errors",
    "ResourceError": "frontwire.errors",
    "UsageError": "frontwire.errors",
    "StoreError": "frontwire.errors",
    "StoreReadOnly": "frontwire.errors",
    "StoreCorrupt": "frontwire.errors",
    "StoreLocked": "frontwire.errors",
    "StoreUnreachable": "frontwire.errors",
}


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("frontwire")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "0+unknown"


def __getattr__(name: str) -> Any:
    if name == "__version__":
        value: Any = _version()
    elif name in _HOMES:
        value = getattr(import_module(_HOMES[name]), name)
    else:
        raise AttributeError(f"module 'frontwire' has no attribute {name!r}")
    globals()[name] = value  # found once: later look-ups do not come here
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "EVENT_FIELDS",
    "Actor",
    "Article",
    "Event",
    "Evidence",
    "Extractor",
    "FrontwireError",
    "InputError",
    "Options",
    "Place",
    "ResourceError",
    "Skipped",
    "Span",
    "StoreCorrupt",
    "StoreError",
    "StoreLocked",
    "StoreReadOnly",
    "StoreUnreachable",
    "TimeSpan",
    "Toponym",
    "UsageError",
    "__version__",
    "article_from_html",
    "article_from_text",
    "as_record",
    "read_inputs",
    "write",
]
