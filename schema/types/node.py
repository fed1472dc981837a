"""Global object identification: the ``Node`` interface and its ``Type:key`` IDs.

An actor seen through ``asOf`` has ties that the actor as it stands now may not have, so its
view is another object with its own id, the date after an ``@``: ``Actor:rouhani@2016-08-10``.
A normalized client cache (Apollo Client's, Relay's) then keeps the two apart.

>>> global_id("Actor", "iran"), global_id("Actor", "iran", dt.date(2016, 8, 10))
('Actor:iran', 'Actor:iran@2016-08-10')
>>> parse_global_id("Actor:iran@2016-08-10")
('Actor', 'iran', datetime.date(2016, 8, 10))
>>> parse_global_id("Source:nbc-2016-08-16")
('Source', 'nbc-2016-08-16', None)
"""

from __future__ import annotations

import datetime as dt

import strawberry

from schema.errors import BadRequest

__all__ = ["DATED_TYPES", "NODE_TYPES", "Node", "global_id", "parse_global_id"]

NODE_TYPES = ("Actor", "Relationship", "Source")
DATED_TYPES = ("Actor",)
"""The types whose views change with ``asOf``, so whose ids may carry a date."""
_EXPECTED = (
    "expected 'Actor:<key>', 'Actor:<key>@<YYYY-MM-DD>', 'Relationship:<id>' or 'Source:<id>'"
)


@strawberry.interface(description="An object with a global ID, fetched again with `node(id:)`.")
class Node:
    id: strawberry.ID = strawberry.field(
        description="Global ID: the type name and the key, as in `Actor:russia`; an actor "
        "seen `asOf` a date has the date after an `@`, as in `Actor:russia@2016-08-10`."
    )


def global_id(type_name: str, key: str, as_of: dt.date | None = None) -> strawberry.ID:
    """The global ID of the ``type_name`` object with ``key``, as it stood on ``as_of``."""
    dated = "" if as_of is None else f"@{as_of.isoformat()}"
    return strawberry.ID(f"{type_name}:{key}{dated}")


def _bad(raw: str, why: str = "") -> BadRequest:
    return BadRequest(f"malformed global ID {raw!r}: {why}{_EXPECTED}", code="BAD_ID", field="id")


def parse_global_id(raw: str) -> tuple[str, str, dt.date | None]:
    """Split a global ID into its type name, key and date (``None`` for an undated view);
    raise :class:`BadRequest` if malformed."""
    type_name, sep, key = raw.partition(":")
    if not sep or type_name not in NODE_TYPES or not key:
        raise _bad(raw)
    key, at, date = key.partition("@")
    if not at:
        return type_name, key, None
    if type_name not in DATED_TYPES or not key:
        raise _bad(raw, f"only {' and '.join(DATED_TYPES)} ids carry a date; ")
    try:
        as_of = dt.date.fromisoformat(date)
    except ValueError:
        raise _bad(raw, f"{date!r} is not a date written YYYY-MM-DD; ") from None
    if len(date) != 10:
        raise _bad(raw, f"{date!r} is not a date written YYYY-MM-DD; ")
    return type_name, key, as_of
