"""`frontwire serve` (the API and the analyst page, web/app.py) and `frontwire token
create|revoke|list` (the bearer tokens of the reviewers)."""

from __future__ import annotations

import argparse
import ipaddress
import logging
import sys
from pathlib import Path
from typing import TextIO

from ..errors import UsageError
from .options import add_store_options, add_workers, workers_of

log = logging.getLogger(__name__)

def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    serve = sub.add_parser("serve", help="serve the API and the analyst page (map, timeline, evidence, review)")
    add_store_options(serve, create=True)
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1: this machine only)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    add_workers(serve, "server processes behind the port (default 1; 2 on two cores kept 200 requests/s "
                       "over 10^6 events without an error, one process could not)")
    serve.add_argument("--require-read-token", action="store_true",
                       help="reading needs a bearer token too (always use it when listening beyond localhost)")
    serve.add_argument("--cors-origin", action="append", default=[], metavar="ORIGIN",
                       help="allow browser pages of this origin to call the API (repeatable; default: none)")

    token = sub.add_parser("token", help="create, revoke or list the bearer tokens that allow writes")
    add_store_options(token, create=True)
    actions = token.add_subparsers(dest="token_action", required=True)
    create = actions.add_parser("create", help="make a token for a reviewer; it is printed once")
    create.add_argument("name", help="the reviewer's name, recorded with each of their revisions")
    revoke = actions.add_parser("revoke", help="revoke a reviewer's token")
    revoke.add_argument("name")
    listing = actions.add_parser("list", help="list token names (never the tokens)")
    for action in (create, revoke, listing):  # `token create NAME --db X` as well as `token --db X create NAME`
        add_store_options(action, create=True, inherited=True)
    serve.set_defaults(func=run_serve)
    token.set_defaults(func=run_token)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def prepare_store(db: str | None, *, create: bool = False) -> None:
    """Open (and migrate) the store before serving it, and bring its clusters up to date when
    an ingest stopped before it deduplicated what it stored (killed outright): the map shows
    every stored event from the start. A store that cannot be written is served as it is."""
    from ..errors import StoreError
    from ..run.recluster import recluster_new
    from ..store import Store

    with Store.open(db, create=create) as store:
        stale = store.unclustered()
        if not stale:
            return
        print(f"frontwire: {stale} stored report(s) were in no cluster (an ingest stopped before it "
              "deduplicated them): clustering them now", file=sys.stderr)
        try:
            recluster_new(store)
        except StoreError as err:
            log.warning("serving without them: %s", err)


def _with_data_dir(args: argparse.Namespace) -> None:
    """`--data-dir D` without `--db`: the default store in D (as the other commands read it)."""
    if args.db is None and getattr(args, "data_dir", None):
        from ..store import resolve_url

        args.db = resolve_url(None, Path(args.data_dir).expanduser())


def run_serve(args: argparse.Namespace, stdout: TextIO = sys.stdout) -> int:
    from ..extras import require

    _with_data_dir(args)

    require("server", "frontwire serve")
    import uvicorn

    from ..web.app import create_app

    if not 0 < args.port < 65536:
        raise UsageError(f"--port: {args.port} is not a TCP port")
    if not _loopback(args.host) and not args.require_read_token:
        log.warning("listening on %s without --require-read-token: anyone who can reach it can read the "
                    "events and articles", args.host)
    workers_of(args)
    from ..run.recluster import recluster_new
    from ..web.malloc import limit_malloc_arenas

    limit_malloc_arenas()
    banner = (f"frontwire: serving on http://{args.host}:{args.port}/ with {args.workers} process(es) "
              "(API description at /docs); Ctrl-C stops")
    if args.workers > 1:
        import os

        from ..store import resolve_url

        url = resolve_url(args.db)
        prepare_store(url, create=args.create)  # migrate once here, not in each worker at the same time
        os.environ.update(FRONTWIRE_DB=url, FRONTWIRE_READ_TOKEN_REQUIRED="1" if args.require_read_token else "0",
                          FRONTWIRE_CORS_ORIGINS=",".join(args.cors_origin))
        print(banner, file=sys.stderr)
        uvicorn.run("frontwire.web.app:from_env", factory=True, workers=args.workers, host=args.host,
                    port=args.port, log_level="warning")
        return 0
    prepare_store(args.db, create=args.create)  # a mistyped --db folder is an error, not a new store
    # a submitted article joins the clusters (and the default view) at once
    app = create_app(args.db, read_token_required=args.require_read_token, cors_origins=args.cors_origin,
                     after_store=recluster_new)
    print(banner, file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0


def run_token(args: argparse.Namespace, stdout: TextIO = sys.stdout) -> int:
    from ..store import Store
    from ..web.review import Reviews

    _with_data_dir(args)

    with Store.open(args.db, create=getattr(args, "create", False)) as store:
        reviews = Reviews(store.engine)
        if args.token_action == "create":
            token = reviews.create_token(args.name)
            stdout.write(token + "\n")
            print(f"frontwire: token for {args.name} created; it is shown only now: keep it secret. "
                  "Use it as 'Authorization: Bearer <token>' or paste it into the page's token field.",
                  file=sys.stderr)
            return 0
        if args.token_action == "revoke":
            if not reviews.revoke_token(args.name):
                raise UsageError(f"no active token named {args.name!r}")
            print(f"frontwire: token for {args.name} revoked", file=sys.stderr)
            return 0
        stdout.writelines(f"{row['name']}\t{row['created_at']}\t{'revoked' if row['revoked'] else 'active'}\n" for row in reviews.tokens())
        return 0


__all__ = ["prepare_store", "register", "run_serve", "run_token"]
