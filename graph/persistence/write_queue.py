"""Edits from an event loop's writers, queued and committed a batch at a time.

A busy server gets writes faster than it can sync each to disk on its own. Writers on a loop
queue their edits here; one task per loop takes everything queued, holds the editor's write
lock, and hands the batch to the editor, which stores it in one transaction. Writers that
come meanwhile wait for the next batch, so the number of syncs follows the disk, not the
writers.

Examples
--------
>>> import asyncio, threading
>>> batches = []
>>> def commit(batch: list[Queued]) -> None:
...     batches.append([q.edit for q in batch])
...     for q in batch:
...         settle(q.done, q.edit)
>>> async def main() -> list[object]:
...     queue = WriteQueue(threading.Lock(), commit)
...     return await asyncio.gather(*(queue.submit(name, "ann") for name in "abc"))
>>> asyncio.run(main()), batches
(['a', 'b', 'c'], [['a', 'b', 'c']])
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

__all__ = ["Queued", "WriteQueue", "settle"]

T = TypeVar("T")

LOCK_POLL_S = 0.001
"""How often a batch waits for a write lock held off the loop (a rare, short wait)."""


@dataclass
class Queued:
    """An edit waiting to be committed, by whom, where its result goes, and the
    idempotency key it carries (see :mod:`graph.persistence.idempotency`)."""

    edit: Any
    author: str
    done: asyncio.Future[Any]
    key: Any = None


@dataclass
class _Loop:
    """The edits waiting on one event loop, and the task committing them."""

    queue: list[Queued] = field(default_factory=list)
    flush: asyncio.Task[None] | None = None


class WriteQueue:
    """Writers on event loops, committed by ``commit_batch`` a batch at a time under ``lock``.

    ``commit_batch`` must settle every item's ``done`` (see :func:`settle`) without awaiting.
    """

    def __init__(self, lock: threading.Lock, commit_batch: Callable[[list[Queued]], None]) -> None:
        self._lock = lock
        self._commit_batch = commit_batch
        self._loops: WeakKeyDictionary[asyncio.AbstractEventLoop, _Loop] = WeakKeyDictionary()

    async def submit(self, edit: Any, author: str, key: Any = None) -> Any:
        """Queue ``edit`` and wait for what ``commit_batch`` settles it with."""
        loop = asyncio.get_running_loop()
        writers = self._loops.get(loop)
        if writers is None:
            writers = self._loops[loop] = _Loop()
        done: asyncio.Future[Any] = loop.create_future()
        writers.queue.append(Queued(edit, author, done, key))
        if writers.flush is None or writers.flush.done():
            writers.flush = loop.create_task(self._flush(writers))
        return await done

    async def _flush(self, writers: _Loop) -> None:
        batch: list[Queued] = []
        try:
            while writers.queue:
                batch = [q for q in writers.queue if not q.done.cancelled()]
                writers.queue.clear()
                while not self._lock.acquire(blocking=False):
                    # Held by a writer on another thread or a reader such as an export:
                    # waiting on the loop keeps the loop and the worker threads free.
                    await asyncio.sleep(LOCK_POLL_S)
                try:
                    self._commit_batch(batch)
                finally:
                    self._lock.release()
                await asyncio.sleep(0)  # let the writers that came meanwhile queue up
        except BaseException as error:  # a bug, or the loop closing: no writer waits forever
            for queued in [*batch, *writers.queue]:
                settle(queued.done, error=error)
            raise


def settle(
    done: asyncio.Future[Any], value: object = None, *, error: BaseException | None = None
) -> None:
    """Give a writer its result or error, unless it stopped waiting (it was cancelled)."""
    if done.done():
        return
    if error is None:
        done.set_result(value)
    else:
        done.set_exception(error)
