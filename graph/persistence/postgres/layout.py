"""What an alliance-graph PostgreSQL database holds, and where its commits are announced.

The same tables as an SQLite file: ``meta`` (one row: the version), ``sources`` and
``actors`` (a JSON record per row), ``relationships`` (one packed row each, see
:mod:`graph.persistence.packed`), ``changes`` (the history, one row per version),
``change_records`` (the records of IMPORT and MERGE changes, :mod:`graph.persistence.bulk`) and
``idempotency`` (the keys of writes, see :mod:`graph.persistence.idempotency`),
``persisted_queries`` (query texts by sha256, :mod:`graph.persistence.persisted_queries`) and
the review queue's ``proposal_batches`` and ``proposals`` (:mod:`graph.persistence.review.
table`); a database made by an earlier version gets the tables it lacks when it is opened. Every
commit of a change sends a notification on :data:`CHANNEL` whose payload is the new version,
so that servers following the database look at once instead of at their next poll.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from graph.persistence.review.table import SCHEMA as REVIEW_SCHEMA

__all__ = ["CHANNEL", "SCHEMA", "SETUP_LOCK", "is_database_url", "shown"]

CHANNEL = "alliance_graph_changes"
"""The LISTEN/NOTIFY channel of committed versions."""

SETUP_LOCK = 8_162_016
"""The advisory lock that keeps two servers from creating the tables at once."""

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS meta (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        version BIGINT NOT NULL
    )""",
    "INSERT INTO meta (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING",
    "CREATE TABLE IF NOT EXISTS sources (id TEXT PRIMARY KEY, record TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS actors (id TEXT PRIMARY KEY, record TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS relationships (id TEXT PRIMARY KEY, packed BYTEA NOT NULL)",
    """CREATE TABLE IF NOT EXISTS changes (
        version BIGINT PRIMARY KEY,
        at TEXT NOT NULL,
        author TEXT NOT NULL,
        operation TEXT NOT NULL,
        actor_keys TEXT NOT NULL,
        relationship_id TEXT,
        before TEXT,
        after TEXT,
        counts TEXT
    )""",
    "ALTER TABLE changes ADD COLUMN IF NOT EXISTS counts TEXT",
    """CREATE TABLE IF NOT EXISTS change_records (
        version BIGINT NOT NULL,
        seq BIGINT NOT NULL,
        section TEXT NOT NULL,
        id TEXT NOT NULL,
        record BYTEA NOT NULL,
        PRIMARY KEY (version, seq)
    )""",
    """CREATE TABLE IF NOT EXISTS idempotency (
        author TEXT NOT NULL,
        key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        version BIGINT NOT NULL,
        created_at TEXT NOT NULL,
        response TEXT,
        PRIMARY KEY (author, key)
    )""",
    "CREATE INDEX IF NOT EXISTS idempotency_created ON idempotency (created_at)",
    """CREATE TABLE IF NOT EXISTS persisted_queries (
        sha256 TEXT PRIMARY KEY,
        query TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        registered BIGINT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS persisted_queries_registered ON persisted_queries (registered)",
    *REVIEW_SCHEMA,
)
"""The statements that create whatever is missing, run under :data:`SETUP_LOCK`."""


def is_database_url(location: object) -> bool:
    """Whether ``--data`` names a PostgreSQL database rather than an SQLite file.

    >>> is_database_url("postgresql://ann@db.example/alliance"), is_database_url("g.sqlite3")
    (True, False)
    """
    return isinstance(location, str) and location.startswith(("postgresql://", "postgres://"))


def shown(url: str) -> str:
    """``url`` with any password left out, for messages and logs.

    >>> shown("postgresql://ann:s3cret@db.example:5433/alliance")
    'postgresql://ann@db.example:5433/alliance'
    """
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    user = f"{parts.username}@" if parts.username else ""
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.scheme}://{user}{host}{port}{parts.path}{query}"
