"""The PostgreSQL store: the graph and its history in one database that many servers share.

Each server keeps its own graph and follows the database (see
:class:`~graph.persistence.storage.Storage`). Writers serialise on the ``meta`` row (``SELECT
... FOR UPDATE``), so a write is checked against the newest committed version wherever it
comes from, versions stay contiguous, and each commit is announced on
:data:`~graph.persistence.postgres.layout.CHANNEL`. A connection that breaks (the database
restarted) is opened again on the next call; the call that found it broken fails with
:class:`~graph.persistence.storage.StorageError`, having changed nothing.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from functools import partial
from operator import attrgetter
from typing import Any

import psycopg

from graph.dataset.parse import Dataset, parse_dataset
from graph.model.records import Actor, Relationship, Source
from graph.persistence.bulk.old_imports import convert_old_imports
from graph.persistence.bulk.records import (
    RECORD_COLUMNS,
    ChangeRecord,
    SQLChangeRecords,
    record_rows,
    table_rows,
)
from graph.persistence.changes import IDENT, Change, RecordCounts, fragment, row_changes
from graph.persistence.history_rows import CHANGE_COLUMNS, change_of_row, change_row, json_text
from graph.persistence.idempotency import SQLKeys
from graph.persistence.packed import PackedError, pack, record_of_packed, unpack_all
from graph.persistence.persisted_queries import SQLPersistedQueries
from graph.persistence.postgres.layout import CHANNEL, SCHEMA, SETUP_LOCK, shown
from graph.persistence.postgres.listener import Listener
from graph.persistence.review.table import SQLReview
from graph.persistence.storage import StorageError, check_follow
from graph.persistence.trusted import trusted_record

__all__ = ["PostgresStorage"]

_BATCH = 8192
_ID = attrgetter("id")


class PostgresStorage:
    """The dataset and its history in the PostgreSQL database at ``url`` (a ``postgresql://``
    URL), tables created when missing. Safe to share between threads: calls are serialised.
    ``timeout`` is how many seconds to wait to connect, and for another writer's lock."""

    def __init__(self, url: str, *, timeout: float = 5.0) -> None:
        self.url = url
        self.name = shown(url)
        self.timeout = timeout
        self._lock = threading.Lock()
        self._db: psycopg.Connection[Any] | None = None
        with self._lock, self._errors():
            db = self._connection()
            with db.transaction():
                db.execute("SELECT pg_advisory_xact_lock(%s)", (SETUP_LOCK,))
                for statement in SCHEMA:
                    db.execute(statement)
                put = f"INSERT INTO change_records ({RECORD_COLUMNS}) VALUES (%s, %s, %s, %s, %s)"
                convert_old_imports(db.execute, "%s", partial(db.cursor().executemany, put))

    def version(self) -> int:
        """The version of the last committed change; 0 for a new database."""
        with self._lock, self._errors():
            return _version(self._connection())

    def load(self, *, trusted: bool = False) -> tuple[Dataset, int]:
        """The whole current dataset and its version, read from one snapshot."""
        with self._lock, self._errors():
            db = self._connection()
            with db.transaction():
                db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                return _load(db, self.name, trusted)

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
            return _after(self._connection(), version)

    @contextmanager
    def writing(self) -> Iterator[_PostgresTransaction]:
        """A write transaction holding the ``meta`` row: every other writer, in any server,
        waits for it (up to ``timeout``, then fails)."""
        with self._lock, self._errors():
            db = self._connection()
            with db.transaction():
                row = db.execute("SELECT version FROM meta WHERE id = 1 FOR UPDATE").fetchone()
                tx = _PostgresTransaction(db, self.name, int(row[0]) if row else 0)
                yield tx
                if tx.version_now != tx.started:
                    db.execute("SELECT pg_notify(%s, %s)", (CHANNEL, str(tx.version_now)))

    @contextmanager
    def reviewing(self) -> Iterator[SQLReview]:
        """A read of the review queue from one snapshot."""
        with self._lock, self._errors():
            db = self._connection()
            with db.transaction():
                db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                yield SQLReview(db.execute, "%s")

    def watch(self, moved: Callable[[], None]) -> Callable[[], None]:
        """Call ``moved`` (from another thread) whenever a commit is announced, until the
        returned function is called."""
        listener = Listener(self.url, CHANNEL, moved, timeout=self.timeout)
        listener.start()
        return listener.stop

    def history(self, first: int, before_version: int | None = None) -> list[Change]:
        """At most ``first`` changes older than ``before_version``, newest first."""
        below = "" if before_version is None else "WHERE version < %(below)s"
        with self._lock, self._errors():
            rows = self._connection().execute(
                f"SELECT {CHANGE_COLUMNS} FROM changes {below} ORDER BY version DESC LIMIT %(n)s",
                {"below": before_version, "n": max(first, 0)},
            )
            return [change_of_row(tuple(row)) for row in rows]

    def history_count(self) -> int:
        """How many changes the history holds."""
        with self._lock, self._errors():
            row = self._connection().execute("SELECT count(*) FROM changes").fetchone()
            return int(row[0]) if row else 0

    def change_records(self, version: int, after: int, first: int) -> list[ChangeRecord]:
        """A page of the records the IMPORT or MERGE ``version`` wrote."""
        with self._lock, self._errors():
            db = self._connection()
            return SQLChangeRecords(db.execute, "%s").page(version, after, first)

    def persisted_queries(self) -> SQLPersistedQueries:
        """The query texts the database keeps for every server that opens it."""
        return SQLPersistedQueries(self._session, "%s")

    @contextmanager
    def _session(self, write: bool) -> Iterator[Callable[..., Any]]:
        with self._lock, self._errors():
            db = self._connection()
            with db.transaction() if write else nullcontext():
                yield db.execute

    def close(self) -> None:
        """Close the connection; later calls open another."""
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def _connection(self) -> psycopg.Connection[Any]:
        if self._db is None or self._db.closed or self._db.broken:
            if self._db is not None:
                self._db.close()
            self._db = psycopg.connect(
                self.url, autocommit=True, connect_timeout=max(1, round(self.timeout))
            )
            self._db.execute(f"SET lock_timeout = {int(self.timeout * 1000)}")
        return self._db

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except psycopg.Error as err:
            if self._db is not None and (self._db.broken or self._db.closed):
                self._db = None  # opened again on the next call
            raise StorageError(f"{self.name}: {str(err).strip()}") from err


def _version(db: psycopg.Connection[Any]) -> int:
    row = db.execute("SELECT version FROM meta WHERE id = 1").fetchone()
    return int(row[0]) if row else 0


def _load(db: psycopg.Connection[Any], name: str, trusted: bool) -> tuple[Dataset, int]:
    version = _version(db)
    sections = {
        s: [json.loads(r) for (r,) in db.execute(f"SELECT record FROM {s} ORDER BY id")]
        for s in ("sources", "actors")
    }
    packed = db.cursor(binary=True).execute("SELECT packed FROM relationships ORDER BY id")
    try:
        if not trusted:
            records = [record_of_packed(bytes(p)) for (p,) in packed]
            return parse_dataset({**sections, "relationships": records}), version
        rels: list[Relationship] = []
        while batch := packed.fetchmany(_BATCH):
            rels.extend(unpack_all([bytes(p) for (p,) in batch]))
    except PackedError as err:
        raise StorageError(f"{name}: a relationship cannot be unpacked: {err}") from err
    sources = tuple(trusted_record(Source, r) for r in sections["sources"])
    actors = tuple(trusted_record(Actor, r) for r in sections["actors"])
    return Dataset(sources, actors, tuple(rels)), version


def _after(db: psycopg.Connection[Any], version: int) -> list[Change]:
    rows = db.execute(
        f"SELECT {CHANGE_COLUMNS} FROM changes WHERE version > %s ORDER BY version", (version,)
    )
    return [change_of_row(tuple(row)) for row in rows]


class _PostgresTransaction:
    """A :class:`~graph.persistence.storage.Transaction` of a :class:`PostgresStorage`."""

    def __init__(self, db: psycopg.Connection[Any], name: str, version: int) -> None:
        self.db = db
        self.name = name
        self.started = self.version_now = version
        self.keys = SQLKeys(db.execute, "%s")
        self.review = SQLReview(db.execute, "%s")

    def version(self) -> int:
        return self.version_now

    def missed(self, version: int) -> list[Change]:
        return _after(self.db, version)

    def load(self, *, trusted: bool = False) -> tuple[Dataset, int]:
        return _load(self.db, self.name, trusted)

    def change_records(self, version: int, after: int, first: int) -> list[ChangeRecord]:
        return SQLChangeRecords(self.db.execute, "%s").page(version, after, first)

    def held(self) -> RecordCounts:
        counts = [self.db.execute(f"SELECT count(*) FROM {table}").fetchone() for table in IDENT]
        return RecordCounts(*(int(row[0]) if row else 0 for row in counts))

    def append(self, *changes: Change) -> None:
        for change in changes:
            self._advance(change)
            if change.records is not None:  # a MERGE: every record is new
                for table, rows in table_rows(change.records):
                    column = "packed" if table == "relationships" else "record"
                    self.db.cursor().executemany(
                        f"INSERT INTO {table} (id, {column}) VALUES (%s, %s) ON CONFLICT (id) "
                        f"DO UPDATE SET {column} = excluded.{column}",
                        rows,
                    )
            for section, key, record in row_changes(change):
                if record is None:
                    self.db.execute(f"DELETE FROM {section} WHERE id = %s", (key,))
                elif section == "relationships":
                    packed = pack(trusted_record(Relationship, record))
                    self.db.execute(
                        "INSERT INTO relationships (id, packed) VALUES (%s, %s) "
                        "ON CONFLICT (id) DO UPDATE SET packed = excluded.packed",
                        (key, packed),
                    )
                else:
                    self.db.execute(
                        f"INSERT INTO {section} (id, record) VALUES (%s, %s) "
                        "ON CONFLICT (id) DO UPDATE SET record = excluded.record",
                        (key, json_text(record)),
                    )

    def replace_all(self, dataset: Dataset, change: Change) -> None:
        self._advance(change)
        records = fragment(dataset.sources, dataset.actors) or {}
        self.db.execute("TRUNCATE sources, actors, relationships")
        for section, ident in IDENT.items():
            columns = "id, packed" if section == "relationships" else "id, record"
            with self.db.cursor().copy(f"COPY {section} ({columns}) FROM STDIN") as copy:
                if section == "relationships":
                    for rel in sorted(dataset.relationships, key=_ID):
                        copy.write_row((rel.id, pack(rel)))
                else:
                    for record in records.get(section, ()):
                        copy.write_row((str(record[ident]), json_text(record)))

    def _advance(self, change: Change) -> None:
        check_follow(self.version_now, [change])
        self.db.execute("UPDATE meta SET version = %s WHERE id = 1", (change.version,))
        placeholders = ", ".join(["%s"] * 9)
        self.db.execute(
            f"INSERT INTO changes ({CHANGE_COLUMNS}) VALUES ({placeholders})", change_row(change)
        )
        if change.records is not None:  # an IMPORT's or MERGE's records, one row each
            with self.db.cursor().copy(f"COPY change_records ({RECORD_COLUMNS}) FROM STDIN") as c:
                for row in record_rows(change.version, change.records):
                    c.write_row(row)
        self.version_now = change.version
