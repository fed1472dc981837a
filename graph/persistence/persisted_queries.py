"""Query texts kept by their sha256 in a shared store, for every process that serves it.

Apollo's automatic persisted queries name a query by the sha256 of its text. Each server
process keeps the texts it has seen in its own cache; a store that several processes share
(an SQLite file, a PostgreSQL database) keeps them too, in its ``persisted_queries`` table
(its columns: ``sha256``, ``query``, its ``bytes`` and ``registered``, a count that orders
registrations),
so that a hash registered at one process is known at all of them, and after a restart. They
are not changes of the graph: keeping one moves no version and writes no history.

The table is bounded in rows and in bytes of text: past either bound, the least recently
*registered* rows are deleted (registering a text again makes it the newest; reading one
writes nothing). A row read back is checked against its key, so that a damaged row is never
taken for the query its key names.

Examples
--------
>>> import sqlite3
>>> from contextlib import nullcontext
>>> from graph.persistence.sqlite.layout import create_tables
>>> db = sqlite3.connect(":memory:", isolation_level=None)
>>> create_tables(db, ":memory:")
>>> table = SQLPersistedQueries(lambda write: nullcontext(db.execute), "?")
>>> for n in range(3):
...     table.keep(f"{{ a{n} }}", max_count=2, max_bytes=100)
>>> table.find(sha256_of("{ a0 }")), table.find(sha256_of("{ a2 }"))
(None, '{ a2 }')
>>> _ = db.execute("UPDATE persisted_queries SET query = '{ b }'")
>>> table.find(sha256_of("{ a2 }"))
Traceback (most recent call last):
...
graph.persistence.storage.StorageError: persisted query e8c3ec8c...: its stored text hashes to ...
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any, Protocol

from graph.persistence.storage import StorageError

__all__ = [
    "PersistedQueryTable",
    "SQLPersistedQueries",
    "Session",
    "sha256_of",
]

_KEEP = (
    "INSERT INTO persisted_queries (sha256, query, bytes, registered) "
    "VALUES (?, ?, ?, (SELECT coalesce(max(registered), 0) + 1 FROM persisted_queries)) "
    "ON CONFLICT (sha256) DO UPDATE SET query = excluded.query, bytes = excluded.bytes, "
    "registered = excluded.registered"
)
# Newest first, a row is kept while it is within the first ``max_count`` and the texts up to
# it hold at most ``max_bytes``; the hash breaks ties of two writers counting at once.
_PRUNE = (
    "DELETE FROM persisted_queries WHERE sha256 IN (SELECT sha256 FROM ("
    "SELECT sha256, row_number() OVER newest AS place, sum(bytes) OVER newest AS held "
    "FROM persisted_queries WINDOW newest AS (ORDER BY registered DESC, sha256)"
    ") AS ranked WHERE place > ? OR held > ?)"
)


def sha256_of(text: str) -> str:
    """The key of ``text``: its sha256, lower-case hex (what Apollo's link sends)."""
    return hashlib.sha256(text.encode()).hexdigest()


class PersistedQueryTable(Protocol):
    """The query texts a store keeps by their sha256, for every process that opens it."""

    def find(self, sha256: str) -> str | None:
        """The text whose sha256 is ``sha256``, or ``None`` when the store has none; raises
        :class:`~graph.persistence.storage.StorageError` when the stored text is not that."""
        ...

    def keep(self, text: str, *, max_count: int, max_bytes: int) -> None:
        """Keep ``text`` under its sha256 as the newest registration, then forget the oldest
        past ``max_count`` texts or ``max_bytes`` of them; a text longer than ``max_bytes``
        alone is not kept."""
        ...


Session = Callable[[bool], AbstractContextManager[Callable[..., Any]]]
"""A store's way in to its connection: ``session(write)`` holds the store's lock (and, when
``write``, a write transaction) while it gives a DB-API ``execute``."""


class SQLPersistedQueries:
    """The ``persisted_queries`` table of an SQL store (SQLite, PostgreSQL), reached through
    the store's ``session``; ``mark`` is the driver's placeholder."""

    def __init__(self, session: Session, mark: str) -> None:
        self._session = session
        self._mark = mark

    def find(self, sha256: str) -> str | None:
        statement = "SELECT query FROM persisted_queries WHERE sha256 = ?"
        with self._session(False) as execute:
            row = execute(statement.replace("?", self._mark), (sha256,)).fetchone()
        if row is None:
            return None
        text = str(row[0])
        if sha256_of(text) != sha256:
            raise StorageError(
                f"persisted query {sha256}: its stored text hashes to {sha256_of(text)}, "
                "the row is damaged"
            )
        return text

    def keep(self, text: str, *, max_count: int, max_bytes: int) -> None:
        size = len(text.encode())
        if size > max_bytes:
            return
        with self._session(True) as execute:
            execute(_KEEP.replace("?", self._mark), (sha256_of(text), text, size))
            execute(_PRUNE.replace("?", self._mark), (max_count, max_bytes))
