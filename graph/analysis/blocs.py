"""Blocs: camps of actors with cooperative ties inside and hostile ties across.

Only cooperative and hostile ties count: MIXED ties are ignored, and actors with no
cooperative or hostile tie belong to no bloc.

The blocs are found in three deterministic steps:

1. Split every connected part of the signed graph in two with
   :func:`~graph.analysis.balance.two_colouring`, the split that frustrates the fewest ties (exact
   up to :data:`~graph.analysis.balance.EXACT_MAX_ACTORS` actors per block, local search beyond).
2. Cut each side into pieces held together by cooperative ties.
3. Put the pieces of a side back together, largest first, each into the first camp it has no
   hostile tie with, or a camp of its own. Pieces with no tie at all between them share a camp,
   since they share enemies ("the enemy of my enemy"); pieces at war stay apart, so three
   camps all hostile to each other give three blocs.

Hostile ties inside a piece cannot be undone without cutting a cooperative tie; they are
counted as the bloc's ``hostile_ties``. Where several splits are equally good (in a triangle of
two alliances and one enmity, either the enmity or one alliance can be the tie at odds), the
first one the search finds wins, the same one every time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import networkx as nx

from graph.analysis.balance import check_min_confidence
from graph.analysis.budget import check_time
from graph.analysis.frustration import signed_ties, two_colouring
from graph.analysis.signed import signed_view
from graph.store.alliance_graph import AllianceGraph

__all__ = ["Bloc", "blocs"]


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


def blocs(
    graph: AllianceGraph,
    *,
    min_confidence: float | None = None,
    include_claims: bool = True,
    as_of: dt.date | None = None,
) -> list[Bloc]:
    """Split the actors with signed ties into blocs.

    Parameters
    ----------
    graph : AllianceGraph
        The graph to read; it is not modified.
    min_confidence, include_claims, as_of
        Which relationships make ties, as in :func:`graph.analysis.signed.signed_view`.

    Returns
    -------
    list of Bloc
        Largest first, then by first member's key.

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
    >>> [(b.members, b.anchor) for b in blocs(g)]
    [(('assad', 'russia'), 'assad'), (('isis', 'nusra'), 'isis')]
    """
    check_min_confidence(min_confidence)
    view = signed_view(
        graph, min_confidence=min_confidence, include_claims=include_claims, as_of=as_of
    )
    ties = signed_ties(view)
    sides = two_colouring(view).sides
    friends: nx.Graph[str] = nx.Graph()
    friends.add_nodes_from(ties)
    friends.add_edges_from((u, v) for u, v, tie in ties.edges(data=True) if tie["sign"] > 0)
    camps: list[set[str]] = []
    for part in nx.connected_components(ties):
        for side in (0, 1):
            members = [v for v in part if sides[v] == side]
            camps.extend(_camps(ties, friends.subgraph(members)))
    found = [_bloc(ties, camp) for camp in camps]
    return sorted(found, key=lambda b: (-len(b.members), b.members[0]))


def _camps(ties: nx.Graph[str], friends: nx.Graph[str]) -> list[set[str]]:
    """Merge the cooperative pieces of one side into as few camps as hostile ties allow."""
    pieces = sorted(nx.connected_components(friends), key=lambda c: (-len(c), min(c)))
    camps: list[set[str]] = []
    for piece in pieces:
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
