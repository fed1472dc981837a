"""The benchmark suite's generator makes valid, deterministic datasets (no timing here)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from benchmarks.files import manifest_of, prepare
from benchmarks.generate import generate, generate_dataset
from graph import build_graph, load_dataset, parse_dataset
from graph.sqlite_store import SQLiteStorage
from graph.vocabulary import Relation, Stance


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
    from schema.context import Context
    from schema.schema import schema

    plain = generate(80, 3_000, seed=9)
    graph = build_graph(parse_dataset(plain), checked=False)
    args = arguments(manifest_of(plain, seed=9))
    for op in OPERATIONS:
        arg = args[op.name][0]
        result = schema.execute_sync(
            op.query, variable_values=op.variables(arg), context_value=Context(graph=graph)
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
