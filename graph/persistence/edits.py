"""What each edit does to a graph, the records it changes, and how to take it back.

An :data:`Edit` is a function of the graph: it checks every rule, raising the
:class:`~graph.model.errors.GraphError` that names the bad field with nothing changed, or changes
the graph and says what it did (an :class:`Applied`), with a way to take it back should the
storage refuse it. The editor makes edits durable (:mod:`graph.persistence.editor`), one at a time
or a batch in one transaction.

Examples
--------
>>> from graph.model.records import Actor, Source
>>> from graph.store.alliance_graph import AllianceGraph
>>> from graph.model.vocabulary import ActorKind
>>> graph = AllianceGraph()
>>> done = create_actor(Actor("iran", "Iran", ActorKind.STATE))(graph)
>>> done.operation.value, done.after, graph.version
('CREATE_ACTOR', {'actors': [{'key': 'iran', 'name': 'Iran', 'kind': 'STATE'}]}, 1)
>>> _ = done.undo()
>>> graph.actor("iran") is None
True
>>> update_actor("iran", {"iso3": "IRN"})(graph)
Traceback (most recent call last):
...
graph.model.errors.UnknownActor: unknown actor key 'iran'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Generic, TypeVar

from msgspec.structs import replace

from graph.dataset.parse import Dataset
from graph.model.errors import UnknownRelationship
from graph.model.ids import new_relationship_id
from graph.model.records import Actor, Relationship, Source
from graph.persistence.changes import ChangeCounts, ChangeOperation, Records, fragment, patched
from graph.store.alliance_graph import AllianceGraph

__all__ = [
    "Applied",
    "Edit",
    "add_relationship",
    "add_source",
    "create_actor",
    "delete_actor",
    "remove_relationship",
    "update_actor",
    "update_relationship",
]

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
Op = ChangeOperation


@dataclass(frozen=True)
class Applied(Generic[T_co]):
    """An edit that has changed the graph: its value, its records, and how to take it back.

    ``undo`` restores the graph's records (not its version: the editor sets that). An edit
    that adds a whole dataset (a MERGE) gives it as ``records``, with its ``counts``, instead
    of ``after`` (see :mod:`graph.persistence.bulk`).
    """

    value: T_co
    undo: Callable[[], object]
    operation: ChangeOperation
    before: Records | None = None
    after: Records | None = None
    relationship_id: str | None = None
    records: Dataset | None = None
    counts: ChangeCounts | None = None


Edit = Callable[[AllianceGraph], Applied[T]]
"""Apply one change to a graph, checking every rule first; see the module's notes."""


def add_source(source: Source) -> Edit[Source]:
    """Add a new source."""

    def edit(graph: AllianceGraph) -> Applied[Source]:
        graph.add_source(source)
        undo = partial(graph.remove_source, source.id)
        return Applied(source, undo, Op.ADD_SOURCE, after=fragment([source]))

    return edit


def create_actor(actor: Actor) -> Edit[Actor]:
    """Add a new actor."""

    def edit(graph: AllianceGraph) -> Applied[Actor]:
        graph.add_actor(actor)
        undo = partial(graph.remove_actor, actor.key)
        return Applied(actor, undo, Op.CREATE_ACTOR, after=fragment(actors=[actor]))

    return edit


def update_actor(key: str, patch: Mapping[str, object]) -> Edit[Actor]:
    """Change only the fields in ``patch`` of the actor ``key`` (see :func:`patched`)."""

    def edit(graph: AllianceGraph) -> Applied[Actor]:
        old = graph.require_actor(key, field="key")
        new = patched(old, patch)
        graph.replace_actor(new)
        return Applied(
            new,
            partial(graph.replace_actor, old),
            Op.UPDATE_ACTOR,
            before=fragment(actors=[old]),
            after=fragment(actors=[new]),
        )

    return edit


def delete_actor(key: str, cascade: bool) -> Edit[list[Relationship]]:
    """Delete the actor ``key``; with ``cascade`` its relationships too, in one change.

    The value is the removed relationships; the change's ``before`` holds them and the actor.
    """

    def edit(graph: AllianceGraph) -> Applied[list[Relationship]]:
        actor = graph.require_actor(key, field="key")
        removed = graph.remove_actor(key, cascade=cascade)

        def undo() -> None:
            graph.add_actor(actor)
            for rel in removed:
                graph.add_relationship(rel)

        before = fragment(actors=[actor], relationships=removed)
        return Applied(removed, undo, Op.DELETE_ACTOR, before=before)

    return edit


def add_relationship(rel: Relationship) -> Edit[Relationship]:
    """Add a new relationship; an empty ``rel.id`` gets one from :func:`new_relationship_id`."""

    def edit(graph: AllianceGraph) -> Applied[Relationship]:
        new = rel
        if not new.id:
            new = replace(rel, id=new_relationship_id(rel, _taken(graph)))
        graph.add_relationship(new)
        return Applied(
            new,
            partial(graph.remove_relationship, new.id),
            Op.ADD_RELATIONSHIP,
            after=fragment(relationships=[new]),
            relationship_id=new.id,
        )

    return edit


def update_relationship(relationship_id: str, patch: Mapping[str, object]) -> Edit[Relationship]:
    """Change only the fields in ``patch`` of a relationship (see :func:`patched`)."""

    def edit(graph: AllianceGraph) -> Applied[Relationship]:
        old = _require(graph, relationship_id)
        new = patched(old, patch)
        graph.replace_relationship(new)
        return Applied(
            new,
            partial(graph.replace_relationship, old),
            Op.UPDATE_RELATIONSHIP,
            before=fragment(relationships=[old]),
            after=fragment(relationships=[new]),
            relationship_id=old.id,
        )

    return edit


def remove_relationship(relationship_id: str) -> Edit[Relationship]:
    """Remove a relationship; the value is the removed one."""

    def edit(graph: AllianceGraph) -> Applied[Relationship]:
        old = graph.remove_relationship(_require(graph, relationship_id).id)
        return Applied(
            old,
            partial(graph.add_relationship, old),
            Op.REMOVE_RELATIONSHIP,
            before=fragment(relationships=[old]),
            relationship_id=old.id,
        )

    return edit


def _taken(graph: AllianceGraph) -> Callable[[str], bool]:
    return lambda relationship_id: graph.relationship(relationship_id) is not None


def _require(graph: AllianceGraph, relationship_id: str) -> Relationship:
    found = graph.relationship(relationship_id)
    if found is None:
        raise UnknownRelationship(relationship_id, field="id")
    return found
