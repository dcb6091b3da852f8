"""Two ASGI middlewares, written against the bare ASGI interface so that they add no per-request
cost worth measuring (Starlette's BaseHTTPMiddleware wraps every response in a task and a queue).

- `BodyLimit`: a request body over `max_bytes` gets 413 before the app sees it, whether the
  client declares its length or streams it chunked (then it is read up to the limit and replayed).
- `SecurityHeaders`: every response says nosniff, no-referrer and no framing; the page's own
  HTML also gets a Content-Security-Policy that allows scripts, styles and connections to this
  origin only. The page never builds HTML from data (it sets textContent), and the policy makes
  sure that if it ever did, no injected script would run. The API description pages (/docs,
  /redoc: Swagger UI and ReDoc from fastapi-offline) carry inline scripts; their policy allows
  exactly those, by the sha256 of each, read from the page as it is sent, so a script injected
  into them would not run either.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

PAGE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# The API description pages: {scripts} becomes 'self' and the hash of each inline script of the
# page. Swagger UI needs nothing more (checked in Chromium: no violation, every operation drawn);
# ReDoc styles its elements from script (styled-components) and searches in a worker made from a
# blob, and draws nothing without both.
SWAGGER_CSP = ("default-src 'self'; script-src {scripts}; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
               "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
REDOC_CSP = SWAGGER_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'") + "; worker-src 'self' blob:"
_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc\s*=)[^>]*>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
_HEADERS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY")]


async def _reply(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        too_big = f"request body over the limit of {self.max_bytes:,} bytes"
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            if not declared.isdigit():
                await _reply(send, 400, "Content-Length is not a number")
                return
            if int(declared) > self.max_bytes:
                await _reply(send, 413, too_big)
                return
            await self.app(scope, receive, send)  # the server stops at the declared length
            return
        messages: list[Message] = []
        size = 0
        while True:  # chunked: read up to the limit, then hand the body on
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                await _reply(send, 413, too_big)
                return
            if not message.get("more_body", False):
                break

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)


def docs_csp(html: bytes, policy: str = SWAGGER_CSP) -> str:
    """`policy` for an API description page: scripts from this origin and the page's own inline
    scripts (by hash), nothing else."""
    hashes = sorted({"'sha256-" + base64.b64encode(hashlib.sha256(m.group(1)).digest()).decode("ascii") + "'"
                     for m in _INLINE_SCRIPT.finditer(html)})
    return policy.format(scripts=" ".join(["'self'", *hashes]))


class SecurityHeaders:
    """The headers above on every response; `docs` maps the paths of the API description pages to
    their policy (the page is read whole, a few kilobytes, to hash its scripts: this middleware
    must run inside the compression)."""

    def __init__(self, app: ASGIApp, docs: Mapping[str, str] | None = None) -> None:
        self.app = app
        self.docs = dict(docs or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = self.docs.get(scope["path"])
        if policy is not None:
            await self._docs(scope, receive, send, policy)
            return
        page = scope["path"] == "/" or scope["path"].startswith("/static/")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers: list[Any] = list(message.get("headers", []))
                headers.extend(_HEADERS)
                if page:
                    headers.append((b"content-security-policy", PAGE_CSP.encode("ascii")))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)

    async def _docs(self, scope: Scope, receive: Receive, send: Send, policy: str) -> None:
        start: Message | None = None
        chunks: list[bytes] = []

        async def buffered(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = b"".join(chunks)
            headers: list[Any] = [*start.get("headers", []), *_HEADERS,
                                  (b"content-security-policy", docs_csp(body, policy).encode("ascii"))]
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, buffered)


__all__ = ["PAGE_CSP", "REDOC_CSP", "SWAGGER_CSP", "BodyLimit", "SecurityHeaders", "docs_csp"]
