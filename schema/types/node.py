"""Global object identification: the ``Node`` interface and its ``Type:key`` IDs."""

from __future__ import annotations

import strawberry

from schema.errors import BadRequest

__all__ = ["NODE_TYPES", "Node", "global_id", "parse_global_id"]

NODE_TYPES = ("Actor", "Relationship")


@strawberry.interface(description="An object with a global ID, fetched again with `node(id:)`.")
class Node:
    id: strawberry.ID = strawberry.field(
        description="Global ID: the type name and the key, as in `Actor:russia`."
    )


def global_id(type_name: str, key: str) -> strawberry.ID:
    """The global ID of the ``type_name`` object with ``key``."""
    return strawberry.ID(f"{type_name}:{key}")


def parse_global_id(raw: str) -> tuple[str, str]:
    """Split a global ID into its type name and key; raise :class:`BadRequest` if malformed."""
    type_name, sep, key = raw.partition(":")
    if not sep or type_name not in NODE_TYPES or not key:
        raise BadRequest(
            f"malformed global ID {raw!r}: expected 'Actor:<key>' or 'Relationship:<id>'",
            code="BAD_ID",
            field="id",
        )
    return type_name, key
