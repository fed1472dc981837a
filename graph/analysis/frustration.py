"""The frustration index of a signed graph and the split into two sides that attains it.

Frustration (the line index of balance) is the fewest ties whose sign must flip for the graph
to be balanced: the minimum, over all splits of the actors into two sides, of cooperative ties
across plus hostile ties within. It adds up over the blocks (biconnected pieces) of the signed
graph, so each block is solved alone. Every unbalanced block first gets a deterministic local
search (an upper bound). Then blocks of at most :data:`EXACT_MAX_ACTORS` actors are solved by
branch and bound, and larger ones of at most :data:`SOLVER_MAX_TIES` ties by integer
programming (:mod:`graph.analysis.exact`), smallest first, while the solver's time lasts
(:data:`~graph.analysis.budget.SOLVER_SECONDS`, or 3/4 of what is left of the analytics
budget). A block the solver does not finish keeps the better of the two answers, with the
solver's lower bound.
"""

from __future__ import annotations

import heapq
import random
from dataclasses import dataclass
from typing import cast

import networkx as nx

from graph.analysis.budget import SolverTime, check_time
from graph.analysis.exact import solve_frustration

__all__ = [
    "EXACT_MAX_ACTORS",
    "SOLVER_MAX_TIES",
    "TwoColouring",
    "signed_ties",
    "two_colouring",
]

EXACT_MAX_ACTORS = 16
"""Unbalanced blocks up to this many actors are solved by branch and bound: at most ~0.3 s for
the worst case, 16 actors all hostile to each other; sparse blocks of this size take
milliseconds."""
SOLVER_MAX_TIES = 50_000
"""Larger blocks are left to local search alone. Blocks above
:data:`~graph.analysis.exact.COMPACT_MAX_TIES` get the linear relaxation's lower bound."""

_RANDOM_STARTS = 8
_KICKS = 40

Adjacency = list[list[tuple[int, int]]]


@dataclass(frozen=True, slots=True)
class TwoColouring:
    """A split of the tied actors into sides 0 and 1 with ``frustration`` ties at odds with it.

    In each connected part the actor with the smallest key is on side 0.
    """

    sides: dict[str, int]
    frustration: int
    exact: bool
    lower_bound: int
    """The frustration is at least this: equal to it when ``exact``."""


def signed_ties(view: nx.Graph[str]) -> nx.Graph[str]:
    """The cooperative and hostile ties of a signed view (MIXED ones and lone actors dropped).

    >>> view = nx.Graph()
    >>> view.add_edge("a", "b", sign=1)
    >>> view.add_edge("b", "c", sign=0)
    >>> view.add_node("d")
    >>> ties = signed_ties(view)
    >>> sorted(ties.edges), list(ties)
    ([('a', 'b')], ['a', 'b'])
    """
    # Built edge by edge: copying an edge subgraph went through networkx's generic
    # conversion, four times slower (1.5 s for the 1M benchmark's view).
    kept = [(u, v, tie) for u, v, tie in view.edges(data=True) if tie["sign"]]
    tied = {actor for u, v, _ in kept for actor in (u, v)}
    ties: nx.Graph[str] = nx.Graph()
    ties.add_nodes_from(actor for actor in view if actor in tied)  # in the view's order
    ties.add_edges_from(kept)
    return ties


def two_colouring(
    view: nx.Graph[str],
    *,
    exact_max_actors: int = EXACT_MAX_ACTORS,
    solver_time: float | None = None,
) -> TwoColouring:
    """The split into two sides that leaves the fewest ties frustrated.

    Parameters
    ----------
    view : networkx.Graph
        A signed view, as from :func:`graph.analysis.signed.signed_view`: edges carry ``sign``
        +1, -1 or 0; 0 (MIXED) edges and untied actors are ignored. It is not modified.
    exact_max_actors : int
        Unbalanced blocks up to this many actors are solved by branch and bound; larger ones
        by integer programming.
    solver_time : float, optional
        Seconds for the integer programs of all blocks; default :class:`SolverTime`'s. 0
        leaves larger blocks to local search.

    Returns
    -------
    TwoColouring
        ``exact`` is False when some block's optimum was not proved; ``lower_bound`` then
        says how far off the frustration can be.

    Examples
    --------
    >>> view = nx.Graph()
    >>> view.add_edges_from([("a", "b"), ("b", "c"), ("a", "c")], sign=-1)
    >>> two_colouring(view)
    TwoColouring(sides={'a': 0, 'b': 1, 'c': 1}, frustration=1, exact=True, lower_bound=1)
    """
    ties = signed_ties(view)
    # The stub types each component as a list of sets; it is a set of actors.
    blocks = [cast("set[str]", b) for b in nx.biconnected_components(ties)]
    blocks.sort(key=lambda b: (len(b), min(b)))  # the solver's time goes to small blocks first
    clock = SolverTime(solver_time)
    solved = [_solve_block(ties.subgraph(b), exact_max_actors, clock) for b in blocks]
    frustrated = {tie for at_odds, _, _ in solved for tie in at_odds}
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
        exact=all(exact for _, exact, _ in solved),
        lower_bound=sum(bound for _, _, bound in solved),
    )


def _solve_block(
    block: nx.Graph[str], exact_max_actors: int, clock: SolverTime
) -> tuple[list[frozenset[str]], bool, int]:
    """The ties at odds with the best split of one block found, whether it is proven best, and
    a lower bound."""
    root = min(block, key=lambda v: (-block.degree(v), v))
    tree = list(nx.bfs_edges(block, root, sort_neighbors=sorted))
    nodes = [root, *(v for _, v in tree)]
    index = {v: i for i, v in enumerate(nodes)}
    adj = [[(index[u], int(block.edges[v, u]["sign"])) for u in sorted(block[v])] for v in nodes]
    start = [0] * len(nodes)
    for u, v in tree:
        start[index[v]] = start[index[u]] ^ (block.edges[u, v]["sign"] < 0)
    colours, cost = _local_search(adj, start)
    exact, bound = cost == 0, min(cost, 1)  # an unbalanced block has a tie at odds
    if cost and len(nodes) <= exact_max_actors:
        colours, cost = _branch_and_bound(adj, colours, cost)
        exact, bound = True, cost
    elif cost and block.number_of_edges() <= SOLVER_MAX_TIES and clock.available() > 0:
        solved = clock.solve(solve_frustration, adj)
        if solved.labels is not None and solved.value is not None and solved.value <= cost:
            colours, cost = solved.labels, solved.value
        bound = max(bound, solved.lower_bound)
        exact = bound >= cost
    at_odds = [
        frozenset((nodes[i], nodes[j]))
        for i, row in enumerate(adj)
        for j, s in row
        if j > i and _frustrated(s, colours[i], colours[j])
    ]
    return at_odds, exact, cost if exact else bound


def _frustrated(sign: int, a: int, b: int) -> bool:
    return a != b if sign > 0 else a == b


def _descend(adj: Adjacency, colours: list[int]) -> int:
    """Flip the actor that most lowers frustration (the first such actor on a tie) until none
    does; return the frustration.

    The actors wait in a heap by gain, so each flip costs the actor's ties, not a scan of the
    whole block: a block of 9,000 actors took 43 s of scans in the 1M benchmark's first
    ``balance``. An actor whose gain changed is pushed again and its older entries skipped.
    """
    gain = [
        sum(2 * _frustrated(s, colours[i], colours[j]) - 1 for j, s in row)
        for i, row in enumerate(adj)
    ]
    cost = sum(len(row) + g for row, g in zip(adj, gain, strict=True)) // 4
    waiting = [(-g, i) for i, g in enumerate(gain)]
    heapq.heapify(waiting)
    while True:
        check_time()
        while -waiting[0][0] != gain[waiting[0][1]]:  # an older gain of an actor pushed since
            heapq.heappop(waiting)
        i = waiting[0][1]
        if gain[i] <= 0:
            return cost
        cost -= gain[i]
        colours[i] ^= 1
        gain[i] = -gain[i]
        heapq.heapreplace(waiting, (-gain[i], i))
        for j, s in adj[i]:
            gain[j] += 2 if _frustrated(s, colours[i], colours[j]) else -2
            heapq.heappush(waiting, (-gain[j], j))


def _local_search(adj: Adjacency, start: list[int]) -> tuple[list[int], int]:
    """Descend from ``start`` and from seeded random splits, then from random kicks of the best."""
    rng = random.Random(len(adj))
    best, best_cost = start, _descend(adj, start)
    for attempt in range(_RANDOM_STARTS + _KICKS):
        check_time()
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
        check_time()
        if i == n:
            if spent < best[0]:  # the second side of the last actor may cost more than the first
                best[:] = [spent, bits]
            return
        placed = (1 << i) - 1
        if spent + sum(min(price(k, bits, placed)) for k in range(i, n)) >= best[0]:
            return
        here = price(i, bits, placed)
        for side in sorted((0, 1), key=here.__getitem__) if i else (0,):
            visit(i + 1, bits | side << i, spent + here[side])

    visit(0, 0, 0)
    return [best[1] >> i & 1 for i in range(n)], best[0]
