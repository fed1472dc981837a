"""What the cost estimate counts for each field: how many items a list may hold, and what an
analysis weighs beyond the objects it answers (:mod:`schema.execution.cost`).

A field is named by its place, ``Type.field``. docs/api.md prints :data:`LIST_BOUNDS` and
:data:`WEIGHTS`; a test checks that every list of objects in the schema has a bound here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "EVIDENCE",
    "LIST_BOUNDS",
    "PAIR",
    "WEIGHTS",
    "Scope",
    "Sizes",
    "bound_of",
    "scope_of",
    "weight_of",
]

PAIR = 10
"""Relationships counted between one pair of actors."""
EVIDENCE = 3
"""Quotes counted per relationship."""
PROPOSALS = 100
"""Proposals counted per proposed article (about one per sentence that relates two actors)."""
NEW_ACTORS = 20
"""New actors counted per proposed article."""
PROPOSE = 1_000
"""What reading an article weighs: 100,000 characters take about a second."""
CENTRALITY = {"DEGREE": 10, "EIGENVECTOR": 1_000, "BETWEENNESS": 10_000}

LIST_BOUNDS: dict[str, str] = {
    "*Connection.edges": "`first` (20 when omitted)",
    "Query.sources": "the sources in the graph",
    "Query.centrality": "`first`",
    "Query.timeline": "the most relationships any actor has with `key`; all of them without",
    "Query.blocs": "1, its members counting every actor",
    "BlocReport.blocs": "1, its members counting every actor",
    "Actor.relationships": "the most relationships any actor has",
    "Actor.allies": "the most relationships any actor has",
    "Actor.adversaries": "the most relationships any actor has",
    "Actor.inferred": "the actors in the graph",
    "Bloc.members": "the actors in the graph",
    "InferredTie.firstRelationships": f"{PAIR}",
    "InferredTie.secondRelationships": f"{PAIR}",
    "PairStance.relationships": f"{PAIR}",
    "Relationship.evidence": f"{EVIDENCE}",
    "Path.actors": "`maxHops` + 1",
    "Path.relationships": f"`maxHops` times {PAIR}",
    "Subgraph.actors": "the most relationships any actor has, plus one, to the power `depth`",
    "Subgraph.relationships": "the most relationships any actor has, times the actors",
    "StanceMatrix.actors": "the keys (every actor without them)",
    "StanceMatrix.cells": "the keys times the keys less one",
    "BalanceReport.unbalancedTriangles": "the relationships in the graph",
    "Triangle.actors": "3",
    "Triangle.relationships": f"3 times {PAIR}",
    "ProposalBatch.proposals": f"{PROPOSALS}",
    "ProposalBatch.newActors": f"{NEW_ACTORS}",
}
"""Each list of objects and what bounds it; every bound is at most ``--max-list``."""

WEIGHTS: dict[str, str] = {
    "Query.path": "10 times `maxHops`",
    "Query.neighborhood": "10 to the power `depth` (10, 100, 1,000)",
    "Query.stanceMatrix": "its cells",
    "Query.centrality": ", ".join(f"{name} {weight:,}" for name, weight in CENTRALITY.items()),
    "Query.balance": "5,000",
    "Query.blocs": "5,000",
    "Query.blocReport": "5,000",
    "Query.timeline": "10",
    "Query.timelinePage": "10",
    "Actor.inferred": "50",
    "Mutation.proposeRelationships": f"{PROPOSE:,}",
    "Mutation.*": "10",
}
"""Work beyond the objects answered, for the fields that compute."""


@dataclass(frozen=True)
class Sizes:
    """The graph's sizes that lists are bounded by, and the server's limits."""

    actors: int
    relationships: int
    sources: int
    degree: int
    """The most relationships one actor has (counted no higher than ``max_list``)."""
    max_list: int
    max_page: int
    max_depth: int = 3
    """The deepest ``neighborhood`` (a deeper one is an error, not a cost)."""
    max_hops: int = 6
    """The longest ``path`` (a longer one is an error, not a cost)."""


@dataclass(frozen=True)
class Scope:
    """What a field passes down to the fields of its selection."""

    page: int = 0
    hops: int = 0
    keys: int = 0
    actors: int = 0
    relationships: int = 0


def _number(value: Any, default: int) -> int:
    return (
        value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else default
    )


def _name(value: Any) -> str:
    return str(getattr(value, "name", value))


def _keys(args: Mapping[str, Any], sizes: Sizes) -> int:
    keys = args.get("keys")
    return len(set(map(str, keys))) if isinstance(keys, list) else sizes.actors


def bound_of(place: str, args: Mapping[str, Any], scope: Scope, sizes: Sizes) -> int:
    """How many items the list at ``place`` is counted as."""
    most, degree = sizes.max_list, sizes.degree
    if place.endswith("Connection.edges"):
        found = scope.page
    elif place == "Query.sources":
        found = sizes.sources
    elif place == "Query.centrality":
        found = _number(args.get("first"), 10)
    elif place == "Query.timeline":
        found = degree if args.get("key") else sizes.relationships
    elif place in ("Query.blocs", "BlocReport.blocs"):
        found = 1
    elif place in ("Actor.relationships", "Actor.allies", "Actor.adversaries"):
        found = degree
    elif place in ("Actor.inferred", "Bloc.members"):
        found = sizes.actors
    elif place in (
        "InferredTie.firstRelationships",
        "InferredTie.secondRelationships",
        "PairStance.relationships",
    ):
        found = PAIR
    elif place == "Relationship.evidence":
        found = EVIDENCE
    elif place == "Path.actors":
        found = scope.hops + 1
    elif place == "Path.relationships":
        found = scope.hops * PAIR
    elif place == "Subgraph.actors":
        found = scope.actors
    elif place == "Subgraph.relationships":
        found = scope.relationships
    elif place == "StanceMatrix.actors":
        found = scope.keys
    elif place == "StanceMatrix.cells":
        found = scope.keys * (scope.keys - 1)
    elif place == "BalanceReport.unbalancedTriangles":
        found = sizes.relationships
    elif place == "Triangle.actors":
        found = 3
    elif place == "Triangle.relationships":
        found = 3 * PAIR
    elif place == "ProposalBatch.proposals":
        found = PROPOSALS
    elif place == "ProposalBatch.newActors":
        found = NEW_ACTORS
    else:
        found = most  # a list this table does not know: as long as a list may be
    return max(0, min(most, found))


def scope_of(
    place: str, type_name: str, args: Mapping[str, Any], scope: Scope, sizes: Sizes
) -> Scope:
    """What the field at ``place``, of type ``type_name``, passes down to its selection."""
    if type_name.endswith("Connection"):
        return Scope(page=min(_number(args.get("first"), 20), sizes.max_page))
    if place == "Query.path":
        return Scope(hops=min(_number(args.get("maxHops"), 4), sizes.max_hops))
    if place == "Query.stanceMatrix":
        return Scope(keys=_keys(args, sizes))
    if place == "Query.neighborhood":
        depth = min(_number(args.get("depth"), 1), sizes.max_depth)
        actors = min(sizes.max_list, sizes.actors, (sizes.degree + 1) ** depth)
        relationships = min(sizes.max_list, sizes.relationships, sizes.degree * actors)
        return Scope(actors=actors, relationships=relationships)
    return Scope()


def weight_of(place: str, args: Mapping[str, Any], scope: Scope, sizes: Sizes) -> int:
    """The work the field at ``place`` does beyond the objects it answers."""
    if place == "Mutation.proposeRelationships":
        return PROPOSE
    if place.startswith("Mutation."):
        return 10
    if place == "Query.path":
        return 10 * min(_number(args.get("maxHops"), 4), sizes.max_hops)
    if place == "Query.neighborhood":
        return int(10 ** min(_number(args.get("depth"), 1), sizes.max_depth))
    if place == "Query.stanceMatrix":
        keys = _keys(args, sizes)
        return min(sizes.max_list, keys * (keys - 1))
    if place == "Query.centrality":
        return CENTRALITY.get(_name(args.get("measure")), max(CENTRALITY.values()))
    if place in ("Query.balance", "Query.blocs", "Query.blocReport"):
        return 5_000
    if place in ("Query.timeline", "Query.timelinePage"):
        return 10
    if place == "Actor.inferred":
        return 50
    return 0
