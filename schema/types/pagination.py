"""Relay cursor connections with ``totalCount``, over lists already sorted by key.

Cursors are opaque (base64 of the last key seen), so a page stays correct when records are
added or removed before it.
"""

from __future__ import annotations

import base64
import binascii
import bisect
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

import strawberry

from schema.errors import BadRequest

__all__ = [
    "DEFAULT_PAGE",
    "MAX_PAGE",
    "Connection",
    "Edge",
    "PageInfo",
    "connection",
    "paginate",
]

DEFAULT_PAGE = 20
MAX_PAGE = 100

T = TypeVar("T")
X = TypeVar("X")


@strawberry.type(description="Where a page stands in the whole list.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    node: T
    cursor: str


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    total_count: int = strawberry.field(description="How many items match, on all pages.")


def encode_cursor(key: str) -> str:
    return base64.urlsafe_b64encode(f"k:{key}".encode()).decode()


def decode_cursor(cursor: str) -> str:
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
    except (binascii.Error, UnicodeError, ValueError):
        text = ""
    if not text.startswith("k:"):
        raise BadRequest(f"malformed cursor {cursor!r}", code="BAD_CURSOR", field="after")
    return text[2:]


def check_first(first: int | None, most: int = MAX_PAGE) -> int:
    """``first`` or the default; an error (never a silent clamp) outside 0..``most``."""
    if first is None:
        return min(DEFAULT_PAGE, most)
    if not 0 <= first <= most:
        raise BadRequest(
            f"first must be between 0 and {most}, got {first}",
            code="BAD_PAGE_SIZE",
            field="first",
        )
    return first


def connection(
    items: Sequence[X],
    key: Callable[[X], str],
    wrap: Callable[[X], T],
    *,
    total: int,
    has_next: bool,
    has_previous: bool,
) -> Connection[T]:
    """A connection over one page the domain has already cut out of ``total`` items."""
    edges = [Edge(node=wrap(item), cursor=encode_cursor(key(item))) for item in items]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=has_next,
            has_previous_page=has_previous,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=total,
    )


def paginate(
    items: Sequence[X],
    key: Callable[[X], str],
    wrap: Callable[[X], T],
    *,
    first: int | None,
    after: str | None,
    most: int = MAX_PAGE,
) -> Connection[T]:
    """The page of ``items`` (sorted by ``key``) that follows the cursor ``after``."""
    size = check_first(first, most)
    start = 0
    if after is not None:
        start = bisect.bisect_right(items, decode_cursor(after), key=key)
    return connection(
        items[start : start + size],
        key,
        wrap,
        total=len(items),
        has_next=start + size < len(items),
        has_previous=start > 0,
    )
