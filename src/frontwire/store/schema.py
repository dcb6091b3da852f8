"""The store's tables (SQLAlchemy Core), one definition for SQLite and PostgreSQL.

    articles        one row per stored article (its text, so every evidence offset stays checkable)
    reports         one row per event the extractor found in an article: every v1 field
    evidence        the sentences behind a report, as offsets into its article's text
    clusters        reports of one real event merged across articles (cluster_members, merges: why)
    revisions       review changes to a cluster (accept, reject, edit); extraction is never overwritten
    failures        sources that could not be read or processed, with the reason, until they succeed
    tokens          hashed bearer tokens for writes through the API

Migrations (Alembic, in migrations/) create and change these tables; this module is what the
code queries with and must match the latest migration (tests/test_store.py checks it).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

ID = String(64)

articles = Table(
    "articles", metadata,
    Column("article_id", ID, primary_key=True),
    Column("url", Text, unique=True),  # the canonical URL, when known
    Column("text_hash", String(64), nullable=False, unique=True),  # sha256 of the whitespace-normalised text
    Column("title", Text),
    Column("source", String(255)),
    Column("published", String(10)),
    Column("origin", Text),
    Column("text", Text, nullable=False),
    Column("n_events", Integer, nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)

reports = Table(
    "reports", metadata,
    Column("event_id", ID, primary_key=True),
    Column("article_id", ID, ForeignKey("articles.article_id", ondelete="CASCADE"), nullable=False),
    Column("event_date", String(10)),
    Column("event_date_end", String(10)),
    Column("time_precision", Integer),
    Column("event_type", String(80)),
    Column("sub_event_type", String(80)),
    Column("plover_type", String(40), nullable=False),
    Column("actor1", Text),
    Column("actor1_iso3", String(3)),
    Column("actor2", Text),
    Column("actor2_iso3", String(3)),
    Column("country", String(120)),
    Column("iso3", String(3)),
    Column("admin1", Text),
    Column("admin2", Text),
    Column("location", Text),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("geonames_id", BigInteger),
    Column("geo_precision", Integer),
    Column("fatalities", Integer, nullable=False),
    Column("deaths_actor1", Integer),
    Column("deaths_actor2", Integer),
    Column("deaths_civilians", Integer),
    Column("deaths_unknown", Integer),
    Column("status", String(20), nullable=False),
    Column("attributed_to", Text),
    Column("source", String(255)),
    Column("url", Text),
    Column("published", String(10)),
    Column("notes", Text, nullable=False),
    Column("confidence", Float, nullable=False),
    Index("reports_article", "article_id"),
    Index("reports_date", "event_date"),
)

evidence = Table(
    "evidence", metadata,
    Column("event_id", ID, ForeignKey("reports.event_id", ondelete="CASCADE"), primary_key=True),
    Column("ordinal", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
)

clusters = Table(
    "clusters", metadata,
    Column("cluster_id", ID, primary_key=True),
    Column("representative_id", ID, nullable=False),
    Column("n_reports", Integer, nullable=False),
    Column("fatalities", Integer, nullable=False),
    Column("fatalities_rule", Text, nullable=False),
    # The representative's fields, copied so that queries filter one table with indexes.
    Column("event_date", String(10)),
    Column("event_type", String(80)),
    Column("sub_event_type", String(80)),
    Column("actor1", Text),
    Column("actor2", Text),
    Column("iso3", String(3)),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("status", String(20), nullable=False),
    Index("clusters_date", "event_date"),
    Index("clusters_place", "latitude", "longitude"),
    Index("clusters_date_place", "event_date", "latitude", "longitude"),
    Index("clusters_iso3", "iso3"),
)

cluster_members = Table(
    "cluster_members", metadata,
    Column("event_id", ID, primary_key=True),
    Column("cluster_id", ID, nullable=False),
    Index("cluster_members_cluster", "cluster_id"),
)

merges = Table(
    "merges", metadata,
    Column("event_id", ID, primary_key=True),
    Column("cluster_id", ID, nullable=False),
    Column("matched_event_id", ID, nullable=False),
    Column("score", Float, nullable=False),
    Column("reasons", JSON, nullable=False),
)

revisions = Table(
    "revisions", metadata,
    Column("revision_id", Integer, primary_key=True, autoincrement=True),
    Column("cluster_id", ID, nullable=False),
    Column("reviewer", String(120), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("action", String(20), nullable=False),  # accept, reject, edit
    Column("changes", JSON, nullable=False),
    Column("comment", Text),
    Index("revisions_cluster", "cluster_id"),
)

failures = Table(
    "failures", metadata,
    Column("source", Text, primary_key=True),
    Column("reason", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("attempts", Integer, nullable=False),
)

tokens = Table(
    "tokens", metadata,
    Column("name", String(120), primary_key=True),
    Column("token_hash", String(128), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked", Boolean, nullable=False, default=False),
)
