from __future__ import annotations

import datetime as dt
import math

import networkx as nx
import pytest

from graph import load_seed
from graph.analysis.centrality import (
    BETWEENNESS_WORK,
    CentralityMeasure,
    _betweenness_sources,
    centrality,
    ranking,
)
from graph.model.errors import InvalidInput
from graph.model.vocabulary import Relation
from graph.store.alliance_graph import AllianceGraph
from tests.builders import graph_of, tie

AUG_1 = dt.date(2016, 8, 1)
AUG_16 = dt.date(2016, 8, 16)


def star(relation: Relation = Relation.SUPPORTS) -> AllianceGraph:
    """``hub`` tied to four leaves, entered in both directions and not in key order."""
    return graph_of(
        tie("r1", "hub", relation, "d"),
        tie("r2", "b", relation, "hub"),
        tie("r3", "hub", relation, "c"),
        tie("r4", "a", relation, "hub"),
    )


def keys(ranking: list[tuple[str, float]]) -> list[str]:
    return [key for key, _ in ranking]


def test_degree_on_a_star_ranks_the_hub_first_then_leaves_by_key() -> None:
    ranking = centrality(star(Relation.ATTACKS), CentralityMeasure.DEGREE)

    assert ranking == [("hub", 1.0), ("a", 0.25), ("b", 0.25), ("c", 0.25), ("d", 0.25)]


def test_degree_counts_parallel_and_opposite_relationships_once() -> None:
    g = graph_of(
        tie("r1", "a", Relation.SUPPORTS, "b"),
        tie("r2", "b", Relation.ATTACKS, "a"),
        tie("r3", "a", Relation.MEETS, "b"),
        tie("r4", "c", Relation.MEETS, "a"),
    )

    assert centrality(g, CentralityMeasure.DEGREE) == [("a", 1.0), ("b", 0.5), ("c", 0.5)]


def test_betweenness_on_a_star_is_one_for_the_hub_and_zero_for_leaves() -> None:
    ranking = centrality(star(Relation.MEETS), CentralityMeasure.BETWEENNESS)

    assert ranking == [("hub", 1.0), ("a", 0.0), ("b", 0.0), ("c", 0.0), ("d", 0.0)]


def test_eigenvector_on_a_cooperative_star_ranks_the_hub_first() -> None:
    ranking = centrality(star(), CentralityMeasure.EIGENVECTOR)

    assert keys(ranking) == ["hub", "a", "b", "c", "d"]
    assert ranking[0][1] == pytest.approx(math.sqrt(0.5), abs=1e-4)
    assert ranking[1][1] == pytest.approx(math.sqrt(0.125), abs=1e-4)


def test_eigenvector_ignores_hostile_and_mixed_ties() -> None:
    g = graph_of(
        tie("c1", "ally", Relation.SUPPORTS, "x"),
        tie("c2", "ally", Relation.ALLIED_WITH, "y"),
        tie("h1", "raider", Relation.ATTACKS, "x"),
        tie("h2", "raider", Relation.ATTACKS, "y"),
        tie("h3", "raider", Relation.OPPOSES, "ally"),
        tie("m1", "raider", Relation.SUPPORTS, "z"),
        tie("m2", "z", Relation.ATTACKS, "raider"),
    )

    eigenvector = centrality(g, CentralityMeasure.EIGENVECTOR)
    degree = centrality(g, CentralityMeasure.DEGREE)

    assert keys(degree)[0] == "raider"
    assert keys(eigenvector) == ["ally", "x", "y", "raider", "z"]
    assert dict(eigenvector)["raider"] == dict(eigenvector)["z"] == 0.0


def test_eigenvector_scores_zero_outside_the_strongest_cooperative_bloc() -> None:
    g = graph_of(
        tie("r1", "hub", Relation.SUPPORTS, "a"),
        tie("r2", "hub", Relation.SUPPORTS, "b"),
        tie("r3", "hub", Relation.SUPPORTS, "c"),
        tie("r4", "pair1", Relation.ALLIED_WITH, "pair2"),
    )

    scores = dict(centrality(g, CentralityMeasure.EIGENVECTOR))

    assert scores["hub"] > scores["a"] > 0.0
    assert scores["pair1"] == scores["pair2"] == 0.0


def test_eigenvector_shares_scores_between_equally_strong_blocs() -> None:
    g = graph_of(tie("r1", "a", Relation.ALLIED_WITH, "b"), tie("r2", "c", Relation.HOSTS, "d"))

    ranking = centrality(g, CentralityMeasure.EIGENVECTOR)

    assert keys(ranking) == ["a", "b", "c", "d"]
    assert [score for _, score in ranking] == pytest.approx([0.5] * 4)


def test_eigenvector_without_cooperative_ties_is_zero_for_everyone() -> None:
    g = graph_of(tie("r1", "a", Relation.ATTACKS, "b"), tie("r2", "b", Relation.MEETS, "c"))

    assert centrality(g, CentralityMeasure.EIGENVECTOR) == [("a", 0.0), ("b", 0.0), ("c", 0.0)]


@pytest.mark.parametrize("measure", list(CentralityMeasure))
def test_centrality_of_an_empty_graph_is_empty(measure: CentralityMeasure) -> None:
    assert centrality(AllianceGraph(), measure) == []


def test_first_keeps_the_top_actors() -> None:
    assert keys(centrality(star(), CentralityMeasure.DEGREE, first=2)) == ["hub", "a"]


@pytest.mark.parametrize("first", [0, 101])
def test_first_out_of_range_is_invalid_input(first: int) -> None:
    with pytest.raises(InvalidInput, match=f"first must be between 1 and 100, got {first}") as e:
        centrality(star(), CentralityMeasure.DEGREE, first=first)
    assert e.value.field == "first"


@pytest.mark.parametrize("measure", list(CentralityMeasure))
def test_as_of_leaves_out_later_ties(measure: CentralityMeasure) -> None:
    g = graph_of(
        tie("r1", "a", Relation.SUPPORTS, "b", date=AUG_1),
        tie("r2", "c", Relation.SUPPORTS, "b", date=AUG_16),
        tie("r3", "c", Relation.SUPPORTS, "d", date=AUG_16),
    )

    now = dict(centrality(g, measure))
    then = dict(centrality(g, measure, as_of=AUG_1))

    assert now["c"] > 0.0
    assert then["c"] == 0.0


@pytest.mark.parametrize("measure", list(CentralityMeasure))
def test_centrality_does_not_mutate_the_graph(measure: CentralityMeasure) -> None:
    g = graph_of(tie("r1", "a", Relation.SUPPORTS, "b"), tie("r2", "b", Relation.ATTACKS, "c"))
    before = (g.version, list(g.nx.nodes(data=True)), list(g.nx.edges(keys=True, data=True)))

    centrality(g, measure, as_of=AUG_16)

    after = (g.version, list(g.nx.nodes(data=True)), list(g.nx.edges(keys=True, data=True)))
    assert after == before


def test_seed_russia_has_the_most_ties() -> None:
    assert keys(centrality(load_seed(), CentralityMeasure.DEGREE, first=1)) == ["russia"]


def test_exact_measures_say_so_with_no_samples() -> None:
    for measure in CentralityMeasure:
        found = ranking(star(), measure)

        assert (found.exact, found.samples) == (True, None)


def test_betweenness_on_a_large_graph_is_labelled_an_estimate_from_its_sample() -> None:
    # The sample's size alone: ranking a graph this large takes seconds of betweenness.
    projection: nx.Graph[str] = nx.star_graph(2_300)

    samples = _betweenness_sources(projection)

    assert samples is not None
    assert samples == BETWEENNESS_WORK // 2_300 < 2_301


def test_symmetric_actors_share_one_score_in_key_order() -> None:
    # A cooperative ring of seven, entered out of key order: every actor is alike, and the
    # power iteration's noise used to order them.
    ring = ["g", "c", "e", "a", "f", "b", "d"]
    graph = graph_of(
        *(tie(f"r{i}", ring[i], Relation.ALLIED_WITH, ring[(i + 1) % 7]) for i in range(7))
    )

    for measure in CentralityMeasure:
        found = centrality(graph, measure)

        assert keys(found) == sorted(ring)
        assert len({score for _, score in found}) == 1


def test_eigenvector_scores_equal_beyond_the_power_iterations_tolerance_are_ranked_by_key() -> None:
    # A path b-f-a-h-e-d with i on e: f and d mirror each other, yet networkx's power iteration
    # stopped at 0.288682 for f and 0.288672 for d, ranking f first.
    pairs = ["a-f", "b-f", "d-e", "a-h", "e-h", "e-i"]
    graph = graph_of(*(tie(f"r{n}", p[0], Relation.ALLIED_WITH, p[2]) for n, p in enumerate(pairs)))

    scores = dict(centrality(graph, CentralityMeasure.EIGENVECTOR))
    ranked = keys(centrality(graph, CentralityMeasure.EIGENVECTOR))

    assert scores["d"] == scores["f"]
    assert ranked.index("d") == ranked.index("f") - 1
