"""The in-memory storage: same interface as the SQLite store, nothing kept after exit.

Examples
--------
>>> from graph.model.records import Source
>>> from graph.persistence.storage import import_change
>>> from graph.dataset.parse import Dataset
>>> ds = Dataset((Source("nbc", "NBC News"),), (), ())
>>> store = MemoryStorage()
>>> store.replace_all(ds, import_change(1, "seed", ds))
>>> store.load() == (ds, 1), store.history_count()
(True, 1)
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial

from graph.dataset.parse import Dataset, parse_dataset
from graph.dataset.records import record_of
from graph.persistence.bulk.records import ChangeRecord, record_of_row, record_rows
from graph.persistence.changes import IDENT, Change, RecordCounts, row_changes
from graph.persistence.idempotency import MemoryKeys, Remembered
from graph.persistence.review.table import MemoryReview, ReviewRows
from graph.persistence.storage import StorageError, check_follow, dataset_fragment

__all__ = ["MemoryStorage"]


class MemoryStorage:
    """Rows and history in dictionaries and a list; thread-safe; fails only once closed."""

    def __init__(self) -> None:
        self._rows: dict[str, dict[str, dict[str, object]]] = {s: {} for s in IDENT}
        self._changes: list[Change] = []
        self._bulk: dict[int, Dataset] = {}
        self._keys: dict[tuple[str, str], Remembered] = {}
        self._review = ReviewRows()
        self._lock = threading.Lock()
        self._closed = False

    def version(self) -> int:
        """The version of the last committed change; 0 when there is none."""
        with self._lock:
            self._check_open()
            return self._version()

    def load(self, *, trusted: bool = False) -> tuple[Dataset, int]:
        """The whole current dataset, each section in id order, and its version."""
        with self._lock:
            self._check_open()
            return self._load()

    def _load(self) -> tuple[Dataset, int]:
        data = {s: [rows[k] for k in sorted(rows)] for s, rows in self._rows.items()}
        return parse_dataset(data), self._version()

    def commit(self, *changes: Change) -> None:
        """Apply the changes' rows and append them to the history, all or none."""
        with self.writing() as tx:
            tx.append(*changes)

    def replace_all(self, dataset: Dataset, change: Change) -> None:
        """Replace every row with ``dataset``'s and append ``change``."""
        with self.writing() as tx:
            tx.replace_all(dataset, change)

    def changes_after(self, version: int) -> list[Change]:
        """The changes after ``version``, oldest first."""
        with self._lock:
            self._check_open()
            return self._after(version)

    @contextmanager
    def writing(self) -> Iterator[_MemoryTransaction]:
        """A write transaction: what it appends is applied when the block ends."""
        with self._lock:
            self._check_open()
            tx = _MemoryTransaction(self)
            yield tx
            for step in tx.steps:  # every one was checked when it was appended
                step()

    @contextmanager
    def reviewing(self) -> Iterator[MemoryReview]:
        """A read of the review queue."""
        with self._lock:
            self._check_open()
            yield MemoryReview(self._review)

    def _after(self, version: int) -> list[Change]:
        start = bisect.bisect_right(self._changes, version, key=lambda c: c.version)
        return self._changes[start:]

    def _version(self) -> int:
        return self._changes[-1].version if self._changes else 0

    def _replace(self, dataset: Dataset, change: Change) -> None:
        records = dataset_fragment(dataset) or {}
        self._rows = {
            s: {str(r[ident]): r for r in records.get(s, ())} for s, ident in IDENT.items()
        }
        self._keep(change)

    def _keep(self, change: Change) -> None:
        self._changes.append(change)
        if change.records is not None:
            self._bulk[change.version] = change.records

    def _records(self, version: int, after: int, first: int) -> list[ChangeRecord]:
        dataset = self._bulk.get(version)
        if dataset is None:
            return []
        rows = list(record_rows(version, dataset))[after + 1 : after + 1 + max(first, 0)]
        return [record_of_row(*row[1:]) for row in rows]

    def change_records(self, version: int, after: int, first: int) -> list[ChangeRecord]:
        """A page of the records the IMPORT or MERGE ``version`` wrote."""
        with self._lock:
            self._check_open()
            return self._records(version, after, first)

    def watch(self, moved: Callable[[], None]) -> Callable[[], None]:
        """Nothing tells of another writer's commits here: followers look now and then."""
        return _nothing

    def history(self, first: int, before_version: int | None = None) -> list[Change]:
        """At most ``first`` changes older than ``before_version``, newest first."""
        with self._lock:
            self._check_open()
            end = len(self._changes)
            if before_version is not None:
                end = bisect.bisect_left(self._changes, before_version, key=lambda c: c.version)
            return self._changes[max(0, end - max(first, 0)) : end][::-1]

    def history_count(self) -> int:
        """How many changes the history holds."""
        with self._lock:
            self._check_open()
            return len(self._changes)

    def persisted_queries(self) -> None:
        """None: nothing but this process sees the store, and it keeps its own cache."""
        return

    def close(self) -> None:
        """Drop everything; later calls raise :class:`StorageError`."""
        with self._lock:
            self._closed = True
            self._rows = {s: {} for s in IDENT}
            self._changes = []
            self._bulk = {}
            self._keys = {}
            self._review = ReviewRows()

    def _check_open(self) -> None:
        if self._closed:
            raise StorageError("the in-memory store is closed")

    def _apply(self, change: Change) -> None:
        if change.records is not None:  # a MERGE: every record is new
            for section, ident in IDENT.items():
                for item in getattr(change.records, section):
                    self._rows[section][getattr(item, ident)] = record_of(item)
        for section, key, record in row_changes(change):
            if record is None:
                self._rows[section].pop(key, None)
            else:
                self._rows[section][key] = record
        self._keep(change)


class _MemoryTransaction:
    """A :class:`~graph.persistence.storage.Transaction` of a :class:`MemoryStorage`: checks
    each change as it is appended and applies them all when the block ends."""

    def __init__(self, store: MemoryStorage) -> None:
        self.store = store
        self.steps: list[Callable[[], None]] = []
        self._version = store._version()
        self.keys = MemoryKeys(store._keys, self.steps)
        self.review = MemoryReview(store._review, self.steps)

    def version(self) -> int:
        return self._version

    def missed(self, version: int) -> list[Change]:
        return self.store._after(version)

    def load(self, *, trusted: bool = False) -> tuple[Dataset, int]:
        return self.store._load()

    def append(self, *changes: Change) -> None:
        check_follow(self._version, changes)
        self._version += len(changes)
        self.steps.extend(partial(self.store._apply, c) for c in changes)

    def change_records(self, version: int, after: int, first: int) -> list[ChangeRecord]:
        return self.store._records(version, after, first)

    def held(self) -> RecordCounts:
        return RecordCounts(*(len(self.store._rows[section]) for section in IDENT))

    def replace_all(self, dataset: Dataset, change: Change) -> None:
        check_follow(self._version, [change])
        self._version += 1
        self.steps.append(partial(self.store._replace, dataset, change))


def _nothing() -> None:
    """Stops a watch that never started."""
