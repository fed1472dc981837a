"""Plain lists that grow with the graph answer at most ``--max-list`` items, or an error.

A list longer than the limit is never cut short silently: the field answers ``LIST_TOO_LONG``
with the list's length and the limit in ``extensions`` (``count``, ``limit``) and a message
naming the paged field or argument to use instead.
"""

from __future__ import annotations

from collections.abc import Sized

from schema.context import Info
from schema.errors import BadRequest

__all__ = ["ListTooLong", "check_length"]


class ListTooLong(BadRequest):
    """A list an answer would hold is longer than ``--max-list``."""

    def __init__(self, what: str, count: int, limit: int, instead: str) -> None:
        super().__init__(
            f"{what} holds {count} items, more than the {limit} one list may answer "
            f"(--max-list); {instead}",
            code="LIST_TOO_LONG",
            details={"count": count, "limit": limit},
        )


def check_length(info: Info, count: int | Sized, what: str, instead: str) -> None:
    """Raise :class:`ListTooLong` when ``count`` items (or the length of ``count``) exceed the
    server's ``max_list``; ``instead`` says what to ask for instead."""
    length = count if isinstance(count, int) else len(count)
    limit = info.context.limits.max_list
    if length > limit:
        raise ListTooLong(what, length, limit, instead)
