from __future__ import annotations

import datetime as dt
import io
import json
import re
from typing import Any

import networkx as nx
import pytest

from graph import AllianceGraph
from graph.export.formats import (
    KIND_COLORS,
    LIST_SEPARATOR,
    QUOTE_LIMIT,
    VALENCE_COLORS,
    ExportFormat,
    ExportOptions,
    export_graph,
)
from graph.export.layout import Layout, compute_layout
from graph.model.errors import InvalidInput, UnknownActor
from graph.model.records import Actor, Evidence, Relationship, Source
from graph.model.vocabulary import ActorKind, Relation, Stance, SupportKind, Valence

TALKS = ["russia-negotiates-with-us-2016-08-15", "russia-negotiates-with-us-2016-08-16"]
RESERVED = {"type", "id", "source", "target", "x", "y", "index", "key", "weight", "start", "end"}
JSON_FORMATS = [ExportFormat.CYTOSCAPE, ExportFormat.NODE_LINK, ExportFormat.GRAPHOLOGY]


def read_back(data: bytes, fmt: ExportFormat) -> nx.MultiDiGraph[str]:
    """The export as a NetworkX graph, read by NetworkX's own readers where there is one."""
    if fmt is ExportFormat.GEXF:
        gexf = nx.read_gexf(io.BytesIO(data))
        if gexf.is_multigraph():
            return nx.MultiDiGraph(gexf)
        # Without parallel edges NetworkX's reader returns a simple graph; the GEXF edge id,
        # which is the relationship id, is then under "id".
        simple: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        simple.add_nodes_from(gexf.nodes(data=True))
        for u, v, edge in gexf.edges(data=True):
            simple.add_edge(u, v, key=edge["id"], **edge)
        return simple
    if fmt is ExportFormat.GRAPHML:
        return nx.MultiDiGraph(nx.parse_graphml(data.decode(), force_multigraph=True))
    doc = json.loads(data)
    if fmt is ExportFormat.CYTOSCAPE:
        return nx.MultiDiGraph(nx.cytoscape_graph(doc))
    if fmt is ExportFormat.NODE_LINK:
        return nx.MultiDiGraph(
            nx.node_link_graph(doc, directed=True, multigraph=True, edges="links")
        )
    back: nx.MultiDiGraph[str] = nx.MultiDiGraph()  # graphology has no NetworkX reader
    for node in doc["nodes"]:
        back.add_node(node["key"], **node["attributes"])
    for edge in doc["edges"]:
        back.add_edge(edge["source"], edge["target"], key=edge["key"], **edge["attributes"])
    return back


def relationship_ids(back: nx.MultiDiGraph[str]) -> list[str]:
    return sorted(str(key) for _, _, key in back.edges(keys=True))


def snapshot(g: AllianceGraph) -> tuple[object, ...]:
    return (g.version, sorted(g.nx.nodes(data=True)), sorted(g.nx.edges(keys=True, data=True)))


def small_graph() -> AllianceGraph:
    g = AllianceGraph()
    g.add_source(Source("wire", "Test Wire", url="https://wire.example/1"))
    g.add_actor(Actor("iran", "Iran", ActorKind.STATE, aliases=("Tehran", "IRI"), iso3="IRN"))
    g.add_actor(Actor("hezbollah", "Hezbollah", ActorKind.ARMED_GROUP))
    g.add_relationship(
        Relationship(
            "iran-supports-hezbollah",
            Relation.SUPPORTS,
            "iran",
            "hezbollah",
            (Evidence("wire", "word " * 100), Evidence("wire", "again")),
            date=dt.date(2016, 8, 1),
            support_kinds=(SupportKind.WEAPONS, SupportKind.FUNDING),
            stance=Stance.CLAIMED,
            claimed_by="hezbollah",
            confidence=0.5,
        )
    )
    return g


def json_export(g: AllianceGraph, fmt: ExportFormat, **options: Any) -> Any:
    return json.loads(export_graph(g, fmt, ExportOptions(**options)))


# -- every format ------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_every_actor_and_relationship_reads_back(
    seed_graph: AllianceGraph, fmt: ExportFormat
) -> None:
    back = read_back(export_graph(seed_graph, fmt), fmt)

    assert sorted(back.nodes) == [a.key for a in seed_graph.actors()]
    assert relationship_ids(back) == [r.id for r in seed_graph.relationships()]
    for rel in seed_graph.relationships():
        data = back.edges[rel.source, rel.target, rel.id]
        assert data["relation"] == rel.relation.value
        assert data["valence"] == rel.valence.value
        assert data["symmetric"] is rel.symmetric
        assert data["stance"] == rel.stance.value
        assert data["confidence"] == rel.confidence
        assert data["evidenceCount"] == len(rel.evidence)


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_parallel_relationships_between_one_pair_stay_apart(
    seed_graph: AllianceGraph, fmt: ExportFormat
) -> None:
    back = read_back(export_graph(seed_graph, fmt), fmt)

    talks = back.get_edge_data("russia", "us")
    assert sorted(map(str, talks)) == TALKS
    assert [talks[rid]["date"] for rid in TALKS] == ["2016-08-15", "2016-08-16"]
    assert [talks[rid]["stance"] for rid in TALKS] == ["CLAIMED", "REPORTED"]


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_actor_attributes_read_back(seed_graph: AllianceGraph, fmt: ExportFormat) -> None:
    back = read_back(export_graph(seed_graph, fmt), fmt)

    for actor in seed_graph.actors():
        data = back.nodes[actor.key]
        assert data["label"] == actor.name
        assert data["kind"] == actor.kind.value
        assert data["color"] == KIND_COLORS[actor.kind]
        assert data.get("iso3") == actor.iso3
        aliases = data.get("aliases")
        joined = LIST_SEPARATOR.join(actor.aliases) or None
        assert aliases == (
            joined if fmt in (ExportFormat.GEXF, ExportFormat.GRAPHML) else list(actor.aliases)
        )


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_the_graph_is_not_mutated(seed_graph: AllianceGraph, fmt: ExportFormat) -> None:
    before = snapshot(seed_graph)

    export_graph(seed_graph, fmt, ExportOptions(around="russia", depth=2, include_claims=False))

    assert snapshot(seed_graph) == before


@pytest.mark.parametrize("fmt", JSON_FORMATS)
def test_the_same_graph_gives_the_same_file(seed_graph: AllianceGraph, fmt: ExportFormat) -> None:
    assert export_graph(seed_graph, fmt) == export_graph(seed_graph, fmt)


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_an_empty_graph_exports_an_empty_file(fmt: ExportFormat) -> None:
    back = read_back(export_graph(AllianceGraph(), fmt), fmt)

    assert back.number_of_nodes() == back.number_of_edges() == 0


def test_formats_have_content_types_and_file_names() -> None:
    assert {f.value: (f.content_type, f.filename) for f in ExportFormat} == {
        "cytoscape": ("application/json", "alliance-graph.cyjs"),
        "node-link": ("application/json", "alliance-graph.node-link.json"),
        "graphology": ("application/json", "alliance-graph.graphology.json"),
        "gexf": ("application/gexf+xml", "alliance-graph.gexf"),
        "graphml": ("application/graphml+xml", "alliance-graph.graphml"),
    }


# -- each format's own shape -------------------------------------------------------------


def test_cytoscape_elements_have_ids_and_positions(seed_graph: AllianceGraph) -> None:
    doc = json_export(seed_graph, ExportFormat.CYTOSCAPE, seed=3)
    positions = compute_layout(seed_graph, seed=3)

    assert doc["directed"] is True
    assert doc["multigraph"] is True
    nodes, edges = doc["elements"]["nodes"], doc["elements"]["edges"]
    assert [n["data"]["id"] for n in nodes] == list(positions)
    for node in nodes:
        x, y = positions[node["data"]["id"]]
        assert node["position"] == {"x": x, "y": y}
    assert [e["data"]["id"] for e in edges] == [r.id for r in seed_graph.relationships()]
    russia_isis = next(
        e["data"] for e in edges if e["data"]["id"] == "russia-attacks-isis-2016-08-16"
    )
    assert russia_isis["source"] == "russia"
    assert russia_isis["target"] == "isis"
    assert russia_isis["relation"] == "ATTACKS"
    assert russia_isis["claimedBy"] == "russia-defense-ministry"
    assert russia_isis["color"] == VALENCE_COLORS[Valence.HOSTILE]


def test_node_link_has_the_d3_shape(seed_graph: AllianceGraph) -> None:
    doc = json_export(seed_graph, ExportFormat.NODE_LINK)

    assert set(doc) == {"directed", "multigraph", "graph", "nodes", "links"}
    assert all(isinstance(n["id"], str) for n in doc["nodes"])
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in doc["nodes"])
    talks = [link for link in doc["links"] if link["key"] in TALKS]
    assert [(t["source"], t["target"], t["key"]) for t in talks] == [
        ("russia", "us", TALKS[0]),
        ("russia", "us", TALKS[1]),
    ]


def test_graphology_is_a_mixed_multigraph_sigma_can_draw(seed_graph: AllianceGraph) -> None:
    doc = json_export(seed_graph, ExportFormat.GRAPHOLOGY)

    assert doc["options"] == {"type": "mixed", "multi": True, "allowSelfLoops": False}
    for node in doc["nodes"]:
        attributes = node["attributes"]
        assert isinstance(attributes["x"], float)
        assert isinstance(attributes["y"], float)
        assert isinstance(attributes["size"], float)
        assert re.fullmatch(r"#[0-9a-f]{6}", attributes["color"])
        assert attributes["label"] == seed_graph.require_actor(node["key"]).name
    for edge in doc["edges"]:
        rel = seed_graph.relationship(edge["key"])
        assert rel is not None
        assert (edge["source"], edge["target"]) == (rel.source, rel.target)
        assert edge["undirected"] is rel.symmetric


def test_gexf_has_viz_positions_colours_and_sizes(seed_graph: AllianceGraph) -> None:
    data = export_graph(seed_graph, ExportFormat.GEXF)
    back = nx.read_gexf(io.BytesIO(data))
    positions = compute_layout(seed_graph)

    assert back.is_directed()
    for key, (x, y) in positions.items():
        viz = back.nodes[key]["viz"]
        assert (viz["position"]["x"], viz["position"]["y"]) == (x, y)
        kind = seed_graph.require_actor(key).kind
        rgb = tuple(int(KIND_COLORS[kind][i : i + 2], 16) for i in (1, 3, 5))
        assert (viz["color"]["r"], viz["color"]["g"], viz["color"]["b"]) == rgb
        assert viz["size"] == back.nodes[key]["size"]


def test_graphml_carries_positions_as_x_and_y(seed_graph: AllianceGraph) -> None:
    back = nx.parse_graphml(export_graph(seed_graph, ExportFormat.GRAPHML).decode())

    for key, (x, y) in compute_layout(seed_graph).items():
        assert (back.nodes[key]["x"], back.nodes[key]["y"]) == (x, y)


# -- attributes --------------------------------------------------------------------------


def test_relationship_attributes_a_front_end_needs() -> None:
    doc = json_export(small_graph(), ExportFormat.GRAPHOLOGY)

    attributes = doc["edges"][0]["attributes"]
    quote = attributes.pop("quote")
    assert attributes == {
        "label": "supports",
        "relation": "SUPPORTS",
        "valence": "COOPERATIVE",
        "symmetric": False,
        "date": "2016-08-01",
        "datePrecision": None,
        "validFrom": None,
        "validUntil": None,
        "stance": "CLAIMED",
        "confidence": 0.5,
        "claimedBy": "hezbollah",
        "location": None,
        "supportKinds": ["WEAPONS", "FUNDING"],
        "evidenceSource": "wire",
        "evidencePublisher": "Test Wire",
        "evidenceUrl": "https://wire.example/1",
        "evidenceCount": 2,
        "color": VALENCE_COLORS[Valence.COOPERATIVE],
    }
    assert len(quote) <= QUOTE_LIMIT
    assert quote.endswith("word…")


def test_short_quotes_are_kept_whole(seed_graph: AllianceGraph) -> None:
    doc = json_export(seed_graph, ExportFormat.GRAPHOLOGY)

    quotes = {e["key"]: e["attributes"]["quote"] for e in doc["edges"]}
    rel = seed_graph.relationship("putin-meets-rouhani-2016-08-08")
    assert rel is not None
    assert len(rel.evidence[0].quote) <= QUOTE_LIMIT
    assert quotes[rel.id] == " ".join(rel.evidence[0].quote.split())


def test_xml_formats_join_lists_and_leave_out_missing_values() -> None:
    g = small_graph()
    for fmt in (ExportFormat.GEXF, ExportFormat.GRAPHML):
        back = read_back(export_graph(g, fmt), fmt)

        assert back.nodes["iran"]["aliases"] == "Tehran; IRI"
        assert "aliases" not in back.nodes["hezbollah"]
        assert "iso3" not in back.nodes["hezbollah"]
        edge = back.edges["iran", "hezbollah", "iran-supports-hezbollah"]
        assert edge["supportKinds"] == "WEAPONS; FUNDING"
        assert "location" not in edge


def test_node_size_grows_with_the_actors_relationships(seed_graph: AllianceGraph) -> None:
    doc = json_export(seed_graph, ExportFormat.GRAPHOLOGY)

    size = {n["key"]: n["attributes"]["size"] for n in doc["nodes"]}
    assert size["ap"] == 4.0
    assert size["russia"] > size["us"] > size["ap"]


@pytest.mark.parametrize("fmt", JSON_FORMATS)
def test_json_formats_keep_reserved_names_for_the_format(
    seed_graph: AllianceGraph, fmt: ExportFormat
) -> None:
    doc = json_export(seed_graph, fmt)
    if fmt is ExportFormat.CYTOSCAPE:
        nodes = [n["data"] for n in doc["elements"]["nodes"]]
        edges = [e["data"] for e in doc["elements"]["edges"]]
        owned = {"id", "value", "source", "target", "key"}
    elif fmt is ExportFormat.NODE_LINK:
        nodes, edges = doc["nodes"], doc["links"]
        owned = {"id", "x", "y", "source", "target", "key"}
    else:
        nodes = [n["attributes"] for n in doc["nodes"]]
        edges = [e["attributes"] for e in doc["edges"]]
        owned = {"x", "y"}
    for record in (*nodes, *edges):
        assert not (set(record) - owned) & RESERVED
    if fmt is not ExportFormat.GRAPHOLOGY:
        assert all(n["id"] in seed_graph.nx for n in nodes)


@pytest.mark.parametrize("fmt", [ExportFormat.GEXF, ExportFormat.GRAPHML])
def test_xml_formats_keep_reserved_names_for_the_format(
    seed_graph: AllianceGraph, fmt: ExportFormat
) -> None:
    text = export_graph(seed_graph, fmt).decode()

    declared = set(re.findall(r'(?:title|attr\.name)="([^"]+)"', text))
    assert "relation" in declared
    assert "kind" in declared
    assert not (declared - {"x", "y"}) & RESERVED
    assert not re.search(r"<edge\b[^>]*\stype=", text)  # GEXF would read it as direction


# -- what is selected --------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_as_of_leaves_out_later_relationships(seed_graph: AllianceGraph, fmt: ExportFormat) -> None:
    options = ExportOptions(as_of=dt.date(2016, 8, 15))

    back = read_back(export_graph(seed_graph, fmt, options), fmt)

    assert relationship_ids(back) == [
        "putin-meets-rouhani-2016-08-08",
        "russia-negotiates-with-us-2016-08-15",
        "shoigu-leads-russia-defense-ministry",
    ]
    assert back.number_of_nodes() == len(seed_graph.actors())


def test_relation_and_valence_filters(seed_graph: AllianceGraph) -> None:
    attacks = json_export(
        seed_graph, ExportFormat.GRAPHOLOGY, relations=frozenset({Relation.ATTACKS})
    )
    hostile = json_export(seed_graph, ExportFormat.GRAPHOLOGY, valence=Valence.HOSTILE)

    assert {e["attributes"]["relation"] for e in attacks["edges"]} == {"ATTACKS"}
    assert len(attacks["edges"]) == 4
    assert {e["attributes"]["valence"] for e in hostile["edges"]} == {"HOSTILE"}
    assert {e["attributes"]["relation"] for e in hostile["edges"]} == {"ATTACKS", "OPPOSES"}


def test_min_confidence_and_include_claims(seed_graph: AllianceGraph) -> None:
    confident = json_export(seed_graph, ExportFormat.GRAPHOLOGY, min_confidence=0.9)
    reported = json_export(seed_graph, ExportFormat.GRAPHOLOGY, include_claims=False)

    assert min(e["attributes"]["confidence"] for e in confident["edges"]) >= 0.9
    assert len(confident["edges"]) == sum(r.confidence >= 0.9 for r in seed_graph.relationships())
    assert {e["attributes"]["stance"] for e in reported["edges"]} == {"REPORTED"}
    assert TALKS[1] in {e["key"] for e in reported["edges"]}
    assert TALKS[0] not in {e["key"] for e in reported["edges"]}


def test_around_exports_the_neighbourhood_and_the_ties_within_it(
    seed_graph: AllianceGraph,
) -> None:
    near = json_export(seed_graph, ExportFormat.GRAPHOLOGY, around="us")
    wider = json_export(seed_graph, ExportFormat.GRAPHOLOGY, around="us", depth=2)

    assert [n["key"] for n in near["nodes"]] == ["russia", "us"]
    assert [e["key"] for e in near["edges"]] == TALKS
    keys = {n["key"] for n in wider["nodes"]}
    assert {"us", "russia", "isis", "assad", "putin"} <= keys
    assert "rouhani" not in keys
    assert all(e["source"] in keys and e["target"] in keys for e in wider["edges"])


def test_around_follows_only_relationships_that_pass_the_filters(
    seed_graph: AllianceGraph,
) -> None:
    doc = json_export(seed_graph, ExportFormat.GRAPHOLOGY, around="us", include_claims=False)

    assert [e["key"] for e in doc["edges"]] == [TALKS[1]]


def test_around_lays_out_only_the_neighbourhood(seed_graph: AllianceGraph) -> None:
    doc = json_export(seed_graph, ExportFormat.CYTOSCAPE, around="us", layout=Layout.CIRCULAR)

    positions = [n["position"] for n in doc["elements"]["nodes"]]
    assert positions == [{"x": 1000.0, "y": 0.0}, {"x": -1000.0, "y": 0.0}]


def test_an_unknown_actor_around_is_an_error_naming_around(seed_graph: AllianceGraph) -> None:
    with pytest.raises(UnknownActor, match="atlantis") as raised:
        export_graph(seed_graph, ExportFormat.GEXF, ExportOptions(around="atlantis"))

    assert raised.value.field == "around"


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"min_confidence": 1.5}, "min_confidence"),
        ({"min_confidence": float("nan")}, "min_confidence"),
        ({"depth": 0}, "depth"),
        ({"depth": 4}, "depth"),
        ({"seed": -5}, "seed"),
    ],
)
def test_bad_options_are_errors_naming_the_option(options: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        ExportOptions(**options)

    assert raised.value.field == field


def test_options_are_hashable_so_exports_can_be_cached() -> None:
    one = ExportOptions(relations=frozenset({Relation.MEETS}), as_of=dt.date(2016, 8, 1))
    other = ExportOptions(relations=frozenset({Relation.MEETS}), as_of=dt.date(2016, 8, 1))

    assert hash(one) == hash(other)
    assert one == other
