"""Work in forked children: answers and errors come back, at most ``slots`` run at once, a
child stuck past twice its budget is killed, a cancelled one is reaped, and no lock is held
while a child works."""

from __future__ import annotations

import asyncio
import os
import pickle
import time
from pathlib import Path

import pytest

from graph import AllianceGraph, GraphError, UnknownActor, load_dataset, seed_path
from graph.analysis.budget import time_budget
from graph.model.records import Actor
from graph.model.vocabulary import ActorKind
from graph.persistence import edits
from graph.persistence.editor import Editor
from graph.persistence.opening import open_storage
from schema.http.children import Children, Overran


def test_what_the_work_returns_comes_back_even_when_large() -> None:
    block = os.urandom(5_000_000)
    answer = asyncio.run(Children(1).run(lambda _: ("big", pickle.PickleBuffer(block))))
    assert answer[0] == "big"
    assert bytes(answer[1]) == block


def test_a_domain_error_comes_back_with_its_message_code_and_field() -> None:
    def work(_: object) -> None:
        raise UnknownActor("atlantis", field="key")

    with pytest.raises(GraphError) as raised:
        asyncio.run(Children(1).run(work))
    assert str(raised.value) == "unknown actor key 'atlantis'"
    assert getattr(raised.value, "code", None) == "UNKNOWN_ACTOR"
    assert getattr(raised.value, "field", None) == "key"


def test_at_most_slots_children_work_at_once() -> None:
    async def three() -> float:
        children = Children(1)
        start = time.monotonic()
        await asyncio.gather(*(children.run(lambda _: time.sleep(0.3)) for _ in range(3)))
        return time.monotonic() - start

    assert asyncio.run(three()) >= 0.85


def test_a_child_stuck_in_a_c_call_past_twice_its_budget_is_killed() -> None:
    def stuck(_: object) -> None:
        with time_budget(0.2):
            time.sleep(30)  # one C call: the budget's watchdog cannot stop it

    start = time.monotonic()
    with pytest.raises(Overran):
        asyncio.run(Children(1).run(stuck))
    assert time.monotonic() - start < 5


def _alive(pid: int) -> bool:
    return Path(f"/proc/{pid}").exists()


def test_a_cancelled_child_is_killed_and_reaped(tmp_path: Path) -> None:
    said = tmp_path / "pid"

    def slow(_: object) -> None:
        said.write_text(str(os.getpid()))
        time.sleep(30)

    async def cancel() -> None:
        task = asyncio.ensure_future(Children(1).run(slow))
        while not said.exists() or not said.read_text():
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(cancel())
    assert not _alive(int(said.read_text()))


def test_writers_do_not_wait_for_a_child_forked_under_the_read_lock() -> None:
    editor = Editor.open(open_storage(None, load_dataset(seed_path())))

    async def write_while_a_child_works() -> float:
        def slow(graph: AllianceGraph) -> int:
            time.sleep(2)
            return graph.version

        child = asyncio.ensure_future(Children(1).run(slow, hold=editor.reading))
        await asyncio.sleep(0.3)  # forked by now, and working
        start = time.monotonic()
        edit = edits.create_actor(Actor("atlantis", "Atlantis", ActorKind.STATE))
        await editor.commit_async(edit, "ann")
        waited = time.monotonic() - start
        assert await child == 1  # the graph as it stood when the child was forked
        return waited

    try:
        assert asyncio.run(write_while_a_child_works()) < 1.0
        assert editor.graph.version == 2
    finally:
        editor.close()
