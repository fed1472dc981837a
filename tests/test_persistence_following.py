"""Several editors over one store, as several processes serving one graph: each follows what
the others commit, and each write is checked against the newest stored version."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from graph import load_dataset, seed_path
from graph.dataset.parse import dump_dataset
from graph.model.errors import DuplicateKey, GraphError
from graph.model.records import Actor, Evidence, Relationship, Source
from graph.model.vocabulary import ActorKind, Relation
from graph.persistence.changes import ChangeOperation
from graph.persistence.editor import Editor
from graph.persistence.memory import MemoryStorage
from graph.persistence.opening import open_storage
from graph.persistence.sqlite.store import SQLiteStorage
from graph.persistence.storage import StorageError, import_change
from tests.test_persistence_editor import tiny

HEZBOLLAH = Actor("hezbollah", "Hezbollah", ActorKind.ARMED_GROUP)
EV = (Evidence("nbc", "airstrikes"),)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    file = tmp_path / "shared.sqlite3"
    open_storage(file, tiny()).close()
    return file


@pytest.fixture
def pair(path: Path) -> Iterator[tuple[Editor, Editor]]:
    one, two = Editor.open(SQLiteStorage(path)), Editor.open(SQLiteStorage(path))
    yield one, two
    one.close()
    two.close()


def same(one: Editor, two: Editor) -> bool:
    return one.graph.version == two.graph.version and dump_dataset(
        one.export_dataset()
    ) == dump_dataset(two.export_dataset())


def test_a_write_through_one_editor_is_taken_in_by_the_other(
    pair: tuple[Editor, Editor],
) -> None:
    one, two = pair
    one.create_actor(HEZBOLLAH, "ann")
    assert two.graph.actor("hezbollah") is None
    assert two.catch_up() == 1
    assert two.graph.actor("hezbollah") == HEZBOLLAH
    assert same(one, two)
    assert two.catch_up() == 0


def test_racing_creates_of_one_key_give_one_success_and_one_duplicate(
    pair: tuple[Editor, Editor],
) -> None:
    one, two = pair
    one.create_actor(HEZBOLLAH, "ann")
    with pytest.raises(DuplicateKey):  # two has not caught up: its write does, first
        two.create_actor(replace(HEZBOLLAH, name="Hizbullah"), "bob")
    assert two.graph.actor("hezbollah") == HEZBOLLAH
    assert [c.version for c in two.history(first=10)] == [2, 1]
    assert same(one, two)


def test_writes_through_both_editors_leave_contiguous_versions_and_one_history(
    pair: tuple[Editor, Editor],
) -> None:
    one, two = pair
    for n in range(10):
        writer = (one, two)[n % 2]
        writer.add_source(Source(f"s{n}", f"Paper {n}"), "ann")
    one.catch_up()
    two.catch_up()
    assert same(one, two)
    versions = [c.version for c in one.history(first=100)]
    assert versions == list(range(11, 0, -1))
    assert one.history(first=100) == two.history(first=100)


def test_an_import_by_another_editor_is_taken_in_whole(path: Path) -> None:
    one = Editor.open(SQLiteStorage(path))
    importer = Editor.open(SQLiteStorage(path))
    seed = load_dataset(seed_path())
    importer.import_dataset(seed, "ann")
    assert one.catch_up() == 1
    assert same(one, importer)
    assert len(one.graph) == len(seed.relationships)
    assert one.graph.version == 2
    # and a write after it is checked against the imported graph
    one.create_actor(HEZBOLLAH, "ann")
    with pytest.raises(GraphError):
        importer.add_relationship(
            Relationship("x", Relation.ATTACKS, "isis", "hezbollah", EV), "bob"
        )  # "nbc" is no source of the seed: refused after taking in hezbollah
    assert importer.graph.actor("hezbollah") == HEZBOLLAH
    one.close()
    importer.close()


def test_a_write_after_an_import_elsewhere_is_checked_against_the_imported_graph(
    pair: tuple[Editor, Editor],
) -> None:
    one, two = pair
    seed = load_dataset(seed_path())
    one.import_dataset(seed, "ann")
    done = two.add_relationship(
        Relationship(
            "iran-attacks-isis", Relation.ATTACKS, "iran", "isis",
            (Evidence("nbc-2016-08-16", "strikes"),),
        ),
        "bob",
    )  # fmt: skip
    assert done.change.version == 3
    assert two.graph.actor("assad") is not None  # from the seed, taken in before the write
    one.catch_up()
    assert same(one, two)


def test_random_edits_through_one_editor_replay_exactly_in_the_other(
    pair: tuple[Editor, Editor],
) -> None:
    one, two = pair
    rng = random.Random(7)
    made = 0
    for n in range(120):
        keys = sorted(a.key for a in one.graph.actors())
        rels = sorted(r.id for r in one.graph.relationships())
        roll = rng.random()
        try:
            if roll < 0.3:
                one.create_actor(Actor(f"a{n}", f"Actor {n}", ActorKind.STATE), "ann")
            elif roll < 0.6 and len(keys) > 1:
                a, b = rng.sample(keys, 2)
                rel = Relationship(
                    f"r-{n}",
                    rng.choice(list(Relation)),
                    a,
                    b,
                    EV,
                    date=dt.date(2016, 8, 1 + n % 28),
                )
                one.add_relationship(rel, "ann")
            elif roll < 0.75 and rels:
                one.update_relationship(rng.choice(rels), {"confidence": rng.random()}, "ann")
            elif roll < 0.85 and rels:
                one.remove_relationship(rng.choice(rels), "ann")
            elif roll < 0.92:
                one.update_actor(rng.choice(keys), {"aliases": [f"alias {n}"]}, "ann")
            else:
                one.delete_actor(rng.choice(keys), True, "ann")
            made += 1
        except GraphError:
            continue
        if rng.random() < 0.2:
            two.catch_up()
    two.catch_up()
    assert made > 60
    assert same(one, two)
    assert two.graph.relationship_page(None, 100).total == len(one.graph)


def test_a_follower_publishes_what_it_takes_in_to_its_subscribers(
    pair: tuple[Editor, Editor],
) -> None:
    one, two = pair

    async def main() -> list[tuple[int, str]]:
        feed = two.subscribe()
        one.create_actor(HEZBOLLAH, "ann")
        one.update_actor("hezbollah", {"iso3": None, "cameo": "LEBHEZ"}, "ann")
        two.catch_up()
        got = [await asyncio.wait_for(anext(feed), 5) for _ in range(2)]
        feed.close()
        return [(c.version, c.operation.value) for c in got]

    assert asyncio.run(main()) == [(2, "CREATE_ACTOR"), (3, "UPDATE_ACTOR")]


def test_an_editor_opened_behind_the_store_catches_up_and_writes(path: Path) -> None:
    behind = Editor.open(SQLiteStorage(path))
    ahead = Editor.open(SQLiteStorage(path))
    ahead.create_actor(HEZBOLLAH, "ann")
    late = Editor(behind.graph, SQLiteStorage(path))  # a graph at version 1, store at 2
    done = late.add_source(Source("bbc", "BBC"), "bob")
    assert done.change.version == 3
    assert late.graph.actor("hezbollah") == HEZBOLLAH
    for editor in (behind, ahead, late):
        editor.close()


def test_a_memory_transaction_stores_all_of_its_changes_or_none() -> None:
    store = MemoryStorage()
    seed = tiny()
    store.replace_all(seed, import_change(1, "seed", seed))
    good = import_change(2, "ann", seed)

    def write_both() -> None:
        with store.writing() as tx:
            tx.append(good)
            tx.append(import_change(9, "ann", seed))  # does not follow 2

    with pytest.raises(StorageError):
        write_both()
    assert store.version() == 1
    assert [c.operation for c in store.changes_after(0)] == [ChangeOperation.IMPORT]
