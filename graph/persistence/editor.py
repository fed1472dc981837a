"""Durable edits: validate a change on the graph, commit it to storage, tell subscribers.

Each edit (:mod:`graph.persistence.edits`) takes the write lock, applies the change to the in-memory
graph (which checks every rule and raises without changing anything), then commits it to storage.
If the commit fails the graph is put back as it was, version included, and the error is
raised: a failed edit changes nothing, in memory or on disk. Only then is the change published
to subscribers, so they never see a rolled-back one.

Writers may call from any thread (:meth:`Editor.commit` and the named methods; the lock
serialises them). Writers on an event loop call :meth:`Editor.commit_async`, which queues
them and stores each batch of edits that came meanwhile in one transaction (one sync to disk),
so that a busy server's writers do not each hold the loop for a sync of their own. Readers on
the event loop never see an edit half done: a batch runs to its end without yielding to the
loop. Readers on other threads may glimpse an edit whose commit then fails.

Examples
--------
>>> from graph.dataset.parse import Dataset
>>> from graph.model.records import Actor, Source
>>> from graph.persistence.opening import open_storage
>>> from graph.model.vocabulary import ActorKind
>>> editor = Editor.open(open_storage(None, Dataset((Source("nbc", "NBC News"),), (), ())))
>>> done = editor.create_actor(Actor("russia", "Russia", ActorKind.STATE), author="ann")
>>> done.change.version, done.change.operation.value, editor.graph.version
(2, 'CREATE_ACTOR', 2)
>>> editor.update_actor("russia", {"iso3": "RUS"}, author="ann").value.iso3
'RUS'
>>> [c.version for c in editor.history(first=2)], editor.history_count()
([3, 2], 3)
>>> editor.close()
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any, TypeVar

from graph.dataset.parse import Dataset
from graph.dataset.seed import build_graph
from graph.model.errors import InvalidInput
from graph.model.ids import new_relationship_id
from graph.persistence.changes import Change, RecordCounts, touched_actors, touched_by
from graph.persistence.edits import Applied, Edit
from graph.persistence.idempotency import BatchKeys, Claim
from graph.persistence.named_edits import Committed, NamedEdits
from graph.persistence.replay import take_in
from graph.persistence.review.accept import Decisions
from graph.persistence.storage import Storage, Transaction, import_change
from graph.persistence.subscription import Subscribers, Subscription
from graph.persistence.write_queue import Queued, WriteQueue, settle
from graph.store.alliance_graph import AllianceGraph
from graph.store.bulk import frozen_after

__all__ = ["Committed", "Editor", "new_relationship_id"]

T = TypeVar("T")


class Editor(NamedEdits):
    """The one way to change the graph: every edit is validated, stored, versioned, published.

    ``graph.version`` must be the stored version or an earlier one (other processes may have
    written since it was read; :meth:`catch_up` takes their changes in); :meth:`open` builds
    such a graph.
    Every edit method raises the :class:`~graph.model.errors.GraphError` naming the bad field, or
    :class:`~graph.persistence.storage.StorageError`, and then has changed nothing. ``author`` must
    not be blank. :attr:`graph` is replaced by a new object on import: read it afresh per request.
    """

    def __init__(self, graph: AllianceGraph, storage: Storage, *, buffer: int = 256) -> None:
        if graph.version > storage.version():
            raise ValueError(f"graph version {graph.version} is ahead of the stored version")
        self._graph = graph
        self.storage = storage
        self.buffer = buffer
        """How many changes a subscriber may fall behind before it is closed."""
        self._lock = threading.Lock()
        self._queue = WriteQueue(self._lock, self._commit_batch)
        self._subscribers = Subscribers()

    @classmethod
    def open(cls, storage: Storage, *, buffer: int = 256) -> Editor:
        """An editor over the graph built from everything ``storage`` holds."""
        # A large graph is millions of small objects: the cycle collector would walk them
        # again and again while they are made, and later on every collection. Frozen before
        # the collector runs again: its first collection would walk them all (1.7 s for a
        # million relationships), and left out of every later one.
        with frozen_after():
            dataset, version = storage.load(trusted=True)
            graph = AllianceGraph.trusted(
                dataset.sources, dataset.actors, dataset.relationships, version
            )
            del dataset
        return cls(graph, storage, buffer=buffer)

    @property
    def graph(self) -> AllianceGraph:
        """The current in-memory graph, at the stored version."""
        return self._graph

    def commit(self, edit: Edit[T], author: str, *, key: Claim | None = None) -> Committed[T]:
        """Apply ``edit`` to the graph, store it, then publish it; from any thread.

        The storage write runs on the calling thread, holding the write lock: called on an
        event loop, it holds the loop too (see :meth:`commit_async`). With a ``key``, the
        key is stored with the change, and an edit whose key is stored already is not applied
        (:mod:`graph.persistence.idempotency`).
        """
        _check_author(author)
        with self._lock:
            (outcome,) = self._write([(edit, author, key)])
        if isinstance(outcome, Exception):
            raise outcome
        done: Committed[T] = outcome
        return done

    async def commit_async(
        self, edit: Edit[T], author: str, *, key: Claim | None = None
    ) -> Committed[T]:
        """:meth:`commit` for a writer on the event loop, batched with the loop's others.

        Writers that come while a batch is being stored queue up, and the next batch takes
        them all, in arrival order: each edit is checked against the graph as the edits
        before it left it, and the batch is stored in one transaction, so one sync to disk,
        before any of it is published. An edit the rules refuse fails alone; a batch the
        storage refuses fails whole, and nothing of it stays in the graph. Cancelling the
        caller drops an edit not yet taken into a batch; one already taken still lands.
        ``key`` is as in :meth:`commit`.
        """
        _check_author(author)
        done: Committed[T] = await self._queue.submit(edit, author, key)
        return done

    def _commit_batch(self, batch: list[Queued]) -> None:
        """Store and publish ``batch``, settling each writer's result; see :meth:`commit_async`."""
        outcomes = self._write([(queued.edit, queued.author, queued.key) for queued in batch])
        for queued, outcome in zip(batch, outcomes, strict=True):
            if isinstance(outcome, Exception):
                settle(queued.done, error=outcome)
            else:
                settle(queued.done, outcome)

    def _write(
        self, batch: list[tuple[Edit[Any], str, Claim | None]]
    ) -> list[Committed[Any] | Exception]:
        """Check and store ``batch`` in one transaction, then publish it; call holding the
        write lock. Within the store's write lock, the graph first takes in what other
        processes committed, so each edit is checked against the newest version (and its key
        against the stored ones). An edit the rules refuse fails alone; if the storage
        refuses, every edit is taken back and fails."""
        outcomes: list[Committed[Any] | Exception | None] = [None] * len(batch)
        done: list[tuple[Applied[Any], Change]] = []
        try:
            with self.storage.writing() as tx:
                self._take_in(tx.missed(self._graph.version), tx)
                keys, decisions = BatchKeys(tx.keys), Decisions(tx.review)
                for position, (edit, author, key) in enumerate(batch):
                    try:
                        keys.check(key)  # a retry of an edit already stored is not applied
                        decisions.check(edit)  # a proposal is accepted while PENDING, once
                        applied = edit(self._graph)
                    except Exception as error:  # refused by the rules: this edit alone fails
                        outcomes[position] = error
                        continue
                    change = self._change(applied, author)
                    keys.add(key, change)
                    decisions.add(edit, change)
                    done.append((applied, change))
                    outcomes[position] = Committed(applied.value, change)
                if done:
                    tx.append(*(change for _, change in done))
                    keys.store()
                    decisions.store()
        except Exception as error:
            for applied, change in reversed(done):
                self._take_back(applied, change)
            return [o if isinstance(o, Exception) else error for o in outcomes]
        for _, change in done:
            # under the write lock: in commit order; a MERGE's records are kept by the store
            self._subscribers.publish(replace(change, records=None))
        return [o for o in outcomes if o is not None]  # every edit has its outcome by now

    def catch_up(self) -> int:
        """Take in the changes other processes committed to the store since this graph's
        version, publishing each to subscribers; how many there were.

        Cheap when there is nothing new (one read of the stored version). Returns 0 at once,
        to be called again, when a writer or a reader such as an export holds the lock.
        """
        if self.storage.version() <= self._graph.version:
            return 0
        if not self._lock.acquire(blocking=False):
            return 0
        try:
            missed = self.storage.changes_after(self._graph.version)
            self._take_in(missed, self.storage)
            return len(missed)
        finally:
            self._lock.release()

    def _take_in(self, missed: list[Change], store: Storage | Transaction) -> None:
        """Apply changes committed elsewhere (see :func:`take_in`) and publish them; call
        holding the write lock."""
        self._graph = take_in(self._graph, missed, store)
        for change in missed:
            self._subscribers.publish(change)

    def import_dataset(self, dataset: Dataset, author: str, *, checked: bool = True) -> Change:
        """Replace everything with ``dataset``, all or nothing, as one IMPORT change.

        ``checked=False`` skips the rules (see :func:`~graph.dataset.seed.build_graph`), for a
        dataset that :func:`~graph.dataset.files.load_dataset` or
        :func:`~graph.dataset.parse.parse_dataset` has just validated; a :class:`Dataset` made by
        hand may break them, so they are checked unless said otherwise.
        """
        _check_author(author)
        with self._lock:
            with frozen_after():  # as in open: a million records, and their history entry
                graph = build_graph(dataset, checked=checked)
                with self.storage.writing() as tx:
                    self._take_in(tx.missed(self._graph.version), tx)
                    g = self._graph
                    held = RecordCounts(len(g.sources()), g.nx.number_of_nodes(), len(g))
                    change = import_change(g.version + 1, author, dataset, held)
                    tx.replace_all(dataset, change)
                graph.version = change.version
                self._graph = graph
            change = replace(change, records=None)  # kept by the store, not by feeds
            self._subscribers.publish(change)  # under the write lock: in commit order
        return change

    def export_dataset(self) -> Dataset:
        """The whole current dataset, each section in id order."""
        g = self._graph
        return Dataset(tuple(g.sources()), tuple(g.actors()), tuple(g.relationships()))

    def history(self, first: int, before_version: int | None = None) -> list[Change]:
        """At most ``first`` committed changes older than ``before_version``, newest first."""
        if first < 0:
            raise InvalidInput(f"first must not be negative, got {first}", field="first")
        return self.storage.history(first, before_version)

    def history_count(self) -> int:
        """How many changes have been committed."""
        return self.storage.history_count()

    def subscribe(self, actor: str | None = None) -> Subscription:
        """Every change committed from now on (only those touching ``actor``, if given).

        Call from a running event loop; see :class:`~graph.persistence.subscription.Subscription`.
        """
        return self._subscribers.subscribe(actor, self.buffer)

    @contextmanager
    def reading(self) -> Iterator[AllianceGraph]:
        """Hold off writers while another thread reads the graph (an export, say)."""
        with self._lock:
            yield self._graph

    @property
    def subscribers(self) -> int:
        """How many change subscriptions are open."""
        return len(self._subscribers)

    def close(self) -> None:
        """End every subscription and close the storage."""
        with self._lock:
            self._subscribers.close()
            self.storage.close()

    def _change(self, applied: Applied[Any], author: str) -> Change:
        """The change record of an edit the graph now holds (and counted in its version)."""
        before, after, records = applied.before, applied.after, applied.records
        return Change(
            self._graph.version,
            dt.datetime.now(dt.UTC),
            author,
            applied.operation,
            touched_actors(before, after) if records is None else touched_by(records),
            applied.relationship_id,
            before,
            after,
            applied.counts,
            records,
        )

    def _take_back(self, applied: Applied[Any], change: Change) -> None:
        applied.undo()
        self._graph.version = change.version - 1


def _check_author(author: str) -> None:
    if not author.strip():
        raise InvalidInput("an edit needs an author", field="author")
