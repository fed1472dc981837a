"""The ``Relationship`` type: one typed, signed, dated, evidence-backed tie."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated

import strawberry

from graph import model
from schema.context import ObjectViews
from schema.execution.lazy import lazy
from schema.types.enums import DatePrecision, Relation, Stance, SupportKind, Valence
from schema.types.node import Node, global_id
from schema.types.source import Evidence

if TYPE_CHECKING:
    from schema.types.actor import Actor

__all__ = ["Relationship"]

ActorRef = Annotated["Actor", strawberry.lazy("schema.types.actor")]


@strawberry.type(description="A typed, signed, dated tie between two actors, with its evidence.")
class Relationship(Node):
    """Every field is an attribute, filled when the object is made (the actors and sources
    from the app's :class:`~schema.types.views.Views`): strawberry reads an attribute straight
    off the object, and :mod:`schema.execution.quick` answers a selection of attributes without
    graphql-core's per-field machinery, where a field with a resolver goes through all of it
    (most of a large answer's time). ``evidence`` is made when first read
    (:mod:`schema.execution.lazy`): most lists of relationships (neighbourhoods, paths, pages for a
    chart) leave it out, and making it took a fifth of a depth-1 neighbourhood's time on the
    million."""

    relationship: strawberry.Private[model.Relationship]
    views: strawberry.Private[ObjectViews]
    key: str = strawberry.field(description="The relationship's own stable id (a slug).")
    relation: Relation
    valence: Valence = strawberry.field(
        description="COOPERATIVE, HOSTILE or NEUTRAL, from the relation."
    )
    symmetric: bool = strawberry.field(
        description="True when the relation has no direction (ALLIED_WITH …)."
    )

    source: ActorRef = strawberry.field(
        description="Supporter, host, attacker … (either end when symmetric)."
    )
    target: ActorRef = strawberry.field(
        description="Supported, guest, target … (either end when symmetric)."
    )
    date: dt.date | None
    date_precision: DatePrecision | None
    valid_from: dt.date | None
    valid_until: dt.date | None
    support_kinds: list[SupportKind]
    location: str | None

    claimed_by: ActorRef | None = strawberry.field(
        description="The actor the source attributes the statement to."
    )
    stance: Stance
    confidence: float = strawberry.field(description="How much to trust it, from 0 to 1.")

    evidence: list[Evidence] = lazy(lambda self: self.made_evidence())

    def made_evidence(self) -> list[Evidence]:
        """The views of the relationship's evidence (what ``evidence`` holds once read)."""
        source = self.views.source
        return [
            Evidence(quote=e.quote, source=source(e.source)) for e in self.relationship.evidence
        ]

    @classmethod
    def from_domain(cls, rel: model.Relationship, views: ObjectViews) -> Relationship:
        """The GraphQL view of ``rel``, its actors and sources taken from ``views``."""
        claimed_by = rel.claimed_by
        return cls(
            id=global_id("Relationship", rel.id),
            relationship=rel,
            views=views,
            key=rel.id,
            relation=rel.relation,
            valence=rel.valence,
            symmetric=rel.symmetric,
            source=views.actor(rel.source),
            target=views.actor(rel.target),
            date=rel.date,
            date_precision=rel.date_precision,
            valid_from=rel.valid_from,
            valid_until=rel.valid_until,
            support_kinds=list(rel.support_kinds),
            location=rel.location,
            claimed_by=None if claimed_by is None else views.actor(claimed_by),
            stance=rel.stance,
            confidence=rel.confidence,
        )

    @classmethod
    def many(cls, rels: Iterable[model.Relationship], views: ObjectViews) -> list[Relationship]:
        """The GraphQL views of ``rels``, in their order."""
        return [cls.from_domain(r, views) for r in rels]
