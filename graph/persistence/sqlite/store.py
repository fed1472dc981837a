"""The embedded SQLite store: one file, WAL journal, one transaction per change.

Its tables are :mod:`graph.persistence.sqlite.layout`'s (a file in an older layout is converted
when opened). No foreign keys: every write comes from a change the graph has validated, and
:meth:`SQLiteStorage.load` validates the dataset again unless told to trust it.
``synchronous=FULL``: a change is on disk before :meth:`SQLiteStorage.commit` returns.

Examples
--------
>>> import tempfile, pathlib
>>> from graph import Dataset, Source
>>> from graph.persistence.storage import import_change
>>> ds = Dataset((Source("nbc", "NBC News"),), (), ())
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = pathlib.Path(tmp) / "graph.sqlite"
...     with SQLiteStorage(path) as store:
...         store.replace_all(ds, import_change(1, "seed", ds))
...     with SQLiteStorage(path) as again:
...         again.load() == (ds, 1), again.journal_mode()
(True, 'wal')
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from operator import attrgetter
from pathlib import Path

from graph.dataset.parse import Dataset
from graph.model.records import Relationship
from graph.persistence.bulk.records import (
    ChangeRecord,
    SQLChangeRecords,
    record_rows,
    table_rows,
)
from graph.persistence.changes import IDENT, Change, RecordCounts, fragment, row_changes
from graph.persistence.history_rows import CHANGE_COLUMNS, change_of_row, change_row, json_text
from graph.persistence.idempotency import SQLKeys
from graph.persistence.packed import pack
from graph.persistence.persisted_queries import SQLPersistedQueries
from graph.persistence.review.table import SQLReview
from graph.persistence.sqlite.layout import (
    PUT_CHANGE_RECORD,
    PUT_RELATIONSHIP,
    create_tables,
    transaction,
)
from graph.persistence.sqlite.reads import read_dataset
from graph.persistence.storage import StorageError, check_follow
from graph.persistence.trusted import trusted_record

__all__ = ["SQLiteStorage"]

_ID = attrgetter("id")
_PUT = {
    "sources": "INSERT OR REPLACE INTO sources (id, record) VALUES (?, ?)",
    "actors": "INSERT OR REPLACE INTO actors (id, record) VALUES (?, ?)",
    "relationships": PUT_RELATIONSHIP,
}


class SQLiteStorage:
    """The dataset and its history in the SQLite file at ``path``, created when missing; safe
    to share between threads (calls are serialised by a lock). ``timeout`` is how many seconds
    to wait for another connection's write lock before failing."""

    def __init__(self, path: str | Path, *, timeout: float = 5.0) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        try:
            self._db = sqlite3.connect(
                self.path, timeout=timeout, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as err:
            raise StorageError(f"cannot open {self.path}: {err}") from err
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            create_tables(self._db, self.path)
        except StorageError:
            self._db.close()
            raise
        except sqlite3.Error as err:
            self._db.close()
            raise StorageError(f"cannot set up {self.path}: {err}") from err

    def __enter__(self) -> SQLiteStorage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def journal_mode(self) -> str:
        """The journal mode SQLite reports, ``'wal'`` unless the file system refused it."""
        with self._lock, self._errors():
            return str(self._db.execute("PRAGMA journal_mode").fetchone()[0])

    def version(self) -> int:
        """The version of the last committed change; 0 for a new file."""
        with self._lock, self._errors():
            return self._version()

    def load(self, *, trusted: bool = False) -> tuple[Dataset, int]:
        """The whole current dataset, each section in id order, and its version.

        ``trusted`` builds records straight from the rows, one row at a time (the store only
        ever holds records that passed the rules), instead of validating them all again.
        """
        with self._lock, self._errors():
            self._db.execute("BEGIN")  # one snapshot for all four reads
            try:
                return self._load(trusted)
            finally:
                self._db.execute("COMMIT")

    def commit(self, *changes: Change) -> None:
        """Write the changes' rows and append them to the history in one transaction."""
        with self.writing() as tx:
            tx.append(*changes)

    def replace_all(self, dataset: Dataset, change: Change) -> None:
        """Replace every row with ``dataset``'s and append ``change``, in one transaction."""
        with self.writing() as tx:
            tx.replace_all(dataset, change)

    def changes_after(self, version: int) -> list[Change]:
        """The changes after ``version``, oldest first."""
        with self._lock, self._errors():
            return self._after(version)

    @contextmanager
    def writing(self) -> Iterator[_SQLiteTransaction]:
        """A write transaction (``BEGIN IMMEDIATE``): it holds the file's write lock, which
        every other connection, in this process or another, waits for up to ``timeout``."""
        with self._lock, self._errors(), transaction(self._db):
            yield _SQLiteTransaction(self)

    @contextmanager
    def reviewing(self) -> Iterator[SQLReview]:
        """A read of the review queue from one snapshot."""
        with self._lock, self._errors():
            self._db.execute("BEGIN")
            try:
                yield SQLReview(self._db.execute, "?")
            finally:
                self._db.execute("COMMIT")

    def watch(self, moved: Callable[[], None]) -> Callable[[], None]:
        """Nothing tells of another writer's commits here: followers look now and then."""
        return _nothing

    def history(self, first: int, before_version: int | None = None) -> list[Change]:
        """At most ``first`` changes older than ``before_version``, newest first."""
        below = "" if before_version is None else "WHERE version < :below"
        with self._lock, self._errors():
            rows = self._db.execute(
                f"SELECT {CHANGE_COLUMNS} FROM changes {below} ORDER BY version DESC LIMIT :n",
                {"below": before_version, "n": max(first, 0)},
            ).fetchall()
        return [change_of_row(row) for row in rows]

    def history_count(self) -> int:
        """How many changes the history holds."""
        with self._lock, self._errors():
            return int(self._db.execute("SELECT count(*) FROM changes").fetchone()[0])

    def change_records(self, version: int, after: int, first: int) -> list[ChangeRecord]:
        """A page of the records the IMPORT or MERGE ``version`` wrote."""
        with self._lock, self._errors():
            return SQLChangeRecords(self._db.execute, "?").page(version, after, first)

    def integrity_check(self) -> str:
        """What ``PRAGMA integrity_check`` reports: ``'ok'`` for a sound file."""
        with self._lock, self._errors():
            return str(self._db.execute("PRAGMA integrity_check").fetchone()[0])

    def persisted_queries(self) -> SQLPersistedQueries:
        """The query texts the file keeps for every process that opens it."""
        return SQLPersistedQueries(self._session, "?")

    @contextmanager
    def _session(self, write: bool) -> Iterator[Callable[..., sqlite3.Cursor]]:
        with self._lock, self._errors(), transaction(self._db) if write else nullcontext():
            yield self._db.execute

    def close(self) -> None:
        """Close the connection; later calls raise :class:`StorageError`."""
        with self._lock:
            self._db.close()

    def _load(self, trusted: bool) -> tuple[Dataset, int]:
        version = self._version()
        return read_dataset(self._db, self.path, trusted), version

    def _after(self, version: int) -> list[Change]:
        rows = self._db.execute(
            f"SELECT {CHANGE_COLUMNS} FROM changes WHERE version > ? ORDER BY version", (version,)
        )
        return [change_of_row(row) for row in rows]

    def _replace(self, dataset: Dataset, change: Change) -> None:
        # Records of the sources and actors only: relationships are packed from the objects.
        records = fragment(dataset.sources, dataset.actors) or {}
        self._advance(change)
        for section, ident in IDENT.items():
            self._db.execute(f"DELETE FROM {section}")
            if section == "relationships":
                # In id order, the table's order: each row then goes at the end of the
                # B-tree instead of splitting pages all over it (a million rows from a
                # file in another order took 40 s).
                rows = sorted(dataset.relationships, key=_ID)
                self._db.executemany(PUT_RELATIONSHIP, ((r.id, pack(r)) for r in rows))
                continue
            self._db.executemany(
                f"INSERT INTO {section} (id, record) VALUES (?, ?)",
                ((str(r[ident]), json_text(r)) for r in records.get(section, ())),
            )

    def _count(self, table: str) -> int:
        return int(self._db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    def _version(self) -> int:
        return int(self._db.execute("SELECT version FROM meta WHERE id = 1").fetchone()[0])

    def _write_rows(self, change: Change) -> None:
        if change.records is not None:  # a MERGE: every record is new
            for table, rows in table_rows(change.records):
                self._db.executemany(_PUT[table], rows)
        for section, key, record in row_changes(change):
            if record is None:
                self._db.execute(f"DELETE FROM {section} WHERE id = ?", (key,))
            elif section == "relationships":
                self._db.execute(
                    PUT_RELATIONSHIP, (key, pack(trusted_record(Relationship, record)))
                )
            else:
                self._db.execute(
                    f"INSERT INTO {section} (id, record) VALUES (?, ?) "
                    "ON CONFLICT (id) DO UPDATE SET record = excluded.record",
                    (key, json_text(record)),
                )

    def _advance(self, change: Change) -> None:
        check_follow(self._version(), [change])
        self._db.execute("UPDATE meta SET version = ? WHERE id = 1", (change.version,))
        self._db.execute(
            f"INSERT INTO changes ({CHANGE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            change_row(change),
        )
        if change.records is not None:  # an IMPORT's or MERGE's records, one row each
            self._db.executemany(PUT_CHANGE_RECORD, record_rows(change.version, change.records))

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as err:
            raise StorageError(f"{self.path}: {err}") from err


class _SQLiteTransaction:
    """A :class:`~graph.persistence.storage.Transaction` of a :class:`SQLiteStorage`."""

    def __init__(self, store: SQLiteStorage) -> None:
        self.store = store
        self.keys = SQLKeys(store._db.execute, "?")
        self.review = SQLReview(store._db.execute, "?")

    def version(self) -> int:
        return self.store._version()

    def missed(self, version: int) -> list[Change]:
        return self.store._after(version)

    def load(self, *, trusted: bool = False) -> tuple[Dataset, int]:
        return self.store._load(trusted)

    def append(self, *changes: Change) -> None:
        for change in changes:
            self.store._advance(change)
            self.store._write_rows(change)

    def replace_all(self, dataset: Dataset, change: Change) -> None:
        self.store._replace(dataset, change)

    def change_records(self, version: int, after: int, first: int) -> list[ChangeRecord]:
        return SQLChangeRecords(self.store._db.execute, "?").page(version, after, first)

    def held(self) -> RecordCounts:
        return RecordCounts(*(self.store._count(table) for table in IDENT))


def _nothing() -> None:
    """Stops a watch that never started."""
