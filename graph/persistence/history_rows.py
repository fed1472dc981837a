"""A committed change as a row of a history table, and back: the same in every backend.

Examples
--------
>>> import datetime as dt
>>> change = Change(1, dt.datetime(2016, 8, 16, tzinfo=dt.timezone.utc), "nbc",
...                 ChangeOperation.CREATE_ACTOR, ("iran",), None, None,
...                 {"actors": [{"key": "iran", "name": "Iran", "kind": "STATE"}]})
>>> change_of_row(change_row(change)) == change
True
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import msgspec

from graph.persistence.changes import Change, ChangeCounts, ChangeOperation

__all__ = ["CHANGE_COLUMNS", "change_of_row", "change_row", "json_text"]

CHANGE_COLUMNS = (
    "version, at, author, operation, actor_keys, relationship_id, before, after, counts"
)
"""The history table's columns, in the order of :func:`change_row`. ``counts`` came last
(files of earlier versions get it as they are opened): an IMPORT's or MERGE's
:class:`~graph.persistence.changes.ChangeCounts` as JSON, null for other changes."""

_counts = msgspec.json.Decoder(ChangeCounts).decode


def json_text(value: object) -> str:
    """``value`` as the compact text of ``json.dumps(value, ensure_ascii=False,
    separators=(",", ":"))``, six times sooner, for records and history entries."""
    return msgspec.json.encode(value).decode()


def change_row(change: Change) -> tuple[Any, ...]:
    """The values of :data:`CHANGE_COLUMNS` for ``change``."""
    return (
        change.version,
        change.at.isoformat(),
        change.author,
        change.operation.value,
        json.dumps(change.actor_keys),
        change.relationship_id,
        None if change.before is None else json_text(change.before),
        None if change.after is None else json_text(change.after),
        None if change.counts is None else json_text(change.counts),
    )


def change_of_row(row: tuple[Any, ...]) -> Change:
    """The change a row of :data:`CHANGE_COLUMNS` holds."""
    version, at, author, operation, actor_keys, relationship_id, before, after, counts = row
    return Change(
        version=version,
        at=dt.datetime.fromisoformat(at),
        author=author,
        operation=ChangeOperation(operation),
        actor_keys=tuple(json.loads(actor_keys)),
        relationship_id=relationship_id,
        before=None if before is None else json.loads(before),
        after=None if after is None else json.loads(after),
        counts=None if counts is None else _counts(counts),
    )
