"""The ``Relationship`` type: one typed, signed, dated, evidence-backed tie."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry

from graph import model
from schema.context import Info
from schema.enums import DatePrecision, Relation, Stance, SupportKind, Valence
from schema.node import Node, global_id
from schema.source import Evidence, Source

if TYPE_CHECKING:
    from schema.actor import Actor

__all__ = ["Relationship"]

ActorRef = Annotated["Actor", strawberry.lazy("schema.actor")]


def _actor(info: Info, key: str) -> Actor:
    from schema.actor import Actor

    return Actor.from_domain(info.context.graph.require_actor(key))


def _source(root: Relationship, info: Info) -> ActorRef:
    return _actor(info, root.relationship.source)


def _target(root: Relationship, info: Info) -> ActorRef:
    return _actor(info, root.relationship.target)


def _claimed_by(root: Relationship, info: Info) -> ActorRef | None:
    key = root.relationship.claimed_by
    return None if key is None else _actor(info, key)


@strawberry.type(description="A typed, signed, dated tie between two actors, with its evidence.")
class Relationship(Node):
    """The plain fields are attributes, copied from the domain record when the object is
    made: strawberry reads an attribute straight off the object, where a field with a
    resolver goes through its whole resolver machinery (most of a large answer's time)."""

    relationship: strawberry.Private[model.Relationship]
    key: str = strawberry.field(description="The relationship's own stable id (a slug).")
    relation: Relation
    valence: Valence = strawberry.field(
        description="COOPERATIVE, HOSTILE or NEUTRAL, from the relation."
    )
    symmetric: bool = strawberry.field(
        description="True when the relation has no direction (ALLIED_WITH …)."
    )

    source: ActorRef = strawberry.field(
        resolver=_source, description="Supporter, host, attacker … (either end when symmetric)."
    )
    target: ActorRef = strawberry.field(
        resolver=_target, description="Supported, guest, target … (either end when symmetric)."
    )
    date: dt.date | None
    date_precision: DatePrecision | None
    valid_from: dt.date | None
    valid_until: dt.date | None
    support_kinds: list[SupportKind]
    location: str | None

    claimed_by: ActorRef | None = strawberry.field(
        resolver=_claimed_by, description="The actor the source attributes the statement to."
    )
    stance: Stance
    confidence: float = strawberry.field(description="How much to trust it, from 0 to 1.")

    @strawberry.field
    def evidence(self, info: Info) -> list[Evidence]:
        graph = info.context.graph
        found = []
        for item in self.relationship.evidence:
            source = graph.source(item.source)
            assert source is not None, "the store only holds evidence with known sources"
            found.append(Evidence(quote=item.quote, source=Source.from_domain(source)))
        return found

    @classmethod
    def from_domain(cls, rel: model.Relationship) -> Relationship:
        return cls(
            id=global_id("Relationship", rel.id),
            relationship=rel,
            key=rel.id,
            relation=rel.relation,
            valence=rel.valence,
            symmetric=rel.symmetric,
            date=rel.date,
            date_precision=rel.date_precision,
            valid_from=rel.valid_from,
            valid_until=rel.valid_until,
            support_kinds=list(rel.support_kinds),
            location=rel.location,
            stance=rel.stance,
            confidence=rel.confidence,
        )
