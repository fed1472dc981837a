"""The ``InferredTie`` type: a tie balance theory predicts, with the chain that implies it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from schema.types.enums import PairValence
from schema.types.relationship import Relationship

if TYPE_CHECKING:
    from schema.types.actor import Actor

__all__ = ["InferredTie"]


@strawberry.type(
    description="A friend or enemy predicted by balance theory where no direct tie exists: "
    "a friend of a friend or an enemy of an enemy is a friend; a friend of an enemy, or an "
    "enemy of a friend, is an enemy."
)
class InferredTie:
    actor: Annotated[Actor, strawberry.lazy("schema.types.actor")] = strawberry.field(
        description="The actor the tie is predicted with."
    )
    stance: PairValence = strawberry.field(description="COOPERATIVE or HOSTILE.")
    via: Annotated[Actor, strawberry.lazy("schema.types.actor")] = strawberry.field(
        description="The actor in the middle of the chain."
    )
    first: PairValence = strawberry.field(description="The tie from the actor asked about to via.")
    second: PairValence = strawberry.field(description="The tie from via to the other actor.")
    first_relationships: list[Relationship]
    second_relationships: list[Relationship]
