"""Where committed changes are kept: the storage interface every backend implements.

A backend holds the current dataset, its version (the number of the last committed change)
and the history of changes. It applies each change in one transaction: either the rows *and*
the history entry are written, or nothing is and :class:`StorageError` is raised.

Examples
--------
>>> from graph.dataset.parse import Dataset
>>> from graph.model.records import Source
>>> from graph.persistence.opening import open_storage
>>> store = open_storage(None, Dataset((Source("nbc", "NBC News"),), (), ()))
>>> store.version(), [c.operation.value for c in store.history(10)]
(1, ['IMPORT'])
>>> store.close()
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

from graph.dataset.parse import Dataset
from graph.persistence.changes import (
    Change,
    ChangeCounts,
    ChangeOperation,
    RecordCounts,
    Records,
    fragment,
    touched_by,
)

if TYPE_CHECKING:
    from graph.persistence.bulk.records import ChangeRecord
    from graph.persistence.idempotency import KeyTable
    from graph.persistence.persisted_queries import PersistedQueryTable
    from graph.persistence.review.table import ReviewTable

__all__ = [
    "SEED_AUTHOR",
    "Storage",
    "StorageError",
    "Transaction",
    "check_follow",
    "dataset_fragment",
    "import_change",
    "replace_stored",
]

SEED_AUTHOR = "seed"
"""The author of the IMPORT change that seeds a new store."""


class StorageError(Exception):
    """The backend could not read or write; nothing was changed by the failed call."""


def check_follow(version: int, changes: Iterable[Change]) -> None:
    """Raise :class:`StorageError` unless the changes' versions count up one by one from the
    stored ``version``."""
    for change in changes:
        if change.version != version + 1:
            raise StorageError(f"change version {change.version} does not follow {version}")
        version = change.version


class Transaction(Protocol):
    """One write transaction of a :class:`Storage`, holding its write lock: every process and
    thread that writes the store waits for it. What it appends is stored when the ``with``
    block ends, or nothing is, if the block or the final commit raises."""

    def version(self) -> int:
        """The stored version, as this transaction sees it."""
        ...

    def missed(self, version: int) -> list[Change]:
        """The committed changes after ``version``, oldest first: what other writers stored
        since a reader at ``version`` last looked. None can be added while this is open."""
        ...

    def load(self, *, trusted: bool = False) -> tuple[Dataset, int]:
        """The whole dataset as this transaction sees it, and its version."""
        ...

    def append(self, *changes: Change) -> None:
        """Write the changes' rows and add them to the history, in version order."""
        ...

    def replace_all(self, dataset: Dataset, change: Change) -> None:
        """Replace every row with ``dataset``'s and add ``change`` to the history."""
        ...

    def change_records(self, version: int, after: int, first: int) -> list[ChangeRecord]:
        """A page of the records the IMPORT or MERGE ``version`` wrote (see
        :meth:`Storage.change_records`)."""
        ...

    def held(self) -> RecordCounts:
        """How many sources, actors and relationships the store holds now."""
        ...

    @property
    def keys(self) -> KeyTable:
        """The idempotency keys (:mod:`graph.persistence.idempotency`), read and written in
        this transaction: a key is stored if and only if the changes beside it are."""
        ...

    @property
    def review(self) -> ReviewTable:
        """The review queue (:mod:`graph.persistence.review`), read and written in this
        transaction: an acceptance is stored if and only if the change beside it is."""
        ...


class Storage(Protocol):
    """A durable (or in-memory) home for the dataset and its history of changes.

    Several processes may share one store (SQLite file, PostgreSQL database): each keeps its
    own graph and follows what the others commit through :meth:`changes_after`, and writes in
    a :meth:`writing` transaction, which first hands it what it missed.
    """

    def version(self) -> int:
        """The version of the last committed change; 0 for an empty, new store."""
        ...

    def load(self, *, trusted: bool = False) -> tuple[Dataset, int]:
        """The whole current dataset and its version.

        ``trusted`` skips re-validating records this library wrote (fast start-up); the
        default checks every record as the seed validator does.
        """
        ...

    def commit(self, *changes: Change) -> None:
        """Write the changes' rows and append them to the history, all in one transaction.

        Each change's version must be one more than the one before it (the first, one more
        than the stored version). Several changes share one transaction and so one sync to
        disk: all of them are stored, or none.
        """
        ...

    def replace_all(self, dataset: Dataset, change: Change) -> None:
        """Replace everything with ``dataset`` and append ``change``, in one transaction."""
        ...

    def changes_after(self, version: int) -> list[Change]:
        """The committed changes after ``version``, oldest first (empty when none is)."""
        ...

    def writing(self) -> AbstractContextManager[Transaction]:
        """A write transaction: see :class:`Transaction`. Raises :class:`StorageError` when
        the write lock cannot be had."""
        ...

    def reviewing(self) -> AbstractContextManager[ReviewTable]:
        """A read of the review queue from one snapshot, without the write lock (write it in
        a :meth:`writing` transaction). Raises :class:`StorageError` as every read does."""
        ...

    def watch(self, moved: Callable[[], None]) -> Callable[[], None]:
        """Have ``moved`` called (from any thread) when another writer may have committed,
        as soon as the backend can tell; the returned function stops it. A backend that
        cannot tell never calls it: followers then find changes by looking now and then."""
        ...

    def history(self, first: int, before_version: int | None = None) -> list[Change]:
        """At most ``first`` changes older than ``before_version`` (all when ``None``),
        newest first."""
        ...

    def history_count(self) -> int:
        """How many changes the history holds."""
        ...

    def change_records(self, version: int, after: int, first: int) -> list[ChangeRecord]:
        """At most ``first`` of the records the IMPORT or MERGE ``version`` wrote whose
        ``seq`` is above ``after`` (-1 for the first page), in ``seq`` order; none for any
        other change (its ``after`` holds them) or a version the history lacks."""
        ...

    def persisted_queries(self) -> PersistedQueryTable | None:
        """The query texts kept for every process that opens this store
        (:mod:`graph.persistence.persisted_queries`); ``None`` for a store only this process
        sees, where its own cache is all there is."""
        ...

    def close(self) -> None:
        """Release the backend; later calls raise :class:`StorageError`."""
        ...


def import_change(
    version: int, author: str, dataset: Dataset, previous: RecordCounts | None = None
) -> Change:
    """The IMPORT change that writes ``dataset`` in place of a graph of ``previous`` records
    (none when ``None``). It carries ``dataset`` as its ``records``, which the store keeps in
    pages; its ``before`` and ``after`` are ``None``.

    >>> from graph.model.records import Source
    >>> c = import_change(1, "seed", Dataset((Source("nbc", "NBC"),), (), ()))
    >>> c.after is None, c.counts.written
    (True, RecordCounts(sources=1, actors=0, relationships=0))
    """
    return Change(
        version=version,
        at=dt.datetime.now(dt.UTC),
        author=author,
        operation=ChangeOperation.IMPORT,
        actor_keys=touched_by(dataset),
        relationship_id=None,
        before=None,
        after=None,
        counts=ChangeCounts(RecordCounts.of(dataset), replaced=previous or RecordCounts()),
        records=dataset,
    )


def replace_stored(storage: Storage, dataset: Dataset, author: str) -> Change:
    """Replace everything ``storage`` holds with ``dataset`` as one IMPORT change by
    ``author``, without a graph: for a dataset already checked (the CLI's ``import``), into a
    store that servers follow (they reload the graph on an IMPORT). The change is returned
    without its records."""
    with storage.writing() as tx:
        change = import_change(tx.version() + 1, author, dataset, tx.held())
        tx.replace_all(dataset, change)
    return replace(change, records=None)


def dataset_fragment(dataset: Dataset) -> Records | None:
    """The seed-format records of the whole ``dataset``, or ``None`` when it is empty."""
    return fragment(dataset.sources, dataset.actors, dataset.relationships)
