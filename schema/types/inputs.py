"""Mutation inputs, and their translation into domain records and patches.

Patches hold only the fields the client sent: an omitted field stays as it is, an explicit
``null`` clears it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import fields

import strawberry

from graph import model
from schema.execution.input_fields import fields_read_once
from schema.types.enums import ActorKind, DatePrecision, Relation, Stance, SupportKind

__all__ = [
    "ActorInput",
    "ActorPatch",
    "EvidenceInput",
    "RelationshipInput",
    "RelationshipPatch",
    "SourceInput",
    "patch_of",
]


@fields_read_once
@strawberry.input(description="A new source.")
class SourceInput:
    id: strawberry.ID
    publisher: str
    title: str | None = None
    authors: list[str] | None = None
    published: dt.date | None = None
    url: str | None = None

    def to_domain(self) -> model.Source:
        return model.Source(
            id=str(self.id),
            publisher=self.publisher,
            title=self.title,
            authors=tuple(self.authors or ()),
            published=self.published,
            url=self.url,
        )


@fields_read_once
@strawberry.input(description="A new actor.")
class ActorInput:
    key: str
    name: str
    kind: ActorKind
    aliases: list[str] | None = None
    iso3: str | None = None
    cameo: str | None = None
    description: str | None = None

    def to_domain(self) -> model.Actor:
        return model.Actor(
            key=self.key,
            name=self.name,
            kind=self.kind,
            aliases=tuple(self.aliases or ()),
            iso3=self.iso3,
            cameo=self.cameo,
            description=self.description,
        )


@fields_read_once
@strawberry.input(description="Changes to an actor: omitted fields stay, null clears.")
class ActorPatch:
    name: str | None = strawberry.UNSET
    kind: ActorKind | None = strawberry.UNSET
    aliases: list[str] | None = strawberry.UNSET
    iso3: str | None = strawberry.UNSET
    cameo: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET


@fields_read_once
@strawberry.input(
    description="A verbatim quote and the source it is from: its key or its global ID."
)
class EvidenceInput:
    source: strawberry.ID
    quote: str

    def to_domain(self) -> model.Evidence:
        source = str(self.source)  # its key, or its global id ``Source:<key>``
        return model.Evidence(source=source.removeprefix("Source:"), quote=self.quote)


@fields_read_once
@strawberry.input(description="A new relationship; `source` and `target` are actor keys.")
class RelationshipInput:
    relation: Relation
    source: str
    target: str
    evidence: list[EvidenceInput]
    id: strawberry.ID | None = strawberry.field(
        default=None, description="A slug; generated from relation, actors and date if omitted."
    )
    date: dt.date | None = None
    date_precision: DatePrecision | None = None
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    support_kinds: list[SupportKind] | None = None
    location: str | None = None
    claimed_by: str | None = strawberry.field(default=None, description="Claimant actor key.")
    stance: Stance = Stance.REPORTED
    confidence: float = 1.0

    def to_domain(self) -> model.Relationship:
        return model.Relationship(
            id="" if self.id is None else str(self.id),
            relation=self.relation,
            source=self.source,
            target=self.target,
            evidence=tuple(e.to_domain() for e in self.evidence),
            date=self.date,
            date_precision=self.date_precision,
            valid_from=self.valid_from,
            valid_until=self.valid_until,
            support_kinds=tuple(self.support_kinds or ()),
            location=self.location,
            claimed_by=self.claimed_by,
            stance=self.stance,
            confidence=self.confidence,
        )


@fields_read_once
@strawberry.input(description="Changes to a relationship: omitted fields stay, null clears.")
class RelationshipPatch:
    relation: Relation | None = strawberry.UNSET
    source: str | None = strawberry.UNSET
    target: str | None = strawberry.UNSET
    evidence: list[EvidenceInput] | None = strawberry.UNSET
    date: dt.date | None = strawberry.UNSET
    date_precision: DatePrecision | None = strawberry.UNSET
    valid_from: dt.date | None = strawberry.UNSET
    valid_until: dt.date | None = strawberry.UNSET
    support_kinds: list[SupportKind] | None = strawberry.UNSET
    location: str | None = strawberry.UNSET
    claimed_by: str | None = strawberry.UNSET
    stance: Stance | None = strawberry.UNSET
    confidence: float | None = strawberry.UNSET


def patch_of(patch: ActorPatch | RelationshipPatch) -> dict[str, object]:
    """The fields the client sent, as domain values (lists become tuples)."""
    sent: dict[str, object] = {}
    for item in fields(patch):
        value = getattr(patch, item.name)
        if value is strawberry.UNSET:
            continue
        if isinstance(value, list):
            value = tuple(v.to_domain() if isinstance(v, EvidenceInput) else v for v in value)
        sent[item.name] = value
    return sent
