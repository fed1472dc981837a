"""Tiny literal graphs for the signed-network tests: read them at a glance."""

from __future__ import annotations

import datetime as dt

from graph import Actor, ActorKind, AllianceGraph, Evidence, Relation, Relationship, Source, Stance

__all__ = ["graph_of", "rel"]


def rel(
    source: str,
    relation: Relation,
    target: str,
    *,
    date: dt.date | None = None,
    stance: Stance = Stance.REPORTED,
    confidence: float = 1.0,
) -> Relationship:
    rid = f"{source}-{relation.value.lower()}-{target}"
    quote = (Evidence("nbc", "a quote"),)
    return Relationship(
        rid, relation, source, target, quote, date=date, stance=stance, confidence=confidence
    )


def graph_of(*rels: Relationship, actors: str = "") -> AllianceGraph:
    graph = AllianceGraph()
    graph.add_source(Source("nbc", "NBC News"))
    for key in sorted({*actors.split(), *(k for r in rels for k in (r.source, r.target))}):
        graph.add_actor(Actor(key, key.title(), ActorKind.STATE))
    for r in rels:
        graph.add_relationship(r)
    return graph
