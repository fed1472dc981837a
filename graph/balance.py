"""Structural balance (Heider; Cartwright-Harary): balanced triangles and the frustration index.

A triangle of signed ties is balanced when the product of its signs is positive. The
frustration index is the fewest ties whose sign must flip for the whole graph to be balanced:
the minimum, over all splits of the actors into two sides, of the cooperative ties across plus
the hostile ties within. MIXED ties (sign 0) say nothing about sides: they are left out of
triangles and frustration and only counted, as ``mixed_ties``.

Frustration adds up over the blocks (biconnected pieces) of the signed graph, so each block is
solved alone: exactly, by branch and bound, when it is balanced or has at most
:data:`EXACT_MAX_ACTORS` actors; otherwise by deterministic local search from several starts,
which gives an upper bound and marks the result not exact.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import cast

import networkx as nx

from graph.errors import InvalidInput
from graph.model import Relationship
from graph.signed import signed_view
from graph.store import AllianceGraph

__all__ = [
    "EXACT_MAX_ACTORS",
    "BalanceReport",
    "Triangle",
    "TwoColouring",
    "balance_report",
    "check_min_confidence",
    "signed_ties",
    "two_colouring",
]

EXACT_MAX_ACTORS = 16
"""Unbalanced blocks up to this many actors are solved exactly: at most ~0.3 s for the worst
case, 16 actors all hostile to each other; sparse blocks of this size take milliseconds."""

_RANDOM_STARTS = 8
_KICKS = 40

Ties = tuple[Relationship, ...]
Adjacency = list[list[tuple[int, int]]]


@dataclass(frozen=True, slots=True)
class Triangle:
    """Three actors tied pairwise; ``signs`` and ``relationships`` are those of the ties
    (a, b), (a, c) and (b, c), where ``actors`` is (a, b, c) in key order."""

    actors: tuple[str, str, str]
    signs: tuple[int, int, int]
    balanced: bool
    relationships: tuple[Ties, Ties, Ties]


@dataclass(frozen=True, slots=True)
class BalanceReport:
    """How balanced the signed ties are; ``ties`` counts the cooperative and hostile ones."""

    triangles: int
    balanced: int
    unbalanced: int
    ratio: float | None
    frustration: int
    frustration_exact: bool
    unbalanced_triangles: tuple[Triangle, ...]
    mixed_ties: int
    ties: int


@dataclass(frozen=True, slots=True)
class TwoColouring:
    """A split of the tied actors into sides 0 and 1 with ``frustration`` ties at odds with it.

    In each connected part the actor with the smallest key is on side 0.
    """

    sides: dict[str, int]
    frustration: int
    exact: bool


def check_min_confidence(min_confidence: float | None) -> None:
    """Raise :class:`~graph.errors.InvalidInput` unless ``min_confidence`` is None or in [0, 1].

    >>> check_min_confidence(1.5)
    Traceback (most recent call last):
    ...
    graph.errors.InvalidInput: min_confidence must be between 0 and 1, got 1.5
    """
    if min_confidence is not None and not 0.0 <= min_confidence <= 1.0:
        raise InvalidInput(
            f"min_confidence must be between 0 and 1, got {min_confidence}",
            field="min_confidence",
        )


def balance_report(
    graph: AllianceGraph,
    *,
    min_confidence: float | None = None,
    include_claims: bool = True,
    as_of: dt.date | None = None,
) -> BalanceReport:
    """Count balanced and unbalanced triangles and find the frustration index.

    Parameters
    ----------
    graph : AllianceGraph
        The graph to read; it is not modified.
    min_confidence, include_claims, as_of
        Which relationships make ties, as in :func:`graph.signed.signed_view`.

    Returns
    -------
    BalanceReport
        ``ratio`` is the share of balanced triangles, None when there are none.
        ``unbalanced_triangles`` are in key order. ``frustration_exact`` is False when some
        unbalanced block has more than :data:`EXACT_MAX_ACTORS` actors; ``frustration`` is
        then an upper bound found by local search.

    Raises
    ------
    InvalidInput
        When ``min_confidence`` is outside [0, 1].

    Examples
    --------
    >>> from graph import Actor, ActorKind, AllianceGraph, Evidence, Relation, Relationship
    >>> from graph import Source
    >>> g = AllianceGraph()
    >>> g.add_source(Source("nbc", "NBC News"))
    >>> for key in "abc":
    ...     g.add_actor(Actor(key, key.upper(), ActorKind.STATE))
    >>> for s, t in ["ab", "bc", "ca"]:
    ...     g.add_relationship(Relationship(s + t, Relation.ATTACKS, s, t, (Evidence("nbc", "q"),)))
    >>> report = balance_report(g)
    >>> report.triangles, report.unbalanced, report.ratio, report.frustration
    (1, 1, 0.0, 1)
    >>> report.unbalanced_triangles[0].actors, report.unbalanced_triangles[0].signs
    (('a', 'b', 'c'), (-1, -1, -1))
    """
    check_min_confidence(min_confidence)
    view = signed_view(
        graph, min_confidence=min_confidence, include_claims=include_claims, as_of=as_of
    )
    ties = signed_ties(view)
    triangles = _triangles(ties)
    unbalanced = tuple(t for t in triangles if not t.balanced)
    colouring = two_colouring(view)
    return BalanceReport(
        triangles=len(triangles),
        balanced=len(triangles) - len(unbalanced),
        unbalanced=len(unbalanced),
        ratio=(len(triangles) - len(unbalanced)) / len(triangles) if triangles else None,
        frustration=colouring.frustration,
        frustration_exact=colouring.exact,
        unbalanced_triangles=unbalanced,
        mixed_ties=view.number_of_edges() - ties.number_of_edges(),
        ties=ties.number_of_edges(),
    )


def signed_ties(view: nx.Graph[str]) -> nx.Graph[str]:
    """The cooperative and hostile ties of a signed view (MIXED ones and lone actors dropped).

    >>> view = nx.Graph()
    >>> view.add_edge("a", "b", sign=1)
    >>> view.add_edge("b", "c", sign=0)
    >>> view.add_node("d")
    >>> sorted(signed_ties(view).edges)
    [('a', 'b')]
    """
    return nx.Graph(
        view.edge_subgraph((u, v) for u, v, tie in view.edges(data=True) if tie["sign"])
    )


def two_colouring(view: nx.Graph[str], *, exact_max_actors: int = EXACT_MAX_ACTORS) -> TwoColouring:
    """The split into two sides that leaves the fewest ties frustrated.

    Parameters
    ----------
    view : networkx.Graph
        A signed view, as from :func:`graph.signed.signed_view`: edges carry ``sign``
        +1, -1 or 0; 0 (MIXED) edges and untied actors are ignored. It is not modified.
    exact_max_actors : int
        Unbalanced blocks larger than this are solved by local search, not exactly.

    Returns
    -------
    TwoColouring
        ``exact`` is False when some block was solved by local search.

    Examples
    --------
    >>> view = nx.Graph()
    >>> view.add_edges_from([("a", "b"), ("b", "c"), ("a", "c")], sign=-1)
    >>> two_colouring(view)
    TwoColouring(sides={'a': 0, 'b': 1, 'c': 1}, frustration=1, exact=True)
    """
    ties = signed_ties(view)
    # The stub types each component as a list of sets; it is a set of actors.
    blocks = [cast("set[str]", b) for b in nx.biconnected_components(ties)]
    solved = [_solve_block(ties.subgraph(b), exact_max_actors) for b in blocks]
    frustrated = {tie for at_odds, _ in solved for tie in at_odds}
    # Every cycle lies inside one block, so with those ties' signs flipped the whole graph
    # is balanced and one walk from each part's first actor sets every side consistently.
    sides: dict[str, int] = {}
    for part in sorted(min(c) for c in nx.connected_components(ties)):
        sides[part] = 0
        for u, v in nx.bfs_edges(ties, part, sort_neighbors=sorted):
            friendly = (ties.edges[u, v]["sign"] > 0) != (frozenset((u, v)) in frustrated)
            sides[v] = sides[u] if friendly else 1 - sides[u]
    return TwoColouring(
        sides=dict(sorted(sides.items())),
        frustration=len(frustrated),
        exact=all(exact for _, exact in solved),
    )


def _triangles(ties: nx.Graph[str]) -> list[Triangle]:
    found = []
    for a in sorted(ties):
        later = {v for v in ties[a] if v > a}
        for b in sorted(later):
            for c in sorted(v for v in later.intersection(ties[b]) if v > b):
                ab, ac, bc = ties.edges[a, b], ties.edges[a, c], ties.edges[b, c]
                signs = (ab["sign"], ac["sign"], bc["sign"])
                rels = (ab["relationships"], ac["relationships"], bc["relationships"])
                found.append(Triangle((a, b, c), signs, signs[0] * signs[1] * signs[2] > 0, rels))
    return found


def _solve_block(block: nx.Graph[str], exact_max_actors: int) -> tuple[list[frozenset[str]], bool]:
    """The ties at odds with the best split of one block found, and whether it is proven best."""
    root = min(block, key=lambda v: (-block.degree(v), v))
    tree = list(nx.bfs_edges(block, root, sort_neighbors=sorted))
    nodes = [root, *(v for _, v in tree)]
    index = {v: i for i, v in enumerate(nodes)}
    adj = [[(index[u], int(block.edges[v, u]["sign"])) for u in sorted(block[v])] for v in nodes]
    start = [0] * len(nodes)
    for u, v in tree:
        start[index[v]] = start[index[u]] ^ (block.edges[u, v]["sign"] < 0)
    colours, cost = _local_search(adj, start)
    exact = cost == 0 or len(nodes) <= exact_max_actors
    if cost and exact:
        colours, cost = _branch_and_bound(adj, colours, cost)
    at_odds = [
        frozenset((nodes[i], nodes[j]))
        for i, row in enumerate(adj)
        for j, s in row
        if j > i and _frustrated(s, colours[i], colours[j])
    ]
    return at_odds, exact


def _frustrated(sign: int, a: int, b: int) -> bool:
    return a != b if sign > 0 else a == b


def _descend(adj: Adjacency, colours: list[int]) -> int:
    """Flip the actor that most lowers frustration until none does; return the frustration."""
    gain = [
        sum(2 * _frustrated(s, colours[i], colours[j]) - 1 for j, s in row)
        for i, row in enumerate(adj)
    ]
    cost = sum(len(row) + g for row, g in zip(adj, gain, strict=True)) // 4
    while True:
        i = max(range(len(adj)), key=gain.__getitem__)
        if gain[i] <= 0:
            return cost
        cost -= gain[i]
        colours[i] ^= 1
        gain[i] = -gain[i]
        for j, s in adj[i]:
            gain[j] += 2 if _frustrated(s, colours[i], colours[j]) else -2


def _local_search(adj: Adjacency, start: list[int]) -> tuple[list[int], int]:
    """Descend from ``start`` and from seeded random splits, then from random kicks of the best."""
    rng = random.Random(len(adj))
    best, best_cost = start, _descend(adj, start)
    for attempt in range(_RANDOM_STARTS + _KICKS):
        if best_cost == 0:
            break
        if attempt < _RANDOM_STARTS:
            colours = [rng.randint(0, 1) for _ in adj]
        else:
            colours = best.copy()
            for i in rng.sample(range(len(adj)), max(1, len(adj) // 8)):
                colours[i] ^= 1
        cost = _descend(adj, colours)
        if cost < best_cost:
            best, best_cost = colours, cost
    return best, best_cost


def _branch_and_bound(adj: Adjacency, colours: list[int], cost: int) -> tuple[list[int], int]:
    """The exact minimum, placing actors in order with the first fixed on side 0.

    The bound adds, for every unplaced actor, the cheaper of its two sides counting only its
    ties to placed actors; those ties are disjoint, so it never overestimates.
    """
    n = len(adj)
    pos, neg = [0] * n, [0] * n
    for i, row in enumerate(adj):
        for j, s in row:
            if j < i and s > 0:
                pos[i] |= 1 << j
            elif j < i:
                neg[i] |= 1 << j
    best = [cost, sum(c << i for i, c in enumerate(colours))]

    def price(k: int, bits: int, placed: int) -> tuple[int, int]:
        p, q = pos[k] & placed, neg[k] & placed
        return (p & bits).bit_count() + (q & ~bits).bit_count(), (
            (p & ~bits).bit_count() + (q & bits).bit_count()
        )

    def visit(i: int, bits: int, spent: int) -> None:
        if i == n:
            best[:] = [spent, bits]  # only reached below the best so far
            return
        placed = (1 << i) - 1
        if spent + sum(min(price(k, bits, placed)) for k in range(i, n)) >= best[0]:
            return
        here = price(i, bits, placed)
        for side in sorted((0, 1), key=here.__getitem__) if i else (0,):
            visit(i + 1, bits | side << i, spent + here[side])

    visit(0, 0, 0)
    return [best[1] >> i & 1 for i in range(n)], best[0]
