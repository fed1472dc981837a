"""Opening a store: an SQLite file at a path, or memory when there is none; seeded when new."""

from __future__ import annotations

from pathlib import Path

from graph.dataset.parse import Dataset
from graph.persistence.memory import MemoryStorage
from graph.persistence.sqlite.store import SQLiteStorage
from graph.persistence.storage import SEED_AUTHOR, Storage, import_change

__all__ = ["open_storage"]


def open_storage(path: str | Path | None, seed: Dataset) -> Storage:
    """The SQLite store at ``path``, or an in-memory store when ``path`` is ``None``.

    A store with no changes yet (a new file) is first filled with ``seed``, recorded as
    version 1, an IMPORT by :data:`SEED_AUTHOR`; an existing file is used as it is.
    """
    store: Storage = MemoryStorage() if path is None else SQLiteStorage(path)
    try:
        if store.version() == 0:
            store.replace_all(seed, import_change(1, SEED_AUTHOR, seed))
    except BaseException:
        store.close()
        raise
    return store
