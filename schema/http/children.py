"""Work in forked child processes, so that it never holds up the event loop that forks them.

A heavy request (an analysis over the whole graph, a timeline of every relationship, an
export) costs seconds of CPU. Run on the event loop it makes every other client wait; run in
a thread it still shares the interpreter lock and the cycle collector's pauses with the loop.
A child made with ``fork`` has neither: it starts with a copy of the graph exactly as it stood
at that moment (the kernel copies a page only when one of them writes to it), runs on a core
of its own, sends its answer back through a pipe and exits. No lock is held while it works,
so writers never wait for it, and the graph may change meanwhile without it noticing.

At most ``slots`` children run at once; more wait for a slot, in the order they came. A child
tells its parent the deadline of each analysis it runs
(:func:`graph.analysis.budget.report_budgets`): the budget's watchdog stops an analysis in the
child at its deadline, and should the child still be inside it as long again later (a long C
call), the parent kills it, and :class:`Overran` is raised in the parent.

The child closes every file descriptor it inherited but its pipe and the standard streams (it
must not keep the server's connections open after the server closes them) and never returns
to the event loop: it ends with ``os._exit``.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import gc
import logging
import mmap
import os
import pickle
import signal
import struct
import time
import warnings
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any
from weakref import WeakKeyDictionary

from graph import GraphError
from graph.analysis.budget import report_budgets

__all__ = [
    "PIPE_BYTES",
    "POLL_SECONDS",
    "ChildFailed",
    "Children",
    "Overran",
    "forked",
    "portable",
    "read_exactly",
    "reap",
    "receive_answer",
    "send_answer",
]

log = logging.getLogger("alliance_graph")

POLL_SECONDS = 0.05
"""How often the parent looks at a child's reported deadline."""

PIPE_BYTES = 1 << 20
"""The pipe's buffer, asked of the kernel: a 50 MB answer wakes the parent 50 times."""

_DEADLINE = struct.Struct("d")
_HEAD = struct.Struct("<QQ")  # the pickle's length, how many buffers follow it


class Overran(GraphError):
    """The child was killed: an analysis in it ran on past twice its time budget."""

    code = "ANALYSIS_TIMEOUT"


class ChildFailed(Exception):
    """The child ended without an answer (killed from outside, out of memory, a bug)."""


class Children:
    """Runs functions in forked children, at most ``slots`` at once."""

    def __init__(self, slots: int) -> None:
        if slots < 1:
            raise ValueError(f"slots must be at least 1, got {slots}")
        self.slots = slots
        self._gates: WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
            WeakKeyDictionary()
        )

    async def run(
        self,
        work: Callable[[Any], Any],
        *,
        hold: Callable[[], AbstractContextManager[Any]] = nullcontext,
    ) -> Any:
        """What ``work(held)`` returns (it must pickle), run in a child forked inside
        ``hold()``, ``held`` being what ``hold()`` gives (the graph held still, say).

        An exception ``work`` raises is raised here (a :class:`GraphError` as a plain one with
        the same message, ``code`` and ``field``); :class:`Overran` when the parent killed the
        child; :class:`ChildFailed` when it ended otherwise without an answer.
        """
        async with self.gate():
            return await _in_child(work, hold)

    def gate(self) -> asyncio.Semaphore:
        """The semaphore of this event loop's ``slots``: a child runs while it holds one."""
        loop = asyncio.get_running_loop()
        gate = self._gates.get(loop)
        if gate is None:
            gate = self._gates[loop] = asyncio.Semaphore(self.slots)
        return gate


def forked(
    body: Callable[[Any, int], None], hold: Callable[[], AbstractContextManager[Any]]
) -> tuple[int, int]:
    """Fork a child inside ``hold()`` that runs ``body(held, write)`` and exits, ``write``
    being the pipe's end it writes to; ``(pid, read)``, ``read`` the parent's end of the pipe
    (non-blocking), which the caller closes once read."""
    read, write = os.pipe()
    with contextlib.suppress(OSError, AttributeError):  # fewer wake-ups for a big answer (Linux)
        fcntl.fcntl(write, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    with hold() as held, warnings.catch_warnings():
        # Python 3.12 warns of forking a process with threads: the child touches none of
        # their locks (the analytics cache and the budget's watchdog start afresh in it).
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
        if pid == 0:  # the child: never returns
            _child(lambda: body(held, write), write)
    os.close(write)
    os.set_blocking(read, False)
    return pid, read


async def _in_child(
    work: Callable[[Any], Any], hold: Callable[[], AbstractContextManager[Any]]
) -> Any:
    deadline = mmap.mmap(-1, _DEADLINE.size)  # shared with the child: where it says its deadline

    def body(held: Any, write: int) -> None:
        def say(budget: tuple[float, float] | None) -> None:
            _DEADLINE.pack_into(deadline, 0, 0.0 if budget is None else sum(budget))

        report_budgets(say)
        try:
            answer = ("returned", work(held))
        except BaseException as error:
            answer = ("raised", portable(error))
        send_answer(write, answer)

    pid, read = forked(body, hold)
    answer = asyncio.ensure_future(receive_answer(read))
    # Closed once the reading has let go of it, never before: its number could be reused.
    answer.add_done_callback(lambda _: os.close(read))
    reaped = overran = False
    try:
        while not answer.done():
            await asyncio.wait({answer}, timeout=POLL_SECONDS)
            (kill_at,) = _DEADLINE.unpack_from(deadline)
            if not answer.done() and kill_at and time.monotonic() > kill_at:
                os.kill(pid, signal.SIGKILL)
                overran = True
                await asyncio.wait({answer})  # ends as the pipe closes with the child
        status = await reap(pid)
        reaped = True
    finally:
        answer.cancel()
        deadline.close()
        if not reaped:  # cancelled: the answer is no longer wanted
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    if overran:
        raise Overran("the analysis ran on past twice its time budget and was stopped")
    received = answer.result()
    if received is None:
        raise ChildFailed(f"the worker process ended without an answer ({_ended(status)})")
    kind, value = received
    if kind == "raised":
        raise value
    return value


async def receive_answer(fd: int) -> tuple[str, Any] | None:
    """The child's answer: a header (the lengths), the pickle, then the buffers it left out of
    the pickle (protocol 5), read straight into one block and handed to the pickle as views."""
    head = await read_exactly(fd, _HEAD.size)
    if head is None:
        return None
    meta, count = _HEAD.unpack(head)
    lengths = await read_exactly(fd, 8 * count)
    if lengths is None:
        return None
    sizes = struct.unpack(f"<{count}Q", lengths)
    body = await read_exactly(fd, meta + sum(sizes))
    if body is None:
        return None
    view = memoryview(body)
    buffers, start = [], meta
    for size in sizes:
        buffers.append(view[start : start + size])
        start += size
    answer: tuple[str, Any] = pickle.loads(view[:meta], buffers=buffers)
    return answer


async def read_exactly(fd: int, size: int) -> bytearray | None:
    """``size`` bytes from the non-blocking ``fd``, None if it ends before."""
    block = bytearray(size)
    view = memoryview(block)
    filled = 0
    loop = asyncio.get_running_loop()
    done: asyncio.Future[bool] = loop.create_future()

    def readable() -> None:
        nonlocal filled
        try:
            while filled < size:
                got = os.readv(fd, [view[filled:]])
                if got == 0:
                    done.set_result(False)
                    return
                filled += got
        except BlockingIOError:
            return
        done.set_result(True)

    if size == 0:
        return block
    loop.add_reader(fd, readable)
    try:
        complete = await done
    finally:
        loop.remove_reader(fd)
    return block if complete else None


async def reap(pid: int) -> int:
    """The wait status of the child ``pid``, which has closed its pipe and is ending."""
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status
        await asyncio.sleep(0.001)


def _ended(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {os.WTERMSIG(status)}"
    return f"exit status {os.waitstatus_to_exitcode(status)}"


def _child(run: Callable[[], None], write: int) -> None:
    status = 1
    try:
        os.closerange(3, write)
        os.closerange(write + 1, os.sysconf("SC_OPEN_MAX"))
        # The child lives for one answer: the collector would only walk (and so copy) the
        # pages of objects it shares with the parent.
        gc.disable()
        run()
        status = 0
    except BaseException:
        log.exception("a worker process failed")
    finally:
        os._exit(status)


def send_answer(write: int, answer: tuple[str, Any]) -> None:
    """Send ``answer`` (``("returned", value)`` or ``("raised", error)``) down the pipe, as
    :func:`receive_answer` reads it: a header, the pickle, then its out-of-band buffers."""
    buffers: list[pickle.PickleBuffer] = []
    try:
        meta = pickle.dumps(answer, protocol=5, buffer_callback=buffers.append)
    except Exception as error:
        buffers = []
        meta = pickle.dumps(("raised", ChildFailed(f"the answer does not pickle: {error}")))
    sizes = [buffer.raw().nbytes for buffer in buffers]
    head = _HEAD.pack(len(meta), len(sizes)) + struct.pack(f"<{len(sizes)}Q", *sizes)
    parts: list[bytes | memoryview] = [head, meta, *(buffer.raw() for buffer in buffers)]
    for part in parts:
        view = memoryview(part)
        while view:
            view = view[os.write(write, view) :]


def portable(error: BaseException) -> BaseException:
    """``error`` as it can be raised again in the parent."""
    if isinstance(error, GraphError):  # subclasses take other arguments than their message
        plain = GraphError(str(error), field=error.field)
        plain.code = error.code
        return plain
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return ChildFailed(f"{type(error).__name__}: {error}")
    return error
