"""What happened when: dated relationships in date order.

Examples
--------
>>> import datetime as dt
>>> from graph.model.records import Actor, Evidence, Relationship, Source
>>> from graph.model.vocabulary import ActorKind, Relation
>>> g = AllianceGraph()
>>> g.add_source(Source("nbc", "NBC News"))
>>> for key in ("putin", "rouhani"):
...     g.add_actor(Actor(key, key.title(), ActorKind.PERSON))
>>> g.add_relationship(Relationship("m", Relation.MEETS, "putin", "rouhani",
...                                 (Evidence("nbc", "..."),), date=dt.date(2016, 8, 8)))
>>> [r.id for r in timeline(g, "rouhani")]
['m']
"""

from __future__ import annotations

from graph.model.records import Relationship
from graph.store.alliance_graph import AllianceGraph
from graph.store.filters import RelationshipFilter

__all__ = ["timeline"]


def timeline(graph: AllianceGraph, key: str | None = None) -> list[Relationship]:
    """Every dated relationship, or every one of ``key``'s, oldest first.

    A relationship belongs to an actor when the actor is either end of it (not merely its
    claimant). Relationships without a ``date`` are left out, even those with a
    ``valid_from``; relationships on the same day come in id order.

    Parameters
    ----------
    graph : AllianceGraph
    key : str, optional
        Only this actor's relationships; everyone's when ``None``.

    Returns
    -------
    list of Relationship

    Raises
    ------
    UnknownActor
        When ``key`` is not in the graph.

    Examples
    --------
    >>> import datetime as dt
    >>> from graph.model.records import Actor, Evidence, Relationship, Source
    >>> from graph.model.vocabulary import ActorKind, Relation
    >>> g = AllianceGraph()
    >>> g.add_source(Source("nbc", "NBC News"))
    >>> for key in ("russia", "us", "isis"):
    ...     g.add_actor(Actor(key, key.title(), ActorKind.STATE))
    >>> for rid, a, relation, b, day in [
    ...         ("b", "russia", Relation.ATTACKS, "isis", dt.date(2016, 8, 16)),
    ...         ("a", "russia", Relation.NEGOTIATES_WITH, "us", dt.date(2016, 8, 15)),
    ...         ("c", "us", Relation.ATTACKS, "isis", None)]:
    ...     g.add_relationship(Relationship(rid, relation, a, b, (Evidence("nbc", "..."),),
    ...                                     date=day))
    >>> [(r.id, str(r.date)) for r in timeline(g)]
    [('a', '2016-08-15'), ('b', '2016-08-16')]
    >>> [r.id for r in timeline(g, "isis")]
    ['b']
    """
    if key is not None:
        graph.require_actor(key, field="key")
    found = graph.relationships(RelationshipFilter(actor=key))
    dated = sorted((r.date, r.id, r) for r in found if r.date is not None)
    return [r for _, _, r in dated]
