"""The PostgreSQL store against a real server: the same contract as the SQLite file, plus
notifications, reconnection after a restart, and editors on it following each other."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx2
import pytest

from graph import load_dataset, seed_path
from graph.dataset.parse import dump_dataset
from graph.model.errors import DuplicateKey
from graph.model.records import Actor, Source
from graph.model.vocabulary import ActorKind
from graph.persistence.editor import Editor
from graph.persistence.opening import open_storage
from graph.persistence.postgres.store import PostgresStorage
from graph.persistence.sqlite.store import SQLiteStorage
from graph.persistence.storage import StorageError
from tests.postgres import Cluster
from tests.servers import running_server

HEZBOLLAH = Actor("hezbollah", "Hezbollah", ActorKind.ARMED_GROUP)
AUTH = {"authorization": "Bearer s3cret"}
CREATE = "mutation ($k: String!) { createActor(input: {key: $k, name: $k, kind: STATE}) { key } }"


def seeded(url: str) -> Editor:
    return Editor.open(open_storage(url, load_dataset(seed_path())))


def test_a_new_database_is_created_and_seeded_like_a_new_file(
    postgres_url: str, tmp_path: Path
) -> None:
    editor = seeded(postgres_url)
    sqlite = Editor.open(open_storage(tmp_path / "g.sqlite3", load_dataset(seed_path())))
    assert editor.graph.version == 1
    assert dump_dataset(editor.export_dataset()) == dump_dataset(sqlite.export_dataset())
    for checked in (False, True):
        dataset, version = editor.storage.load(trusted=checked)
        assert version == 1
        assert dump_dataset(dataset) == dump_dataset(sqlite.export_dataset())
    editor.close()
    sqlite.close()


def test_every_edit_is_stored_and_read_back_with_its_history(postgres_url: str) -> None:
    editor = seeded(postgres_url)
    editor.create_actor(HEZBOLLAH, "ann")
    editor.update_actor("hezbollah", {"iso3": None, "aliases": ["Hizbullah"]}, "ann")
    editor.add_source(Source("bbc", "BBC"), "bob")
    editor.delete_actor("aleppo-civilians", True, "ann")
    editor.close()
    again = Editor.open(PostgresStorage(postgres_url))
    assert again.graph.version == 5
    assert again.graph.actor("hezbollah") is not None
    assert again.graph.actor("hezbollah").aliases == ("Hizbullah",)  # type: ignore[union-attr]
    assert again.graph.actor("aleppo-civilians") is None
    history = again.history(first=10)
    assert [c.version for c in history] == [5, 4, 3, 2, 1]
    assert [c.author for c in history[:4]] == ["ann", "bob", "ann", "ann"]
    assert again.history(first=2, before_version=3)[0].version == 2
    assert again.history_count() == 5
    again.close()


def test_two_editors_on_one_database_follow_each_other_and_refuse_a_racing_duplicate(
    postgres_url: str,
) -> None:
    one, two = seeded(postgres_url), Editor.open(PostgresStorage(postgres_url))
    one.create_actor(HEZBOLLAH, "ann")
    with pytest.raises(DuplicateKey):
        two.create_actor(HEZBOLLAH, "bob")
    assert two.graph.version == 2
    seed = load_dataset(seed_path())
    two.import_dataset(seed, "bob")
    assert one.catch_up() == 1
    assert one.graph.actor("hezbollah") is None
    assert dump_dataset(one.export_dataset()) == dump_dataset(two.export_dataset())
    one.close()
    two.close()


def test_a_commit_is_announced_to_a_watcher(postgres_url: str) -> None:
    store = PostgresStorage(postgres_url)
    editor = seeded(postgres_url)
    heard = threading.Event()
    stop = store.watch(heard.set)
    try:
        time.sleep(0.5)  # listening
        heard.clear()
        editor.add_source(Source("bbc", "BBC"), "ann")
        assert heard.wait(5)
    finally:
        stop()
        store.close()
        editor.close()


def test_a_restarted_server_costs_one_failed_call_then_works_again(
    postgres_cluster: Cluster, postgres_url: str
) -> None:
    editor = seeded(postgres_url)
    postgres_cluster.kill()
    time.sleep(0.5)
    postgres_cluster.start()
    survived, refusals = 0, []
    for n in range(3):
        try:
            editor.add_source(Source(f"s{n}", f"Paper {n}"), "ann")
            survived += 1
        except StorageError as err:
            refusals.append(str(err))
    assert survived >= 2
    assert all("postgresql://" in refusal for refusal in refusals)
    assert editor.storage.version() == editor.graph.version == 1 + survived
    editor.close()


def test_a_password_never_appears_in_an_error(postgres_cluster: Cluster) -> None:
    url = f"postgresql://nobody:s3cret@127.0.0.1:{postgres_cluster.port}/missing"
    with pytest.raises(StorageError) as refused:
        PostgresStorage(url, timeout=2)
    assert "s3cret" not in str(refused.value)


def test_a_graph_moves_from_sqlite_to_postgresql_and_back(
    postgres_url: str, tmp_path: Path
) -> None:
    source = Editor.open(open_storage(tmp_path / "a.sqlite3", load_dataset(seed_path())))
    source.create_actor(HEZBOLLAH, "ann")
    dataset = source.export_dataset()
    target = seeded(postgres_url)
    target.import_dataset(dataset, "ann")
    back = Editor.open(SQLiteStorage(tmp_path / "b.sqlite3"))
    back.import_dataset(target.export_dataset(), "ann")
    assert dump_dataset(back.export_dataset()) == dump_dataset(dataset)
    for editor in (source, target, back):
        editor.close()


def test_every_acknowledged_write_survives_the_database_killed_under_load(
    postgres_cluster: Cluster, postgres_url: str
) -> None:
    seeded(postgres_url).close()
    acknowledged: list[str] = []
    refused: list[str] = []
    with running_server("--data", postgres_url, "--token", "ann=s3cret") as base:
        deadline = time.monotonic() + 30

        def writer(n: int) -> None:
            # 60 writes each, and on (up to a deadline) until more than 50 were acknowledged:
            # on a busy machine the restart can take most of the first 60.
            m = -1
            while (m := m + 1) < 60 or (len(acknowledged) <= 50 and time.monotonic() < deadline):
                body = {"query": CREATE, "variables": {"k": f"w{n}-{m}"}}
                try:
                    answer = httpx2.post(f"{base}/graphql", json=body, headers=AUTH, timeout=30)
                except httpx2.TransportError:
                    continue
                errors = answer.json().get("errors")
                if errors is None:
                    acknowledged.append(f"w{n}-{m}")
                else:
                    refused.append(errors[0]["extensions"]["code"])
                time.sleep(0.01)

        with ThreadPoolExecutor(4) as pool:
            futures = [pool.submit(writer, n) for n in range(4)]
            time.sleep(0.3)
            postgres_cluster.kill()
            time.sleep(0.5)
            postgres_cluster.start()
            for future in futures:
                future.result()
        health = httpx2.get(f"{base}/healthz", timeout=10).json()
    editor = Editor.open(PostgresStorage(postgres_url))
    try:
        stored = {a.key for a in editor.graph.actors()}
        history = editor.history(first=1000)
    finally:
        editor.close()
    assert set(acknowledged) <= stored
    assert set(refused) <= {"STORAGE_UNAVAILABLE"}  # refused while it was down, never lost
    created = [c.actor_keys[0] for c in history if c.operation.value == "CREATE_ACTOR"]
    assert len(created) == len(set(created))
    assert [c.version for c in history] == list(range(len(history), 0, -1))
    assert health["version"] == len(history)
    assert len(acknowledged) > 50
