"""Direct allies and adversaries, and the ties balance theory predicts ("enemy of my enemy").

Two signed steps imply a third tie: a friend of a friend or an enemy of an enemy is a friend;
a friend of an enemy or an enemy of a friend is an enemy. A MIXED step implies nothing, and
MIXED ties make an actor neither ally nor adversary. Relationships that are only NEUTRAL or
structural (MEETS, MEMBER_OF …) are not signed ties: they neither carry a prediction nor block
one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import networkx as nx

from graph.analysis.balance import check_min_confidence
from graph.analysis.budget import check_time
from graph.analysis.signed import PairValence, signed_ties, signed_view
from graph.model.records import Relationship
from graph.store.alliance_graph import AllianceGraph

__all__ = ["InferredTie", "adversaries", "allies", "inferred_ties"]


@dataclass(frozen=True, slots=True)
class InferredTie:
    """A tie balance theory predicts between an actor and ``actor``, through ``via``.

    ``first`` is the tie from the actor asked about to ``via``, ``second`` the tie from ``via``
    to ``actor``; each comes with the relationships that make it.
    """

    actor: str
    valence: PairValence
    via: str
    first: PairValence
    second: PairValence
    first_relationships: tuple[Relationship, ...]
    second_relationships: tuple[Relationship, ...]


def inferred_ties(
    graph: AllianceGraph,
    key: str,
    *,
    as_of: dt.date | None = None,
    min_confidence: float | None = None,
    include_claims: bool = True,
) -> list[InferredTie]:
    """The friends and enemies two steps from ``key`` that have no direct signed tie to it.

    Parameters
    ----------
    graph : AllianceGraph
        The graph to read; it is not modified.
    key : str
        The actor to predict ties for.
    as_of, min_confidence, include_claims
        Which relationships make ties, as in :func:`graph.analysis.signed.signed_view`.

    Returns
    -------
    list of InferredTie
        One per two-step chain, by ``actor`` then ``via``; chains to the same actor may
        disagree, and each is reported. ``valence`` is COOPERATIVE or HOSTILE.

    Raises
    ------
    UnknownActor
        When ``key`` is not in the graph.
    InvalidInput
        When ``min_confidence`` is outside [0, 1].

    Examples
    --------
    >>> from graph import Actor, ActorKind, AllianceGraph, Evidence, Relation, Relationship
    >>> from graph import Source
    >>> g = AllianceGraph()
    >>> g.add_source(Source("nbc", "NBC News"))
    >>> for key in ("isis", "russia", "us"):
    ...     g.add_actor(Actor(key, key.title(), ActorKind.STATE))
    >>> for s in ("russia", "us"):
    ...     g.add_relationship(Relationship(f"{s}-isis", Relation.ATTACKS, s, "isis",
    ...                                     (Evidence("nbc", "q"),)))
    >>> [(t.actor, t.valence.value, t.via) for t in inferred_ties(g, "russia")]
    [('us', 'COOPERATIVE', 'isis')]
    """
    view = _view(
        graph, key, as_of=as_of, min_confidence=min_confidence, include_claims=include_claims
    )
    found = []
    for via in view[key]:
        check_time()
        first = view.edges[key, via]
        for actor in view[via]:
            second = view.edges[via, actor]
            if actor == key or actor in view[key] or not first["sign"] * second["sign"]:
                continue
            found.append(
                InferredTie(
                    actor=actor,
                    valence=(
                        PairValence.COOPERATIVE
                        if first["sign"] * second["sign"] > 0
                        else PairValence.HOSTILE
                    ),
                    via=via,
                    first=first["valence"],
                    second=second["valence"],
                    first_relationships=first["relationships"],
                    second_relationships=second["relationships"],
                )
            )
    return sorted(found, key=lambda t: (t.actor, t.via))


def allies(
    graph: AllianceGraph,
    key: str,
    *,
    as_of: dt.date | None = None,
    min_confidence: float | None = None,
    include_claims: bool = True,
) -> list[str]:
    """The actors with a COOPERATIVE direct tie to ``key``, in key order.

    Parameters
    ----------
    graph : AllianceGraph
        The graph to read; it is not modified.
    key : str
        The actor whose allies to list.
    as_of, min_confidence, include_claims
        Which relationships make ties, as in :func:`graph.analysis.signed.signed_view`.

    Returns
    -------
    list of str
        Actor keys; a MIXED tie (both cooperative and hostile) does not count.

    Raises
    ------
    UnknownActor
        When ``key`` is not in the graph.
    InvalidInput
        When ``min_confidence`` is outside [0, 1].

    Examples
    --------
    >>> from graph import Actor, ActorKind, AllianceGraph, Evidence, Relation, Relationship
    >>> from graph import Source
    >>> g = AllianceGraph()
    >>> g.add_source(Source("nbc", "NBC News"))
    >>> for key in ("assad", "iran", "russia"):
    ...     g.add_actor(Actor(key, key.title(), ActorKind.STATE))
    >>> for s in ("iran", "russia"):
    ...     g.add_relationship(Relationship(f"{s}-assad", Relation.SUPPORTS, s, "assad",
    ...                                     (Evidence("nbc", "q"),)))
    >>> allies(g, "assad"), allies(g, "iran")
    (['iran', 'russia'], ['assad'])
    """
    return _direct(graph, key, PairValence.COOPERATIVE, as_of, min_confidence, include_claims)


def adversaries(
    graph: AllianceGraph,
    key: str,
    *,
    as_of: dt.date | None = None,
    min_confidence: float | None = None,
    include_claims: bool = True,
) -> list[str]:
    """The actors with a HOSTILE direct tie to ``key``, in key order.

    Parameters
    ----------
    graph : AllianceGraph
        The graph to read; it is not modified.
    key : str
        The actor whose adversaries to list.
    as_of, min_confidence, include_claims
        Which relationships make ties, as in :func:`graph.analysis.signed.signed_view`.

    Returns
    -------
    list of str
        Actor keys; a MIXED tie (both cooperative and hostile) does not count.

    Raises
    ------
    UnknownActor
        When ``key`` is not in the graph.
    InvalidInput
        When ``min_confidence`` is outside [0, 1].

    Examples
    --------
    >>> from graph import Actor, ActorKind, AllianceGraph, Evidence, Relation, Relationship
    >>> from graph import Source
    >>> g = AllianceGraph()
    >>> g.add_source(Source("nbc", "NBC News"))
    >>> for key in ("isis", "russia"):
    ...     g.add_actor(Actor(key, key.title(), ActorKind.STATE))
    >>> g.add_relationship(Relationship("r1", Relation.ATTACKS, "russia", "isis",
    ...                                 (Evidence("nbc", "q"),)))
    >>> adversaries(g, "isis")
    ['russia']
    >>> adversaries(g, "atlantis")
    Traceback (most recent call last):
    ...
    graph.model.errors.UnknownActor: unknown actor key 'atlantis'
    """
    return _direct(graph, key, PairValence.HOSTILE, as_of, min_confidence, include_claims)


def _view(
    graph: AllianceGraph,
    key: str,
    *,
    as_of: dt.date | None,
    min_confidence: float | None,
    include_claims: bool,
) -> nx.Graph[str]:
    check_min_confidence(min_confidence)
    graph.require_actor(key, field="key")
    return signed_view(
        graph, min_confidence=min_confidence, include_claims=include_claims, as_of=as_of
    )


def _direct(
    graph: AllianceGraph,
    key: str,
    valence: PairValence,
    as_of: dt.date | None,
    min_confidence: float | None,
    include_claims: bool,
) -> list[str]:
    """The actors tied to ``key`` with ``valence``, from ``key``'s own relationships (a
    whole signed view per actor cost seconds a time on a million relationships)."""
    check_min_confidence(min_confidence)
    graph.require_actor(key, field="key")
    ties = signed_ties(
        graph, key, min_confidence=min_confidence, include_claims=include_claims, as_of=as_of
    )
    return [other for other, tie in ties.items() if tie is valence]
