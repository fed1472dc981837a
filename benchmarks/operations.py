"""The scale benchmark's operations: each as a GraphQL query and as the same call on the graph.

An operation takes one argument from a list drawn from the dataset's manifest (a typical actor,
a pair with history, two actors to join ...), so the HTTP and the direct measurement ask the
very same questions in the same order. The server keeps whole responses per graph version
(and analytics per version, :class:`graph.analysis.cache.VersionedCache`), so every operation with
several arguments is timed as a first pass over distinct arguments, reported as cold, and a
second pass over the same ones, reported as cached: a repeated question is never counted as a
cold one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graph import AllianceGraph, Relation, RelationshipFilter, Valence
from graph.analysis import balance as balance_module
from graph.analysis import paths, stance

__all__ = ["OPERATIONS", "Operation", "arguments", "global_filter"]

Arg = Any

_REL = "key relation date stance confidence"
ACTOR = f"""query($key: String!) {{ actor(key: $key) {{ key name kind aliases
  relationships {{ {_REL} datePrecision source {{ key name }} target {{ key name }}
    claimedBy {{ key name }} evidence {{ quote source {{ id publisher }} }} }} }} }}"""
HOOD = """query($key: String!, $depth: Int!) { neighborhood(key: $key, depth: $depth) {
  actors { key name kind } relationships { key relation date source { key } target { key } } } }"""
# Depth 2 reaches most of a million-relationship graph: a client pages through it.
HOOD_PAGED = """query($key: String!, $depth: Int!) { neighborhood(key: $key, depth: $depth) {
  actorCount relationshipCount
  actorsPage(first: 50) { edges { node { key name kind } } pageInfo { hasNextPage endCursor } }
  relationshipsPage(first: 50) { edges { node { key relation date source { key } target { key } } }
    pageInfo { hasNextPage endCursor } } } }"""
PATH = """query($a: String!, $b: String!) { path(from: $a, to: $b) { hops
  actors { key name } relationships { key relation date } } }"""
STANCE = f"""query($a: String!, $b: String!) {{ stance(a: $a, b: $b) {{ stance
  relationships {{ {_REL} }} }} }}"""
PAGE = f"""query($where: RelationshipFilter!) {{ relationships(where: $where, first: 20) {{
  totalCount pageInfo {{ hasNextPage endCursor }} edges {{ cursor node {{ {_REL}
    source {{ key name }} target {{ key name }} evidence {{ quote source {{ publisher }} }} }} }}
  }} }}"""
BALANCE = """{ balance { triangles balanced unbalanced ratio frustration frustrationExact
  ties mixedTies } }"""


@dataclass(frozen=True)
class Operation:
    name: str
    query: str
    variables: Callable[[Arg], dict[str, object]]
    direct: Callable[[AllianceGraph, Arg], object]
    cached: bool = False


def _actor(g: AllianceGraph, key: str) -> object:
    actor = g.actor(key)
    rels = g.relationships_of(key)
    return actor, rels, [g.source(e.source) for r in rels for e in r.evidence]


def _page(g: AllianceGraph, where: RelationshipFilter) -> object:
    return g.relationship_page(where, 20)  # what the API's relationships connection calls


def _hood(g: AllianceGraph, key: str) -> object:
    hood = paths.neighborhood(g, key, depth=1)  # the query asks for every relationship
    return hood.actors, hood.relationships


def _hood_page(g: AllianceGraph, key: str) -> object:
    hood = paths.neighborhood(g, key, depth=2)  # what the API's counts and pages call
    return len(hood.actors), hood.relationship_count, hood.actors[:50], hood.relationship_page(50)


def global_filter(arg: list[str]) -> RelationshipFilter:
    """The filter of a ``relationships relation+since`` argument, ``[relation, since]``."""
    return RelationshipFilter(
        relations=frozenset({Relation(arg[0])}), since=dt.date.fromisoformat(arg[1])
    )


OPERATIONS = (
    Operation("actor+relationships", ACTOR, lambda k: {"key": k}, _actor, cached=True),
    Operation(
        "neighborhood depth 1",
        HOOD,
        lambda k: {"key": k, "depth": 1},
        _hood,
        cached=True,
    ),
    Operation(
        "neighborhood depth 2",
        HOOD_PAGED,
        lambda k: {"key": k, "depth": 2},
        _hood_page,
        cached=True,
    ),
    Operation(
        "path",
        PATH,
        lambda p: {"a": p[0], "b": p[1]},
        lambda g, p: paths.shortest_path(g, p[0], p[1]),
        cached=True,
    ),
    Operation(
        "stance",
        STANCE,
        lambda p: {"a": p[0], "b": p[1]},
        lambda g, p: stance.pair_stance(g, *p),
        cached=True,
    ),
    Operation(
        "relationships relation+since",
        PAGE,
        lambda a: {"where": {"relation": [a[0]], "since": a[1]}},
        lambda g, a: _page(g, global_filter(a)),
        cached=True,
    ),
    Operation(
        "relationships actor+valence",
        PAGE,
        lambda k: {"where": {"actor": k, "valence": "HOSTILE"}},
        lambda g, k: _page(g, RelationshipFilter(actor=k, valence=Valence.HOSTILE)),
        cached=True,
    ),
    Operation("balance", BALANCE, lambda _: {}, lambda g, _: balance_module.balance_report(g)),
)


def arguments(manifest: dict[str, Any]) -> dict[str, list[Arg]]:
    """The argument list of every operation, from the dataset's manifest."""
    actors = list(manifest["typical_actors"])
    relations = ("ATTACKS", "SUPPORTS", "MEETS", "OPPOSES", "NEGOTIATES_WITH", "HOSTS")
    starts = [f"{y}-{m:02d}-01" for y in range(2012, 2024) for m in (1, 4, 7, 10)]
    # 64 distinct (relation, since) pairs: every one is a question the server has not seen.
    every = [[relation, start] for start in starts for relation in relations]  # 288
    filters = [every[(37 * i) % len(every)] for i in range(64)]  # 37 is prime to 288
    return {
        "actor+relationships": actors,
        "neighborhood depth 1": actors,
        "neighborhood depth 2": actors,
        "path": list(manifest["routes"]),
        "stance": list(manifest["pairs"]),
        "relationships relation+since": filters,
        "relationships actor+valence": actors,
        "balance": [None],
    }
