"""Review of events: bearer tokens for reviewers, and revisions (accept, reject, edit).

The extraction is evidence and is never overwritten: the `reports` and `clusters` rows stay as
the extractor and the deduplication wrote them. A review is an append-only list of revisions per
cluster, each with its reviewer, time, action and changes ({field: {"old", "new"}}); what a user
sees is the extraction with the revisions folded over it (`ReviewState`):

- the review status is that of the last revision ("accepted", "rejected", "edited"), else
  "unreviewed": an edit shows as "edited" until someone accepts or rejects the event;
- the edited fields are the latest new value of each field edited, and what follows from them:
  a toll edited alone gets parts that add up to it (the parts as extracted while they fit, the
  rest as deaths_unknown; all of it unknown when they exceed it), and the notes (unless edited
  themselves) say what the reviewer changed.

Tokens: `create_token` returns a random token once and stores only its sha256. The tokens are
256-bit random strings, so a fast hash is safe here (a slow password hash such as scrypt defends
guessable passwords, which these are not); a stolen table does not reveal a usable token.
`verify` compares the presented token's hash with every active one using hmac.compare_digest, so
the time taken says nothing about how much of a token was right.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal, get_args

from sqlalchemy import Connection, Engine, Select, and_, func, insert, select, update

from ..errors import UsageError
from ..store import schema as t
from ..store.db import retrying

Action = Literal["accept", "reject", "edit"]
ReviewStatus = Literal["unreviewed", "accepted", "rejected", "edited"]
# Which review decisions an event listing shows (the API's `review=`, the CLI's `--review`):
# "default" hides rejected events; the others show all, or only one status.
ReviewView = Literal["default", "all", "unreviewed", "accepted", "rejected", "edited"]
REVIEW_VIEWS: tuple[str, ...] = get_args(ReviewView)
ACTIONS: tuple[Action, ...] = ("accept", "reject", "edit")
DECISIONS = ("accept", "reject")
_STATUS_OF: dict[str, ReviewStatus] = {"accept": "accepted", "reject": "rejected", "edit": "edited"}
# The toll's parts: an edit of the toll that leaves them as extracted makes them agree with it.
DEATH_PARTS = ("deaths_actor1", "deaths_actor2", "deaths_civilians", "deaths_unknown")

TOKEN_PREFIX = "fw_"
_TOKEN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,119}")


@dataclass(frozen=True)
class Revision:
    revision_id: int
    cluster_id: str
    reviewer: str
    at: datetime
    action: str
    changes: dict[str, Any]
    comment: str | None

    def to_dict(self) -> dict[str, Any]:
        return {"revision_id": self.revision_id, "cluster_id": self.cluster_id, "reviewer": self.reviewer,
                "at": _iso(self.at), "action": self.action, "changes": self.changes, "comment": self.comment}


@dataclass(frozen=True)
class ReviewState:
    """A cluster's review: its status and the fields edited (latest value of each)."""

    status: ReviewStatus = "unreviewed"
    edits: dict[str, Any] = field(default_factory=dict)
    revisions: int = 0
    reviewer: str | None = None  # of the last revision
    at: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "edited": sorted(self.edits), "revisions": self.revisions,
                "reviewer": self.reviewer, "at": _iso(self.at) if self.at else None}

    def overlay(self, record: Mapping[str, Any]) -> dict[str, Any]:
        """The record as reviewed: edited fields replaced, what depends on them recomputed (the
        toll's parts, the notes), the rest as extracted."""
        if not self.edits:
            return dict(record)
        out = {**record, **self.edits}
        if "fatalities" in self.edits and not any(part in self.edits for part in DEATH_PARTS):
            toll = int(out.get("fatalities") or 0)
            known = {part: int(out.get(part) or 0) for part in DEATH_PARTS[:3]}
            if sum(known.values()) > toll:
                out.update({part: None for part in DEATH_PARTS[:3]}, deaths_unknown=toll)
            else:
                out["deaths_unknown"] = (toll - sum(known.values())) or None
        if "notes" not in self.edits and record.get("notes") is not None:
            changed = "; ".join(f"{name.replace('_', ' ')} {_shown(value)} (extracted: {_shown(record.get(name))})"
                                for name, value in sorted(self.edits.items()) if value != record.get(name))
            if changed:
                out["notes"] = f"{record['notes']} Reviewed by {self.reviewer or 'a reviewer'}: {changed}."
        return out


def _shown(value: Any) -> str:
    return "none" if value is None else str(value)


def _iso(at: datetime) -> str:
    # SQLite hands back naive datetimes; every time stored here is UTC.
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).isoformat()


def hash_token(token: str) -> str:
    return "sha256:" + hashlib.sha256(token.encode("utf-8")).hexdigest()


def fold(revisions: Iterable[Revision]) -> ReviewState:
    """Revisions (oldest first) -> the current review state."""
    status: ReviewStatus = "unreviewed"
    edits: dict[str, Any] = {}
    n = 0
    last: Revision | None = None
    for rev in revisions:
        n += 1
        last = rev
        if rev.action in _STATUS_OF:
            status = _STATUS_OF[rev.action]
        if rev.action == "edit":
            edits.update({name: change["new"] for name, change in rev.changes.items()})
    return ReviewState(status, edits, n, last.reviewer if last else None, last.at if last else None)


def _rows(result: Iterable[Any]) -> list[Any]:
    return list(result)


def _revision(row: Any) -> Revision:
    return Revision(row.revision_id, row.cluster_id, row.reviewer, row.at, row.action, dict(row.changes or {}),
                    row.comment)


# --- SQL pieces for the event queries ----------------------------------------------------------

def latest_decisions() -> Select[Any]:
    """(cluster_id, action) of each cluster's last accept or reject."""
    r = t.revisions
    last = select(func.max(r.c.revision_id)).where(r.c.action.in_(DECISIONS)).group_by(r.c.cluster_id)
    return select(r.c.cluster_id, r.c.action).where(r.c.revision_id.in_(last.scalar_subquery()))


def clusters_decided(action: str) -> Select[Any]:
    """Ids of the clusters whose current decision is `action` ("accept" or "reject")."""
    d = latest_decisions().subquery()
    return select(d.c.cluster_id).where(d.c.action == action)


def clusters_decided_any() -> Select[Any]:
    d = latest_decisions().subquery()
    return select(d.c.cluster_id)


def clusters_edited() -> Select[Any]:
    return select(t.revisions.c.cluster_id).where(t.revisions.c.action == "edit").distinct()


@dataclass(frozen=True)
class Snapshot:
    """Every cluster's review state at one moment, for the event queries: which clusters are
    accepted, rejected or edited, without a query per page. Revisions are few next to events
    (each is a person's act), so all of them fit in memory."""

    key: tuple[int, int]  # (highest revision id, number of revisions): changes with every new revision
    states: dict[str, ReviewState]
    rejected: frozenset[str]
    accepted: frozenset[str]
    edited: frozenset[str]

    def state(self, cluster_id: str) -> ReviewState:
        return self.states.get(cluster_id, UNREVIEWED)


UNREVIEWED = ReviewState()


class Reviews:
    """Tokens and revisions over the store's engine (tables `tokens` and `revisions`)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._snapshot: Snapshot | None = None
        self._lock = threading.Lock()

    def snapshot(self, conn: Connection) -> Snapshot:
        """The review states as of now, rebuilt only when a revision was added since the last call
        (the table is append-only, so its row count and highest id say whether it changed; the
        count also catches a transaction that committed a lower id after a higher one)."""
        r = t.revisions
        top, n = conn.execute(select(func.coalesce(func.max(r.c.revision_id), 0), func.count())
                              .select_from(r)).one()
        key = (int(top), int(n))
        with self._lock:
            if self._snapshot is not None and self._snapshot.key == key:
                return self._snapshot
        found: dict[str, list[Revision]] = {}
        for row in _rows(conn.execute(select(r).order_by(r.c.revision_id))):
            found.setdefault(row.cluster_id, []).append(_revision(row))
        states = {cid: fold(revs) for cid, revs in found.items()}
        snap = Snapshot(key, states, frozenset(c for c, s in states.items() if s.status == "rejected"),
                        frozenset(c for c, s in states.items() if s.status == "accepted"),
                        frozenset(c for c, s in states.items() if s.edits))
        with self._lock:
            self._snapshot = snap
        return snap

    # --- tokens ---------------------------------------------------------------------------------

    def create_token(self, name: str) -> str:
        """A new token for reviewer `name`, returned once (only its hash is kept). A revoked
        name may be given a new token; an active one must be revoked first."""
        if not _TOKEN_NAME.fullmatch(name):
            raise UsageError(f"token name {name!r}: use 1-120 letters, digits, '.', '_', '@' or '-', "
                             "starting with a letter or digit")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        row = {"name": name, "token_hash": hash_token(token), "created_at": datetime.now(UTC), "revoked": False}

        def write() -> None:
            with self.engine.begin() as conn:
                old = conn.execute(select(t.tokens.c.revoked).where(t.tokens.c.name == name)).first()
                if old is None:
                    conn.execute(insert(t.tokens), [row])
                elif old[0]:
                    conn.execute(update(t.tokens).where(t.tokens.c.name == name).values(**row))
                else:
                    raise UsageError(f"a token named {name!r} exists already: revoke it first "
                                     f"(frontwire token revoke {name})")

        retrying(write, what=f"creating token {name}")
        return token

    def revoke_token(self, name: str) -> bool:
        with self.engine.begin() as conn:
            done = conn.execute(update(t.tokens).where(and_(t.tokens.c.name == name, t.tokens.c.revoked.is_(False)))
                                .values(revoked=True))
        return bool(done.rowcount)

    def tokens(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.tokens.c.name, t.tokens.c.created_at, t.tokens.c.revoked)
                                .order_by(t.tokens.c.name)).mappings()
            return [{"name": r["name"], "created_at": _iso(r["created_at"]), "revoked": bool(r["revoked"])}
                    for r in rows]

    def verify(self, token: str | None) -> str | None:
        """The reviewer name of an active token, or None. Every active hash is compared in
        constant time, so neither a match's position nor a near miss shows in the timing."""
        if not token:
            return None
        presented = hash_token(token).encode("ascii")
        with self.engine.connect() as conn:
            rows = conn.execute(select(t.tokens.c.name, t.tokens.c.token_hash)
                                .where(t.tokens.c.revoked.is_(False))).all()
        found = None
        for name, stored in rows:
            if hmac.compare_digest(presented, str(stored).encode("ascii")):
                found = name
        return found

    # --- revisions ------------------------------------------------------------------------------

    def add(self, cluster_id: str, reviewer: str, action: str, changes: Mapping[str, Any] | None = None,
            comment: str | None = None) -> Revision:
        """Append a revision. `changes` ({field: {"old", "new"}}) only for an edit; checking the
        values is the caller's job (edits.check_changes), this only stores them."""
        if action not in ACTIONS:
            raise UsageError(f"action: expected one of {', '.join(ACTIONS)}, got {action!r}")
        if action == "edit" and not changes:
            raise UsageError("changes: an edit must change at least one field")
        if action != "edit" and changes:
            raise UsageError(f"changes: only an edit changes fields, not {action!r}")
        at, stored = datetime.now(UTC), dict(changes or {})
        row = {"cluster_id": cluster_id, "reviewer": reviewer, "at": at, "action": action, "changes": stored,
               "comment": comment}

        def write() -> int:
            with self.engine.begin() as conn:
                return int(conn.execute(insert(t.revisions).returning(t.revisions.c.revision_id), row).scalar_one())

        revision_id = retrying(write, what=f"saving a review of {cluster_id}")
        return Revision(revision_id, cluster_id, reviewer, at, action, stored, comment)

    def history(self, cluster_id: str) -> list[Revision]:
        return self.histories([cluster_id]).get(cluster_id, [])

    def histories(self, cluster_ids: Sequence[str]) -> dict[str, list[Revision]]:
        out: dict[str, list[Revision]] = {}
        if not cluster_ids:
            return out
        r = t.revisions
        with self.engine.connect() as conn:
            for i in range(0, len(cluster_ids), 500):
                part = list(cluster_ids[i:i + 500])
                for row in _rows(conn.execute(select(r).where(r.c.cluster_id.in_(part)).order_by(r.c.revision_id))):
                    out.setdefault(row.cluster_id, []).append(_revision(row))
        return out

    def state(self, cluster_id: str) -> ReviewState:
        return fold(self.history(cluster_id))

    def states(self, cluster_ids: Sequence[str]) -> dict[str, ReviewState]:
        """Review state of each cluster (unreviewed ones included)."""
        found = self.histories(cluster_ids)
        return {cid: fold(found.get(cid, [])) for cid in cluster_ids}

    def edited_ids(self) -> list[str]:
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(clusters_edited())]


__all__ = ["ACTIONS", "REVIEW_VIEWS", "UNREVIEWED", "Action", "ReviewState", "ReviewStatus", "ReviewView", "Reviews", "Revision", "Snapshot", "clusters_decided",
           "clusters_decided_any", "clusters_edited", "fold", "hash_token", "latest_decisions"]
