"""A time budget for analytics: a deadline that long computations check as they go.

The caller sets a budget around a computation; the loops that can run long (the frustration
search, triangle enumeration, the signed view over many relationships, the stance matrix)
call :func:`check_time`, which raises :class:`AnalysisTimeout` once the deadline has passed.
Outside a budget, :func:`check_time` costs one context-variable read and never raises.

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
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from graph.model.errors import GraphError

__all__ = ["AnalysisTimeout", "check_time", "time_budget"]

_deadline: ContextVar[tuple[float, float] | None] = ContextVar("deadline", default=None)


class AnalysisTimeout(GraphError):
    """An analysis ran past its time budget and was stopped."""

    code = "ANALYSIS_TIMEOUT"


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Within the block, :func:`check_time` raises once ``seconds`` have passed."""
    if seconds is None:
        yield
        return
    token = _deadline.set((time.monotonic() + seconds, seconds))
    try:
        yield
    finally:
        _deadline.reset(token)


def check_time() -> None:
    """Raise :class:`AnalysisTimeout` if the current budget is spent."""
    budget = _deadline.get()
    if budget is not None and time.monotonic() > budget[0]:
        raise AnalysisTimeout(f"the analysis took longer than its {budget[1]:g} s budget")
