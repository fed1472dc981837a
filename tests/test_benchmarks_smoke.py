"""The benchmark suite's generator makes valid, deterministic datasets (no timing here)."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pytest

from benchmarks import wrk
from benchmarks.files import manifest_of, prepare
from benchmarks.generate import generate, generate_dataset
from graph import build_graph, load_dataset, load_seed, parse_dataset
from graph.model.records import Relationship
from graph.model.vocabulary import Relation, Stance
from graph.persistence.sqlite.store import SQLiteStorage


def test_generated_dataset_is_valid_with_the_counts_asked_for() -> None:
    dataset = parse_dataset(generate(60, 2_000, seed=1))
    assert (len(dataset.actors), len(dataset.relationships)) == (60, 2_000)
    assert len(build_graph(dataset)) == 2_000


def test_same_seed_gives_the_same_dataset_and_another_seed_another() -> None:
    assert generate(40, 500, seed=3) == generate(40, 500, seed=3)
    assert generate(40, 500, seed=3) != generate(40, 500, seed=4)


def test_generated_dataset_has_a_realistic_mix() -> None:
    dataset = generate_dataset(200, 5_000, seed=2)
    relations = Counter(r.relation for r in dataset.relationships)
    stances = Counter(r.stance for r in dataset.relationships)
    assert len(relations) >= 9
    assert relations[Relation.ATTACKS] > relations[Relation.LEADS]
    assert set(stances) == set(Stance)
    assert {len(r.evidence) for r in dataset.relationships} == {1, 2}
    quotes = [len(e.quote) for r in dataset.relationships for e in r.evidence]
    assert 60 < sum(quotes) / len(quotes) < 300
    years = {r.date.year for r in dataset.relationships if r.date is not None}
    assert min(years) >= 2010
    assert max(years) <= 2024
    assert any(r.date is None for r in dataset.relationships)


def test_prepare_writes_seed_files_and_a_store_that_load_the_same(tmp_path: Path) -> None:
    files = prepare(30, 300, 5, tmp_path, lambda _: None)
    from_file = load_dataset(files.seed_file)
    exported = load_dataset(files.exported_seed_file)
    with SQLiteStorage(files.store) as store:
        from_store, version = store.load()
    assert version == 1
    assert len(from_store.relationships) == len(from_file.relationships) == 300
    ids = [r.id for r in exported.relationships]
    assert ids == sorted(ids) != [r.id for r in from_file.relationships]
    assert set(exported.relationships) == set(from_file.relationships)
    assert files.manifest()["relationships"] == 300
    assert prepare(30, 300, 5, tmp_path, lambda _: None) == files  # cached
    files.exported_seed_file.unlink()  # a cache from before the exported file: it is made
    prepare(30, 300, 5, tmp_path, lambda _: None)
    assert load_dataset(files.exported_seed_file) == exported


def test_manifest_samples_actors_and_pairs_that_exist() -> None:
    plain = generate(50, 1_000, seed=6)
    manifest = manifest_of(plain, seed=6)
    keys = {a["key"] for a in plain["actors"]}
    assert set(manifest["typical_actors"]) <= keys
    assert all(a in keys and b in keys for a, b in manifest["pairs"] + manifest["routes"])
    assert json.loads(json.dumps(manifest)) == manifest


def test_every_benchmark_operation_answers_without_errors_over_graphql_and_directly() -> None:
    from benchmarks.operations import OPERATIONS, arguments
    from schema.schema import context_for, schema

    plain = generate(80, 3_000, seed=9)
    graph = build_graph(parse_dataset(plain), checked=False)
    args = arguments(manifest_of(plain, seed=9))
    for op in OPERATIONS:
        arg = args[op.name][0]
        result = schema.execute_sync(
            op.query, variable_values=op.variables(arg), context_value=context_for(graph)
        )
        assert result.errors is None, (op.name, result.errors)
        assert result.data
        op.direct(graph, arg)


def test_the_table_states_how_fast_the_machine_ran_at_start_and_end() -> None:
    from benchmarks.machine import machine, speed_probe
    from benchmarks.report import table

    found = machine()
    found["speed_probe_ms_at_end"] = speed_probe(rounds=1)
    assert found["speed_probe_ms_at_start"] > 0  # type: ignore[operator]
    text = table({"date": "2026-11-30", "machine": found, "seconds": 1.0})
    probe = [line for line in text.splitlines() if line.startswith("speed probe")]
    assert probe == [
        f"speed probe (fixed Python work, lower is faster): {found['speed_probe_ms_at_start']} "
        f"ms at start, {found['speed_probe_ms_at_end']} ms at end"
    ]


def test_stock_networkx_calls_give_the_answers_of_the_graph_calls_the_api_makes() -> None:
    from benchmarks import stock
    from benchmarks.operations import arguments, global_filter
    from graph import RelationshipFilter, Valence
    from graph.analysis import paths
    from graph.analysis.stance import pair_stance

    plain = generate(80, 3_000, seed=9)
    graph = build_graph(parse_dataset(plain), checked=False)
    args = arguments(manifest_of(plain, seed=9))
    assert set(stock.STOCK) == set(args) - {"balance"}
    multi = graph.nx

    def ids(rels: Sequence[Relationship]) -> list[str]:
        return [r.id for r in rels]

    for key in args["actor+relationships"]:
        record, rels = stock.actor(multi, key)
        assert record is graph.actor(key)
        assert ids(rels) == ids(graph.relationships_of(key))
        hood = paths.neighborhood(graph, key, depth=1)
        actors, among = stock.neighborhood(multi, key)
        assert (tuple(actors), ids(among)) == (hood.actors, ids(hood.relationships))
        hood = paths.neighborhood(graph, key, depth=2)
        count, rel_count, first_actors, first_rels = stock.neighborhood_page(multi, key)
        assert (count, rel_count) == (len(hood.actors), hood.relationship_count)
        assert (tuple(first_actors), ids(first_rels)) == (
            hood.actors[:50],
            ids(hood.relationship_page(50).items),
        )
        hostile = graph.relationship_page(
            RelationshipFilter(actor=key, valence=Valence.HOSTILE), 20
        )
        assert stock.actor_page(multi, key) == (hostile.total, list(hostile.items))
    for pair in args["path"]:
        found = paths.shortest_path(graph, *pair)
        answer = stock.path(multi, pair)
        assert (found is None) == (answer is None), pair
        if found is not None and answer is not None:
            assert len(answer[1]) == found.hops, pair
    assert any(stock.path(multi, pair) is not None for pair in args["path"])
    for pair in args["stance"]:
        expected = pair_stance(graph, *pair)
        assert stock.stance(multi, pair) == (expected.valence, list(expected.relationships))
    for arg in args["relationships relation+since"]:
        page = graph.relationship_page(global_filter(arg), 20)
        assert stock.page(multi, global_filter(arg)) == (page.total, list(page.items))


def test_the_scale_table_sets_http_against_direct_and_stock_calls_as_context() -> None:
    from benchmarks.report import table
    from benchmarks.scale import _ratios

    def timing(p50: float) -> dict[str, object]:
        return {"n": 10, "p50_ms": p50, "p99_ms": p50 * 2}

    load = {"seconds": 1.0, "rss_mb": 100.0, "hwm_mb": 120.0}
    http = {"path": {"cold": timing(6.0)}, "stance": {"cold": timing(24.0)}}
    direct = {"path": {"cold": timing(3.0)}, "stance": {"cold": timing(0.1)}}
    stock = {"path": {"stock": "path", "cold": timing(12.0)}, "stance": {"cold": timing(1.0)}}
    scale = {
        "dataset": {"actors": 3, "relationships": 4, "distinct_pairs": 2, "typical_degree": 1},
        "load_seed_file": load,
        "load_store": load,
        "server_start_s": 1.0,
        "server_memory_after_start": {"rss_mb": 100.0},
        "server_memory_after_queries": {"rss_mb": 110.0},
        "http": http,
        "direct": direct,
        "ratios": _ratios(http, direct),
        "networkx": stock,
        "ratios_networkx": _ratios(http, stock),
    }
    text = table({"date": "2026-11-30", "machine": {"nproc": 2, "cpu": "x", "memory_gb": 1,
                  "python": "3.11", "wrk": "wrk"}, "seconds": 1.0, "scale": scale})  # fmt: skip
    lines = text.splitlines()
    # Over HTTP only the p50 has a target: a ratio of 240 to the direct call is no MISS.
    cold = {line.split()[0]: line.split() for line in lines if " cold " in line}
    assert cold["path"][-3:] == ["2.00", "0.0", "ok"]  # ratio, KB, mark
    assert cold["stance"][-3:] == ["240.00", "0.0", "MISS"]  # 24 ms is past the 20 ms target
    assert "API/direct" not in text
    start = next(i for i, line in enumerate(lines) if "networkx's own functions" in line)
    rows = {line.split()[0]: line.split() for line in lines[start + 2 : start + 4]}
    assert rows["path"][1:] == ["6.00", "12.00", "24.00", "10", "0.50"]
    assert rows["stance"][1:] == ["24.00", "1.00", "2.00", "10", "24.00"]


def test_a_step_that_times_out_is_recorded_under_its_own_kind() -> None:
    from benchmarks.scale import _lines

    hangs = (
        "import json, time; print(json.dumps({'operation': 'path', 'cold': {}}));"
        "print(json.dumps({'start': 'path', 'kind': 'stock'}), flush=True); time.sleep(30)"
    )
    found = _lines(["-c", hangs], lambda step: 0.5 if step else 10.0)
    assert found == [
        {"operation": "path", "cold": {}},
        {"stock": "path", "timed_out_after_s": 0.5},
    ]


needs_wrk = pytest.mark.skipif(not wrk.available(), reason="needs wrk (apt-get install -y wrk)")


def test_cold_reads_ask_for_every_tie_of_each_seed_actor_on_any_day_they_ask() -> None:
    from benchmarks.cold_reads import COLD_QUERY, FIRST_DAY
    from schema.schema import context_for, schema

    graph = load_seed()
    day = (dt.date(1970, 1, 1) + dt.timedelta(days=FIRST_DAY)).isoformat()
    for key in graph.nx.nodes:
        asked = {"key": key, "asOf": day}
        that_day = schema.execute_sync(COLD_QUERY, asked, context_value=context_for(graph))
        assert that_day.errors is None
        always = schema.execute_sync(
            COLD_QUERY, {"key": key, "asOf": None}, context_value=context_for(graph)
        )
        assert that_day.data == always.data


@needs_wrk
def test_cold_reads_over_one_and_two_workers_answer_without_errors(tmp_path: Path) -> None:
    from benchmarks.cold_reads import run_cold_reads

    found = run_cold_reads(seconds=1, rounds=1, connections=2, work=tmp_path, say=lambda _: None)
    assert {label: [r["errors"] for r in runs] for label, runs in found["runs"].items()} == {
        "workers 1": [0],
        "workers 2": [0],
    }
    assert len(found["runs"]["workers 2"][0]["worker_cores"]) == 2
    assert found["ratio"] > 0


@needs_wrk
def test_two_replicas_over_one_file_see_each_others_writes_and_count_them(
    tmp_path: Path,
) -> None:
    from benchmarks.replicas import replicas_over

    found = replicas_over(
        str(tmp_path / "shared.sqlite3"),
        label="sqlite",
        database=None,
        visibility_writes=5,
        seconds=1,
        connections=2,
        work=tmp_path,
        say=lambda _: None,
    )
    assert found["visibility"]["visible_after"]["n"] == 5
    writes = found["writes"]
    assert writes["errors"] == 0
    assert writes["committed"] >= writes["answered"] > 0


def test_the_replicas_table_marks_each_target() -> None:
    from benchmarks.report import table

    def reads(rps: float, cores: list[float]) -> dict[str, object]:
        return {"rps": rps, "errors": 0, "worker_cores": cores, "wrk_cores": 0.1}

    def store(p99: float, rate: float) -> dict[str, object]:
        seen = {"n": 200, "p50_ms": p99 / 2, "p99_ms": p99, "max_ms": p99}
        writes = {"writers": 8, "writes_per_s": rate, "committed": 9, "errors": 0, "cores": {}}
        return {"visibility": {"visible_after": seen}, "writes": writes}

    replicas = {
        "cores_shared": "everything",
        "cold_reads": {
            "runs": {"workers 1": [reads(1000, [1.0])], "workers 2": [reads(1500, [0.9, 0.9])]},
            "median_rps": {"workers 1": 1000, "workers 2": 1500},
            "ratio": 1.5,
        },
        "sqlite": store(20.0, 100.0),
        "postgres": store(120.0, 400.0),
    }
    machine = {"nproc": 2, "cpu": "x", "memory_gb": 1, "python": "3.11", "wrk": "wrk"}
    text = table({"date": "2026-12-05", "machine": machine, "seconds": 1.0, "replicas": replicas})
    marks = [line.split()[-1] for line in text.splitlines() if "ratio" in line or "B:" in line]
    assert marks == ["MISS", "ok", "MISS"]
    writes = [line for line in text.splitlines() if "writers over 2 replicas" in line]
    assert writes[0].split()[-1].endswith(")")  # SQLite's rate is context: no mark
    assert writes[1].split()[-1] == "ok"


def test_every_hazard_query_fits_the_schema() -> None:
    from graphql import parse, validate

    from benchmarks.hazards import LARGE, ROWS, WRITE
    from schema.schema import schema

    for query in [*ROWS.values(), LARGE, WRITE]:
        assert validate(schema._schema, parse(query.replace("HUB", "hub"))) == [], query


def test_the_hazards_lines_mark_each_target() -> None:
    from benchmarks.hazards import hazards_lines

    hazards = {
        "cheap": {"n": 10, "p50_ms": 1.0, "p99_ms": 90.0, "max_ms": 150.0},
        "stall_by_row_ms": {"idle": 2.0, "two exports and a write": 150.0},
        "peak": {"server_rss_mb": 1500, "tree_rss_mb": 5000, "tree_pss_mb": 3000,
                 "tree_pss_row": "two exports and a write"},
        "post_load_rss_mb": 1200.0,
        "after_rss_mb": 1400.0,
        "rows": {"two exports and a write": {"write": {"s": 0.02}}},
    }  # fmt: skip
    head = hazards_lines(hazards)[:3]
    assert [line.rsplit("(", 1)[-1] for line in head] == [
        "<= 100 ms: MISS); cheap p50 1.0 p99 90.0 ms, n=10",
        "<= 4096 MB: ok); server alone 1500 MB",
        "+200; within 300 MB: ok)",
    ]
    assert "'two exports and a write'" in head[0]
