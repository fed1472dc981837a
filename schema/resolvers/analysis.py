"""Graph analysis in the API: paths, neighbourhoods, pair stance, the friendship chart,
centrality and the timeline. Each resolver is one call into :mod:`graph`, cached per version."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Annotated, TypeAlias

import strawberry

from graph.analysis import centrality as centrality_module
from graph.analysis import paths, stance
from schema.context import Info
from schema.resolvers.compute import analysed
from schema.resolvers.offload import near, offload_if_heavy, whole_graph
from schema.types.actor import Actor
from schema.types.bounded import ListTooLong, check_length
from schema.types.enums import PairValence, Relation, Valence
from schema.types.pagination import Connection, check_first, connection, decode_cursor, paginate
from schema.types.relationship import Relationship

__all__ = ["AnalysisQuery"]

strawberry.enum(
    centrality_module.CentralityMeasure,
    description="DEGREE: share of other actors tied to it by any relationship. BETWEENNESS: "
    "share of shortest paths between other actors that pass through it. EIGENVECTOR: importance "
    "from being tied to important actors, on the cooperative view only.",
)

CentralityMeasure: TypeAlias = centrality_module.CentralityMeasure

_PAGES = "page through actorsPage and relationshipsPage, with actorCount and relationshipCount"

AsOf = Annotated[
    dt.date | None, strawberry.argument(description="Answer as the graph stood on this date.")
]


def _actor(info: Info, key: str, as_of: dt.date | None = None) -> Actor:
    return Actor.from_domain(info.context.graph.require_actor(key), as_of=as_of)


@strawberry.type(description="The fewest hops between two actors.")
class Path:
    hops: int
    actors: list[Actor]
    relationships: list[Relationship]


@strawberry.type(
    description=(
        "Actors and every relationship among them; the counts and the paged fields keep the "
        "answer small for large neighbourhoods."
    )
)
class Subgraph:
    found: strawberry.Private[paths.Subgraph]
    as_of: strawberry.Private[dt.date | None] = None

    @strawberry.field(
        description=(
            "All the actors, in key order. For large neighbourhoods use `actorCount` and "
            "`actorsPage`."
        )
    )
    def actors(self, info: Info) -> list[Actor]:
        check_length(info, self.found.actors, "the neighbourhood's actors", _PAGES)
        offload_if_heavy(info, lambda _: len(self.found.actors))
        return [_actor(info, k, self.as_of) for k in self.found.actors]

    @strawberry.field(
        description=(
            "All the relationships among the actors, in id order. For large neighbourhoods use "
            "`relationshipCount` and `relationshipsPage`."
        )
    )
    def relationships(self, info: Info) -> list[Relationship]:
        check_length(
            info, self.found.relationship_count, "the neighbourhood's relationships", _PAGES
        )
        offload_if_heavy(info, lambda _: self.found.relationship_count)
        return Relationship.many(self.found.relationships, info.context.views)

    @strawberry.field(description="How many actors `actors` holds.")
    def actor_count(self) -> int:
        return len(self.found.actors)

    @strawberry.field(description="How many relationships `relationships` holds.")
    def relationship_count(self) -> int:
        return self.found.relationship_count

    @strawberry.field(
        description="The actors a page at a time, in key order (first: default 20, at most 100)."
    )
    def actors_page(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Actor]:
        return paginate(
            self.found.actors,
            lambda k: k,
            lambda k: _actor(info, k, self.as_of),
            first=first,
            after=after,
            most=info.context.limits.max_page,
        )

    @strawberry.field(
        description=(
            "The relationships a page at a time, in id order (first: default 20, at most 100)."
        )
    )
    def relationships_page(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Relationship]:
        size = check_first(first, info.context.limits.max_page)
        page = self.found.relationship_page(size, None if after is None else decode_cursor(after))
        return connection(
            page.items,
            lambda r: r.id,
            lambda r: Relationship.from_domain(r, info.context.views),
            total=page.total,
            has_next=page.has_next,
            has_previous=page.has_previous,
        )


@strawberry.type(description="How two actors stand towards each other, and why.")
class PairStance:
    a: Actor
    b: Actor
    stance: PairValence
    relationships: list[Relationship]


@strawberry.type(description="The friendship chart: the stance of every ordered pair of actors.")
class StanceMatrix:
    actors: list[Actor] = strawberry.field(description="The axes, in the order asked for.")
    cells: list[PairStance] = strawberry.field(
        description="Row by row in `actors` order, every other actor in each row."
    )


@strawberry.type(
    description="An actor and its centrality score. Scores within a relative 1e-9 of each other "
    "are one score, ranked by key; `exact` false: estimated (BETWEENNESS on a large graph) from "
    "`samples` source actors, a seeded sample."
)
class ActorScore:
    actor: Actor
    score: float
    exact: bool
    samples: int | None


def _pair(info: Info, cell: stance.PairStance, as_of: dt.date | None) -> PairStance:
    return PairStance(
        a=_actor(info, cell.a, as_of),
        b=_actor(info, cell.b, as_of),
        stance=cell.valence,
        relationships=Relationship.many(cell.relationships, info.context.views),
    )


def resolve_path(
    info: Info,
    # Named as shortest_path names them, so its errors' fields map to `from` and `to`.
    source: Annotated[str, strawberry.argument(name="from")],
    target: Annotated[str, strawberry.argument(name="to")],
    max_hops: int = 4,
    valence: Valence | None = None,
    as_of: AsOf = None,
) -> Path | None:
    found = analysed(
        info,
        "path",
        (source, target, max_hops, valence, as_of),
        lambda: paths.shortest_path(
            info.context.graph,
            source,
            target,
            max_hops=max_hops,
            valence=valence,
            as_of=as_of,
            hop_limit=info.context.limits.max_hops,
        ),
    )
    if found is None:
        return None
    return Path(
        hops=found.hops,
        actors=[_actor(info, k, as_of) for k in found.actors],
        relationships=Relationship.many(found.relationships, info.context.views),
    )


def resolve_neighborhood(
    info: Info,
    key: str,
    depth: int = 1,
    relation: list[Relation] | None = None,
    as_of: AsOf = None,
) -> Subgraph:
    relations = None if relation is None else tuple(relation)
    found = analysed(
        info,
        "neighborhood",
        (key, depth, relations, as_of),
        lambda: paths.neighborhood(
            info.context.graph,
            key,
            depth=depth,
            relations=relations,
            as_of=as_of,
            depth_limit=info.context.limits.max_neighborhood_depth,
        ),
        reads=near(key, depth, ties=True),  # its lists are checked as they are read
    )
    return Subgraph(found=found, as_of=as_of)


def resolve_stance(info: Info, a: str, b: str, as_of: AsOf = None) -> PairStance:
    return _pair(info, stance.pair_stance(info.context.graph, a, b, as_of=as_of), as_of)


def resolve_stance_matrix(
    info: Info,
    keys: Annotated[
        list[str] | None,
        strawberry.argument(description="The actors on both axes; omitted means every actor."),
    ] = None,
    as_of: AsOf = None,
) -> StanceMatrix:
    wanted = None if keys is None else tuple(keys)
    size = len(set(wanted)) if wanted is not None else info.context.graph.nx.number_of_nodes()
    cells = size * (size - 1)
    if cells > info.context.limits.max_list:
        most = int((1 + (1 + 4 * info.context.limits.max_list) ** 0.5) / 2)  # n(n-1) <= max
        raise ListTooLong(
            f"a stanceMatrix of {size} actors ({cells} cells)",
            cells,
            info.context.limits.max_list,
            f"pass keys: at most {most} actors",
        )
    matrix = analysed(
        info,
        "stance_matrix",
        (wanted, as_of),
        lambda: stance.stance_matrix(info.context.graph, wanted, as_of=as_of),
        reads=whole_graph if wanted is None else lambda _: len(wanted) ** 2,  # cells, each read
    )
    return StanceMatrix(
        actors=[_actor(info, k, as_of) for k in matrix.keys],
        cells=[_pair(info, cell, as_of) for cell in matrix.cells],
    )


def resolve_centrality(
    info: Info,
    measure: CentralityMeasure,
    first: int = 10,
    as_of: AsOf = None,
) -> list[ActorScore]:
    centrality_module.check_first(first)
    # The whole ranking is kept, not the `first` asked for: any `first` is a slice of it.
    rank = functools.partial(centrality_module.ranking, info.context.graph, measure, as_of=as_of)
    found = analysed(info, "centrality", (measure, as_of), rank, reads=whole_graph)
    return [
        ActorScore(actor=_actor(info, k, as_of), score=s, exact=found.exact, samples=found.samples)
        for k, s in found.scores[:first]
    ]


@strawberry.type
class AnalysisQuery:
    path: Path | None = strawberry.field(
        resolver=resolve_path,
        description=(
            "Fewest hops between two actors over relationships in either direction "
            "(maxHops 1 to 6), optionally of one valence; null when there is none."
        ),
    )
    neighborhood: Subgraph = strawberry.field(
        resolver=resolve_neighborhood,
        description="Actors within `depth` hops (1 to 3) and every relationship among them.",
    )
    stance: PairStance = strawberry.field(
        resolver=resolve_stance,
        description="COOPERATIVE, HOSTILE, MIXED, NEUTRAL or NONE, with the relationships why.",
    )
    stance_matrix: StanceMatrix = strawberry.field(
        resolver=resolve_stance_matrix, description="The friendship chart: every ordered pair."
    )
    centrality: list[ActorScore] = strawberry.field(
        resolver=resolve_centrality,
        description="The `first` (1 to 100) most central actors, highest first.",
    )
