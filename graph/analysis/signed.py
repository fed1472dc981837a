"""The signed view: one undirected tie per actor pair, positive, negative or mixed.

Only COOPERATIVE and HOSTILE relationships make ties; NEUTRAL and structural relations
(MEETS, NEGOTIATES_WITH, MEMBER_OF, LEADS, PART_OF) do not.

Examples
--------
>>> from graph.model.records import Relationship
>>> from graph.model.vocabulary import Relation
>>> rels = [Relationship("a", Relation.SUPPORTS, "us", "kurds", ()),
...         Relationship("b", Relation.ATTACKS, "kurds", "us", ())]
>>> pair_valence(rels)
<PairValence.MIXED: 'MIXED'>
>>> pair_valence([]), pair_valence([Relationship("m", Relation.MEETS, "x", "y", ())])
(<PairValence.NONE: 'NONE'>, <PairValence.NEUTRAL: 'NEUTRAL'>)
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from operator import attrgetter

import networkx as nx

from graph.analysis.budget import check_time
from graph.model.records import Relationship
from graph.model.vocabulary import Stance, Valence
from graph.store.alliance_graph import AllianceGraph
from graph.store.filters import RelationshipFilter

__all__ = ["PairValence", "pair_valence", "signed_ties", "signed_view"]

_ID = attrgetter("id")


class PairValence(enum.Enum):
    """How two actors stand towards each other, from all their relationships."""

    COOPERATIVE = "COOPERATIVE"
    HOSTILE = "HOSTILE"
    MIXED = "MIXED"
    """Both cooperative and hostile relationships ("it's complicated")."""
    NEUTRAL = "NEUTRAL"
    """Only neutral or structural relationships."""
    NONE = "NONE"
    """No relationship at all."""


def pair_valence(relationships: Iterable[Relationship]) -> PairValence:
    """Classify the relationships between one pair of actors."""
    valences = {r.valence for r in relationships}
    if not valences:
        return PairValence.NONE
    cooperative = Valence.COOPERATIVE in valences
    hostile = Valence.HOSTILE in valences
    if cooperative and hostile:
        return PairValence.MIXED
    if cooperative:
        return PairValence.COOPERATIVE
    if hostile:
        return PairValence.HOSTILE
    return PairValence.NEUTRAL


def signed_view(
    graph: AllianceGraph,
    *,
    min_confidence: float | None = None,
    include_claims: bool = True,
    as_of: dt.date | None = None,
) -> nx.Graph[str]:
    """An undirected :class:`networkx.Graph` of signed ties between actors.

    Each edge has ``valence`` (a :class:`PairValence`: COOPERATIVE, HOSTILE or MIXED),
    ``sign`` (+1, -1, or 0 for MIXED) and ``relationships`` (the ones that make the tie).
    Every actor is a node, tied or not. ``include_claims=False`` keeps only REPORTED
    relationships; ``min_confidence`` and ``as_of`` filter as in
    :class:`~graph.store.filters.RelationshipFilter`. The graph is not modified.

    >>> from graph import load_seed
    >>> view = signed_view(load_seed())
    >>> view.edges["russia", "isis"]["valence"]
    <PairValence.HOSTILE: 'HOSTILE'>
    """
    where = RelationshipFilter(min_confidence=min_confidence, as_of=as_of)
    matches = None if where == RelationshipFilter() else where.matches
    by_pair: dict[tuple[str, str], list[Relationship]] = {}
    # Read pair by pair off the adjacency: listing every relationship sorted by id and keying
    # each by a new frozenset took most of a 1M graph's view.
    for count, (source, out) in enumerate(graph.nx.adjacency()):
        if count % 256 == 0:
            check_time()
        for target, keyed in out.items():
            rels = [
                rel
                for data in keyed.values()
                if (rel := data["relationship"]).valence is not Valence.NEUTRAL
                and (include_claims or rel.stance is Stance.REPORTED)
                and (matches is None or matches(rel))
            ]
            if rels:
                pair = (source, target) if source < target else (target, source)
                by_pair.setdefault(pair, []).extend(rels)
    for rels in by_pair.values():
        rels.sort(key=_ID)
    view: nx.Graph[str] = nx.Graph()
    view.add_nodes_from(graph.nx.nodes)
    signs = {PairValence.COOPERATIVE: 1, PairValence.HOSTILE: -1, PairValence.MIXED: 0}
    # Ties in the order of their first relationship's id, as they always were.
    for (a, b), rels in sorted(by_pair.items(), key=lambda item: item[1][0].id):
        valence = pair_valence(rels)
        view.add_edge(a, b, valence=valence, sign=signs[valence], relationships=tuple(rels))
    return view


def signed_ties(
    graph: AllianceGraph,
    key: str,
    *,
    min_confidence: float | None = None,
    include_claims: bool = True,
    as_of: dt.date | None = None,
) -> dict[str, PairValence]:
    """``key``'s ties in :func:`signed_view` (COOPERATIVE, HOSTILE or MIXED, by the other
    actor's key, in key order), read from ``key``'s own relationships only: the same answer as
    the whole view's, for the work of one actor's relationships instead of every one.

    >>> from graph import load_seed
    >>> signed_ties(load_seed(), "isis")["russia"]
    <PairValence.HOSTILE: 'HOSTILE'>
    """
    where = RelationshipFilter(min_confidence=min_confidence, as_of=as_of)
    matches = None if where == RelationshipFilter() else where.matches
    by_other: dict[str, list[Relationship]] = {}
    for adjacency in (graph.nx.succ[key], graph.nx.pred[key]):
        for other, keyed in adjacency.items():
            for data in keyed.values():
                rel = data["relationship"]
                if (
                    rel.valence is not Valence.NEUTRAL
                    and (include_claims or rel.stance is Stance.REPORTED)
                    and (matches is None or matches(rel))
                ):
                    by_other.setdefault(other, []).append(rel)
    return {other: pair_valence(rels) for other, rels in sorted(by_other.items())}
