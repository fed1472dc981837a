"""What an alliance-graph SQLite file holds: its tables, how a change is written as a history
row and read back, and the conversion of a file whose relationships are in an older layout.

:class:`graph.persistence.sqlite.store.SQLiteStorage` reads and writes these tables; this module
only knows their shape.

Examples
--------
>>> import sqlite3
>>> from graph.persistence.changes import Change, ChangeOperation
>>> db = sqlite3.connect(":memory:", isolation_level=None)
>>> create_tables(db, ":memory:")
>>> sorted(name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))
['actors', 'changes', 'meta', 'relationships', 'sources']
>>> change = Change(1, dt.datetime(2016, 8, 16, tzinfo=dt.timezone.utc), "nbc",
...                 ChangeOperation.CREATE_ACTOR, ("iran",), None, None,
...                 {"actors": [{"key": "iran", "name": "Iran", "kind": "STATE"}]})
>>> change_of_row(change_row(change)) == change
True
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import msgspec

from graph.persistence.changes import Change, ChangeOperation
from graph.persistence.sqlite.old_rows import OldRowError, packed_old_rows
from graph.persistence.storage import StorageError

__all__ = [
    "CHANGE_COLUMNS",
    "PUT_RELATIONSHIP",
    "change_of_row",
    "change_row",
    "create_tables",
    "json_text",
    "transaction",
]

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
    after TEXT
);
COMMIT;
"""
CHANGE_COLUMNS = "version, at, author, operation, actor_keys, relationship_id, before, after"

_RELATIONSHIPS = """CREATE TABLE IF NOT EXISTS relationships (
    id TEXT PRIMARY KEY,
    packed BLOB NOT NULL
) WITHOUT ROWID"""
# WITHOUT ROWID keeps the rows in id order in the file itself: a start-up reads them back
# sorted, and there is no second b-tree for the primary key.
PUT_RELATIONSHIP = "INSERT OR REPLACE INTO relationships (id, packed) VALUES (?, ?)"


def create_tables(db: sqlite3.Connection, path: str | Path) -> None:
    """Create the tables that are missing, converting a relationships table in an older
    layout (a JSON record or a column per field) in one transaction; nothing changes if a
    row cannot be read. ``path`` names the file in errors."""
    db.executescript(_SCHEMA)
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


def json_text(value: object) -> str:
    """``value`` as the compact text of ``json.dumps(value, ensure_ascii=False,
    separators=(",", ":"))``, six times sooner: an import's history entry holds every record."""
    return msgspec.json.encode(value).decode()


def change_row(change: Change) -> tuple[Any, ...]:
    """The values of :data:`CHANGE_COLUMNS` for ``change``."""
    return (
        change.version,
        change.at.isoformat(),
        change.author,
        change.operation.value,
        json.dumps(change.actor_keys),
        change.relationship_id,
        None if change.before is None else json_text(change.before),
        None if change.after is None else json_text(change.after),
    )


def change_of_row(row: tuple[Any, ...]) -> Change:
    """The change a row of :data:`CHANGE_COLUMNS` holds."""
    version, at, author, operation, actor_keys, relationship_id, before, after = row
    return Change(
        version=version,
        at=dt.datetime.fromisoformat(at),
        author=author,
        operation=ChangeOperation(operation),
        actor_keys=tuple(json.loads(actor_keys)),
        relationship_id=relationship_id,
        before=None if before is None else json.loads(before),
        after=None if after is None else json.loads(after),
    )
