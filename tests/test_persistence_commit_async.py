"""Edits from the event loop: queued, and stored a batch per transaction."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable, Coroutine
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
import uvloop
from msgspec.structs import replace

from graph.model.errors import DuplicateKey
from graph.persistence import edits
from graph.persistence.editor import Committed, Editor
from graph.persistence.storage import StorageError
from tests.test_persistence_editor import (
    HOSTS,
    IRAN,
    State,
    collect,
    open_editor,
    state,
    write_locked,
)

Orders = tuple[list[int], list[int]]


@pytest.mark.parametrize("run", [asyncio.run, uvloop.run], ids=["asyncio", "uvloop"])
def test_writers_on_the_loop_land_once_each_in_commit_order(
    tmp_path: Path, run: Callable[[Coroutine[Any, Any, Orders]], Orders]
) -> None:
    async def main(editor: Editor) -> Orders:
        async with editor.subscribe() as feed:
            received = collect(feed, 20)
            writes = [
                editor.commit_async(edits.add_relationship(replace(HOSTS, id=f"h{i}")), "ann")
                for i in range(20)
            ]
            done = await asyncio.gather(*writes)
            return sorted(d.change.version for d in done), [c.version for c in await received]

    with closing(open_editor(tmp_path)) as editor:
        versions, published = run(main(editor))
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


def test_cancelling_drops_a_queued_edit_but_not_one_under_way(tmp_path: Path) -> None:
    async def main(editor: Editor) -> None:
        with editor.reading():  # writers wait meanwhile, the first one's edit taken
            under_way = asyncio.create_task(editor.commit_async(edits.create_actor(IRAN), "ann"))
            await asyncio.sleep(0.01)
            queued = asyncio.create_task(editor.commit_async(edits.remove_relationship("r1"), "a"))
            await asyncio.sleep(0.01)
            under_way.cancel()
            queued.cancel()
        for task in (under_way, queued):
            with pytest.raises(asyncio.CancelledError):
                await task
        await editor.commit_async(edits.remove_relationship("r2"), "ann")  # the lock is free

    with closing(open_editor(tmp_path)) as editor:
        asyncio.run(main(editor))
        assert editor.graph.actor("iran") == IRAN
        assert editor.graph.relationship("r1") is not None
        assert editor.graph.relationship("r2") is None
        assert editor.graph.version == editor.storage.version() == 3


def test_in_a_batch_of_writers_an_edit_the_rules_refuse_fails_alone(tmp_path: Path) -> None:
    async def main(editor: Editor) -> list[object]:
        with editor.reading():  # let the writers queue up behind a reader
            writes = [
                asyncio.create_task(editor.commit_async(edit, "ann"))
                for edit in (
                    edits.create_actor(IRAN),
                    edits.create_actor(IRAN),  # a duplicate of the one before it
                    edits.remove_relationship("r1"),
                )
            ]
            await asyncio.sleep(0.01)
        return await asyncio.gather(*writes, return_exceptions=True)

    with closing(open_editor(tmp_path)) as editor:
        first, second, third = asyncio.run(main(editor))
        assert isinstance(second, DuplicateKey)
        assert isinstance(first, Committed)
        assert isinstance(third, Committed)
        assert (first.change.version, third.change.version) == (2, 3)
        assert [c.version for c in editor.history(first=5)] == [3, 2, 1]
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


def test_a_batch_the_file_refuses_fails_whole_and_changes_nothing(tmp_path: Path) -> None:
    async def main(editor: Editor) -> list[BaseException | Committed[object]]:
        with write_locked(tmp_path / "graph.sqlite"):
            # Both writers queue before the batch is taken: they share one transaction.
            writes: list[Awaitable[Committed[object]]] = [
                editor.commit_async(edits.create_actor(IRAN), "ann"),
                editor.commit_async(edits.remove_relationship("r1"), "ann"),
            ]
            return await asyncio.gather(*writes, return_exceptions=True)

    with closing(open_editor(tmp_path, timeout=0.05)) as editor:
        before = state(editor)
        results = asyncio.run(main(editor))
        assert [type(r) for r in results] == [StorageError, StorageError]
        assert state(editor) == before


def test_an_edit_in_a_batch_sees_the_edits_before_it(tmp_path: Path) -> None:
    iran_hosts_us = replace(HOSTS, id="h1", source="iran")

    async def main(editor: Editor) -> list[int]:
        # Queued together, so taken as one batch: the second needs the first's actor.
        done = await asyncio.gather(
            editor.commit_async(edits.create_actor(IRAN), "ann"),
            editor.commit_async(edits.add_relationship(iran_hosts_us), "ann"),
        )
        return [d.change.version for d in done]

    with closing(open_editor(tmp_path)) as editor:
        assert asyncio.run(main(editor)) == [2, 3]
        assert editor.graph.relationship("h1") == iran_hosts_us
        assert editor.storage.version() == 3
