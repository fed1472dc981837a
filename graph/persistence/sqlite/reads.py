"""Reading an SQLite file's relationship rows back: unpacked as they are, or as plain records
to validate, with an error naming the row that cannot be unpacked."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

from graph.model.records import Relationship
from graph.persistence.packed import PackedError, record_of_packed, unpack_all
from graph.persistence.storage import StorageError

__all__ = ["checked_relationships", "trusted_relationships"]

_BATCH = 8192
"""Relationship rows fetched, and unpacked by msgspec, at a time when a store is opened."""


def trusted_relationships(db: sqlite3.Connection, path: Path) -> Iterator[Relationship]:
    """Every relationship, in id order (the table's), unpacked with no checks."""
    done = 0
    rows = db.execute("SELECT packed FROM relationships")
    while batch := rows.fetchmany(_BATCH):
        try:
            yield from unpack_all([packed for (packed,) in batch])
        except PackedError as err:
            raise _unreadable(db, path, done + err.position, err) from None
        done += len(batch)


def checked_relationships(db: sqlite3.Connection, path: Path) -> list[dict[str, object]]:
    """Every relationship as a plain record, for the rules to check."""
    found = []
    rows = db.execute("SELECT packed FROM relationships ORDER BY id")
    for position, (packed,) in enumerate(rows):
        try:
            found.append(record_of_packed(packed))
        except PackedError as err:
            raise _unreadable(db, path, position, err) from None
    return found


def _unreadable(
    db: sqlite3.Connection, path: Path, position: int, err: PackedError
) -> StorageError:
    """The error for the relationship row at ``position`` in id order."""
    query = "SELECT id FROM relationships ORDER BY id LIMIT 1 OFFSET ?"
    (rid,) = db.execute(query, (position,)).fetchone()
    return StorageError(f"{path}: relationship {rid!r} cannot be unpacked: {err}")
