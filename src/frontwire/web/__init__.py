"""The analyst web app: REST API, map and timeline page, evidence view and review.

`create_app(db)` builds the FastAPI app (app.py); `frontwire serve` runs it (cli.py). FastAPI is
imported only when the app is built, so the other commands start without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import create_app


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(name)


__all__ = ["create_app"]
