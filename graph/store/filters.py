"""Which relationships a query wants: one filter object shared by the store and the API.

Examples
--------
>>> import datetime as dt
>>> from graph.model.records import Relationship
>>> from graph.model.vocabulary import Relation, Valence
>>> r = Relationship("r", Relation.ATTACKS, "russia", "isis", (), date=dt.date(2016, 8, 16))
>>> RelationshipFilter(valence=Valence.HOSTILE, actor="isis").matches(r)
True
>>> RelationshipFilter(until=dt.date(2016, 8, 1)).matches(r)
False
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from graph.model.records import Relationship
from graph.model.vocabulary import Direction, Relation, Stance, Valence

__all__ = ["RelationshipFilter", "touches"]


def touches(rel: Relationship, key: str, direction: Direction) -> bool:
    """Whether ``rel`` is one of ``key``'s relationships in ``direction``.

    A symmetric relationship counts as both outgoing and incoming for both of its actors.

    >>> from graph.model.vocabulary import Relation
    >>> meets = Relationship("m", Relation.MEETS, "putin", "rouhani", ())
    >>> touches(meets, "rouhani", Direction.OUT)
    True
    """
    if direction is Direction.ANY or rel.symmetric:
        return rel.involves(key)
    if direction is Direction.OUT:
        return rel.source == key
    return rel.target == key


@dataclass(frozen=True, slots=True)
class RelationshipFilter:
    """Conditions a relationship must all meet; ``None`` means "any".

    ``between`` holds two or more actor keys: both ends must be among them.
    ``since``/``until`` bound the relationship's date (undated ones are left out by either).
    ``as_of`` keeps what had happened and was still valid on that day.
    """

    relations: frozenset[Relation] | None = None
    valence: Valence | None = None
    actor: str | None = None
    direction: Direction = Direction.ANY
    between: frozenset[str] | None = None
    claimed_by: str | None = None
    stance: Stance | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    as_of: dt.date | None = None
    min_confidence: float | None = None

    @property
    def only_between(self) -> frozenset[str] | None:
        """``between`` when it is the only condition (the edges among its actors then hold
        every match, with nothing to look at in the relationships themselves), else ``None``.

        >>> RelationshipFilter(between=frozenset({"iran"})).only_between
        frozenset({'iran'})
        >>> RelationshipFilter(between=frozenset({"iran"}), since=dt.date(2016, 1, 1)).only_between
        """
        if self.between is not None and self == RelationshipFilter(between=self.between):
            return self.between
        return None

    def matches(self, rel: Relationship) -> bool:
        if self.relations is not None and rel.relation not in self.relations:
            return False
        if self.valence is not None and rel.valence is not self.valence:
            return False
        if self.actor is not None and not touches(rel, self.actor, self.direction):
            return False
        if self.between is not None and not (
            rel.source in self.between and rel.target in self.between
        ):
            return False
        if self.claimed_by is not None and rel.claimed_by != self.claimed_by:
            return False
        if self.stance is not None and rel.stance is not self.stance:
            return False
        if self.min_confidence is not None and rel.confidence < self.min_confidence:
            return False
        if self.since is not None and (rel.date is None or rel.date < self.since):
            return False
        if self.until is not None and (rel.date is None or rel.date > self.until):
            return False
        return self.as_of is None or rel.active_on(self.as_of)
