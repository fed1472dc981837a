"""Analytics inside the request's time budget, remembered per graph version.

A result is cached until the graph changes; so is a refusal, so a query that ran past its
budget is refused at once when asked again, instead of spending the budget again. An analysis
that is not cached and reads many relationships is done in a forked child
(:mod:`schema.resolvers.offload`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from graph.analysis.budget import AnalysisTimeout, time_budget
from schema.context import Info
from schema.resolvers.offload import offload_if_heavy

__all__ = ["analysed"]

T = TypeVar("T")


def analysed(
    info: Info,
    name: str,
    args: tuple[Hashable, ...],
    compute: Callable[[], T],
    *,
    reads: Callable[[Info], int] | None = None,
) -> T:
    """``compute()`` within the analytics budget, or its cached result or refusal.

    ``reads(info)`` counts the relationships ``compute`` reads, when it may read enough of them
    to be done in a child (see :func:`~schema.resolvers.offload.offload_if_heavy`).
    """
    context = info.context
    if reads is not None and context.cache.get(context.graph, name, args) is None:
        offload_if_heavy(info, reads)

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
