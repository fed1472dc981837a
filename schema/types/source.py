"""The ``Source`` and ``Evidence`` types: where each relationship is reported."""

from __future__ import annotations

import datetime as dt

import strawberry

from graph import model
from schema.types.node import Node, global_id

__all__ = ["Evidence", "Source"]


@strawberry.type(description="A publication that evidence is quoted from.")
class Source(Node):
    source: strawberry.Private[model.Source]
    key: str = strawberry.field(
        description="The source's own id, as the data and `evidence` name it: "
        "`nbc-2016-08-16` (its `id` is the global one, `Source:nbc-2016-08-16`)."
    )
    publisher: str
    title: str | None
    authors: list[str]
    published: dt.date | None
    url: str | None

    @classmethod
    def from_domain(cls, source: model.Source) -> Source:
        return cls(
            source=source,
            id=global_id("Source", source.id),
            key=source.id,
            publisher=source.publisher,
            title=source.title,
            authors=list(source.authors),
            published=source.published,
            url=source.url,
        )


@strawberry.type(description="A verbatim quote from a source that reports a relationship.")
class Evidence:
    quote: str = strawberry.field(description="The sentence or clause, copied verbatim.")
    source: Source
