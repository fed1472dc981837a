"""Each kind of edit by name (``editor.create_actor(actor, author)``), and what it returns.

Every named edit is one call of :meth:`NamedEdits.commit` with an edit from
:mod:`graph.persistence.edits`; :class:`~graph.persistence.editor.Editor` commits them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from graph.model.records import Actor, Relationship, Source
from graph.persistence import edits
from graph.persistence.changes import Change
from graph.persistence.edits import Edit

__all__ = ["Committed", "NamedEdits"]

T = TypeVar("T")


@dataclass(frozen=True)
class Committed(Generic[T]):
    """What an edit produced (the new, updated or removed record) and its committed change."""

    value: T
    change: Change


class NamedEdits:
    """The named edits, for a class that provides :meth:`commit`."""

    def commit(self, edit: Edit[T], author: str) -> Committed[T]:
        """Apply ``edit``, store it and publish it (see the editor)."""
        raise NotImplementedError

    def add_source(self, source: Source, author: str) -> Committed[Source]:
        """Add a new source."""
        return self.commit(edits.add_source(source), author)

    def create_actor(self, actor: Actor, author: str) -> Committed[Actor]:
        """Add a new actor."""
        return self.commit(edits.create_actor(actor), author)

    def update_actor(self, key: str, patch: Mapping[str, object], author: str) -> Committed[Actor]:
        """Change only the fields in ``patch`` of the actor ``key`` (see
        :mod:`graph.persistence.changes`)."""
        return self.commit(edits.update_actor(key, patch), author)

    def delete_actor(self, key: str, cascade: bool, author: str) -> Committed[list[Relationship]]:
        """Delete the actor ``key``; with ``cascade`` its relationships too, in one change.

        The value is the removed relationships; ``change.before`` holds them and the actor.
        """
        return self.commit(edits.delete_actor(key, cascade), author)

    def add_relationship(self, rel: Relationship, author: str) -> Committed[Relationship]:
        """Add a new relationship; an empty ``rel.id`` gets one from :func:`new_relationship_id`."""
        return self.commit(edits.add_relationship(rel), author)

    def update_relationship(
        self, relationship_id: str, patch: Mapping[str, object], author: str
    ) -> Committed[Relationship]:
        """Change only the fields in ``patch`` of a relationship (see
        :mod:`graph.persistence.changes`)."""
        return self.commit(edits.update_relationship(relationship_id, patch), author)

    def remove_relationship(self, relationship_id: str, author: str) -> Committed[Relationship]:
        """Remove a relationship; the value is the removed one."""
        return self.commit(edits.remove_relationship(relationship_id), author)
