"""The records the graph holds: actors, sources, evidence and relationships.

Examples
--------
>>> from graph.model.vocabulary import ActorKind, Relation
>>> ev = Evidence(source="nbc", quote="Russian bombers took off")
>>> rel = Relationship(id="r1", relation=Relation.ATTACKS, source="russia", target="isis",
...                    evidence=(ev,))
>>> rel.valence.value, rel.symmetric, rel.other("isis")
('HOSTILE', False, 'russia')
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import msgspec

from graph.model.vocabulary import (
    RELATIONS,
    ActorKind,
    DatePrecision,
    Relation,
    Stance,
    SupportKind,
    Valence,
)

__all__ = ["Actor", "Evidence", "Relationship", "Source"]


@dataclass(frozen=True, slots=True)
class Source:
    """A publication that evidence is quoted from."""

    id: str
    publisher: str
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: dt.date | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    """A state, body, person, group or population that takes part in relationships."""

    key: str
    name: str
    kind: ActorKind
    aliases: tuple[str, ...] = ()
    iso3: str | None = None
    cameo: str | None = None
    description: str | None = None

    def matches(self, needle: str) -> bool:
        """Whether ``needle`` occurs, ignoring case, in the name, key or an alias.

        >>> Actor("russia", "Russia", ActorKind.STATE, aliases=("Moscow",)).matches("mosc")
        True
        """
        needle = needle.casefold()
        return any(needle in text.casefold() for text in (self.name, self.key, *self.aliases))


class Evidence(msgspec.Struct, frozen=True, array_like=True, gc=False):
    """A verbatim quote from a source that reports a relationship."""

    source: str
    quote: str


class Relationship(msgspec.Struct, frozen=True, array_like=True, gc=False):
    """One typed, signed, dated, evidence-backed tie from ``source`` to ``target``.

    A symmetric relation (ALLIED_WITH, MEETS …) is stored once, in whichever direction it was
    entered, and answers for both actors in every direction.

    Relationships and their evidence are msgspec structs rather than dataclasses, as actors
    and sources are: a graph holds a million of them, and msgspec builds them in C, straight
    from the bytes a store keeps (:mod:`graph.persistence.packed`), several times faster than
    Python can. ``array_like``: they pack as arrays, in field order, so a field added later goes
    last, with a default. ``gc=False``: they hold only strings, enums, dates, numbers and
    tuples of those, never a cycle, so the cycle collector need not track them. Use
    :func:`msgspec.structs.replace` where a dataclass would use :func:`dataclasses.replace`.
    """

    id: str
    relation: Relation
    source: str
    target: str
    evidence: tuple[Evidence, ...]
    date: dt.date | None = None
    date_precision: DatePrecision | None = None
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    support_kinds: tuple[SupportKind, ...] = ()
    location: str | None = None
    claimed_by: str | None = None
    stance: Stance = Stance.REPORTED
    confidence: float = 1.0

    @property
    def valence(self) -> Valence:
        """COOPERATIVE, HOSTILE or NEUTRAL, from the relation."""
        return RELATIONS[self.relation].valence

    @property
    def symmetric(self) -> bool:
        """Whether the relation has no direction."""
        return RELATIONS[self.relation].symmetric

    def involves(self, key: str) -> bool:
        """Whether ``key`` is either end."""
        return key in (self.source, self.target)

    def other(self, key: str) -> str:
        """The end that is not ``key``."""
        return self.target if key == self.source else self.source

    def active_on(self, day: dt.date) -> bool:
        """Whether the relationship had happened and was still valid on ``day``.

        >>> r = Relationship("r", Relation.MEETS, "a", "b", (), date=dt.date(2016, 8, 9))
        >>> r.active_on(dt.date(2016, 8, 1)), r.active_on(dt.date(2016, 8, 16))
        (False, True)
        """
        start = self.date or self.valid_from
        if start is not None and start > day:
            return False
        return self.valid_until is None or self.valid_until >= day
