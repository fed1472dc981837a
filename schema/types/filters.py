"""GraphQL filter inputs and their translation into :class:`graph.RelationshipFilter`."""

from __future__ import annotations

import datetime as dt

import strawberry

from graph import AllianceGraph, InvalidInput
from graph import RelationshipFilter as DomainFilter
from schema.execution.input_fields import fields_read_once
from schema.types.enums import Relation, Stance, Valence

__all__ = ["RelationshipFilter"]


@fields_read_once
@strawberry.input(description="Conditions a relationship must all meet; omitted means any.")
class RelationshipFilter:
    relation: list[Relation] | None = None
    valence: Valence | None = None
    actor: str | None = strawberry.field(
        default=None, description="Actor key at either end (symmetric relations included)."
    )
    between: list[str] | None = strawberry.field(
        default=None, description="Two or more actor keys: both ends must be among them."
    )
    claimed_by: str | None = strawberry.field(default=None, description="Claimant actor key.")
    stance: Stance | None = None
    since: dt.date | None = strawberry.field(default=None, description="Dated on or after.")
    until: dt.date | None = strawberry.field(default=None, description="Dated on or before.")

    def to_domain(self, graph: AllianceGraph, *, as_of: dt.date | None = None) -> DomainFilter:
        """The domain filter; unknown actor keys are errors that name the key."""
        for field, key in (("actor", self.actor), ("claimedBy", self.claimed_by)):
            if key is not None:
                graph.require_actor(key, field=f"where.{field}")
        between = None
        if self.between is not None:
            for key in self.between:
                graph.require_actor(key, field="where.between")
            between = frozenset(self.between)
            if len(between) < 2:
                raise InvalidInput(
                    "where.between needs at least two different actor keys",
                    field="where.between",
                )
        if self.since and self.until and self.since > self.until:
            raise InvalidInput(
                f"where.since {self.since} is after where.until {self.until}", field="where.since"
            )
        return DomainFilter(
            relations=None if self.relation is None else frozenset(self.relation),
            valence=self.valence,
            actor=self.actor,
            between=between,
            claimed_by=self.claimed_by,
            stance=self.stance,
            since=self.since,
            until=self.until,
            as_of=as_of,
        )
