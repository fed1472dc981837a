"""What a change that moves a dataset did: counts of records, and each record it wrote."""

from __future__ import annotations

from typing import cast

import strawberry
from strawberry.scalars import JSON

from graph.persistence import changes
from graph.persistence.bulk import records

__all__ = ["ChangeCounts", "ChangeRecord", "RecordCounts"]


@strawberry.type(description="How many sources, actors and relationships.")
class RecordCounts:
    sources: int
    actors: int
    relationships: int

    @classmethod
    def from_domain(cls, counts: changes.RecordCounts) -> RecordCounts:
        return cls(sources=counts.sources, actors=counts.actors, relationships=counts.relationships)


@strawberry.type(description="What an IMPORT or a MERGE did.")
class ChangeCounts:
    written: RecordCounts = strawberry.field(description="The records it wrote.")
    skipped: RecordCounts = strawberry.field(
        description="The records of a merged dataset that were stored as they are already."
    )
    replaced: RecordCounts = strawberry.field(
        description="The records an IMPORT replaced: everything the graph held before it."
    )

    @classmethod
    def from_domain(cls, counts: changes.ChangeCounts) -> ChangeCounts:
        return cls(
            written=RecordCounts.from_domain(counts.written),
            skipped=RecordCounts.from_domain(counts.skipped),
            replaced=RecordCounts.from_domain(counts.replaced),
        )


@strawberry.type(description="One record a change wrote.")
class ChangeRecord:
    section: str = strawberry.field(description="sources, actors or relationships.")
    id: str = strawberry.field(description="The record's id (an actor's key).")
    record: JSON = strawberry.field(description="The record, in the seed format.")

    @classmethod
    def from_domain(cls, item: records.ChangeRecord) -> ChangeRecord:
        return cls(section=item.section, id=item.id, record=cast(JSON, item.record))
