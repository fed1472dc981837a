from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from msgspec.structs import replace

from graph import RelationshipFilter, load_dataset, seed_path
from graph.analysis.paths import neighborhood
from graph.dataset.parse import Dataset, dump_dataset, parse_dataset
from graph.model.errors import (
    ActorInUse,
    DuplicateKey,
    GraphError,
    InvalidInput,
    InvalidRelationship,
    UnknownActor,
    UnknownRelationship,
    UnknownSource,
)
from graph.model.records import Actor, Evidence, Relationship, Source
from graph.model.vocabulary import ActorKind, Relation, Stance, SupportKind
from graph.persistence.changes import Change, ChangeOperation
from graph.persistence.editor import Editor
from graph.persistence.opening import open_storage
from graph.persistence.sqlite.store import SQLiteStorage
from graph.persistence.storage import StorageError
from graph.persistence.subscription import Subscription, SubscriptionOverflow

EV = (Evidence("nbc", "Russian bombers took off from Hamadan"),)
IRAN = Actor("iran", "Iran", ActorKind.STATE)
HOSTS = Relationship("r9", Relation.HOSTS, "us", "russia", EV, date=dt.date(2016, 8, 16))


def tiny() -> Dataset:
    return parse_dataset(
        {
            "sources": [{"id": "nbc", "publisher": "NBC News"}],
            "actors": [
                {"key": "isis", "name": "ISIS", "kind": "ARMED_GROUP"},
                {"key": "russia", "name": "Russia", "kind": "STATE"},
                {"key": "us", "name": "United States", "kind": "STATE"},
            ],
            "relationships": [
                {"id": "r1", "relation": "ATTACKS", "source": "russia", "target": "isis",
                 "date": "2016-08-16", "evidence": [{"source": "nbc", "quote": "airstrikes"}]},
                {"id": "r2", "relation": "ATTACKS", "source": "us", "target": "isis",
                 "evidence": [{"source": "nbc", "quote": "coalition strikes"}]},
            ],
        }
    )  # fmt: skip


def open_editor(tmp_path: Path, *, timeout: float = 5.0, buffer: int = 256) -> Editor:
    path = tmp_path / "graph.sqlite"
    open_storage(path, tiny()).close()
    return Editor.open(SQLiteStorage(path, timeout=timeout), buffer=buffer)


State = tuple[object, int, object, int, int]


def state(editor: Editor) -> State:
    """What the graph holds and what the file holds, with their versions."""
    stored, version = editor.storage.load()
    return (
        dump_dataset(editor.export_dataset()),
        editor.graph.version,
        dump_dataset(stored),
        version,
        editor.storage.history_count(),
    )


@contextmanager
def write_locked(path: Path) -> Iterator[None]:
    """Another connection holds the file's write lock meanwhile."""
    with closing(sqlite3.connect(path, isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")
        yield
        other.execute("ROLLBACK")


Edit = Callable[[Editor], object]

EDITS: dict[str, Edit] = {
    "add_source": lambda e: e.add_source(Source("ap", "Associated Press"), "ann"),
    "create_actor": lambda e: e.create_actor(IRAN, "ann"),
    "update_actor": lambda e: e.update_actor("us", {"iso3": "USA"}, "ann"),
    "add_relationship": lambda e: e.add_relationship(replace(HOSTS, id=""), "ann"),
    "update_relationship": lambda e: e.update_relationship("r1", {"confidence": 0.5}, "ann"),
    "remove_relationship": lambda e: e.remove_relationship("r1", "ann"),
    "delete_actor": lambda e: e.delete_actor("russia", True, "ann"),
    "import_dataset": lambda e: e.import_dataset(Dataset(tiny().sources, (IRAN,), ()), "ann"),
}


@pytest.mark.parametrize("name", EDITS)
def test_each_edit_commits_one_version_to_graph_and_file(tmp_path: Path, name: str) -> None:
    with closing(open_editor(tmp_path)) as editor:
        EDITS[name](editor)
        (change,) = editor.history(1)
        operation = "IMPORT" if name == "import_dataset" else name.upper()
        assert (change.version, change.operation) == (2, ChangeOperation[operation])
        assert editor.graph.version == editor.storage.version() == 2
        assert editor.storage.load()[0] == editor.export_dataset()
    with closing(Editor.open(SQLiteStorage(tmp_path / "graph.sqlite"))) as again:
        assert again.graph.version == 2
        assert again.history(10)[0] == change


REJECTED: list[tuple[Edit, type[GraphError], str | None]] = [
    (lambda e: e.add_relationship(replace(HOSTS, source="atlantis"), "ann"), UnknownActor,
     "source"),
    (lambda e: e.add_relationship(replace(HOSTS, evidence=(Evidence("cnn", "q"),)), "ann"),
     UnknownSource, "evidence[0].source"),
    (lambda e: e.add_relationship(replace(HOSTS, relation=Relation.ATTACKS,
     support_kinds=(SupportKind.TERRITORY_ACCESS,)), "ann"), InvalidRelationship, "support_kinds"),
    (lambda e: e.add_relationship(replace(HOSTS, target="us"), "ann"), InvalidRelationship,
     "target"),
    (lambda e: e.add_relationship(replace(HOSTS, evidence=(Evidence("nbc", " "),)), "ann"),
     InvalidRelationship, "evidence[0].quote"),
    (lambda e: e.add_relationship(replace(HOSTS, evidence=()), "ann"), InvalidRelationship,
     "evidence"),
    (lambda e: e.update_relationship("r1", {"confidence": 1.5}, "ann"), InvalidRelationship,
     "confidence"),
    (lambda e: e.update_relationship("r1", {"confidence": "high"}, "ann"), InvalidInput,
     "confidence"),
    (lambda e: e.update_relationship("r1", {"evidence": None}, "ann"), InvalidInput, "evidence"),
    (lambda e: e.update_relationship("r1", {"target": "atlantis"}, "ann"), UnknownActor, "target"),
    (lambda e: e.update_relationship("r404", {"confidence": 0.5}, "ann"), UnknownRelationship,
     "id"),
    (lambda e: e.add_relationship(replace(HOSTS, id="r1"), "ann"), DuplicateKey,
     "id"),
    (lambda e: e.create_actor(Actor("russia", "Russia", ActorKind.STATE), "ann"), DuplicateKey,
     "key"),
    (lambda e: e.create_actor(Actor("Iran!", "Iran", ActorKind.STATE), "ann"), InvalidInput,
     "key"),
    (lambda e: e.add_source(Source("nbc", "NBC"), "ann"), DuplicateKey, "id"),
    (lambda e: e.update_actor("us", {"name": None}, "ann"), InvalidInput, "name"),
    (lambda e: e.update_actor("us", {"kind": "PLANET"}, "ann"), InvalidInput, "kind"),
    (lambda e: e.update_actor("us", {"colour": "blue"}, "ann"), InvalidInput, "colour"),
    (lambda e: e.update_actor("us", {"key": "usa"}, "ann"), InvalidInput, "key"),
    (lambda e: e.update_actor("atlantis", {"iso3": "ATL"}, "ann"), UnknownActor, "key"),
    (lambda e: e.delete_actor("russia", False, "ann"), ActorInUse, "key"),
    (lambda e: e.remove_relationship("r404", "ann"), UnknownRelationship, "id"),
    (lambda e: e.create_actor(IRAN, " "), InvalidInput, "author"),
    (lambda e: e.history(-1), InvalidInput, "first"),
]  # fmt: skip


@pytest.mark.parametrize(("edit", "error", "field"), REJECTED)
def test_a_rejected_edit_names_the_field_and_changes_nothing(
    tmp_path: Path, edit: Edit, error: type[GraphError], field: str | None
) -> None:
    with closing(open_editor(tmp_path)) as editor:
        before = state(editor)
        with pytest.raises(error) as caught:
            edit(editor)
        assert caught.value.field == field
        assert state(editor) == before


def test_importing_a_bad_dataset_changes_nothing(tmp_path: Path) -> None:
    bad = Dataset(tiny().sources, (IRAN,), tiny().relationships)
    with closing(open_editor(tmp_path)) as editor:
        before = state(editor)
        graph = editor.graph
        with pytest.raises(UnknownActor):
            editor.import_dataset(bad, "ann")
        assert state(editor) == before
        assert editor.graph is graph


def test_an_import_of_a_validated_dataset_unchecked_is_the_import_checked(
    tmp_path: Path,
) -> None:
    seed = load_dataset(seed_path())
    found = []
    attacks = frozenset({Relation.ATTACKS})
    for checked in (True, False):
        (tmp_path / str(checked)).mkdir()
        with closing(open_editor(tmp_path / str(checked))) as editor:
            editor.import_dataset(seed, "ann", checked=checked)
            g = editor.graph
            found.append(
                (
                    state(editor),
                    g.relationships_of("russia"),
                    neighborhood(g, "iran", depth=2).relationship_page(5),
                    g.relationship_page(RelationshipFilter(relations=attacks), 3),
                )
            )
    assert found[0] == found[1]
    assert found[0][0][1] == 2  # the import is version 2 either way


@pytest.mark.parametrize("name", EDITS)
def test_an_edit_the_file_cannot_take_changes_nothing(tmp_path: Path, name: str) -> None:
    with closing(open_editor(tmp_path, timeout=0.05)) as editor:
        before = state(editor)
        with write_locked(tmp_path / "graph.sqlite"), pytest.raises(StorageError, match="locked"):
            EDITS[name](editor)
        assert state(editor) == before
        EDITS[name](editor)
        assert editor.graph.version == editor.storage.version() == 2


def test_an_edit_after_the_connection_closed_changes_nothing(tmp_path: Path) -> None:
    editor = open_editor(tmp_path)
    exported = editor.export_dataset()
    editor.storage.close()
    with pytest.raises(StorageError, match="closed"):
        editor.delete_actor("russia", True, "ann")
    assert (editor.export_dataset(), editor.graph.version) == (exported, 1)
    with SQLiteStorage(tmp_path / "graph.sqlite") as store:
        assert store.load() == (exported, 1)


def test_a_cascade_delete_is_one_change_holding_the_actor_and_its_relationships(
    tmp_path: Path,
) -> None:
    with closing(open_editor(tmp_path)) as editor:
        done = editor.delete_actor("isis", True, "ann")
        assert [r.id for r in done.value] == ["r1", "r2"]
        assert done.change.operation is ChangeOperation.DELETE_ACTOR
        assert done.change.actor_keys == ("isis", "russia", "us")
        assert done.change.after is None
        assert done.change.before == {
            "actors": [{"key": "isis", "name": "ISIS", "kind": "ARMED_GROUP"}],
            "relationships": dump_dataset(tiny())["relationships"],
        }
        assert editor.history(1) == [done.change]
        assert editor.graph.relationships() == []


def test_a_patch_changes_only_the_given_fields_and_none_clears(tmp_path: Path) -> None:
    with closing(open_editor(tmp_path)) as editor:
        editor.update_relationship("r1", {"stance": Stance.CLAIMED, "claimed_by": "us"}, "ann")
        done = editor.update_relationship("r1", {"date": None, "confidence": 0.5}, "bob")
        assert done.value == replace(
            tiny().relationships[0],
            stance=Stance.CLAIMED,
            claimed_by="us",
            date=None,
            confidence=0.5,
        )
        new_evidence = [Evidence("nbc", "new quote"), {"source": "nbc", "quote": "another"}]
        evidence = editor.update_relationship("r1", {"evidence": new_evidence}, "bob").value
        assert evidence.evidence == (Evidence("nbc", "new quote"), Evidence("nbc", "another"))
        assert done.change.before is not None
        assert done.change.after is not None
        assert done.change.before["relationships"][0]["date"] == "2016-08-16"
        assert "date" not in done.change.after["relationships"][0]
        assert done.change.actor_keys == ("isis", "russia", "us")


def test_history_is_newest_first_with_before_and_after(tmp_path: Path) -> None:
    with closing(open_editor(tmp_path)) as editor:
        editor.create_actor(IRAN, "ann")
        editor.update_actor("iran", {"iso3": "IRN"}, "bob")
        editor.remove_relationship("r2", "cy")
        newest = editor.history(2)
        assert [(c.version, c.author, c.operation) for c in newest] == [
            (4, "cy", ChangeOperation.REMOVE_RELATIONSHIP),
            (3, "bob", ChangeOperation.UPDATE_ACTOR),
        ]
        assert newest[1].before == {"actors": [{"key": "iran", "name": "Iran", "kind": "STATE"}]}
        assert newest[1].after == {
            "actors": [{"key": "iran", "name": "Iran", "kind": "STATE", "iso3": "IRN"}]
        }
        assert newest[0].relationship_id == "r2"
        older = editor.history(10, before_version=newest[-1].version)
        assert [c.version for c in older] == [2, 1]
        assert older[0].at.tzinfo is dt.UTC
        assert editor.history_count() == 4


def test_restarting_keeps_every_change_and_the_version(tmp_path: Path) -> None:
    with closing(open_editor(tmp_path)) as editor:
        for edit in EDITS.values():
            edit(editor)
        exported, history = editor.export_dataset(), editor.history(100)
    storage = open_storage(tmp_path / "graph.sqlite", tiny())
    with closing(Editor.open(storage)) as again:
        assert again.export_dataset() == exported
        assert again.graph.version == again.storage.version() == len(EDITS) + 1
        assert again.history(100) == history


def test_new_relationships_without_an_id_get_a_readable_unique_one(tmp_path: Path) -> None:
    with closing(open_editor(tmp_path)) as editor:
        ids = [editor.add_relationship(replace(HOSTS, id=""), "ann").value.id for _ in range(3)]
        assert ids == [
            "us-hosts-russia-2016-08-16",
            "us-hosts-russia-2016-08-16-2",
            "us-hosts-russia-2016-08-16-3",
        ]


def test_concurrent_writes_from_threads_all_land_once(tmp_path: Path) -> None:
    with closing(open_editor(tmp_path)) as editor:
        editor.create_actor(IRAN, "ann")

        def write(author: str) -> list[int]:
            return [
                editor.add_relationship(replace(HOSTS, id=""), author).change.version
                for _ in range(10)
            ]

        with ThreadPoolExecutor(4) as pool:
            versions = [v for vs in pool.map(write, ["a", "b", "c", "d"]) for v in vs]
        assert sorted(versions) == list(range(3, 43))
        assert len(editor.graph.relationships()) == 42
        assert editor.storage.load()[0] == editor.export_dataset()
        assert editor.history_count() == 42
    with closing(sqlite3.connect(tmp_path / "graph.sqlite")) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def collect(subscription: Subscription, count: int) -> asyncio.Task[list[Change]]:
    async def take() -> list[Change]:
        return [await anext(subscription) for _ in range(count)]

    return asyncio.create_task(asyncio.wait_for(take(), timeout=5))


def test_subscribers_get_committed_changes_in_order_filtered_by_actor(tmp_path: Path) -> None:
    async def main(editor: Editor) -> tuple[list[int], list[int]]:
        async with editor.subscribe() as every, editor.subscribe(actor="us") as us_only:
            everything, about_us = collect(every, 4), collect(us_only, 2)
            editor.create_actor(IRAN, "ann")
            await asyncio.to_thread(editor.update_actor, "us", {"iso3": "USA"}, "bob")
            editor.remove_relationship("r1", "ann")
            await asyncio.to_thread(editor.remove_relationship, "r2", "bob")
            return [c.version for c in await everything], [c.version for c in await about_us]

    with closing(open_editor(tmp_path)) as editor:
        assert asyncio.run(main(editor)) == ([2, 3, 4, 5], [3, 5])


def test_subscribers_never_see_a_rolled_back_change(tmp_path: Path) -> None:
    async def main(editor: Editor) -> list[Change]:
        async with editor.subscribe() as every:
            received = collect(every, 1)
            with write_locked(tmp_path / "graph.sqlite"), pytest.raises(StorageError):
                editor.create_actor(IRAN, "ann")
            editor.remove_relationship("r1", "ann")
            return await received

    with closing(open_editor(tmp_path, timeout=0.05)) as editor:
        (change,) = asyncio.run(main(editor))
        assert (change.version, change.relationship_id) == (2, "r1")


def test_a_subscriber_too_far_behind_is_closed(tmp_path: Path) -> None:
    async def main(editor: Editor) -> list[int]:
        subscription = editor.subscribe()
        for key in ("a", "b", "c"):
            editor.create_actor(Actor(key, key, ActorKind.PERSON), "ann")
        got = [(await anext(subscription)).version for _ in range(2)]
        with pytest.raises(SubscriptionOverflow):
            await anext(subscription)
        editor.create_actor(IRAN, "ann")  # nobody is listening now; nothing blocks
        return got

    with closing(open_editor(tmp_path, buffer=2)) as editor:
        assert asyncio.run(main(editor)) == [2, 3]


def test_a_closed_subscription_ends_after_what_it_already_has(tmp_path: Path) -> None:
    async def main(editor: Editor) -> list[int]:
        subscription = editor.subscribe()
        editor.create_actor(IRAN, "ann")
        await subscription.aclose()
        editor.remove_relationship("r1", "ann")
        return [c.version async for c in subscription]

    with closing(open_editor(tmp_path)) as editor:
        assert asyncio.run(main(editor)) == [2]


def test_a_cancelled_reader_unsubscribes(tmp_path: Path) -> None:
    async def main(editor: Editor) -> list[int]:
        subscription = editor.subscribe()
        reader = asyncio.ensure_future(anext(subscription))
        await asyncio.sleep(0)
        reader.cancel()
        with pytest.raises(asyncio.CancelledError):
            await reader
        editor.create_actor(IRAN, "ann")
        return [c.version async for c in subscription]

    with closing(open_editor(tmp_path)) as editor:
        assert asyncio.run(main(editor)) == []


def test_an_opened_graph_has_the_same_edges_as_one_built_record_by_record(tmp_path: Path) -> None:
    import networkx as nx

    from graph.dataset.seed import build_graph

    seed = load_dataset(seed_path())
    open_storage(tmp_path / "seed.sqlite", seed).close()
    opened = Editor.open(SQLiteStorage(tmp_path / "seed.sqlite"))
    built = build_graph(seed)
    assert nx.utils.graphs_equal(opened.graph.nx, built.nx)
    assert sorted(opened.graph.nx.edges(keys=True)) == sorted(built.nx.edges(keys=True))
    # Successors and predecessors share each pair's key dict: removing through one side
    # leaves neither side holding the edge.
    gone = opened.remove_relationship("iran-hosts-russia-2016-08-16", "ann").value
    assert not opened.graph.nx.has_edge(gone.source, gone.target, gone.id)
    assert gone.id not in {k for _, _, k in opened.graph.nx.in_edges(gone.target, keys=True)}
    opened.close()
