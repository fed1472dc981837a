"""Reading an SQLite file's dataset back: trusted as it is, or as plain records to validate,
with an error naming the relationship row that cannot be unpacked."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

from graph.dataset.parse import Dataset, parse_dataset
from graph.model.records import Actor, Relationship, Source
from graph.persistence.packed import PackedError, record_of_packed, unpack_all
from graph.persistence.storage import StorageError
from graph.persistence.trusted import trusted_record

__all__ = ["checked_relationships", "read_dataset", "trusted_relationships"]

R = TypeVar("R", Source, Actor)


def read_dataset(db: sqlite3.Connection, path: Path, trusted: bool) -> Dataset:
    """The whole dataset the file holds; ``trusted`` builds records straight from the rows
    instead of validating them all again (see :meth:`SQLiteStorage.load`)."""
    if trusted:
        sources = tuple(_trusted(db, Source, "sources"))
        actors = tuple(_trusted(db, Actor, "actors"))
        return Dataset(sources, actors, tuple(trusted_relationships(db, path)))
    data = {
        s: [json.loads(r) for (r,) in db.execute(f"SELECT record FROM {s} ORDER BY id")]
        for s in ("sources", "actors")
    }
    data["relationships"] = checked_relationships(db, path)
    return parse_dataset(data)


def _trusted(db: sqlite3.Connection, kind: type[R], section: str) -> Iterator[R]:
    # Table order, not id order: a sequential read, where ORDER BY id would jump through
    # the table by index (the graph sorts whatever it lists anyway). The relationships
    # table is WITHOUT ROWID, so its table order is id order.
    for (row,) in db.execute(f"SELECT record FROM {section}"):
        yield trusted_record(kind, json.loads(row))


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
