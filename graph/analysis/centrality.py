"""Which actors matter most: degree, betweenness and eigenvector centrality.

Each measure is computed with NetworkX over an undirected simple graph of actors:

DEGREE
    :func:`networkx.degree_centrality` over the projection of *every* relationship (any
    relation, any valence, either direction, parallel ones counted once): the share of the
    other actors an actor has any tie with.
BETWEENNESS
    :func:`networkx.betweenness_centrality` (normalized) over the same projection: how often
    an actor lies on the shortest paths between others. Exact while actors times ties stay
    within :data:`BETWEENNESS_WORK`; beyond that it is estimated from a fixed, seeded sample of
    source actors, so it stays fast and repeatable, and the :class:`Ranking` says so, with the
    number of sources sampled.
EIGENVECTOR
    The leading eigenvector of the adjacency matrix of the *cooperative* view (the scores
    :func:`networkx.eigenvector_centrality` converges to, found by a symmetric eigensolver to
    machine precision rather than by power iteration to 1e-6): the pairs whose
    relationships are all COOPERATIVE in :func:`graph.analysis.signed.signed_view` (HOSTILE, MIXED
    and neutral-only pairs are left out), unweighted. An actor scores high when it cooperates with
    actors that score high. It is computed per connected component, so the power iteration
    always converges, and combined exactly as the whole-graph iteration would end up: the
    component(s) with the largest leading eigenvalue share the scores (Euclidean norm 1) and
    every other actor, including those with no cooperative tie, scores 0.

Scores within a relative :data:`TIE_TOLERANCE` of each other are equal: they are reported as
the first of them and ranked by key, so float noise cannot order symmetric actors.

Examples
--------
>>> from graph.model.records import Actor, Evidence, Relationship, Source
>>> from graph.model.vocabulary import ActorKind, Relation
>>> g = AllianceGraph()
>>> g.add_source(Source("nbc", "NBC News"))
>>> for key in ("iran", "iraq", "russia", "syria"):
...     g.add_actor(Actor(key, key.title(), ActorKind.STATE))
>>> for rid, other in [("r1", "iraq"), ("r2", "russia"), ("r3", "syria")]:
...     g.add_relationship(Relationship(rid, Relation.SUPPORTS, "iran", other,
...                                     (Evidence("nbc", "..."),)))
>>> centrality(g, CentralityMeasure.DEGREE, first=2)
[('iran', 1.0), ('iraq', 0.333...)]
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from dataclasses import dataclass

import networkx as nx
import numpy as np
from scipy.sparse.linalg import ArpackNoConvergence, eigsh

from graph.analysis.paths import undirected_projection
from graph.analysis.signed import PairValence, signed_view
from graph.model.errors import InvalidInput
from graph.store.alliance_graph import AllianceGraph
from graph.store.filters import RelationshipFilter

__all__ = [
    "MAX_FIRST",
    "TIE_TOLERANCE",
    "CentralityMeasure",
    "Ranking",
    "centrality",
    "check_first",
    "ranking",
]

MAX_FIRST = 100
"""The most actors :func:`centrality` ranks in one call."""
TIE_TOLERANCE = 1e-9
"""Scores closer than this, relative to the larger, count as equal."""
_DENSE = 1_000
"""Components up to this many actors get a dense eigensolver; larger ones a sparse one."""


class CentralityMeasure(enum.Enum):
    """How to score an actor's importance; see the module docstring for each definition."""

    DEGREE = "DEGREE"
    BETWEENNESS = "BETWEENNESS"
    EIGENVECTOR = "EIGENVECTOR"


@dataclass(frozen=True, slots=True)
class Ranking:
    """Actors ranked by one measure, and whether their scores are exact or estimated from
    ``samples`` source actors (None when exact)."""

    scores: tuple[tuple[str, float], ...]
    exact: bool
    samples: int | None


def centrality(
    graph: AllianceGraph,
    measure: CentralityMeasure,
    *,
    first: int = 10,
    as_of: dt.date | None = None,
) -> list[tuple[str, float]]:
    """The ``first`` actors with the highest ``measure``, with their scores: the scores of
    :func:`ranking`.

    Parameters
    ----------
    graph : AllianceGraph
    measure : CentralityMeasure
    first : int
        How many actors to return, 1 to 100.
    as_of : datetime.date, optional
        Count only relationships that had happened and were still valid on that day.

    Returns
    -------
    list of (str, float)
        ``(actor key, score)`` pairs, highest score first, equal scores in key order.

    Raises
    ------
    InvalidInput
        When ``first`` is out of range, or (never seen in practice) when the sparse
        eigensolver does not converge on a component of more than 1,000 actors.

    Examples
    --------
    >>> from graph.model.records import Actor, Evidence, Relationship, Source
    >>> from graph.model.vocabulary import ActorKind, Relation
    >>> g = AllianceGraph()
    >>> g.add_source(Source("nbc", "NBC News"))
    >>> for key in ("assad", "iran", "isis", "russia"):
    ...     g.add_actor(Actor(key, key.title(), ActorKind.STATE))
    >>> for rid, a, relation, b in [("r1", "russia", Relation.SUPPORTS, "assad"),
    ...                             ("r2", "iran", Relation.SUPPORTS, "assad"),
    ...                             ("r3", "russia", Relation.ATTACKS, "isis")]:
    ...     g.add_relationship(Relationship(rid, relation, a, b, (Evidence("nbc", "..."),)))
    >>> centrality(g, CentralityMeasure.BETWEENNESS, first=2)
    [('assad', 0.666...), ('russia', 0.666...)]
    >>> [key for key, _ in centrality(g, CentralityMeasure.EIGENVECTOR)]
    ['assad', 'iran', 'russia', 'isis']
    """
    return list(ranking(graph, measure, as_of=as_of).scores[: check_first(first)])


def check_first(first: int) -> int:
    """``first`` when it is from 1 to :data:`MAX_FIRST`; raises :class:`InvalidInput` else.

    >>> check_first(0)
    Traceback (most recent call last):
    ...
    graph.model.errors.InvalidInput: first must be between 1 and 100, got 0
    """
    if not 1 <= first <= MAX_FIRST:
        raise InvalidInput(f"first must be between 1 and {MAX_FIRST}, got {first}", field="first")
    return first


def ranking(
    graph: AllianceGraph, measure: CentralityMeasure, *, as_of: dt.date | None = None
) -> Ranking:
    """Every actor with its ``measure``, highest first, equal scores in key order, saying
    whether the scores are exact: what :func:`centrality` takes its ``first`` from, so a cache
    keeps one per measure and day.

    ``as_of`` as for :func:`centrality`.

    >>> ranking(AllianceGraph(), CentralityMeasure.BETWEENNESS)
    Ranking(scores=(), exact=True, samples=None)
    """
    samples = None
    if measure is CentralityMeasure.EIGENVECTOR:
        scores = _eigenvector(_cooperative_view(graph, as_of))
    else:
        projection = undirected_projection(graph, RelationshipFilter(as_of=as_of))
        if measure is CentralityMeasure.DEGREE:
            scores = nx.degree_centrality(projection)
        else:
            samples = _betweenness_sources(projection)
            scores = nx.betweenness_centrality(projection, k=samples, normalized=True, seed=0)
    return Ranking(tuple(_ranked(scores)), samples is None, samples)


def _ranked(scores: dict[str, float]) -> list[tuple[str, float]]:
    """Highest first; a run of scores each within :data:`TIE_TOLERANCE` of the run's first is
    one score, the first's, in key order."""
    ordered = sorted(scores.items(), key=lambda item: -item[1])
    ranked: list[tuple[str, float]] = []
    start = 0
    while start < len(ordered):
        top = ordered[start][1]
        end = start + 1
        while end < len(ordered) and top - ordered[end][1] <= TIE_TOLERANCE * abs(top):
            end += 1
        ranked.extend((key, top) for key, _ in sorted(ordered[start:end]))
        start = end
    return ranked


BETWEENNESS_WORK = 5_000_000
"""Sources times ties that BETWEENNESS may walk: beyond it, it samples sources (seeded)."""


def _betweenness_sources(projection: nx.Graph[str]) -> int | None:
    """All actors as sources (exact) on small graphs; on large ones as many as the work
    allows, which makes the score an estimate from a fixed sample."""
    n, ties = projection.number_of_nodes(), max(projection.number_of_edges(), 1)
    if n * ties <= BETWEENNESS_WORK:
        return None
    return max(1, min(n, BETWEENNESS_WORK // ties))


def _cooperative_view(graph: AllianceGraph, as_of: dt.date | None) -> nx.Graph[str]:
    signed = signed_view(graph, as_of=as_of)
    view: nx.Graph[str] = nx.Graph()
    view.add_nodes_from(sorted(signed.nodes))
    view.add_edges_from(
        (a, b) for a, b, tie in signed.edges(data=True) if tie["valence"] is PairValence.COOPERATIVE
    )
    return view


def _eigenvector(view: nx.Graph[str]) -> dict[str, float]:
    scores = dict.fromkeys(view.nodes, 0.0)
    leading: list[tuple[float, dict[str, float]]] = []
    for nodes in nx.connected_components(view):
        if len(nodes) < 2:
            continue
        eigenvalue, vector = _leading(view.subgraph(sorted(nodes)))
        leading.append((eigenvalue, vector))
    if not leading:
        return scores
    top = max(eigenvalue for eigenvalue, _ in leading)
    # The whole-graph iteration starts from the all-ones vector and ends on its projection
    # onto the top eigenspace: each top component weighted by the sum of its own vector.
    winners = [(sum(v.values()), v) for e, v in leading if math.isclose(e, top, rel_tol=1e-9)]
    norm = math.sqrt(sum(weight**2 for weight, _ in winners))
    for weight, vector in winners:
        for key, value in vector.items():
            scores[key] = weight * value / norm
    return scores


def _leading(part: nx.Graph[str]) -> tuple[float, dict[str, float]]:
    """The largest eigenvalue of a connected part's adjacency matrix and its eigenvector, of
    norm 1 and positive (Perron-Frobenius: that eigenvalue is simple)."""
    adjacency = nx.to_scipy_sparse_array(part, weight=None, format="csr").astype(float)
    if len(part) <= _DENSE:
        values, vectors = np.linalg.eigh(adjacency.toarray())
        eigenvalue, vector = float(values[-1]), vectors[:, -1]
    else:
        try:
            values, vectors = eigsh(adjacency, k=1, which="LA")
        except ArpackNoConvergence:
            raise InvalidInput(
                "eigenvector centrality did not converge on this graph; "
                "use DEGREE or BETWEENNESS instead",
                field="measure",
            ) from None
        eigenvalue, vector = float(values[0]), vectors[:, 0]
    vector = np.abs(vector) / np.linalg.norm(vector)
    return eigenvalue, {key: float(x) for key, x in zip(part, vector, strict=True)}
