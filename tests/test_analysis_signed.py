"""The signed view: one tie per pair of actors, from the relationships that pass the filters."""

from __future__ import annotations

import datetime as dt
import random

import networkx as nx
import pytest

from graph import AllianceGraph, Relationship, Stance, Valence
from graph.analysis.signed import pair_valence, signed_view
from graph.store.filters import RelationshipFilter
from tests.builders import graph_of
from tests.test_store_relation_index import ACTORS, DAYS, random_relationship


def ties_by_listing(
    graph: AllianceGraph, min_confidence: float | None, include_claims: bool, as_of: dt.date | None
) -> list[tuple[str, str, tuple[Relationship, ...]]]:
    """The ties spelled out: every matching relationship in id order, grouped by pair, each
    pair where its first relationship comes."""
    where = RelationshipFilter(min_confidence=min_confidence, as_of=as_of)
    pairs: dict[tuple[str, str], list[Relationship]] = {}
    for r in graph.relationships(where):
        if r.valence is Valence.NEUTRAL or (not include_claims and r.stance is not Stance.REPORTED):
            continue
        pairs.setdefault(tuple(sorted((r.source, r.target))), []).append(r)  # type: ignore[arg-type]
    return [(a, b, tuple(rels)) for (a, b), rels in pairs.items()]


@pytest.mark.parametrize("seed", range(20))
def test_the_view_ties_each_pair_by_its_matching_relationships_in_id_order(seed: int) -> None:
    rng = random.Random(seed)
    graph = graph_of(*(random_relationship(rng, n) for n in range(150)), actors=ACTORS)
    for _ in range(4):
        options = {
            "min_confidence": rng.choice([None, 0.5, 1.0]),
            "include_claims": rng.choice([True, False]),
            "as_of": rng.choice([None, *DAYS]),
        }
        view = signed_view(graph, **options)  # type: ignore[arg-type]
        expected = ties_by_listing(graph, **options)  # type: ignore[arg-type]
        # Added in the same order, so its adjacency lists the same order.
        listed: nx.Graph[str] = nx.Graph()
        listed.add_nodes_from(graph.nx)
        listed.add_edges_from((a, b, {"relationships": rels}) for a, b, rels in expected)
        assert [(a, b, tie["relationships"]) for a, b, tie in view.edges(data=True)] == [
            (a, b, tie["relationships"]) for a, b, tie in listed.edges(data=True)
        ]
        assert all(view.edges[a, b]["valence"] is pair_valence(rels) for a, b, rels in expected)
        assert list(view) == list(graph.nx)
