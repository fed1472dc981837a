"""How actors stand towards each other: one pair, or every pair of a set as a matrix.

A pair's stance comes from all relationships between the two, in either direction, classified
by :func:`graph.analysis.signed.pair_valence`.

Examples
--------
>>> from graph.model.records import Actor, Evidence, Relationship, Source
>>> from graph.model.vocabulary import ActorKind, Relation
>>> g = AllianceGraph()
>>> g.add_source(Source("nbc", "NBC News"))
>>> for key in ("russia", "us", "isis"):
...     g.add_actor(Actor(key, key.title(), ActorKind.STATE))
>>> for rid, a, relation, b in [("r1", "russia", Relation.ATTACKS, "isis"),
...                             ("r2", "us", Relation.ATTACKS, "isis")]:
...     g.add_relationship(Relationship(rid, relation, a, b, (Evidence("nbc", "..."),)))
>>> pair_stance(g, "isis", "russia").valence
<PairValence.HOSTILE: 'HOSTILE'>
>>> stance_matrix(g).cell("russia", "us").valence
<PairValence.NONE: 'NONE'>
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from graph.analysis.budget import check_time
from graph.analysis.signed import PairValence, pair_valence
from graph.model.errors import InvalidInput
from graph.model.records import Relationship
from graph.store.alliance_graph import AllianceGraph
from graph.store.filters import RelationshipFilter

__all__ = ["PairStance", "StanceMatrix", "pair_stance", "stance_matrix"]


@dataclass(frozen=True, slots=True)
class PairStance:
    """How ``a`` and ``b`` stand towards each other and the relationships (in id order) why."""

    a: str
    b: str
    valence: PairValence
    relationships: tuple[Relationship, ...]


@dataclass(frozen=True, slots=True)
class StanceMatrix:
    """The stance of every ordered pair of distinct ``keys``, row by row in ``keys`` order.

    Row ``a`` holds ``(a, b)`` for every other ``b``; the diagonal is left out, so there are
    ``n * (n - 1)`` cells.
    """

    keys: tuple[str, ...]
    cells: tuple[PairStance, ...]

    def cell(self, a: str, b: str) -> PairStance:
        """The cell of the pair ``(a, b)``.

        Raises :class:`~graph.model.errors.InvalidInput` when either key is not one of ``keys`` or
        both are the same.

        >>> m = StanceMatrix(("x", "y"), (PairStance("x", "y", PairValence.NONE, ()),
        ...                               PairStance("y", "x", PairValence.NONE, ())))
        >>> m.cell("y", "x").a
        'y'
        """
        i, j = self._index(a, "a"), self._index(b, "b")
        if i == j:
            raise InvalidInput(f"a matrix has no cell for the same actor twice ({a!r})", field="b")
        return self.cells[i * (len(self.keys) - 1) + (j if j < i else j - 1)]

    def _index(self, key: str, field: str) -> int:
        try:
            return self.keys.index(key)
        except ValueError:
            raise InvalidInput(f"{key!r} is not one of the matrix's keys", field=field) from None


def pair_stance(
    graph: AllianceGraph, a: str, b: str, *, as_of: dt.date | None = None
) -> PairStance:
    """How ``a`` and ``b`` stand towards each other, from every relationship between them.

    Parameters
    ----------
    graph : AllianceGraph
    a, b : str
        Two different actor keys.
    as_of : datetime.date, optional
        Count only relationships that had happened and were still valid on that day.

    Returns
    -------
    PairStance
        NONE when nothing joins them; MIXED when both cooperative and hostile ties do.

    Raises
    ------
    InvalidInput
        When ``a`` and ``b`` are the same actor.
    UnknownActor
        When either key is not in the graph.

    Examples
    --------
    >>> from graph.model.records import Actor, Evidence, Relationship, Source
    >>> from graph.model.vocabulary import ActorKind, Relation
    >>> g = AllianceGraph()
    >>> g.add_source(Source("nbc", "NBC News"))
    >>> for key in ("us", "kurds"):
    ...     g.add_actor(Actor(key, key.title(), ActorKind.STATE))
    >>> for rid, a, relation, b in [("r1", "us", Relation.SUPPORTS, "kurds"),
    ...                             ("r2", "kurds", Relation.OPPOSES, "us")]:
    ...     g.add_relationship(Relationship(rid, relation, a, b, (Evidence("nbc", "..."),)))
    >>> stance = pair_stance(g, "kurds", "us")
    >>> stance.valence, [r.id for r in stance.relationships]
    (<PairValence.MIXED: 'MIXED'>, ['r1', 'r2'])
    """
    graph.require_actor(a, field="a")
    graph.require_actor(b, field="b")
    if a == b:
        raise InvalidInput(
            f"a and b must be different actors, got the same actor twice ({a!r})", field="b"
        )
    where = RelationshipFilter(actor=a, between=frozenset((a, b)), as_of=as_of)
    rels = tuple(graph.relationships(where))
    return PairStance(a, b, pair_valence(rels), rels)


def stance_matrix(
    graph: AllianceGraph, keys: Sequence[str] | None = None, *, as_of: dt.date | None = None
) -> StanceMatrix:
    """The stance of every ordered pair of distinct actors among ``keys``.

    Parameters
    ----------
    graph : AllianceGraph
    keys : sequence of str, optional
        The actors, in the order rows and columns should take; every actor, in key order,
        when ``None``.
    as_of : datetime.date, optional
        Count only relationships that had happened and were still valid on that day.

    Returns
    -------
    StanceMatrix

    Raises
    ------
    InvalidInput
        When ``keys`` is empty or names an actor twice.
    UnknownActor
        When a key is not in the graph.

    Examples
    --------
    >>> from graph.model.records import Actor
    >>> from graph.model.vocabulary import ActorKind
    >>> g = AllianceGraph()
    >>> for key in ("iran", "iraq", "syria"):
    ...     g.add_actor(Actor(key, key.title(), ActorKind.STATE))
    >>> [(c.a, c.b) for c in stance_matrix(g, ["syria", "iran"]).cells]
    [('syria', 'iran'), ('iran', 'syria')]
    >>> len(stance_matrix(g).cells)
    6
    >>> stance_matrix(g, ["iran", "iraq", "iran"])
    Traceback (most recent call last):
    ...
    graph.model.errors.InvalidInput: keys names 'iran' more than once
    """
    if keys is None:
        keys = sorted(graph.nx.nodes)
    elif not keys:
        raise InvalidInput("keys must name at least one actor", field="keys")
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise InvalidInput(f"keys names {key!r} more than once", field="keys")
        seen.add(key)
        graph.require_actor(key, field="keys")
    by_pair: dict[frozenset[str], list[Relationship]] = {}
    for rel in graph.relationships(RelationshipFilter(between=frozenset(seen), as_of=as_of)):
        by_pair.setdefault(frozenset((rel.source, rel.target)), []).append(rel)
    cells = []
    for a in keys:
        check_time()
        for b in keys:
            if a != b:
                rels = tuple(by_pair.get(frozenset((a, b)), ()))
                cells.append(PairStance(a, b, pair_valence(rels), rels))
    return StanceMatrix(tuple(keys), tuple(cells))
