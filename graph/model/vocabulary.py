"""The controlled vocabulary: actor kinds, relations and their valence, support kinds, stances.

Examples
--------
>>> RELATIONS[Relation.ATTACKS].valence
<Valence.HOSTILE: 'HOSTILE'>
>>> RELATIONS[Relation.MEETS].symmetric
True
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = [
    "RELATIONS",
    "ActorKind",
    "DatePrecision",
    "Direction",
    "Relation",
    "RelationInfo",
    "Stance",
    "SupportKind",
    "Valence",
]


class _Term(enum.Enum):
    """A term of the vocabulary, hashed by identity.

    ``enum.Enum`` hashes a member by its name in Python code, and a member is a dict key or
    set element in every signed view, index and filter: on a million relationships that
    hashing was the largest single cost of a signed view. Members are singletons and equal
    only to themselves, so hashing by identity agrees with equality.

    >>> hash(Valence.HOSTILE) == object.__hash__(Valence.HOSTILE)
    True
    """

    __hash__ = object.__hash__


class ActorKind(_Term):
    """What sort of actor a node is."""

    STATE = "STATE"
    STATE_BODY = "STATE_BODY"
    PERSON = "PERSON"
    ARMED_GROUP = "ARMED_GROUP"
    ORGANIZATION = "ORGANIZATION"
    MEDIA = "MEDIA"
    CIVILIANS = "CIVILIANS"


class Valence(_Term):
    """Whether a relation draws two actors together, apart, or neither."""

    COOPERATIVE = "COOPERATIVE"
    HOSTILE = "HOSTILE"
    NEUTRAL = "NEUTRAL"


class Relation(_Term):
    """The kind of tie a relationship records."""

    SUPPORTS = "SUPPORTS"
    HOSTS = "HOSTS"
    ALLIED_WITH = "ALLIED_WITH"
    COOPERATES_WITH = "COOPERATES_WITH"
    NEGOTIATES_WITH = "NEGOTIATES_WITH"
    MEETS = "MEETS"
    ATTACKS = "ATTACKS"
    OPPOSES = "OPPOSES"
    MEMBER_OF = "MEMBER_OF"
    LEADS = "LEADS"
    PART_OF = "PART_OF"


class SupportKind(_Term):
    """What a SUPPORTS (or HOSTS) relationship provides."""

    AIR_POWER = "AIR_POWER"
    GROUND_TROOPS = "GROUND_TROOPS"
    TERRITORY_ACCESS = "TERRITORY_ACCESS"
    WEAPONS = "WEAPONS"
    MATERIEL = "MATERIEL"
    TRAINING = "TRAINING"
    FUNDING = "FUNDING"
    INTELLIGENCE = "INTELLIGENCE"
    POLITICAL = "POLITICAL"


class Stance(_Term):
    """How firmly the source stands behind a relationship."""

    REPORTED = "REPORTED"
    """The outlet states it in its own voice."""
    CLAIMED = "CLAIMED"
    """A named party says it; the outlet only relays the claim."""
    UNCERTAIN = "UNCERTAIN"
    """The source itself doubts it or cannot attribute it."""


class DatePrecision(_Term):
    """How exact a relationship's date is."""

    DAY = "DAY"
    WEEK = "WEEK"
    MONTH = "MONTH"
    YEAR = "YEAR"


class Direction(_Term):
    """Which of an actor's relationships to follow."""

    OUT = "OUT"
    IN = "IN"
    ANY = "ANY"


@dataclass(frozen=True, slots=True)
class RelationInfo:
    """What a relation means: its valence, whether it has a direction, and how to read it."""

    valence: Valence
    symmetric: bool
    structural: bool
    reads: str


RELATIONS: dict[Relation, RelationInfo] = {
    Relation.SUPPORTS: RelationInfo(Valence.COOPERATIVE, False, False, "supporter → supported"),
    Relation.HOSTS: RelationInfo(Valence.COOPERATIVE, False, False, "host → guest"),
    Relation.ALLIED_WITH: RelationInfo(Valence.COOPERATIVE, True, False, "symmetric"),
    Relation.COOPERATES_WITH: RelationInfo(Valence.COOPERATIVE, True, False, "symmetric"),
    Relation.NEGOTIATES_WITH: RelationInfo(Valence.NEUTRAL, True, False, "symmetric"),
    Relation.MEETS: RelationInfo(Valence.NEUTRAL, True, False, "symmetric"),
    Relation.ATTACKS: RelationInfo(Valence.HOSTILE, False, False, "attacker → target"),
    Relation.OPPOSES: RelationInfo(Valence.HOSTILE, False, False, "opponent → opposed"),
    Relation.MEMBER_OF: RelationInfo(Valence.NEUTRAL, False, True, "member → organization"),
    Relation.LEADS: RelationInfo(Valence.NEUTRAL, False, True, "person → state/body/group"),
    Relation.PART_OF: RelationInfo(Valence.NEUTRAL, False, True, "body → state"),
}
