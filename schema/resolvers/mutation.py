"""Writes: every mutation checks the caller's token, then makes one durable edit.

The editor validates with the same rules as the seed validator; a failed mutation raises a
domain error (turned into a GraphQL error with a code by :mod:`schema.errors`) and changes
nothing, in memory or on disk.
"""

from __future__ import annotations

from typing import TypeVar

import strawberry

from graph.persistence import edits
from graph.persistence.editor import Committed, Editor
from graph.persistence.edits import Edit
from schema.context import Info
from schema.errors import BadRequest
from schema.http.counters import count_write
from schema.types.actor import Actor
from schema.types.inputs import (
    ActorInput,
    ActorPatch,
    RelationshipInput,
    RelationshipPatch,
    SourceInput,
    patch_of,
)
from schema.types.relationship import Relationship
from schema.types.source import Source

__all__ = ["DeleteResult", "EditMutation", "commit_edit", "writer"]

T = TypeVar("T")


@strawberry.type(description="What a deletion removed.")
class DeleteResult:
    version: int = strawberry.field(description="The graph version after the deletion.")
    removed_relationships: list[strawberry.ID] = strawberry.field(
        description="Ids of the relationships removed with it."
    )


def writer(info: Info) -> tuple[Editor, str]:
    """The editor and the author's name, or an error saying why this request may not write."""
    context = info.context
    if context.editor is None or not context.writable:
        raise BadRequest(
            "this server is read-only: no write token is configured "
            "(start it with --token NAME=SECRET)",
            code="READ_ONLY",
        )
    if context.author is None:
        raise BadRequest(
            "writing needs a valid token: send the header 'Authorization: Bearer SECRET'",
            code="UNAUTHENTICATED",
        )
    return context.editor, context.author


async def commit_edit(info: Info, edit: Edit[T]) -> Committed[T]:
    """Make ``edit`` durable, in one transaction with the other writers queued meanwhile."""
    editor, author = writer(info)
    context = info.context
    attempt = context.idempotency  # an Idempotency-Key, stored with the change
    if attempt is None:
        done = await editor.commit_async(edit, author)
    else:
        done = await attempt.commit(editor, edit, author)
    if attempt is None or attempt.rebuild is None:
        count_write()
    context.committed = max(context.committed or 0, done.change.version)
    return done


async def add_source(info: Info, input: SourceInput) -> Source:
    done = await commit_edit(info, edits.add_source(input.to_domain()))
    return Source.from_domain(done.value)


async def create_actor(info: Info, input: ActorInput) -> Actor:
    done = await commit_edit(info, edits.create_actor(input.to_domain()))
    return Actor.from_domain(done.value)


async def update_actor(info: Info, key: str, input: ActorPatch) -> Actor:
    done = await commit_edit(info, edits.update_actor(key, patch_of(input)))
    return Actor.from_domain(done.value)


async def delete_actor(info: Info, key: str, cascade: bool = False) -> DeleteResult:
    done = await commit_edit(info, edits.delete_actor(key, cascade))
    return DeleteResult(
        version=done.change.version,
        removed_relationships=[strawberry.ID(r.id) for r in done.value],
    )


async def add_relationship(info: Info, input: RelationshipInput) -> Relationship:
    done = await commit_edit(info, edits.add_relationship(input.to_domain()))
    return Relationship.from_domain(done.value, info.context.views)


async def update_relationship(
    info: Info, id: strawberry.ID, input: RelationshipPatch
) -> Relationship:
    done = await commit_edit(
        info, edits.update_relationship(_relationship_key(id), patch_of(input))
    )
    return Relationship.from_domain(done.value, info.context.views)


async def remove_relationship(info: Info, id: strawberry.ID) -> DeleteResult:
    done = await commit_edit(info, edits.remove_relationship(_relationship_key(id)))
    return DeleteResult(
        version=done.change.version, removed_relationships=[strawberry.ID(done.value.id)]
    )


def _relationship_key(raw: str) -> str:
    """A relationship id, given as its key or as its global ID (``Relationship:<key>``)."""
    prefix = "Relationship:"
    return raw[len(prefix) :] if raw.startswith(prefix) else raw


@strawberry.type
class EditMutation:
    add_source: Source = strawberry.field(resolver=add_source, description="Add a source.")
    create_actor: Actor = strawberry.field(resolver=create_actor, description="Add an actor.")
    update_actor: Actor = strawberry.field(
        resolver=update_actor, description="Change an actor's fields (not its key)."
    )
    delete_actor: DeleteResult = strawberry.field(
        resolver=delete_actor,
        description="Delete an actor; with cascade, its relationships too (else an error).",
    )
    add_relationship: Relationship = strawberry.field(
        resolver=add_relationship, description="Add an evidence-backed relationship."
    )
    update_relationship: Relationship = strawberry.field(
        resolver=update_relationship,
        description="Change a relationship's fields; `id` is its key or global ID.",
    )
    remove_relationship: DeleteResult = strawberry.field(
        resolver=remove_relationship, description="Remove a relationship by key or global ID."
    )
