"""The in-memory alliance graph and what it keeps beside its edges to answer fast."""

from __future__ import annotations

from graph.store.alliance_graph import AllianceGraph
from graph.store.filters import RelationshipFilter
from graph.store.pages import RelationshipPage

__all__ = [
    "AllianceGraph",
    "RelationshipFilter",
    "RelationshipPage",
]
