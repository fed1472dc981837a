"""The read API's root fields."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from schema.context import Info
from schema.types.actor import Actor
from schema.types.bounded import check_length
from schema.types.enums import ActorKind
from schema.types.filters import RelationshipFilter
from schema.types.node import Node, parse_global_id
from schema.types.pagination import Connection, check_first, connection, decode_cursor, paginate
from schema.types.relationship import Relationship
from schema.types.source import Source

__all__ = ["ReadQuery"]


AsOf = Annotated[
    dt.date | None,
    strawberry.argument(
        description="Answer as the graph stood on this date: later or expired ties left out."
    ),
]


def actor(info: Info, key: str, as_of: AsOf = None) -> Actor | None:
    found = info.context.graph.actor(key)
    return None if found is None else Actor.from_domain(found, as_of)


def actors(
    info: Info,
    kind: ActorKind | None = None,
    search: Annotated[
        str | None,
        strawberry.argument(description="Case-insensitive match on name, key and aliases."),
    ] = None,
    first: int | None = None,
    after: str | None = None,
    as_of: AsOf = None,
) -> Connection[Actor]:
    found = info.context.graph.actors(kind=kind, search=search)
    return paginate(
        found,
        lambda a: a.key,
        lambda a: Actor.from_domain(a, as_of),
        first=first,
        after=after,
        most=info.context.limits.max_page,
    )


def relationships(
    info: Info,
    where: RelationshipFilter | None = None,
    first: int | None = None,
    after: str | None = None,
    as_of: AsOf = None,
) -> Connection[Relationship]:
    graph = info.context.graph
    domain = (RelationshipFilter() if where is None else where).to_domain(graph, as_of=as_of)
    size = check_first(first, info.context.limits.max_page)
    page = graph.relationship_page(domain, size, None if after is None else decode_cursor(after))
    return connection(
        page.items,
        lambda r: r.id,
        lambda r: Relationship.from_domain(r, info.context.views),
        total=page.total,
        has_next=page.has_next,
        has_previous=page.has_previous,
    )


def sources(info: Info) -> list[Source]:
    found = info.context.graph.sources()
    check_length(info, found, "sources", "look sources up through relationships' evidence")
    return [Source.from_domain(s) for s in found]


def node(info: Info, id: strawberry.ID) -> Node | None:
    type_name, key, as_of = parse_global_id(id)
    graph = info.context.graph
    if type_name == "Actor":
        found = graph.actor(key)
        return None if found is None else Actor.from_domain(found, as_of)
    if type_name == "Source":
        source = graph.source(key)
        return None if source is None else info.context.views.source(key)
    rel = graph.relationship(key)
    return None if rel is None else Relationship.from_domain(rel, info.context.views)


@strawberry.type
class ReadQuery:
    actor: Actor | None = strawberry.field(
        resolver=actor, description="The actor with this key, or null when there is none."
    )
    actors: Connection[Actor] = strawberry.field(
        resolver=actors, description="Actors in key order (first: default 20, at most 100)."
    )
    relationships: Connection[Relationship] = strawberry.field(
        resolver=relationships,
        description="Relationships in id order (first: default 20, at most 100).",
    )
    sources: list[Source] = strawberry.field(resolver=sources, description="Every source.")
    node: Node | None = strawberry.field(
        resolver=node,
        description="Any `Actor`, `Relationship` or `Source` by global ID (an actor's may be "
        "dated, as `Actor:iran@2016-08-10`: that actor as it stood then).",
    )
