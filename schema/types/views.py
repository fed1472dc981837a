"""The GraphQL objects of a graph's actors and sources, each made once.

A relationship's ``source``, ``target``, ``claimedBy`` and ``evidence`` are plain attributes
(see :class:`~schema.types.relationship.Relationship`), filled from here: an answer that names the
same actor a hundred times makes its object once. The app keeps one :class:`Views` per graph
for all its requests (an actor's or a source's object depends on its record alone), so a cold
request finds most of them made by earlier ones. A view is made afresh when the graph holds a
new record for its key, so a mutation that changes an actor is seen by the next field of the
same request, and by every request after it.
"""

from __future__ import annotations

from graph import AllianceGraph
from schema.types.actor import Actor
from schema.types.source import Source

__all__ = ["Views"]


class Views:
    """Actor (as they stand now, with no ``asOf``) and source objects of ``graph``, by key."""

    def __init__(self, graph: AllianceGraph) -> None:
        self.graph = graph
        self._actors: dict[str, Actor] = {}
        self._sources: dict[str, Source] = {}

    def actor(self, key: str) -> Actor:
        record = self.graph.require_actor(key)
        view = self._actors.get(key)
        if view is None or view.actor is not record:
            view = self._actors[key] = Actor.from_domain(record)
        return view

    def source(self, source_id: str) -> Source:
        record = self.graph.source(source_id)
        assert record is not None, "the store only holds evidence with known sources"
        view = self._sources.get(source_id)
        if view is None or view.source is not record:
            view = self._sources[source_id] = Source.from_domain(record)
        return view
