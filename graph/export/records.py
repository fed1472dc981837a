"""The part of the graph an export holds, as plain records every file format is written from.

Attribute names are the GraphQL API's (camelCase) and never a word a format owns (``type``,
``id``, ``source``, ``target``, ``x``, ``y``, ``index``, ``key``, ``weight``, ``start``,
``end``): writers add those with the format's own meaning.

Node attributes: ``label`` (the actor's name), ``kind``, ``aliases`` (a list), ``iso3``,
``cameo``, ``description``, ``color`` (by kind, :data:`KIND_COLORS`) and ``size`` (4 plus twice
the square root of the actor's exported relationships). Edge attributes: ``label`` (the
relation in words), ``relation``, ``valence``, ``symmetric``, ``date``, ``datePrecision``,
``validFrom``, ``validUntil`` (ISO dates), ``stance``, ``confidence``, ``claimedBy``,
``location``, ``supportKinds`` (a list), ``quote`` (the first evidence quote, whitespace
collapsed, cut at a word to at most :data:`QUOTE_LIMIT` characters), ``evidenceSource``,
``evidencePublisher``, ``evidenceUrl`` (its source), ``evidenceCount`` and ``color`` (by
valence, :data:`VALENCE_COLORS`). Missing values are ``None``.

Examples
--------
>>> from graph.export.layout import Layout
>>> from graph.model.records import Actor, Evidence, Relationship, Source
>>> from graph.model.vocabulary import ActorKind, Relation
>>> g = AllianceGraph()
>>> g.add_source(Source("nbc", "NBC News"))
>>> for key in ("russia", "isis", "us"):
...     g.add_actor(Actor(key, key.title(), ActorKind.STATE))
>>> g.add_relationship(Relationship("r1", Relation.ATTACKS, "russia", "isis",
...                                 (Evidence("nbc", "Russian bombers struck ISIS"),)))
>>> chosen = select(g, ExportOptions(layout=Layout.CIRCULAR))
>>> [n.key for n in chosen.nodes], [(e.id, e.source, e.target) for e in chosen.edges]
(['isis', 'russia', 'us'], [('r1', 'russia', 'isis')])
>>> chosen.edges[0].attributes["quote"], chosen.edges[0].attributes["color"]
('Russian bombers struck ISIS', '#d73027')
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TypeAlias, overload

import networkx as nx

from graph.analysis.paths import undirected_projection
from graph.export.layout import Layout, Position, check_size, compute_layout, default_layout
from graph.export.options import ExportOptions
from graph.model.records import Actor, Relationship, Source
from graph.model.vocabulary import ActorKind, Valence
from graph.store.alliance_graph import AllianceGraph

__all__ = [
    "GRAPH_NAME",
    "KIND_COLORS",
    "QUOTE_LIMIT",
    "VALENCE_COLORS",
    "Attributes",
    "EdgeRecord",
    "EdgeRecords",
    "NodeRecord",
    "Ready",
    "Selection",
    "Value",
    "adjacency_order",
    "select",
]

KIND_COLORS: dict[ActorKind, str] = {
    ActorKind.STATE: "#1f6fb2",
    ActorKind.STATE_BODY: "#56b4e9",
    ActorKind.PERSON: "#e69f00",
    ActorKind.ARMED_GROUP: "#3b2a63",
    ActorKind.ORGANIZATION: "#cc79a7",
    ActorKind.MEDIA: "#c9a400",
    ActorKind.CIVILIANS: "#8c6d46",
}
"""Node colour per actor kind: the explorer's palette (``--kind-*`` in ``explorer.css``)."""

VALENCE_COLORS: dict[Valence, str] = {
    Valence.COOPERATIVE: "#1a9850",
    Valence.HOSTILE: "#d73027",
    Valence.NEUTRAL: "#8a96a3",
}
"""Edge colour per valence, as in the explorer: green draws together, red apart, grey neither."""

GRAPH_NAME = "alliance-graph"
"""The graph's name in every export."""

QUOTE_LIMIT = 200
"""The longest evidence quote an export carries; longer ones are cut and end with "…"."""

Value = str | int | float | bool | list[str] | None
Attributes = dict[str, Value]
Ready: TypeAlias = Callable[[Layout], Mapping[str, Position] | None]
"""Given a layout: the positions of the whole graph in it, if already computed."""


@dataclass(frozen=True, slots=True)
class NodeRecord:
    """One actor as exported: its key, position and attributes."""

    key: str
    x: float
    y: float
    attributes: Attributes


@dataclass(frozen=True, slots=True)
class EdgeRecord:
    """One relationship as exported: its id, ends, whether it has a direction, attributes."""

    id: str
    source: str
    target: str
    symmetric: bool
    attributes: Attributes


class EdgeRecords(Sequence[EdgeRecord]):
    """Relationships as :class:`EdgeRecord` s, each made when it is read and then let go, so
    that a file of 300,000 relationships never holds them all at once.

    It keeps the relationships (immutable) and the sources as they were when it was made, so
    the graph may change while a file is written from it.
    """

    def __init__(self, relationships: Sequence[Relationship], sources: dict[str, Source]):
        self._relationships = relationships
        self._sources = sources

    def __len__(self) -> int:
        return len(self._relationships)

    @overload
    def __getitem__(self, index: int) -> EdgeRecord: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[EdgeRecord]: ...
    def __getitem__(self, index: int | slice) -> EdgeRecord | Sequence[EdgeRecord]:
        if isinstance(index, slice):
            return EdgeRecords(self._relationships[index], self._sources)
        rel = self._relationships[index]
        attributes = _edge_attributes(self._sources, rel)
        return EdgeRecord(rel.id, rel.source, rel.target, rel.symmetric, attributes)

    def __iter__(self) -> Iterator[EdgeRecord]:
        for index in range(len(self._relationships)):
            yield self[index]

    def ends(self) -> list[tuple[str, str]]:
        """Each relationship's ``(source, target)``, without making its record."""
        return [(rel.source, rel.target) for rel in self._relationships]


@dataclass(frozen=True, slots=True)
class Selection:
    """The exported actors in key order and relationships in id order, and the layout that
    placed them (``None`` when the records were made by hand)."""

    nodes: Sequence[NodeRecord]
    edges: Sequence[EdgeRecord]
    layout: Layout | None = None
    reused: bool = False
    """Whether the positions were the ones ``ready`` had, not computed for this selection."""


def adjacency_order(selection: Selection) -> Iterator[EdgeRecord]:
    """The edges in the order a NetworkX multigraph made from ``selection`` lists them: by
    source in node order, then by target in the order each pair first appears, then in id
    order. The node-link, GEXF and GraphML files list edges so.

    >>> chosen = Selection(
    ...     (NodeRecord("a", 0, 0, {}), NodeRecord("b", 0, 0, {})),
    ...     (EdgeRecord("1", "b", "a", False, {}), EdgeRecord("2", "a", "b", False, {}),
    ...      EdgeRecord("3", "b", "a", False, {})),
    ... )
    >>> [edge.id for edge in adjacency_order(chosen)]
    ['2', '1', '3']
    """
    edges = selection.edges
    ends = edges.ends() if isinstance(edges, EdgeRecords) else [(e.source, e.target) for e in edges]
    place = {node.key: index for index, node in enumerate(selection.nodes)}
    pairs: dict[tuple[str, str], int] = {}
    keys = [
        (place.setdefault(pair[0], len(place)), pairs.setdefault(pair, len(pairs))) for pair in ends
    ]
    del ends
    for index in sorted(range(len(keys)), key=keys.__getitem__):  # stable: id order within
        yield edges[index]


def select(graph: AllianceGraph, options: ExportOptions, ready: Ready | None = None) -> Selection:
    """The actors and relationships ``options`` ask for, laid out, as records.

    Parameters
    ----------
    graph : AllianceGraph
        Not modified.
    options : ExportOptions
    ready : callable, optional
        The positions of a layout of the whole graph already computed, if any: used instead of
        computing them again when ``options`` ask for that (:attr:`ExportOptions.whole_default`).

    Returns
    -------
    Selection

    Raises
    ------
    UnknownActor
        When ``options.around`` is not in the graph (the error's field is ``around``).
    InvalidInput
        When the layout cannot handle this many actors (field ``layout``).

    Examples
    --------
    >>> chosen = select(AllianceGraph(), ExportOptions())
    >>> chosen.nodes, len(chosen.edges), chosen.layout
    ((), 0, <Layout.SPRING: 'spring'>)
    """
    where = options.where
    if options.around is None:
        keys = sorted(graph.nx.nodes)
        relationships = graph.relationships(where)
    else:
        graph.require_actor(options.around, field="around")
        projection = undirected_projection(graph, where)
        reach = nx.single_source_shortest_path_length(
            projection, options.around, cutoff=options.depth
        )
        keys = sorted(reach)
        relationships = graph.relationships(replace(where, between=frozenset(keys)))
    layout = options.layout or default_layout(len(keys), options.max_layout_actors)
    check_size(layout, len(keys), options.max_layout_actors)
    known = ready(layout) if ready is not None and options.whole_default else None
    positions = known or compute_layout(
        graph,
        layout,
        seed=options.seed,
        max_actors=options.max_layout_actors,
        where=where,
        actors=None if options.around is None else keys,
    )
    degree = Counter(end for rel in relationships for end in (rel.source, rel.target))
    nodes = tuple(
        NodeRecord(key, *positions[key], _actor_attributes(graph.require_actor(key), degree[key]))
        for key in keys
    )
    sources = {source.id: source for source in graph.sources()}
    return Selection(nodes, EdgeRecords(relationships, sources), layout, known is not None)


def _actor_attributes(actor: Actor, degree: int) -> Attributes:
    return {
        "label": actor.name,
        "kind": actor.kind.value,
        "aliases": list(actor.aliases),
        "iso3": actor.iso3,
        "cameo": actor.cameo,
        "description": actor.description,
        "color": KIND_COLORS[actor.kind],
        "size": round(4.0 + 2.0 * math.sqrt(degree), 2),
    }


def _edge_attributes(sources: dict[str, Source], rel: Relationship) -> Attributes:
    first = rel.evidence[0] if rel.evidence else None
    source = None if first is None else sources.get(first.source)
    return {
        "label": rel.relation.value.lower().replace("_", " "),
        "relation": rel.relation.value,
        "valence": rel.valence.value,
        "symmetric": rel.symmetric,
        "date": None if rel.date is None else rel.date.isoformat(),
        "datePrecision": None if rel.date_precision is None else rel.date_precision.value,
        "validFrom": None if rel.valid_from is None else rel.valid_from.isoformat(),
        "validUntil": None if rel.valid_until is None else rel.valid_until.isoformat(),
        "stance": rel.stance.value,
        "confidence": float(rel.confidence),
        "claimedBy": rel.claimed_by,
        "location": rel.location,
        "supportKinds": [kind.value for kind in rel.support_kinds],
        "quote": None if first is None else _shorten(first.quote),
        "evidenceSource": None if first is None else first.source,
        "evidencePublisher": None if source is None else source.publisher,
        "evidenceUrl": None if source is None else source.url,
        "evidenceCount": len(rel.evidence),
        "color": VALENCE_COLORS[rel.valence],
    }


def _shorten(quote: str) -> str:
    quote = " ".join(quote.split())
    if len(quote) <= QUOTE_LIMIT:
        return quote
    head = quote[: QUOTE_LIMIT - 1]
    if quote[QUOTE_LIMIT - 1] != " " and " " in head:  # do not cut inside a word
        head = head.rsplit(" ", 1)[0]
    return head.rstrip(" ,;:.") + "…"
