"""A file written in a forked child and read by the parent as it is written, chunk by chunk.

The child (:func:`schema.http.children.forked`) first does everything that may fail on the
request's account (for an export: choose the actors, lay them out) and sends the outcome as one
answer: what it found out (:func:`~schema.http.children.send_answer`), or the error. Only then
does it write the file, each chunk after its length (8 bytes, little-endian), and a length of
zero at the end, so the parent can tell a whole file from one cut short by the child's death.

The pipe holds :data:`~schema.http.children.PIPE_BYTES`: a child whose reader is slow waits
for it, so neither the child nor the parent ever holds more of the file than that and the
chunk being sent. The parent kills the child as soon as the file is no longer wanted (the
client went away), and the child holds one of the :class:`~schema.http.children.Children`'s
slots until it ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import struct
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import AbstractContextManager
from typing import Any

from schema.http.children import (
    ChildFailed,
    Children,
    forked,
    portable,
    read_exactly,
    reap,
    receive_answer,
    send_answer,
)

__all__ = ["stream_from_child"]

_LENGTH = struct.Struct("<Q")

Produce = Callable[[Any], tuple[Any, Iterable[bytes]]]
"""Given what ``hold()`` holds: what to tell the parent first, and the chunks to send."""


async def stream_from_child(
    children: Children,
    produce: Produce,
    *,
    hold: Callable[[], AbstractContextManager[Any]],
) -> tuple[Any, AsyncIterator[bytes]]:
    """``produce(held)`` run in a child forked inside ``hold()``: what it tells first, and its
    chunks as the child writes them.

    An exception ``produce`` raises (before its chunks) is raised here, as
    :meth:`Children.run` raises it. The chunks must be read to their end, or the iterator
    closed: the child is killed and reaped then, and its slot given back. Should the child end
    before the last chunk, reading raises :class:`ChildFailed`.
    """
    gate = children.gate()
    await gate.acquire()
    try:
        pid, read = forked(lambda held, write: _write(produce, held, write), hold)
    except BaseException:
        gate.release()
        raise
    try:
        answer = await receive_answer(read)
    except BaseException:
        _end(pid, read, gate, kill=True)
        raise
    if answer is None or answer[0] == "raised":
        status = await reap(pid)
        _end(pid, read, gate, kill=False)
        if answer is None:
            raise ChildFailed(f"the worker process ended without an answer (status {status})")
        raise answer[1]
    return answer[1], _chunks(pid, read, gate)


async def _chunks(pid: int, read: int, gate: asyncio.Semaphore) -> AsyncIterator[bytes]:
    whole = False
    try:
        while True:
            length = await read_exactly(read, _LENGTH.size)
            if length is None:
                raise ChildFailed("the worker process ended before the end of the file")
            (size,) = _LENGTH.unpack(length)
            if size == 0:
                break
            chunk = await read_exactly(read, size)
            if chunk is None:
                raise ChildFailed("the worker process ended before the end of the file")
            yield bytes(chunk)
        await reap(pid)
        whole = True
    finally:  # also when the client went away: no await here, this may run as a finalizer
        _end(pid, read, gate, kill=not whole)


def _end(pid: int, read: int, gate: asyncio.Semaphore, *, kill: bool) -> None:
    """Close the parent's end of the pipe and give the slot back; with ``kill``, first kill
    the child and reap it (at once: a killed process ends without running anything)."""
    if kill:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
    os.close(read)
    gate.release()


def _write(produce: Produce, held: Any, write: int) -> None:
    """In the child: the first answer, then the chunks, each after its length, then 0."""
    try:
        first, chunks = produce(held)
    except BaseException as error:
        send_answer(write, ("raised", portable(error)))
        return
    try:
        send_answer(write, ("returned", first))
        for chunk in chunks:
            if chunk:
                _send(write, _LENGTH.pack(len(chunk)))
                _send(write, chunk)
        _send(write, _LENGTH.pack(0))
    except BrokenPipeError:  # the parent no longer wants the file: nothing to report
        return


def _send(write: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(write, view) :]
