"""Analytics inside the request's time budget, remembered per graph version.

A result is cached until the graph changes; so is a refusal, so a query that ran past its
budget is refused at once when asked again, instead of spending the budget again.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from graph.analysis.budget import AnalysisTimeout, time_budget
from schema.context import Info

__all__ = ["analysed"]

T = TypeVar("T")


def analysed(info: Info, name: str, args: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    """``compute()`` within the analytics budget, or its cached result or refusal."""
    context = info.context

    def bounded() -> T | AnalysisTimeout:
        with time_budget(context.limits.analytics_seconds):
            try:
                return compute()
            except AnalysisTimeout as refusal:
                return refusal

    outcome = context.cache.cached(context.graph, name, args, bounded)
    if isinstance(outcome, AnalysisTimeout):
        raise AnalysisTimeout(
            f"{name}: {outcome}; narrow it (asOf, minConfidence, fewer keys) or raise the "
            "server's --analytics-seconds"
        )
    return outcome
