"""The domain's enums, registered with strawberry under the same names and values.

strawberry.enum marks the domain class itself, so resolvers return domain values as they are.
"""

from __future__ import annotations

from typing import TypeAlias

import strawberry

from graph.analysis.signed import PairValence as DomainPairValence
from graph.model import vocabulary

__all__ = [
    "ActorKind",
    "DatePrecision",
    "Direction",
    "PairValence",
    "Relation",
    "Stance",
    "SupportKind",
    "Valence",
]

strawberry.enum(vocabulary.ActorKind, description="What sort of actor a node is.")
strawberry.enum(
    vocabulary.Valence, description="Whether a relation draws actors together, apart, or neither."
)
strawberry.enum(vocabulary.Relation, description="The kind of tie a relationship is.")
strawberry.enum(
    vocabulary.SupportKind, description="What a SUPPORTS or HOSTS relationship provides."
)
strawberry.enum(
    vocabulary.Stance,
    description=(
        "REPORTED: the outlet says it in its own voice; CLAIMED: a named party says it; "
        "UNCERTAIN: the source itself doubts it or cannot attribute it."
    ),
)
strawberry.enum(vocabulary.DatePrecision, description="How exact a date is.")
strawberry.enum(
    vocabulary.Direction,
    description="Which relationships of an actor to follow; symmetric ones match every direction.",
)
strawberry.enum(DomainPairValence, description="How two actors stand towards each other.")

ActorKind: TypeAlias = vocabulary.ActorKind
Valence: TypeAlias = vocabulary.Valence
Relation: TypeAlias = vocabulary.Relation
SupportKind: TypeAlias = vocabulary.SupportKind
Stance: TypeAlias = vocabulary.Stance
DatePrecision: TypeAlias = vocabulary.DatePrecision
Direction: TypeAlias = vocabulary.Direction
PairValence: TypeAlias = DomainPairValence
