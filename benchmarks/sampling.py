"""Timing an operation over its argument list, within a count and a time budget, and the
percentiles of what was timed."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["WARMUP", "passes", "summary", "timed"]

WARMUP = 3
"""Arguments kept for warming up: the last ones of each list, never measured."""


def summary(seconds: Sequence[float]) -> dict[str, Any]:
    """Count, p50, p99 (nearest rank), mean and max, in milliseconds."""
    if not seconds:
        return {"n": 0}
    ordered = sorted(seconds)
    p99 = ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]
    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 3),
        "p99_ms": round(p99 * 1000, 3),
        "mean_ms": round(statistics.fmean(ordered) * 1000, 3),
        "max_ms": round(ordered[-1] * 1000, 3),
    }


def timed(
    call: Callable[[Any], object], args: Sequence[Any], *, requests: int, budget: float, cycle: bool
) -> list[float]:
    """Seconds per ``call(arg)``, over ``args`` in order (round and round when ``cycle``), until
    ``requests`` calls or ``budget`` seconds; at least one call."""
    found: list[float] = []
    start = time.perf_counter()
    i = 0
    while len(found) < requests and (not found or time.perf_counter() - start < budget):
        if i == len(args):
            if not cycle:
                break
            i = 0
        t = time.perf_counter()
        call(args[i])
        found.append(time.perf_counter() - t)
        i += 1
    return found


def passes(
    call: Callable[[Any], object],
    args: Sequence[Any],
    *,
    requests: int,
    budget: float,
    cached: bool,
    warm: bool = True,
) -> dict[str, Any]:
    """Warm up, then time ``call``: one pass over distinct arguments for a ``cached`` operation
    (cold) followed by a second pass over the same ones (cached); otherwise round and round.

    A single-argument operation (balance) is not warmed up: its first call is the measurement.
    """
    measured = list(args)
    if warm and len(args) > WARMUP:
        measured = list(args[:-WARMUP])
        for arg in args[-WARMUP:]:
            call(arg)
    if len(measured) == 1:
        first = timed(call, measured, requests=1, budget=budget, cycle=False)
        return {"first": summary(first)}
    if not cached:
        return {
            "cold": summary(timed(call, measured, requests=requests, budget=budget, cycle=True))
        }
    cold = timed(call, measured, requests=requests, budget=budget, cycle=False)
    again = timed(call, measured[: len(cold)], requests=requests, budget=budget, cycle=True)
    return {"cold": summary(cold), "cached": summary(again)}
