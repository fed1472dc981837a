"""What an alliance-graph SQLite file holds: its tables, and the conversion of a file whose
relationships are in an older layout (a history row is :mod:`graph.persistence.history_rows`;
the rows of ``idempotency`` and ``persisted_queries`` are those of
:mod:`graph.persistence.idempotency` and :mod:`graph.persistence.persisted_queries`, the review
queue's :mod:`graph.persistence.review.table`'s). A file made by an earlier version gets the
tables it lacks when it is opened.

:class:`graph.persistence.sqlite.store.SQLiteStorage` reads and writes these tables; this module
only knows their shape.

Examples
--------
>>> import sqlite3
>>> db = sqlite3.connect(":memory:", isolation_level=None)
>>> create_tables(db, ":memory:")
>>> sorted(name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))
['actors', 'change_records', 'changes', 'idempotency', 'meta', 'persisted_queries', \
'proposal_batches', 'proposals', 'relationships', 'sources']
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from functools import partial
from pathlib import Path

from graph.persistence.bulk.old_imports import OLD_IMPORTS, convert_old_imports
from graph.persistence.bulk.records import RECORD_COLUMNS
from graph.persistence.review.table import SCHEMA as REVIEW_SCHEMA
from graph.persistence.sqlite.old_rows import OldRowError, packed_old_rows
from graph.persistence.storage import StorageError

__all__ = ["PUT_CHANGE_RECORD", "PUT_RELATIONSHIP", "create_tables", "transaction"]

_SCHEMA = """
BEGIN IMMEDIATE;
CREATE TABLE IF NOT EXISTS meta (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT OR IGNORE INTO meta (id, version) VALUES (1, 0);
CREATE TABLE IF NOT EXISTS sources (id TEXT PRIMARY KEY, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS actors (id TEXT PRIMARY KEY, record TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS changes (
    version INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    author TEXT NOT NULL,
    operation TEXT NOT NULL,
    actor_keys TEXT NOT NULL,
    relationship_id TEXT,
    before TEXT,
    after TEXT,
    counts TEXT
);
CREATE TABLE IF NOT EXISTS change_records (
    version INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    section TEXT NOT NULL,
    id TEXT NOT NULL,
    record BLOB NOT NULL,
    PRIMARY KEY (version, seq)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS idempotency (
    author TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    response TEXT,
    PRIMARY KEY (author, key)
);
CREATE INDEX IF NOT EXISTS idempotency_created ON idempotency (created_at);
CREATE TABLE IF NOT EXISTS persisted_queries (
    sha256 TEXT PRIMARY KEY,
    query TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    registered INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS persisted_queries_registered ON persisted_queries (registered);
"""

_RELATIONSHIPS = """CREATE TABLE IF NOT EXISTS relationships (
    id TEXT PRIMARY KEY,
    packed BLOB NOT NULL
) WITHOUT ROWID"""
# WITHOUT ROWID keeps the rows in id order in the file itself: a start-up reads them back
# sorted, and there is no second b-tree for the primary key.
PUT_RELATIONSHIP = "INSERT OR REPLACE INTO relationships (id, packed) VALUES (?, ?)"
PUT_CHANGE_RECORD = f"INSERT INTO change_records ({RECORD_COLUMNS}) VALUES (?, ?, ?, ?, ?)"


def create_tables(db: sqlite3.Connection, path: str | Path) -> None:
    """Create the tables that are missing, converting a relationships table in an older
    layout (a JSON record or a column per field) in one transaction; nothing changes if a
    row cannot be read. ``path`` names the file in errors."""
    # The review queue's tables came later: a file made before them gets them here.
    db.executescript(
        _SCHEMA + "".join(f"{statement};\n" for statement in REVIEW_SCHEMA) + "COMMIT;"
    )
    _convert_history(db, path)
    columns = [row[1] for row in db.execute("PRAGMA table_info(relationships)")]
    if "packed" in columns:
        return
    with transaction(db):
        if columns:
            db.execute("ALTER TABLE relationships RENAME TO relationship_records")
        db.execute(_RELATIONSHIPS)
        if columns:
            old = packed_old_rows(db, "relationship_records", "record" in columns)
            try:
                db.executemany(PUT_RELATIONSHIP, old)
            except OldRowError as err:  # and so the transaction rolls back
                raise StorageError(f"{path}: {err}; nothing was changed") from None
            db.execute("DROP TABLE relationship_records")
    if columns:  # give the old table's pages back, and fold the log into the file
        db.execute("VACUUM")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _convert_history(db: sqlite3.Connection, path: str | Path) -> None:
    """Give a history table of an earlier version its ``counts`` column, and its IMPORT
    entries their pages (:mod:`graph.persistence.bulk.old_imports`)."""

    def lacks_counts() -> bool:
        return "counts" not in [row[1] for row in db.execute("PRAGMA table_info(changes)")]

    if lacks_counts():
        with transaction(db):
            if lacks_counts():  # another process may have added it meanwhile
                db.execute("ALTER TABLE changes ADD COLUMN counts TEXT")
    if db.execute(OLD_IMPORTS + " LIMIT 1").fetchone() is None:
        return
    with transaction(db):
        try:
            convert_old_imports(db.execute, "?", partial(db.executemany, PUT_CHANGE_RECORD))
        except (ValueError, TypeError, KeyError) as err:  # and so the transaction rolls back
            raise StorageError(f"{path}: an IMPORT entry cannot be read: {err}") from None
    db.execute("VACUUM")  # give the inline records' pages back (445 MB for the million)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[None]:
    """One write transaction: committed when the block ends, rolled back when it raises."""
    # IMMEDIATE takes the write lock up front, so a busy file fails before any write.
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            with suppress(sqlite3.Error):  # keep the error that caused the rollback
                db.execute("ROLLBACK")
        raise
