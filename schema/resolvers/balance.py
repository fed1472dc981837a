"""Structural balance and blocs in the API: the signed network, analysed."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry

from graph.analysis import balance, blocs
from schema.context import Info
from schema.resolvers.compute import analysed
from schema.resolvers.offload import whole_graph
from schema.types.actor import Actor
from schema.types.bounded import check_length
from schema.types.relationship import Relationship

__all__ = ["BalanceQuery"]

AsOf = Annotated[
    dt.date | None, strawberry.argument(description="Answer as the graph stood on this date.")
]
MinConfidence = Annotated[
    float | None,
    strawberry.argument(description="Leave out relationships below this confidence (0 to 1)."),
]
IncludeClaims = Annotated[
    bool,
    strawberry.argument(description="false: only REPORTED relationships make ties."),
]


@strawberry.type(description="Three actors tied to each other in the signed view.")
class Triangle:
    actors: list[Actor] = strawberry.field(description="In key order.")
    signs: list[int] = strawberry.field(
        description="+1 cooperative or -1 hostile, for the ties (a,b), (a,c), (b,c)."
    )
    balanced: bool = strawberry.field(description="True when the product of the signs is +1.")
    relationships: list[Relationship] = strawberry.field(
        description="The relationships that make the three ties."
    )


@strawberry.type(
    description="Heider's structural balance of the signed view: balanced triangles (friend of "
    "a friend is a friend, enemy of an enemy is a friend) and the frustration index."
)
class BalanceReport:
    triangles: int
    balanced: int
    unbalanced: int
    ratio: float | None = strawberry.field(description="Share balanced; null with no triangles.")
    frustration: int = strawberry.field(
        description="Fewest ties whose sign flip would make the whole graph balanced."
    )
    frustration_exact: bool = strawberry.field(
        description="true when `frustration` is proved the minimum; false: the best split found "
        "in the time the solver had, an upper bound (see `frustrationLowerBound`)."
    )
    frustration_lower_bound: int = strawberry.field(
        description="The frustration is at least this: equal to `frustration` when exact."
    )
    found_triangles: strawberry.Private[tuple[balance.Triangle, ...]]
    as_of: strawberry.Private[dt.date | None]

    @strawberry.field(description="The unbalanced triangles (at most --max-list).")
    def unbalanced_triangles(self, info: Info) -> list[Triangle]:
        check_length(
            info,
            self.found_triangles,
            "unbalancedTriangles",
            "ask for `unbalanced` (their count), or narrow with asOf or minConfidence",
        )
        return [
            Triangle(
                actors=_actors(info, t.actors, self.as_of),
                signs=list(t.signs),
                balanced=t.balanced,
                relationships=Relationship.many(
                    (r for tie in t.relationships for r in tie), info.context.views
                ),
            )
            for t in self.found_triangles
        ]

    ties: int = strawberry.field(description="Cooperative plus hostile ties counted.")
    mixed_ties: int = strawberry.field(
        description="Pairs with both kinds of relationship; left out of triangles and frustration."
    )


@strawberry.type(description="A group with cooperative ties inside and hostile ties across.")
class Bloc:
    member_keys: strawberry.Private[tuple[str, ...]]
    as_of: strawberry.Private[dt.date | None]

    @strawberry.field(description="The bloc's actors, in key order (at most --max-list).")
    def members(self, info: Info) -> list[Actor]:
        check_length(
            info,
            self.member_keys,
            f"the bloc of {self.anchor.key}",
            "narrow with asOf or minConfidence, or look at its anchor's relationshipsPage",
        )
        return _actors(info, self.member_keys, self.as_of)

    anchor: Actor = strawberry.field(description="The member with most cooperative ties inside.")
    cooperative_ties: int
    hostile_ties: int = strawberry.field(description="Hostile ties inside: the bloc's frustration.")


@strawberry.type(
    description="Blocs as signed-graph partitioning (correlation clustering): any number of "
    "groups, frustrating the fewest ties."
)
class BlocReport:
    blocs: list[Bloc] = strawberry.field(description="Largest first; the same as `blocs`.")
    frustration: int = strawberry.field(
        description="Cooperative ties across blocs plus hostile ties within them."
    )
    exact: bool = strawberry.field(
        description="true when no grouping frustrates fewer ties; false: the best found in time."
    )


def _actors(info: Info, keys: tuple[str, ...], as_of: dt.date | None) -> list[Actor]:
    graph = info.context.graph
    return [Actor.from_domain(graph.require_actor(k), as_of) for k in keys]


def resolve_balance(
    info: Info,
    min_confidence: MinConfidence = None,
    include_claims: IncludeClaims = True,
    as_of: AsOf = None,
) -> BalanceReport:
    graph = info.context.graph
    report = analysed(
        info,
        "balance",
        (min_confidence, include_claims, as_of),
        lambda: balance.balance_report(
            graph, min_confidence=min_confidence, include_claims=include_claims, as_of=as_of
        ),
        reads=whole_graph,
    )
    return BalanceReport(
        triangles=report.triangles,
        balanced=report.balanced,
        unbalanced=report.unbalanced,
        ratio=report.ratio,
        frustration=report.frustration,
        frustration_exact=report.frustration_exact,
        frustration_lower_bound=report.frustration_lower_bound,
        found_triangles=report.unbalanced_triangles,
        as_of=as_of,
        ties=report.ties,
        mixed_ties=report.mixed_ties,
    )


def resolve_bloc_report(
    info: Info,
    min_confidence: MinConfidence = None,
    include_claims: IncludeClaims = True,
    as_of: AsOf = None,
) -> BlocReport:
    graph = info.context.graph
    report = analysed(
        info,
        "bloc_report",
        (min_confidence, include_claims, as_of),
        lambda: blocs.bloc_report(
            graph, min_confidence=min_confidence, include_claims=include_claims, as_of=as_of
        ),
        reads=whole_graph,
    )
    found = [
        Bloc(
            member_keys=b.members,
            as_of=as_of,
            anchor=_actors(info, (b.anchor,), as_of)[0],
            cooperative_ties=b.cooperative_ties,
            hostile_ties=b.hostile_ties,
        )
        for b in report.blocs
    ]
    return BlocReport(blocs=found, frustration=report.frustration, exact=report.exact)


def resolve_blocs(
    info: Info,
    min_confidence: MinConfidence = None,
    include_claims: IncludeClaims = True,
    as_of: AsOf = None,
) -> list[Bloc]:
    return resolve_bloc_report(info, min_confidence, include_claims, as_of).blocs


@strawberry.type
class BalanceQuery:
    balance: BalanceReport = strawberry.field(
        resolver=resolve_balance, description="Structural balance of the signed view."
    )
    blocs: list[Bloc] = strawberry.field(
        resolver=resolve_blocs,
        description="Actors split into any number of blocs frustrating the fewest ties, largest "
        "first; actors with no cooperative or hostile tie are left out. `blocReport.blocs`.",
    )
    bloc_report: BlocReport = strawberry.field(
        resolver=resolve_bloc_report,
        description="The blocs with the ties they frustrate and whether that is proved fewest.",
    )
