"""Blocs: camps of actors with cooperative ties inside and hostile ties across.

Finding them is correlation clustering, the partitioning of signed graphs (Doreian and Mrvar):
split the actors into any number of groups so as to frustrate the fewest ties, a tie being
frustrated when it is cooperative across groups or hostile within one. The signed view has one
tie per pair of actors (:func:`~graph.analysis.signed.signed_view`: repeated relationships
count once); MIXED pairs say nothing and are left out, and actors with no cooperative or hostile
tie belong to no bloc.

The cost adds up over the blocks (biconnected pieces) of the ties, so each block is solved
alone and the answers are joined at the actors they share:

1. Local search, from two starts: the pieces held together by cooperative ties, and the two
   sides of :func:`~graph.analysis.frustration.two_colouring` (so blocs never frustrate more
   ties than two sides would). One actor at a time moves to the group it has the most
   cooperative-minus-hostile ties with (or alone), while that frustrates fewer ties.
2. Blocks of at most :data:`EXACT_MAX_ACTORS` actors then go to an integer program
   (:func:`~graph.analysis.exact.solve_clustering`), smallest first, while the solver's time
   lasts (as for frustration); what it proves optimal is exact.
3. Groups of one connected part with no hostile tie between them are put together, largest
   first, each into the first camp it is not at war with: that never frustrates another tie,
   and the enemies of a common enemy share a camp ("the enemy of my enemy").

Where several groupings are equally good, the first found wins, the same one every time.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import cast

import networkx as nx

from graph.analysis.balance import check_min_confidence
from graph.analysis.budget import SolverTime, check_time
from graph.analysis.exact import solve_clustering
from graph.analysis.frustration import signed_ties, two_colouring
from graph.analysis.signed import signed_view
from graph.store.alliance_graph import AllianceGraph

__all__ = ["EXACT_MAX_ACTORS", "Bloc", "BlocReport", "bloc_report", "blocs", "signed_partition"]

EXACT_MAX_ACTORS = 40
"""Blocks up to this many actors are solved by integer programming (780 pair variables and
29,640 rows at 40); larger ones keep the local search's grouping, not proved optimal."""


@dataclass(frozen=True, slots=True)
class Bloc:
    """One camp: its members in key order and the ties among them.

    ``anchor`` is the member with the most cooperative ties inside the bloc, then the most
    signed ties overall, then the first key: a name to call the bloc by.
    """

    members: tuple[str, ...]
    anchor: str
    cooperative_ties: int
    hostile_ties: int


@dataclass(frozen=True, slots=True)
class BlocReport:
    """The blocs, the ties they frustrate (cooperative across plus hostile within), and
    whether that number is proved the fewest any grouping could give."""

    blocs: tuple[Bloc, ...]
    frustration: int
    exact: bool


def bloc_report(
    graph: AllianceGraph,
    *,
    min_confidence: float | None = None,
    include_claims: bool = True,
    as_of: dt.date | None = None,
) -> BlocReport:
    """Split the actors with signed ties into blocs, frustrating as few ties as possible.

    Parameters
    ----------
    graph : AllianceGraph
        The graph to read; it is not modified.
    min_confidence, include_claims, as_of
        Which relationships make ties, as in :func:`graph.analysis.signed.signed_view`.

    Returns
    -------
    BlocReport
        Blocs largest first, then by first member's key.

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
    >>> for key in ("assad", "isis", "nusra", "russia"):
    ...     g.add_actor(Actor(key, key.title(), ActorKind.ARMED_GROUP))
    >>> for s, rel, t in [("russia", "SUPPORTS", "assad"), ("russia", "ATTACKS", "isis"),
    ...                   ("isis", "ALLIED_WITH", "nusra"), ("assad", "ATTACKS", "nusra")]:
    ...     g.add_relationship(Relationship(f"{s}-{t}", Relation[rel], s, t,
    ...                                     (Evidence("nbc", "q"),)))
    >>> report = bloc_report(g)
    >>> [(b.members, b.anchor) for b in report.blocs], report.frustration, report.exact
    ([(('assad', 'russia'), 'assad'), (('isis', 'nusra'), 'isis')], 0, True)
    """
    check_min_confidence(min_confidence)
    view = signed_view(
        graph, min_confidence=min_confidence, include_claims=include_claims, as_of=as_of
    )
    groups, exact = signed_partition(view)
    ties = signed_ties(view)
    found = sorted((_bloc(ties, g) for g in groups), key=lambda b: (-len(b.members), b.members[0]))
    group_of = {v: i for i, group in enumerate(groups) for v in group}
    across = sum(
        1 for u, v, tie in ties.edges(data=True) if tie["sign"] > 0 and group_of[u] != group_of[v]
    )
    return BlocReport(tuple(found), across + sum(b.hostile_ties for b in found), exact)


def blocs(
    graph: AllianceGraph,
    *,
    min_confidence: float | None = None,
    include_claims: bool = True,
    as_of: dt.date | None = None,
) -> list[Bloc]:
    """The blocs of :func:`bloc_report`, largest first.

    >>> blocs(AllianceGraph())
    []
    """
    report = bloc_report(
        graph, min_confidence=min_confidence, include_claims=include_claims, as_of=as_of
    )
    return list(report.blocs)


def signed_partition(
    view: nx.Graph[str],
    *,
    exact_max_actors: int = EXACT_MAX_ACTORS,
    solver_time: float | None = None,
) -> tuple[list[set[str]], bool]:
    """The groups of the actors with signed ties in ``view`` (see the module docstring), and
    whether they are proved to frustrate the fewest ties.

    >>> view = nx.Graph()
    >>> view.add_edges_from([("a", "b"), ("b", "c"), ("a", "c")], sign=-1)
    >>> signed_partition(view)
    ([{'a'}, {'b'}, {'c'}], True)
    """
    ties = signed_ties(view)
    sides = two_colouring(view, solver_time=0).sides
    blocks = sorted(
        (cast("set[str]", b) for b in nx.biconnected_components(ties)),
        key=lambda b: (len(b), min(b)),
    )
    clock = SolverTime(solver_time)
    joined = nx.utils.UnionFind(ties.nodes)
    exact = True
    for block in blocks:
        labels, proved = _solve_block(ties.subgraph(block), sides, exact_max_actors, clock)
        exact = exact and proved
        for actor, label in labels.items():
            joined.union(actor, label)
    part_of = {v: min(part) for part in nx.connected_components(ties) for v in part}
    parts: dict[str, list[set[str]]] = {}
    for group in joined.to_sets():
        parts.setdefault(part_of[next(iter(group))], []).append(set(group))
    camps = [camp for _, pieces in sorted(parts.items()) for camp in _camps(ties, pieces)]
    return sorted(camps, key=lambda c: (-len(c), min(c))), exact


def _solve_block(
    block: nx.Graph[str], sides: dict[str, int], exact_max_actors: int, clock: SolverTime
) -> tuple[dict[str, str], bool]:
    """Each actor of the block with the first actor of its group; whether proved best."""
    nodes = sorted(block)
    index = {v: i for i, v in enumerate(nodes)}
    adj = [[(index[u], int(block.edges[v, u]["sign"])) for u in sorted(block[v])] for v in nodes]
    friends: nx.Graph[int] = nx.Graph()
    friends.add_nodes_from(range(len(nodes)))
    friends.add_edges_from((i, j) for i, row in enumerate(adj) for j, s in row if s > 0)
    pieces = [0] * len(nodes)
    for piece in nx.connected_components(friends):
        for i in piece:
            pieces[i] = min(piece)
    starts = [pieces, [sides[v] for v in nodes]]
    labels, cost = min((_improve(adj, start) for start in starts), key=lambda found: found[1])
    exact = cost == 0
    if cost and len(nodes) <= exact_max_actors and clock.available() > 0:
        solved = clock.solve(solve_clustering, adj)
        if solved.labels is not None and solved.value is not None and solved.value <= cost:
            labels, cost = solved.labels, solved.value
        exact = solved.lower_bound >= cost
    first: dict[int, int] = {}
    for i, label in enumerate(labels):
        first.setdefault(label, i)
    return {v: nodes[first[labels[i]]] for i, v in enumerate(nodes)}, exact


def _improve(adj: list[list[tuple[int, int]]], start: list[int]) -> tuple[list[int], int]:
    """Move one actor at a time to the group that frustrates fewest of its ties, while that
    frustrates fewer ties in all; the grouping and how many ties it frustrates.

    An actor frustrates its cooperative ties less its ties' signs summed over its own group,
    so it belongs with the group of the highest sum (0: alone)."""
    labels = list(start)
    size = Counter(labels)
    fresh = len(labels)
    moved = True
    while moved:
        check_time()
        moved = False
        for i, row in enumerate(adj):
            pull: dict[int, int] = {}
            for j, s in row:
                pull[labels[j]] = pull.get(labels[j], 0) + s
            here = pull.pop(labels[i], 0)
            if size[labels[i]] > 1:
                pull[fresh] = 0
            target, value = max(pull.items(), key=lambda item: (item[1], -item[0]), default=(0, 0))
            if value > here:
                size[labels[i]] -= 1
                labels[i] = target
                size[target] += 1
                fresh += target == fresh
                moved = True
    cost = sum(
        (labels[i] != labels[j]) if s > 0 else (labels[i] == labels[j])
        for i, row in enumerate(adj)
        for j, s in row
        if j > i
    )
    return labels, cost


def _camps(ties: nx.Graph[str], pieces: list[set[str]]) -> list[set[str]]:
    """Merge the groups of one connected part into as few camps as hostile ties allow."""
    camps: list[set[str]] = []
    for piece in sorted(pieces, key=lambda c: (-len(c), min(c))):
        check_time()
        for camp in camps:
            if not any(ties.edges[u, v]["sign"] < 0 for u in piece for v in ties[u] if v in camp):
                camp.update(piece)
                break
        else:
            camps.append(set(piece))
    return camps


def _bloc(ties: nx.Graph[str], camp: set[str]) -> Bloc:
    inside = ties.subgraph(camp)
    signs = [tie["sign"] for _, _, tie in inside.edges(data=True)]
    friendly = {v: sum(inside.edges[v, u]["sign"] > 0 for u in inside[v]) for v in inside}
    return Bloc(
        members=tuple(sorted(inside)),
        anchor=min(inside, key=lambda v: (-friendly[v], -ties.degree(v), v)),
        cooperative_ties=sum(s > 0 for s in signs),
        hostile_ties=sum(s < 0 for s in signs),
    )
