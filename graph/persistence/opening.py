"""Opening a store: a PostgreSQL database for a ``postgresql://`` URL, an SQLite file for any
other path, memory when there is none; seeded when new."""

from __future__ import annotations

from pathlib import Path

from graph.dataset.parse import Dataset
from graph.persistence.memory import MemoryStorage
from graph.persistence.postgres.layout import is_database_url
from graph.persistence.sqlite.store import SQLiteStorage
from graph.persistence.storage import SEED_AUTHOR, Storage, import_change

__all__ = ["open_storage"]


def open_storage(location: str | Path | None, seed: Dataset) -> Storage:
    """The store at ``location``: a PostgreSQL database (``postgresql://USER@HOST/DB``), the
    SQLite file at any other path, or an in-memory store when it is ``None``.

    A store with no changes yet (a new file or database) is first filled with ``seed``,
    recorded as version 1, an IMPORT by :data:`SEED_AUTHOR`; one already filled is used as
    it is. Servers that open a new store at once seed it once between them.
    """
    store: Storage
    if location is None:
        store = MemoryStorage()
    elif is_database_url(location):
        from graph.persistence.postgres.store import PostgresStorage  # psycopg: only when asked

        store = PostgresStorage(str(location))
    else:
        store = SQLiteStorage(location)
    try:
        if store.version() == 0:
            with store.writing() as tx:
                if tx.version() == 0:  # nobody seeded it meanwhile
                    tx.replace_all(seed, import_change(1, SEED_AUTHOR, seed))
    except BaseException:
        store.close()
        raise
    return store
