"""The timeline in the API: dated relationships in date order, whole or a page at a time."""

from __future__ import annotations

from typing import Annotated

import strawberry

from graph import model
from graph.analysis import timeline
from schema.context import Info
from schema.resolvers.compute import analysed
from schema.resolvers.offload import near
from schema.types.bounded import check_length
from schema.types.pagination import Connection, paginate
from schema.types.relationship import Relationship

__all__ = ["TimelineQuery"]

TimelineKey = Annotated[
    str | None, strawberry.argument(description="One actor's (either end); omitted: all.")
]


def _timeline(info: Info, key: str | None) -> list[model.Relationship]:
    return analysed(
        info,
        "timeline",
        (key,),
        lambda: timeline.timeline(info.context.graph, key),
        reads=near(key, 1),
    )


def resolve_timeline(info: Info, key: TimelineKey = None) -> list[Relationship]:
    found = _timeline(info, key)
    check_length(
        info,
        found,
        f"the timeline of {key}" if key else "the timeline",
        "page through timelinePage",
    )
    return Relationship.many(found, info.context.views)


def _dated(relationship: model.Relationship) -> str:
    assert relationship.date is not None  # the timeline holds dated relationships only
    return f"{relationship.date.isoformat()}|{relationship.id}"


def resolve_timeline_page(
    info: Info, key: TimelineKey = None, first: int | None = None, after: str | None = None
) -> Connection[Relationship]:
    views = info.context.views
    return paginate(
        _timeline(info, key),
        _dated,
        lambda r: Relationship.from_domain(r, views),
        first=first,
        after=after,
        most=info.context.limits.max_page,
    )


@strawberry.type
class TimelineQuery:
    timeline: list[Relationship] = strawberry.field(
        resolver=resolve_timeline,
        description="Dated relationships in date order (then id); at most --max-list of them "
        "(1,000 by default), else LIST_TOO_LONG: page through timelinePage.",
    )
    timeline_page: Connection[Relationship] = strawberry.field(
        resolver=resolve_timeline_page,
        description="The timeline a page at a time (first: default 20, at most 100).",
    )
