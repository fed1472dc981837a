"""A time budget for analytics: a deadline that long computations check as they go, and that
stops those that do not.

The caller sets a budget around a computation; the loops that can run long (the frustration
search, triangle enumeration, the signed view over many relationships, the stance matrix)
call :func:`check_time`, which raises :class:`AnalysisTimeout` once the deadline has passed.
Outside a budget, :func:`check_time` costs one context-variable read and never raises.

Loops that are not ours (NetworkX's betweenness, say) never call :func:`check_time`. So a
watchdog thread stops the computation at its deadline too: it raises :class:`AnalysisTimeout`
inside the thread running it (``PyThreadState_SetAsyncExc``), where Python sees it at its next
bytecode, and again every :data:`REPEAT_SECONDS` while the block has not ended (should code on
the way swallow it). A computation inside one long C call (a NumPy or SciPy routine) stops
when that call returns.

Examples
--------
>>> import time
>>> with time_budget(0.01):
...     time.sleep(0.02)
...     check_time()
Traceback (most recent call last):
...
graph.analysis.budget.AnalysisTimeout: the analysis took longer than its 0.01 s budget
>>> check_time()  # no budget set: never raises
>>> with time_budget(0.05):
...     while True:  # never checks the time: stopped by the watchdog
...         pass
Traceback (most recent call last):
...
graph.analysis.budget.AnalysisTimeout: the analysis took longer than its 0.05 s budget
"""

from __future__ import annotations

import ctypes
import functools
import heapq
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from graph.analysis.exact import Solved, Tie
from graph.model.errors import GraphError

__all__ = [
    "REPEAT_SECONDS",
    "SOLVER_SECONDS",
    "SOLVER_SHARE",
    "AnalysisTimeout",
    "Solver",
    "SolverTime",
    "check_time",
    "report_budgets",
    "time_budget",
    "time_left",
]

REPEAT_SECONDS = 0.1
"""How often the watchdog raises again in a computation that has not yet stopped."""

SOLVER_SECONDS = 2.0
"""The integer programs' time, for all blocks together, outside an analytics budget; inside
one, at most :data:`SOLVER_SHARE` of what is left of it (what follows the solver is quick)."""
SOLVER_SHARE = 0.75


Solver = Callable[[int, list[Tie], float], Solved]
"""An integer program of :mod:`graph.analysis.exact`: actors, ties, seconds."""


class SolverTime:
    """The integer programs' time for one analysis, spent only while they run.

    ``asked`` seconds, or :data:`SOLVER_SECONDS`, and inside an analytics budget never more
    than :data:`SOLVER_SHARE` of what is left of it.

    >>> clock = SolverTime(0.5)
    >>> clock.spend(0.2)
    >>> round(clock.available(), 6)
    0.3
    """

    def __init__(self, asked: float | None = None) -> None:
        self.left = SOLVER_SECONDS if asked is None else asked

    def available(self) -> float:
        budget = time_left()
        left = self.left if budget is None else min(self.left, budget * SOLVER_SHARE)
        return max(left, 0.0)

    def spend(self, seconds: float) -> None:
        self.left -= seconds

    def solve(self, solver: Solver, adj: list[list[tuple[int, int]]]) -> Solved:
        """``solver`` run on the ties of ``adj`` (each actor's neighbours and signs, by index)
        in the time available, which it then spends; the analytics budget is checked after."""
        ties = [(i, j, s) for i, row in enumerate(adj) for j, s in row if j > i]
        started = time.monotonic()
        solved = solver(len(adj), ties, self.available())
        self.spend(time.monotonic() - started)
        check_time()
        return solved


_deadline: ContextVar[tuple[float, float] | None] = ContextVar("deadline", default=None)
_reporter: Callable[[tuple[float, float] | None], None] | None = None


class AnalysisTimeout(GraphError):
    """An analysis ran past its time budget and was stopped."""

    code = "ANALYSIS_TIMEOUT"


class _Overrun(AnalysisTimeout):
    """What the watchdog raises in a computation past its deadline: Python makes it with no
    arguments, so each budget has its own subclass, which knows its seconds."""

    seconds: float = 0.0

    def __init__(self) -> None:
        super().__init__(_message(self.seconds))

    def __reduce__(self) -> tuple[type[AnalysisTimeout], tuple[str]]:
        return AnalysisTimeout, (str(self),)  # the subclass is made at run time: pickle its base


@functools.lru_cache(maxsize=64)
def _overrun(seconds: float) -> type[_Overrun]:
    return type("_Overrun", (_Overrun,), {"seconds": seconds})


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Within the block, :func:`check_time` raises once ``seconds`` have passed, and a
    block still running then is stopped with :class:`AnalysisTimeout`."""
    if seconds is None:
        yield
        return
    deadline = time.monotonic() + seconds
    # The alarm is bound before it is armed, and armed inside the ``try``: a budget so short
    # that the watchdog fires as ``arm`` returns still has its alarm disarmed and its deadline
    # reset below.
    alarm = _Alarm(deadline, seconds, threading.get_ident())
    token = _deadline.set((deadline, seconds))
    try:
        try:
            if _reporter is not None:
                _reporter((deadline, seconds))
            _watchdog.arm(alarm)
            yield
        finally:
            _watchdog.disarm(alarm)
    except _Overrun:
        raise AnalysisTimeout(_message(seconds)) from None
    finally:
        _deadline.reset(token)
        if _reporter is not None:
            _reporter(_deadline.get())


def report_budgets(reporter: Callable[[tuple[float, float] | None], None] | None) -> None:
    """Tell ``reporter`` each budget as it starts, as ``(deadline, seconds)`` on the
    :func:`time.monotonic` clock, and the one in force again (None: none) as it ends.

    A process that runs analyses for another one calls this, so that the other one can stop
    it should it run on past a deadline, even inside a long C call.

    Parameters
    ----------
    reporter : callable or None
        Called with ``(deadline, seconds)`` or None, in the thread of the budget; None stops
        reporting.

    Examples
    --------
    >>> seen = []
    >>> report_budgets(seen.append)
    >>> with time_budget(5):
    ...     pass
    >>> report_budgets(None)
    >>> [None if b is None else b[1] for b in seen]
    [5, None]
    """
    global _reporter
    _reporter = reporter


def check_time() -> None:
    """Raise :class:`AnalysisTimeout` if the current budget is spent."""
    budget = _deadline.get()
    if budget is not None and time.monotonic() > budget[0]:
        raise AnalysisTimeout(_message(budget[1]))


def time_left() -> float | None:
    """Seconds until the current budget's deadline (0 once it has passed); None outside a budget.

    Code that hands work to one long C call (a solver) sizes the call's own time limit by it,
    since the watchdog cannot stop the call midway.

    >>> time_left() is None
    True
    >>> with time_budget(5):
    ...     0 < time_left() <= 5
    True
    """
    budget = _deadline.get()
    return None if budget is None else max(0.0, budget[0] - time.monotonic())


def _message(seconds: float) -> str:
    return f"the analysis took longer than its {seconds:g} s budget"


@dataclass(order=True)
class _Alarm:
    due: float
    seconds: float = field(compare=False)
    thread: int = field(compare=False)
    done: bool = field(default=False, compare=False)
    fired: bool = field(default=False, compare=False)


class _Watchdog:
    """One daemon thread raising :class:`_Overrun` in the threads still inside a budgeted
    block at (and after) its deadline. Firing and disarming hold one lock, so a block that
    has ended is never interrupted, and an exception raised as it ends is withdrawn."""

    def __init__(self) -> None:
        self._alarms: list[_Alarm] = []
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._thread: threading.Thread | None = None

    def arm(self, alarm: _Alarm) -> None:
        with self._lock:
            heapq.heappush(self._alarms, alarm)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="budget", daemon=True)
                self._thread.start()
            self._wake.notify()

    def disarm(self, alarm: _Alarm) -> None:
        with self._lock:  # a C lock: nothing can be raised between taking it and the block
            alarm.done = True  # the watchdog drops it from the heap when it comes due
            if alarm.fired:
                _raise_in(alarm.thread, None)

    def _run(self) -> None:
        with self._lock:
            while True:
                now = time.monotonic()
                again = []
                while self._alarms and (self._alarms[0].done or self._alarms[0].due <= now):
                    alarm = heapq.heappop(self._alarms)
                    if not alarm.done:
                        alarm.fired = True
                        _raise_in(alarm.thread, _overrun(alarm.seconds))
                        alarm.due = now + REPEAT_SECONDS
                        again.append(alarm)
                for alarm in again:
                    heapq.heappush(self._alarms, alarm)
                wait = self._alarms[0].due - now if self._alarms else None
                self._wake.wait(wait)

    def forget(self) -> None:
        """After a fork: the child has no watchdog thread and no blocks running but its own."""
        self._alarms = []
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._thread = None


def _raise_in(thread: int, error: type[BaseException] | None) -> None:
    """Have ``thread`` raise ``error`` at its next bytecode (None: withdraw a pending one)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread), None if error is None else ctypes.py_object(error)
    )


_watchdog = _Watchdog()
os.register_at_fork(after_in_child=_watchdog.forget)
