"""Tiny literal graphs for the analytics tests: read them at a glance."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable

from graph import Actor, ActorKind, AllianceGraph, Evidence, Relation, Relationship, Source, Stance

__all__ = [
    "ALLIED",
    "ATTACKS",
    "MEETS",
    "RANDOM_RELATIONS",
    "SUPPORTS",
    "graph_of",
    "random_graph",
    "rel",
    "tie",
]

# The relations the signed-network tests draw their little graphs with.
ATTACKS, ALLIED, SUPPORTS, MEETS = (
    Relation.ATTACKS,
    Relation.ALLIED_WITH,
    Relation.SUPPORTS,
    Relation.MEETS,
)


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


def tie(
    rid: str,
    source: str,
    relation: Relation,
    target: str,
    *,
    date: dt.date | None = None,
    until: dt.date | None = None,
) -> Relationship:
    """A relationship with an explicit id, quoting the test wire."""
    return Relationship(
        rid, relation, source, target, (Evidence("wire", "quoted"),), date=date, valid_until=until
    )


def graph_of(*rels: Relationship, actors: str | Iterable[str] = ()) -> AllianceGraph:
    """A graph of ``rels``, their actors (all STATEs) and any extra ``actors`` (a list, or
    one space-separated string)."""
    graph = AllianceGraph()
    graph.add_source(Source("nbc", "NBC News"))
    graph.add_source(Source("wire", "Test Wire"))
    extra = actors.split() if isinstance(actors, str) else list(actors)
    for key in sorted({*extra, *(k for r in rels for k in (r.source, r.target))}):
        graph.add_actor(Actor(key, key.title(), ActorKind.STATE))
    for r in rels:
        graph.add_relationship(r)
    return graph


# A random relation per tie: ties of every valence, some between the same two actors.
RANDOM_RELATIONS = (Relation.SUPPORTS, Relation.ALLIED_WITH, Relation.ATTACKS, Relation.MEETS)


def random_graph(seed: int) -> AllianceGraph:
    """5 to 30 actors with two-letter keys (in no order) and sparse to middling random ties,
    some pairs tied more than once; ids are random too, so the lowest is no particular one."""
    rng = random.Random(seed)
    keys = rng.sample([a + b for a in "abcdefghij" for b in "xyz"], rng.randint(5, 30))
    count = rng.randint(len(keys) // 2, 3 * len(keys))
    rels = []
    for rid in rng.sample(range(10 * count), count):
        source, target = rng.sample(keys, 2)
        rels.append(tie(f"r{rid}", source, rng.choice(RANDOM_RELATIONS), target))
    return graph_of(*rels, actors=keys)
