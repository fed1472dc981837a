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


@strawberry.type(description="A typed, signed, dated tie between two actors, with its evidence.")
class Relationship(Node):
    relationship: strawberry.Private[model.Relationship]

    @strawberry.field(description="The relationship's own stable id (a slug).")
    def key(self) -> str:
        return self.relationship.id

    @strawberry.field
    def relation(self) -> Relation:
        return self.relationship.relation

    @strawberry.field(description="COOPERATIVE, HOSTILE or NEUTRAL, from the relation.")
    def valence(self) -> Valence:
        return self.relationship.valence

    @strawberry.field(description="True when the relation has no direction (ALLIED_WITH …).")
    def symmetric(self) -> bool:
        return self.relationship.symmetric

    @strawberry.field(description="Supporter, host, attacker … (either end when symmetric).")
    def source(self, info: Info) -> ActorRef:
        return _actor(info, self.relationship.source)

    @strawberry.field(description="Supported, guest, target … (either end when symmetric).")
    def target(self, info: Info) -> ActorRef:
        return _actor(info, self.relationship.target)

    @strawberry.field
    def date(self) -> dt.date | None:
        return self.relationship.date

    @strawberry.field
    def date_precision(self) -> DatePrecision | None:
        return self.relationship.date_precision

    @strawberry.field
    def valid_from(self) -> dt.date | None:
        return self.relationship.valid_from

    @strawberry.field
    def valid_until(self) -> dt.date | None:
        return self.relationship.valid_until

    @strawberry.field
    def support_kinds(self) -> list[SupportKind]:
        return list(self.relationship.support_kinds)

    @strawberry.field
    def location(self) -> str | None:
        return self.relationship.location

    @strawberry.field(description="The actor the source attributes the statement to.")
    def claimed_by(self, info: Info) -> ActorRef | None:
        key = self.relationship.claimed_by
        return None if key is None else _actor(info, key)

    @strawberry.field
    def stance(self) -> Stance:
        return self.relationship.stance

    @strawberry.field(description="How much to trust it, from 0 to 1.")
    def confidence(self) -> float:
        return self.relationship.confidence

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
        return cls(id=global_id("Relationship", rel.id), relationship=rel)
