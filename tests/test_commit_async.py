"""Edits from the event loop: stored on a worker thread while the loop goes on serving readers."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import pytest

from graph import edits
from graph.editor import Editor
from graph.errors import DuplicateKey
from graph.storage import StorageError
from tests.test_editor import HOSTS, IRAN, State, collect, open_editor, state, write_locked


def stored_version(path: Path) -> int:
    """The version committed to the file, read by a connection of its own (WAL: no waiting)."""
    with closing(sqlite3.connect(path)) as other:
        return int(other.execute("SELECT version FROM meta WHERE id = 1").fetchone()[0])


def test_readers_during_the_disk_write_see_the_graph_as_it_was(tmp_path: Path) -> None:
    async def main(editor: Editor) -> int:
        task = asyncio.create_task(editor.commit_async(edits.add_relationship(HOSTS), "ann"))
        turns_before_stored = 0
        while not task.done():
            if editor.graph.relationship(HOSTS.id) is None:
                turns_before_stored += 1
                assert editor.graph.version == 1
            else:  # the graph holds it only once the file does
                assert stored_version(tmp_path / "graph.sqlite") == 2
            await asyncio.sleep(0)
        done = await task
        assert (done.value, done.change.version) == (HOSTS, 2)
        return turns_before_stored

    with closing(open_editor(tmp_path)) as editor:
        # The loop took turns while the write was under way: it was not held by the disk.
        assert asyncio.run(main(editor)) > 0
        assert editor.graph.relationship(HOSTS.id) == HOSTS
        assert editor.storage.version() == editor.graph.version == 2


def test_writers_on_the_loop_land_once_each_in_commit_order(tmp_path: Path) -> None:
    async def main(editor: Editor) -> tuple[list[int], list[int]]:
        async with editor.subscribe() as feed:
            received = collect(feed, 20)
            writes = [
                editor.commit_async(edits.add_relationship(replace(HOSTS, id=f"h{i}")), "ann")
                for i in range(20)
            ]
            done = await asyncio.gather(*writes)
            return sorted(d.change.version for d in done), [c.version for c in await received]

    with closing(open_editor(tmp_path)) as editor:
        versions, published = asyncio.run(main(editor))
        assert versions == published == list(range(2, 22))
        assert editor.storage.history_count() == 21
        stored, version = editor.storage.load()
        assert version == editor.graph.version == 21
        assert len(stored.relationships) == len(editor.graph) == 22


def test_a_rejected_edit_on_the_loop_changes_nothing_and_frees_the_lock(tmp_path: Path) -> None:
    async def main(editor: Editor) -> None:
        with pytest.raises(DuplicateKey, match="r1"):
            await editor.commit_async(edits.add_relationship(replace(HOSTS, id="r1")), "ann")
        await editor.commit_async(edits.create_actor(IRAN), "ann")

    with closing(open_editor(tmp_path)) as editor:
        asyncio.run(main(editor))
        assert editor.graph.version == editor.storage.version() == 2


def test_a_write_the_file_refuses_changes_nothing_on_the_loop(tmp_path: Path) -> None:
    async def main(editor: Editor, before: State) -> None:
        async with editor.subscribe() as feed:
            received = collect(feed, 1)
            with write_locked(tmp_path / "graph.sqlite"), pytest.raises(StorageError):
                await editor.commit_async(edits.delete_actor("russia", True), "ann")
            assert state(editor) == before
            await editor.commit_async(edits.remove_relationship("r2"), "ann")
            (change,) = await received  # the refused one was never published
            assert (change.version, change.relationship_id) == (2, "r2")

    with closing(open_editor(tmp_path, timeout=0.05)) as editor:
        asyncio.run(main(editor, state(editor)))
        assert editor.graph.relationship("r1") is not None


def test_a_cancelled_writer_still_lands_its_write(tmp_path: Path) -> None:
    async def main(editor: Editor) -> None:
        task = asyncio.create_task(editor.commit_async(edits.create_actor(IRAN), "ann"))
        await asyncio.sleep(0)  # under way: checked, and the write handed to a thread
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await editor.commit_async(edits.remove_relationship("r1"), "ann")  # the lock is free

    with closing(open_editor(tmp_path)) as editor:
        asyncio.run(main(editor))
        assert editor.graph.actor("iran") == IRAN
        assert editor.graph.version == editor.storage.version() == 3


def test_a_writer_on_the_loop_waits_for_a_reader_thread_without_holding_the_loop(
    tmp_path: Path,
) -> None:
    reading, release = threading.Event(), threading.Event()

    def export(editor: Editor) -> None:
        with editor.reading():
            reading.set()
            release.wait(5)

    async def main(editor: Editor) -> float:
        reader = threading.Thread(target=export, args=(editor,))
        reader.start()
        assert await asyncio.to_thread(reading.wait, 5)
        write = asyncio.create_task(editor.commit_async(edits.create_actor(IRAN), "ann"))
        started = time.perf_counter()
        await asyncio.sleep(0.05)  # the loop runs while the writer waits for the lock
        assert not write.done()
        assert editor.graph.actor("iran") is None
        waited = time.perf_counter() - started
        release.set()
        await write
        reader.join()
        return waited

    with closing(open_editor(tmp_path)) as editor:
        assert asyncio.run(main(editor)) < 1.0
        assert editor.graph.actor("iran") == IRAN
