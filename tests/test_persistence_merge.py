from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from graph import load_dataset, seed_path
from graph.dataset.parse import dump_dataset, parse_dataset
from graph.persistence.bulk.merge import MergeConflict, Merged, merge
from graph.persistence.changes import ChangeOperation, RecordCounts
from graph.persistence.editor import Editor
from graph.persistence.edits import Edit
from graph.persistence.memory import MemoryStorage
from graph.persistence.opening import open_storage
from graph.persistence.postgres.store import PostgresStorage
from graph.persistence.sqlite.store import SQLiteStorage
from graph.store.alliance_graph import AllianceGraph
from tests.merges import second_article


@pytest.fixture(params=["sqlite", "postgres"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "g.sqlite3")
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
def pair(location: str) -> Iterator[tuple[Editor, Editor]]:
    """Two editors, as two servers would have, over one store."""
    one = Editor.open(open_storage(location, load_dataset(seed_path())))
    two = Editor.open(open_storage(location, load_dataset(seed_path())))
    yield one, two
    one.close()
    two.close()


def article(graph: AllianceGraph, *, with_isis: bool = False) -> Edit[Merged]:
    known = (s.id for s in graph.sources())
    data = second_article(with_isis=with_isis)
    return merge(parse_dataset(data, known_actors=graph.nx, known_sources=known))


def test_a_follower_takes_in_a_merge_and_publishes_it(pair: tuple[Editor, Editor]) -> None:
    one, two = pair

    async def main() -> tuple[int, str, tuple[str, ...]]:
        feed = two.subscribe("hezbollah")
        one.commit(article(one.graph), "ann")
        assert two.catch_up() == 1
        got = await asyncio.wait_for(anext(feed), 5)
        feed.close()
        return got.version, got.operation.value, got.actor_keys

    assert asyncio.run(main()) == (2, "MERGE", ("hezbollah", "iran"))
    assert two.graph.relationship("hezbollah-supports-iran-2016-08-17") is not None
    assert dump_dataset(one.export_dataset()) == dump_dataset(two.export_dataset())


def test_a_refused_merge_leaves_graph_and_store_as_they_were(
    pair: tuple[Editor, Editor],
) -> None:
    one, two = pair
    before = dump_dataset(one.export_dataset())
    with pytest.raises(MergeConflict):
        one.commit(article(one.graph, with_isis=True), "ann")
    assert one.graph.version == 1
    assert one.storage.version() == 1
    assert dump_dataset(one.export_dataset()) == before
    assert two.catch_up() == 0


def test_an_import_keeps_counts_in_its_entry_and_its_records_in_pages(location: str) -> None:
    seed = load_dataset(seed_path())
    editor = Editor.open(open_storage(location, seed))
    try:
        change = editor.import_dataset(seed, "ann")
        (entry,) = editor.history(1)
        assert entry == change
        assert (entry.before, entry.after) == (None, None)
        assert entry.counts is not None
        assert entry.counts.written == entry.counts.replaced == RecordCounts.of(seed)
        store = editor.storage
        records, after = [], -1
        while page := store.change_records(2, after, 25):
            records.extend(page)
            after = page[-1].seq
        assert [r.seq for r in records] == list(range(len(records)))
        assert [r.record for r in records if r.section == "actors"] == dump_dataset(seed)["actors"]
        assert len(records) == sum((len(seed.sources), len(seed.actors), len(seed.relationships)))
    finally:
        editor.close()


def test_a_file_with_inline_import_entries_is_converted_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    seed = load_dataset(seed_path())
    open_storage(path, seed).close()
    plain = dump_dataset(seed)
    with closing(sqlite3.connect(path)) as db, db:  # as an earlier version wrote it
        db.execute("DELETE FROM change_records")
        db.execute(
            "UPDATE changes SET counts = NULL, before = ?, after = ? WHERE version = 1",
            ('{"actors": [{"key": "gone", "name": "Gone", "kind": "STATE"}]}', _json(plain)),
        )
    with SQLiteStorage(path) as store:
        (entry,) = store.history(1)
        assert (entry.before, entry.after) == (None, None)
        assert entry.counts is not None
        assert entry.counts.written == RecordCounts.of(seed)
        assert entry.counts.replaced == RecordCounts(actors=1)
        first = store.change_records(1, -1, 1)[0]
        assert (first.section, first.record) == ("sources", plain["sources"][0])
        assert set(store.load(trusted=True)[0].relationships) == set(seed.relationships)


def test_a_postgres_database_with_inline_import_entries_is_converted(postgres_url: str) -> None:
    seed = load_dataset(seed_path())
    open_storage(postgres_url, seed).close()
    store = PostgresStorage(postgres_url)
    with store.writing() as tx:
        tx.db.execute("DELETE FROM change_records")
        tx.db.execute(
            "UPDATE changes SET counts = NULL, after = %s WHERE version = 1",
            (_json(dump_dataset(seed)),),
        )
    store.close()
    again = PostgresStorage(postgres_url)
    try:
        (entry,) = again.history(1)
        assert entry.after is None
        assert entry.counts is not None
        assert entry.counts.written == RecordCounts.of(seed)
        assert len(again.change_records(1, -1, 1000)) == sum(
            (len(seed.sources), len(seed.actors), len(seed.relationships))
        )
    finally:
        again.close()


def test_the_memory_store_keeps_merges_as_the_others_do() -> None:
    editor = Editor.open(open_storage(None, load_dataset(seed_path())))
    assert isinstance(editor.storage, MemoryStorage)
    try:
        done = editor.commit(article(editor.graph), "ann")
        assert done.change.operation is ChangeOperation.MERGE
        loaded, version = editor.storage.load()
        assert version == 2
        assert any(a.key == "hezbollah" for a in loaded.actors)
        assert [r.id for r in editor.storage.change_records(2, 0, 5)] == [
            "hezbollah",
            "hezbollah-supports-iran-2016-08-17",
        ]
    finally:
        editor.close()


def _json(value: object) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)
