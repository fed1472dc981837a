"""Durable edits: validate a change on the graph, commit it to storage, tell subscribers.

Each edit takes the write lock, applies the change to the in-memory graph (which checks every
rule and raises without changing anything), then commits it to storage. If the commit fails
the graph is put back as it was, version included, and the error is raised: a failed edit
changes nothing, in memory or on disk. Only then is the change published to subscribers, so
they never see a rolled-back one.

Writers may call from the event loop or from other threads (the lock serialises them).
Readers on the event loop never see an edit half done: an edit runs to its end without
yielding to the loop. Readers on other threads may glimpse an edit whose commit then fails.

Examples
--------
>>> from graph.dataset import Dataset
>>> from graph.model import Actor, Source
>>> from graph.storage import open_storage
>>> from graph.vocabulary import ActorKind
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
import gc
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from typing import Generic, TypeVar

from graph.bulk import collector_paused
from graph.changes import Change, ChangeOperation, Records, fragment, patched, touched_actors
from graph.dataset import Dataset
from graph.errors import InvalidInput, UnknownRelationship
from graph.ids import new_relationship_id
from graph.model import Actor, Relationship, Source
from graph.seed import build_graph
from graph.storage import Storage, import_change
from graph.store import AllianceGraph
from graph.subscription import Subscribers, Subscription

__all__ = ["Committed", "Editor", "new_relationship_id"]

T = TypeVar("T")
Op = ChangeOperation


@dataclass(frozen=True)
class Committed(Generic[T]):
    """What an edit produced (the new, updated or removed record) and its committed change."""

    value: T
    change: Change


class Editor:
    """The one way to change the graph: every edit is validated, stored, versioned, published.

    ``graph.version`` must equal ``storage.version()``; :meth:`open` builds such a graph.
    Every edit method raises the :class:`~graph.errors.GraphError` naming the bad field, or
    :class:`~graph.storage.StorageError`, and then has changed nothing. ``author`` must not be
    blank. :attr:`graph` is replaced by a new object on import: read it afresh per request.
    """

    def __init__(self, graph: AllianceGraph, storage: Storage, *, buffer: int = 256) -> None:
        if graph.version != storage.version():
            raise ValueError(f"graph version {graph.version} is not the stored version")
        self._graph = graph
        self.storage = storage
        self.buffer = buffer
        """How many changes a subscriber may fall behind before it is closed."""
        self._lock = threading.Lock()
        self._subscribers = Subscribers()

    @classmethod
    def open(cls, storage: Storage, *, buffer: int = 256) -> Editor:
        """An editor over the graph built from everything ``storage`` holds."""
        # A large graph is millions of small objects: the cycle collector would walk them
        # again and again while they are made, and later on every collection.
        with collector_paused():
            dataset, version = storage.load(trusted=True)
            graph = AllianceGraph.trusted(
                dataset.sources, dataset.actors, dataset.relationships, version
            )
            del dataset
        gc.freeze()  # and then leave the graph out of every later collection
        return cls(graph, storage, buffer=buffer)

    @property
    def graph(self) -> AllianceGraph:
        """The current in-memory graph, at the stored version."""
        return self._graph

    def add_source(self, source: Source, author: str) -> Committed[Source]:
        """Add a new source."""
        _check_author(author)
        with self._lock:
            self._graph.add_source(source)
            undo = partial(self._graph.remove_source, source.id)
            change = self._commit(Op.ADD_SOURCE, author, undo, after=fragment([source]))
        return Committed(source, change)

    def create_actor(self, actor: Actor, author: str) -> Committed[Actor]:
        """Add a new actor."""
        _check_author(author)
        with self._lock:
            self._graph.add_actor(actor)
            undo = partial(self._graph.remove_actor, actor.key)
            change = self._commit(Op.CREATE_ACTOR, author, undo, after=fragment(actors=[actor]))
        return Committed(actor, change)

    def update_actor(self, key: str, patch: Mapping[str, object], author: str) -> Committed[Actor]:
        """Change only the fields in ``patch`` of the actor ``key`` (see :func:`patched`)."""
        _check_author(author)
        with self._lock:
            old = self._graph.require_actor(key, field="key")
            new = patched(old, patch)
            self._graph.replace_actor(new)
            change = self._commit(
                Op.UPDATE_ACTOR,
                author,
                partial(self._graph.replace_actor, old),
                before=fragment(actors=[old]),
                after=fragment(actors=[new]),
            )
        return Committed(new, change)

    def delete_actor(self, key: str, cascade: bool, author: str) -> Committed[list[Relationship]]:
        """Delete the actor ``key``; with ``cascade`` its relationships too, in one change.

        The value is the removed relationships; ``change.before`` holds them and the actor.
        """
        _check_author(author)
        with self._lock:
            actor = self._graph.require_actor(key, field="key")
            removed = self._graph.remove_actor(key, cascade=cascade)

            def undo() -> None:
                self._graph.add_actor(actor)
                for rel in removed:
                    self._graph.add_relationship(rel)

            before = fragment(actors=[actor], relationships=removed)
            change = self._commit(Op.DELETE_ACTOR, author, undo, before=before)
        return Committed(removed, change)

    def add_relationship(self, rel: Relationship, author: str) -> Committed[Relationship]:
        """Add a new relationship; an empty ``rel.id`` gets one from :func:`new_relationship_id`."""
        _check_author(author)
        with self._lock:
            if not rel.id:
                rel = replace(rel, id=new_relationship_id(rel, self._has_relationship))
            self._graph.add_relationship(rel)
            change = self._commit(
                Op.ADD_RELATIONSHIP,
                author,
                partial(self._graph.remove_relationship, rel.id),
                after=fragment(relationships=[rel]),
                relationship_id=rel.id,
            )
        return Committed(rel, change)

    def update_relationship(
        self, relationship_id: str, patch: Mapping[str, object], author: str
    ) -> Committed[Relationship]:
        """Change only the fields in ``patch`` of a relationship (see :func:`patched`)."""
        _check_author(author)
        with self._lock:
            old = self._require_relationship(relationship_id)
            new = patched(old, patch)
            self._graph.replace_relationship(new)
            change = self._commit(
                Op.UPDATE_RELATIONSHIP,
                author,
                partial(self._graph.replace_relationship, old),
                before=fragment(relationships=[old]),
                after=fragment(relationships=[new]),
                relationship_id=old.id,
            )
        return Committed(new, change)

    def remove_relationship(self, relationship_id: str, author: str) -> Committed[Relationship]:
        """Remove a relationship; the value is the removed one."""
        _check_author(author)
        with self._lock:
            old = self._graph.remove_relationship(self._require_relationship(relationship_id).id)
            change = self._commit(
                Op.REMOVE_RELATIONSHIP,
                author,
                partial(self._graph.add_relationship, old),
                before=fragment(relationships=[old]),
                relationship_id=old.id,
            )
        return Committed(old, change)

    def import_dataset(self, dataset: Dataset, author: str) -> Change:
        """Replace everything with ``dataset``, all or nothing, as one IMPORT change."""
        _check_author(author)
        with self._lock:
            graph = build_graph(dataset)
            change = import_change(self._graph.version + 1, author, dataset, self.export_dataset())
            self.storage.replace_all(dataset, change)
            graph.version = change.version
            self._graph = graph
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

        Call from a running event loop; see :class:`~graph.subscription.Subscription`.
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

    def _commit(
        self,
        operation: ChangeOperation,
        author: str,
        undo: Callable[[], object],
        *,
        before: Records | None = None,
        after: Records | None = None,
        relationship_id: str | None = None,
    ) -> Change:
        # The graph already holds the change and counted it in its version.
        version = self._graph.version
        actor_keys = touched_actors(before, after)
        at = dt.datetime.now(dt.UTC)
        change = Change(version, at, author, operation, actor_keys, relationship_id, before, after)
        try:
            self.storage.commit(change)
        except Exception:
            undo()
            self._graph.version = version - 1
            raise
        self._subscribers.publish(change)  # under the write lock: in commit order
        return change

    def _has_relationship(self, relationship_id: str) -> bool:
        return self._graph.relationship(relationship_id) is not None

    def _require_relationship(self, relationship_id: str) -> Relationship:
        found = self._graph.relationship(relationship_id)
        if found is None:
            raise UnknownRelationship(relationship_id, field="id")
        return found


def _check_author(author: str) -> None:
    if not author.strip():
        raise InvalidInput("an edit needs an author", field="author")
