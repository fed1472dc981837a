"""The change history: ``graphVersion``, ``history`` and the ``Change`` type.

A change's ``records`` are read a page at a time: an IMPORT's or a MERGE's from the store, which
keeps them beside its entry (:mod:`graph.persistence.bulk`), any other's from its ``after``.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import TypeAlias, cast

import strawberry
from strawberry.scalars import JSON

from graph.persistence import changes
from graph.persistence.bulk.records import inline_records
from schema.context import Info
from schema.errors import BadRequest
from schema.types.counts import ChangeCounts, ChangeRecord
from schema.types.pagination import (
    Connection,
    Edge,
    PageInfo,
    check_first,
    connection,
    decode_cursor,
)

__all__ = ["Change", "ChangeOperation", "HistoryQuery"]

strawberry.enum(changes.ChangeOperation, description="What a committed change did.")
ChangeOperation: TypeAlias = changes.ChangeOperation


@strawberry.type(description="One committed change to the graph.")
class Change:
    version: int = strawberry.field(description="The graph version this change produced.")
    at: dt.datetime
    author: str = strawberry.field(description="The name of the token that made it.")
    operation: ChangeOperation
    actor_keys: list[str] = strawberry.field(description="Every actor the change touches.")
    relationship_id: strawberry.ID | None
    before: JSON | None = strawberry.field(
        description="The records as they were, in the seed format (null when created)."
    )
    after: JSON | None = strawberry.field(
        description="The records as they became, in the seed format (null when removed; "
        "null for an IMPORT or a MERGE, whose `counts` and `records` say what they wrote)."
    )
    counts: ChangeCounts | None = strawberry.field(
        description="What an IMPORT or a MERGE wrote, skipped and replaced (null for others)."
    )
    domain: strawberry.Private[changes.Change]

    @strawberry.field(
        description="The records the change wrote, in the seed format, a page at a time: "
        "an IMPORT's or a MERGE's all of them, another change's those of its `after`."
    )
    def records(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[ChangeRecord]:
        size = check_first(first, info.context.limits.max_page)
        start = -1 if after is None else _seq(after)
        change, editor = self.domain, info.context.editor
        if change.operation not in changes.BULK:
            kept = inline_records(change)
            page, total = kept[start + 1 : start + 2 + size], len(kept)
        else:
            page = (
                []
                if editor is None
                else editor.storage.change_records(change.version, start, size + 1)
            )
            written = change.counts.written if change.counts else None
            total = (
                0
                if written is None
                else sum((written.sources, written.actors, written.relationships))
            )
        return connection(
            page[:size],
            lambda r: str(r.seq),
            ChangeRecord.from_domain,
            total=total,
            has_next=len(page) > size,
            has_previous=start >= 0,
        )

    @classmethod
    def from_domain(cls, change: changes.Change) -> Change:
        return cls(
            version=change.version,
            at=change.at,
            author=change.author,
            operation=change.operation,
            actor_keys=list(change.actor_keys),
            relationship_id=(
                None if change.relationship_id is None else strawberry.ID(change.relationship_id)
            ),
            before=cast(JSON, change.before),
            after=cast(JSON, change.after),
            counts=None if change.counts is None else ChangeCounts.from_domain(change.counts),
            domain=change,
        )


def _seq(cursor: str) -> int:
    text = decode_cursor(cursor)
    if not text.isdigit():
        raise BadRequest(f"malformed cursor {cursor!r}", code="BAD_CURSOR", field="after")
    return int(text)


def _cursor(version: int) -> str:
    return base64.urlsafe_b64encode(f"v:{version}".encode()).decode()


def _version(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode()
        if text.startswith("v:"):
            return int(text[2:])
    except (binascii.Error, UnicodeError, ValueError):
        pass
    raise BadRequest(f"malformed cursor {cursor!r}", code="BAD_CURSOR", field="after")


def graph_version(info: Info) -> int:
    return info.context.graph.version


def history(info: Info, first: int | None = None, after: str | None = None) -> Connection[Change]:
    size = check_first(first, info.context.limits.max_page)
    editor = info.context.editor
    if editor is None:
        empty = PageInfo(
            has_next_page=False, has_previous_page=False, start_cursor=None, end_cursor=None
        )
        return Connection(edges=[], page_info=empty, total_count=0)
    before = None if after is None else _version(after)
    page = editor.history(size + 1, before_version=before)
    more, page = len(page) > size, page[:size]
    edges = [Edge(node=Change.from_domain(c), cursor=_cursor(c.version)) for c in page]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=more,
            has_previous_page=after is not None,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=editor.history_count(),
    )


@strawberry.type
class HistoryQuery:
    graph_version: int = strawberry.field(
        resolver=graph_version, description="Grows by one with every committed change."
    )
    history: Connection[Change] = strawberry.field(
        resolver=history, description="Every committed change, newest first."
    )
