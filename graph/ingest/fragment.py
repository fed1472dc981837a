"""Proposals as a dataset fragment: sources, actors and relationships in the seed format,
for a person to edit, ``alliance-graph validate`` and merge.

The fragment is a dataset on its own: besides the source and the new actors, it holds each
actor of the graph that a relationship names, as the graph holds it, so that it validates
without the graph. Proposals of the same relation between the same actors on the same date
become one relationship, their quotes its evidence, its stance, claimant and confidence
those of the most confident of them.

Examples
--------
>>> import datetime as dt
>>> from graph import Source, load_seed, parse_dataset
>>> from graph.ingest.propose import propose
>>> g = load_seed()
>>> text = "Turkish jets shot down a Russian warplane on Tuesday."
>>> data = fragment(propose(text, Source("wire", "Wire"), g, published=dt.date(2015, 11, 26)), g)
>>> [a["key"] for a in data["actors"]], data["relationships"][0]["id"]
(['turkey', 'russia'], 'turkey-attacks-russia-2015-11-24')
>>> len(parse_dataset(data).relationships)
1
"""

from __future__ import annotations

from collections.abc import Callable

from graph.dataset.records import record_of
from graph.ingest.records import Candidate, Proposal, Proposals
from graph.model.ids import new_relationship_id
from graph.model.records import Actor, Evidence, Relationship
from graph.model.vocabulary import RELATIONS
from graph.store.alliance_graph import AllianceGraph

__all__ = ["fragment", "relationships_of"]


def _group_key(p: Proposal) -> tuple[object, ...]:
    ends = (p.source.key, p.target.key)
    if RELATIONS[p.relation].symmetric:
        ends = tuple(sorted(ends))  # type: ignore[assignment]
    return (p.relation, *ends, p.date)


def relationships_of(
    batch: Proposals, taken: Callable[[str], bool] = lambda _: False, min_confidence: float = 0.0
) -> list[Relationship]:
    """One relationship per relation, pair of actors and date; ids new to ``taken``."""
    groups: dict[tuple[object, ...], list[Proposal]] = {}
    for p in batch.proposals:
        if p.confidence >= min_confidence:
            groups.setdefault(_group_key(p), []).append(p)
    used: set[str] = set()
    out = []
    for group in groups.values():
        best = max(group, key=lambda p: p.confidence)
        quotes = list(dict.fromkeys(p.quote for p in group))
        kinds = tuple(dict.fromkeys(k for p in group for k in p.support_kinds))
        rel = Relationship(
            id="",
            relation=best.relation,
            source=best.source.key,
            target=best.target.key,
            evidence=tuple(Evidence(batch.source.id, q) for q in quotes),
            date=best.date,
            date_precision=best.date_precision,
            support_kinds=kinds,
            claimed_by=None if best.claimed_by is None else best.claimed_by.key,
            stance=best.stance,
            confidence=best.confidence,
        )
        rid = new_relationship_id(rel, lambda i: i in used or taken(i))
        used.add(rid)
        out.append(Relationship(rid, *[getattr(rel, f) for f in rel.__struct_fields__[1:]]))
    return out


def fragment(
    batch: Proposals, graph: AllianceGraph | None = None, *, min_confidence: float = 0.0
) -> dict[str, list[dict[str, object]]]:
    """The seed-format data of ``batch``, ready for ``yaml.safe_dump``.

    Parameters
    ----------
    batch : Proposals
        What :func:`~graph.ingest.propose.propose` returned.
    graph : AllianceGraph, optional
        The graph proposed against: its actors that relationships name are copied in, and
        relationship ids are chosen that it does not hold yet.
    min_confidence : float
        Leave out proposals below this confidence.

    Returns
    -------
    dict
        ``sources``, ``actors`` and ``relationships`` lists, as a dataset file holds them.
    """
    taken = (
        (lambda i: graph.relationship(i) is not None) if graph is not None else (lambda _: False)
    )
    rels = relationships_of(batch, taken, min_confidence)
    named = {k for r in rels for k in (r.source, r.target, r.claimed_by) if k is not None}
    candidates: dict[str, Candidate] = {}
    for p in batch.proposals:
        for cand in (p.source, p.target, p.claimed_by):
            if cand is not None and cand.key in named:
                candidates.setdefault(cand.key, cand)
    actors = []
    for cand in candidates.values():
        held = graph.actor(cand.key) if graph is not None and cand.existing else None
        actors.append(held or Actor(cand.key, cand.name, cand.kind))
    return {
        "sources": [record_of(batch.source)],
        "actors": [record_of(a) for a in actors],
        "relationships": [record_of(r) for r in rels],
    }
