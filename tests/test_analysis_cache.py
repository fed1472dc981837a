from __future__ import annotations

import gc

import pytest

from graph.analysis.cache import VersionedCache
from graph.analysis.centrality import CentralityMeasure, centrality
from graph.model.errors import InvalidInput
from graph.model.records import Actor, Evidence, Relationship, Source
from graph.model.vocabulary import ActorKind, Relation
from graph.store.alliance_graph import AllianceGraph


def small_graph() -> AllianceGraph:
    g = AllianceGraph()
    g.add_source(Source("wire", "Test Wire"))
    for key in ("a", "b"):
        g.add_actor(Actor(key, key.title(), ActorKind.STATE))
    g.add_relationship(
        Relationship("r1", Relation.SUPPORTS, "a", "b", (Evidence("wire", "quoted"),))
    )
    return g


class Counter:
    """A computation that records how often it ran and returns a fresh list each time."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> list[int]:
        self.calls += 1
        return [self.calls]


def test_a_repeated_call_returns_the_cached_object_without_computing() -> None:
    cache, g, compute = VersionedCache(), small_graph(), Counter()

    first = cache.cached(g, "f", (1, "x"), compute)
    again = cache.cached(g, "f", (1, "x"), compute)

    assert again is first
    assert compute.calls == 1


def test_a_change_to_the_graph_invalidates_its_results() -> None:
    cache, g, compute = VersionedCache(), small_graph(), Counter()
    first = cache.cached(g, "f", (), compute)

    g.add_actor(Actor("c", "C", ActorKind.STATE))
    after = cache.cached(g, "f", (), compute)

    assert after is not first
    assert compute.calls == 2
    assert cache.cached(g, "f", (), compute) is after


def test_names_args_and_graphs_are_cached_apart() -> None:
    cache, compute = VersionedCache(), Counter()
    g, h = small_graph(), small_graph()

    results = [
        cache.cached(g, "f", (1,), compute),
        cache.cached(g, "f", (2,), compute),
        cache.cached(g, "other", (1,), compute),
        cache.cached(h, "f", (1,), compute),
    ]

    assert results == [[1], [2], [3], [4]]
    assert len(cache) == 4


def test_the_least_recently_used_result_is_dropped_past_maxsize() -> None:
    cache, g, compute = VersionedCache(maxsize=2), small_graph(), Counter()
    one = cache.cached(g, "f", (1,), compute)
    cache.cached(g, "f", (2,), compute)
    cache.cached(g, "f", (1,), compute)  # now (2,) is the least recently used

    cache.cached(g, "f", (3,), compute)

    assert len(cache) == 2
    assert cache.cached(g, "f", (1,), compute) is one
    assert compute.calls == 3


def test_len_counts_only_results_of_the_current_version() -> None:
    cache, g, compute = VersionedCache(), small_graph(), Counter()
    cache.cached(g, "f", (1,), compute)
    cache.cached(g, "f", (2,), compute)

    g.remove_relationship("r1")

    assert len(cache) == 0


def test_clear_forgets_every_result() -> None:
    cache, g, compute = VersionedCache(), small_graph(), Counter()
    cache.cached(g, "f", (), compute)

    cache.clear()

    assert len(cache) == 0
    cache.cached(g, "f", (), compute)
    assert compute.calls == 2


def test_a_discarded_graph_takes_its_results_with_it() -> None:
    cache, compute = VersionedCache(), Counter()
    g = small_graph()
    cache.cached(g, "f", (), compute)

    del g
    gc.collect()

    assert len(cache) == 0


def test_caching_an_analytic_returns_the_same_ranking_until_a_change() -> None:
    cache, g = VersionedCache(), small_graph()

    def degree() -> list[tuple[str, float]]:
        return centrality(g, CentralityMeasure.DEGREE)

    ranking = cache.cached(g, "centrality", (CentralityMeasure.DEGREE, 10, None), degree)

    assert cache.cached(g, "centrality", (CentralityMeasure.DEGREE, 10, None), degree) is ranking
    g.add_actor(Actor("c", "C", ActorKind.STATE))
    fresh = cache.cached(g, "centrality", (CentralityMeasure.DEGREE, 10, None), degree)
    assert [key for key, _ in fresh] == ["a", "b", "c"]


def test_maxsize_below_one_is_invalid_input() -> None:
    with pytest.raises(InvalidInput, match="maxsize must be at least 1, got 0"):
        VersionedCache(maxsize=0)


def test_a_journal_lists_what_was_computed_and_store_keeps_it_elsewhere() -> None:
    graph, child, parent = AllianceGraph(), VersionedCache(), VersionedCache()
    journal = child.start_journal()
    child.cached(graph, "f", (1,), lambda: "one")
    child.cached(graph, "f", (1,), lambda: "again")  # found: not computed, not noted
    assert journal == [(graph.version, "f", (1,), "one")]
    for version, name, args, result in journal:
        parent.store(graph, version, name, args, result)
    assert parent.get(graph, "f", (1,)) == "one"
