"""What every request handler of the app reaches: the store, the reviews, the event queries and
the submitter, kept in `app.state.frontwire` by app.py and handed to api.py's handlers by
FastAPI's dependency injection (`state_of`). Its own module, so that app.py and api.py do not
import each other."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from ..store import Store
from ..store.events_query import EventQueries
from .review import Reviews
from .submit import Submitter


@dataclass
class WebState:
    store: Store
    reviews: Reviews
    queries: EventQueries
    submitter: Submitter
    read_token_required: bool


async def state_of(request: Request) -> WebState:
    state: WebState = request.app.state.frontwire
    return state


__all__ = ["WebState", "state_of"]
