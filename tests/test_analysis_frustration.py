from __future__ import annotations

import itertools
import random

import networkx as nx
import numpy as np
import pytest

from graph import AllianceGraph, Relation, Relationship
from graph.analysis.balance import balance_report
from graph.analysis.exact import solve_frustration
from graph.analysis.frustration import EXACT_MAX_ACTORS, two_colouring
from graph.analysis.signed import signed_view
from tests.builders import ALLIED, ATTACKS, graph_of, rel, tie

SIGNED_RELATIONS = (Relation.ALLIED_WITH, Relation.SUPPORTS, Relation.ATTACKS, Relation.OPPOSES)


def from_ties(text: str) -> AllianceGraph:
    """``a+b`` is an ALLIED_WITH tie, ``a-b`` an ATTACKS one."""
    rels: list[Relationship] = []
    for item in text.split():
        sign = "+" if "+" in item else "-"
        a, b = item.split(sign)
        rels.append(rel(a, ALLIED if sign == "+" else ATTACKS, b))
    return graph_of(*rels)


def random_signed_graph(seed: int) -> AllianceGraph:
    """3 to 16 actors; pairs tied once or several times, some both ways (MIXED), some by a
    cooperative and a hostile relationship (MIXED too)."""
    rng = random.Random(seed)
    keys = [f"n{i:02d}" for i in range(rng.randint(3, 16))]
    density = rng.uniform(0.15, 0.8)
    rels: list[Relationship] = []
    for a, b in itertools.combinations(keys, 2):
        if rng.random() < density:
            for _ in range(rng.choice((1, 1, 1, 2, 3))):
                source, target = (a, b) if rng.random() < 0.5 else (b, a)
                rels.append(tie(f"r{len(rels)}", source, rng.choice(SIGNED_RELATIONS), target))
    return graph_of(*rels, actors=keys)


def brute_force(view: nx.Graph[str]) -> int:
    """Every split of the actors into two sides, all at once."""
    ties = signed(view)
    if not ties:
        return 0
    actors = sorted({k for a, b, _ in ties for k in (a, b)})
    index = {k: i for i, k in enumerate(actors)}
    splits = (np.arange(1 << len(actors))[:, None] >> np.arange(len(actors))) & 1
    u = np.array([index[a] for a, _, _ in ties])
    v = np.array([index[b] for _, b, _ in ties])
    cooperative = np.array([s > 0 for _, _, s in ties])
    apart = splits[:, u] != splits[:, v]
    return int((apart == cooperative).sum(axis=1).min())


def signed(view: nx.Graph[str]) -> list[tuple[str, str, int]]:
    return [(a, b, int(tie["sign"])) for a, b, tie in view.edges(data=True) if tie["sign"]]


def at_odds(view: nx.Graph[str], sides: dict[str, int]) -> int:
    return sum(
        (sides[a] != sides[b]) if s > 0 else (sides[a] == sides[b]) for a, b, s in signed(view)
    )


def test_smallest_case_the_old_search_got_wrong_has_frustration_one() -> None:
    graph = from_ties(
        "n000-n008 n000-n009 n002-n005 n002+n006 n004+n006 n004+n008 n005+n007 n007-n009 n008-n009"
    )

    report = balance_report(graph)

    assert (report.frustration, report.frustration_exact) == (1, True)
    assert report.frustration_lower_bound == 1


@pytest.mark.parametrize("chunk", range(8))
def test_frustration_matches_brute_force_on_random_graphs_up_to_sixteen_actors(chunk: int) -> None:
    for seed in range(chunk * 50, chunk * 50 + 50):  # 400 graphs in all
        view = signed_view(random_signed_graph(seed))
        expected = brute_force(view)

        found = two_colouring(view)

        assert (found.frustration, found.exact, found.lower_bound) == (expected, True, expected)
        assert at_odds(view, found.sides) == expected, seed


@pytest.mark.parametrize("chunk", range(2))
def test_the_integer_program_matches_brute_force_too(chunk: int) -> None:
    for seed in range(chunk * 60, chunk * 60 + 60):
        view = signed_view(random_signed_graph(1000 + seed))
        expected = brute_force(view)

        found = two_colouring(view, exact_max_actors=0)  # every unbalanced block to the solver

        assert (found.frustration, found.exact, found.lower_bound) == (expected, True, expected)
        assert at_odds(view, found.sides) == expected, seed


def test_the_solver_proves_a_block_too_large_for_branch_and_bound() -> None:
    # A ring of 40 actors, allied all round but for three enmities: one tie must give.
    keys = [f"a{i:02d}" for i in range(40)]
    enemies = {(0, 1), (10, 11), (20, 21)}
    graph = graph_of(
        *(
            rel(keys[i], ATTACKS if (i, (i + 1) % 40) in enemies else ALLIED, keys[(i + 1) % 40])
            for i in range(40)
        )
    )

    report = balance_report(graph)

    assert (report.frustration, report.frustration_exact, report.frustration_lower_bound) == (
        1,
        True,
        1,
    )


def test_without_solver_time_a_large_block_is_a_labelled_bound() -> None:
    # 17 mutual enemies split best 8 / 9: C(8, 2) + C(9, 2) = 28 + 36 hostile ties within.
    keys = [f"a{i:02d}" for i in range(EXACT_MAX_ACTORS + 1)]
    view = signed_view(graph_of(*(rel(a, ATTACKS, b) for a, b in itertools.combinations(keys, 2))))

    found = two_colouring(view, solver_time=0)

    assert (found.frustration, found.exact) == (64, False)
    assert 1 <= found.lower_bound < 64


def test_a_solver_stopped_early_reports_a_lower_bound_below_its_best() -> None:
    rng = random.Random(5)
    ties = [(i, j, rng.choice((1, -1))) for i, j in itertools.combinations(range(60), 2)]

    solved = solve_frustration(60, ties, 0.2)

    assert not solved.optimal
    assert solved.value is None or solved.lower_bound <= solved.value
