"""Structural balance (Heider; Cartwright-Harary): balanced triangles and the frustration index.

A triangle of signed ties is balanced when the product of its signs is positive. The
frustration index is the fewest ties whose sign must flip for the whole graph to be balanced:
the minimum, over all splits of the actors into two sides, of the cooperative ties across plus
the hostile ties within. MIXED ties (sign 0) say nothing about sides: they are left out of
triangles and frustration and only counted, as ``mixed_ties``.

Frustration adds up over the blocks (biconnected pieces) of the signed graph, so each block is
solved alone (see :mod:`graph.analysis.frustration`): by branch and bound when small, by integer
programming within the solver's time when larger. A block the solver does not finish keeps the
best split found, an upper bound; the result is then marked not exact and carries a lower bound.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import networkx as nx

from graph.analysis.budget import check_time
from graph.analysis.frustration import signed_ties, two_colouring
from graph.analysis.signed import signed_view
from graph.model.errors import InvalidInput
from graph.model.records import Relationship
from graph.store.alliance_graph import AllianceGraph

__all__ = ["BalanceReport", "Triangle", "balance_report", "check_min_confidence"]

Ties = tuple[Relationship, ...]


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
    frustration_lower_bound: int
    unbalanced_triangles: tuple[Triangle, ...]
    mixed_ties: int
    ties: int


def check_min_confidence(min_confidence: float | None) -> None:
    """Raise :class:`~graph.model.errors.InvalidInput` unless ``min_confidence`` is None or in [0,
    1].

    >>> check_min_confidence(1.5)
    Traceback (most recent call last):
    ...
    graph.model.errors.InvalidInput: min_confidence must be between 0 and 1, got 1.5
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
        Which relationships make ties, as in :func:`graph.analysis.signed.signed_view`.

    Returns
    -------
    BalanceReport
        ``ratio`` is the share of balanced triangles, None when there are none.
        ``unbalanced_triangles`` are in key order. ``frustration_exact`` is False when the
        optimum of some block was not proved in time; ``frustration`` is then the best found (an
        upper bound) and ``frustration_lower_bound`` how low it could be.

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
        frustration_lower_bound=colouring.lower_bound,
        unbalanced_triangles=unbalanced,
        mixed_ties=view.number_of_edges() - ties.number_of_edges(),
        ties=ties.number_of_edges(),
    )


def _triangles(ties: nx.Graph[str]) -> list[Triangle]:
    found = []
    for a in sorted(ties):
        check_time()
        later = {v for v in ties[a] if v > a}
        for b in sorted(later):
            for c in sorted(v for v in later.intersection(ties[b]) if v > b):
                ab, ac, bc = ties.edges[a, b], ties.edges[a, c], ties.edges[b, c]
                signs = (ab["sign"], ac["sign"], bc["sign"])
                rels = (ab["relationships"], ac["relationships"], bc["relationships"])
                found.append(Triangle((a, b, c), signs, signs[0] * signs[1] * signs[2] > 0, rels))
    return found
