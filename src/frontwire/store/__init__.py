"""The event store: articles, per-article event reports, clusters of reports of one event,
review revisions and failures, in SQLite (default) or PostgreSQL (server mode)."""

from .db import StoreError, default_url, resolve_url
from .filters import EventFilter
from .repository import Store, text_hash

__all__ = ["EventFilter", "Store", "StoreError", "default_url", "resolve_url", "text_hash"]
