"""The ``Actor`` type: a state, body, person, group or population in the graph."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from graph import model
from graph.analysis import inference
from graph.export.layout import DEFAULT_SEED
from schema.context import Info
from schema.resolvers.compute import analysed
from schema.resolvers.offload import near, offload_if_heavy
from schema.types.bounded import check_length
from schema.types.enums import ActorKind, Direction, Relation, Valence
from schema.types.inferred import InferredTie
from schema.types.node import Node, global_id
from schema.types.pagination import Connection, paginate
from schema.types.position import SEED_IGNORED, Layout, Position, position_of
from schema.types.relationship import Relationship

__all__ = ["Actor"]

_BY_VALENCE = "page through relationshipsPage(valence: …) instead"


@strawberry.type(
    description="A state, state body, person, armed group, organization or population."
)
class Actor(Node):
    """The plain fields are attributes copied from the domain record (see
    :class:`~schema.types.relationship.Relationship` for why)."""

    actor: strawberry.Private[model.Actor]
    as_of: strawberry.Private[dt.date | None]
    key: str = strawberry.field(
        description="Stable slug used everywhere an actor is named: `russia`."
    )
    name: str
    kind: ActorKind
    aliases: list[str] = strawberry.field(
        description="Other names users search by, capitals for governments."
    )
    iso3: str | None = strawberry.field(description="ISO 3166-1 alpha-3 code, for states.")
    cameo: str | None = strawberry.field(description="CAMEO actor code, where one exists.")
    description: str | None

    @strawberry.field(description="This actor's relationships, in id order.")
    def relationships(
        self,
        info: Info,
        direction: Direction = Direction.ANY,
        relation: list[Relation] | None = None,
        valence: Valence | None = None,
    ) -> list[Relationship]:
        found = info.context.graph.relationships_of(
            self.actor.key, direction, relation, valence, as_of=self.as_of
        )
        check_length(
            info, found, f"{self.actor.key}'s relationships", "page through relationshipsPage"
        )
        return Relationship.many(found, info.context.views)

    @strawberry.field(
        description="This actor's relationships a page at a time, in id order (first: default "
        "20, at most 100)."
    )
    def relationships_page(
        self,
        info: Info,
        direction: Direction = Direction.ANY,
        relation: list[Relation] | None = None,
        valence: Valence | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Relationship]:
        found = info.context.graph.relationships_of(
            self.actor.key, direction, relation, valence, as_of=self.as_of
        )
        views = info.context.views
        return paginate(
            found,
            lambda r: r.id,
            lambda r: Relationship.from_domain(r, views),
            first=first,
            after=after,
            most=info.context.limits.max_page,
        )

    @strawberry.field(
        description="Actors with a direct COOPERATIVE tie (MIXED pairs are neither), by key."
    )
    def allies(self, info: Info) -> list[Actor]:
        offload_if_heavy(info, near(self.actor.key, 1))  # reads this actor's relationships
        keys = inference.allies(info.context.graph, self.actor.key, as_of=self.as_of)
        check_length(info, keys, f"{self.actor.key}'s allies", _BY_VALENCE)
        return self._actors(info, keys)

    @strawberry.field(description="Actors with a direct HOSTILE tie, by key.")
    def adversaries(self, info: Info) -> list[Actor]:
        offload_if_heavy(info, near(self.actor.key, 1))
        keys = inference.adversaries(info.context.graph, self.actor.key, as_of=self.as_of)
        check_length(info, keys, f"{self.actor.key}'s adversaries", _BY_VALENCE)
        return self._actors(info, keys)

    @strawberry.field(description="Friends and enemies balance theory predicts, with the chain.")
    def inferred(self, info: Info) -> list[InferredTie]:
        graph = info.context.graph
        views = info.context.views
        ties = analysed(
            info,
            "inferred",
            (self.actor.key, self.as_of),
            lambda: inference.inferred_ties(graph, self.actor.key, as_of=self.as_of),
            reads=near(self.actor.key, 2),
        )
        check_length(
            info,
            ties,
            f"{self.actor.key}'s inferred ties",
            "ask stance(a:, b:) about the pairs you need, or narrow the graph with asOf",
        )
        return [
            InferredTie(
                actor=self._actors(info, [tie.actor])[0],
                stance=tie.valence,
                via=self._actors(info, [tie.via])[0],
                first=tie.first,
                second=tie.second,
                first_relationships=Relationship.many(tie.first_relationships, views),
                second_relationships=Relationship.many(tie.second_relationships, views),
            )
            for tie in ties
        ]

    @strawberry.field(
        description="The actor's place in the server's layout of the whole graph (the same "
        "for every asOf, so a picture does not jump); the same layout as /export. Null, with "
        "an error coded LAYOUT_PENDING, while the server computes the layout of a large "
        "graph in the background: ask again after extensions.retryAfterSeconds."
    )
    def position(
        self,
        info: Info,
        layout: Layout = Layout.SPRING,
        seed: Annotated[int, strawberry.argument(deprecation_reason=SEED_IGNORED)] = DEFAULT_SEED,
    ) -> Position | None:
        return position_of(info, self.actor.key, layout, seed)

    def _actors(self, info: Info, keys: list[str]) -> list[Actor]:
        graph = info.context.graph
        return [Actor.from_domain(graph.require_actor(k), self.as_of) for k in keys]

    @classmethod
    def from_domain(cls, actor: model.Actor, as_of: dt.date | None = None) -> Actor:
        """The GraphQL view of ``actor``; with ``as_of``, its ties as they stood that day."""
        return cls(
            id=global_id("Actor", actor.key, as_of),
            actor=actor,
            as_of=as_of,
            key=actor.key,
            name=actor.name,
            kind=actor.kind,
            aliases=list(actor.aliases),
            iso3=actor.iso3,
            cameo=actor.cameo,
            description=actor.description,
        )
