"""Live updates: ``graphChanged`` pushes each committed change over WebSocket."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry

from schema.context import Info
from schema.errors import BadRequest
from schema.resolvers.history import Change

__all__ = ["Subscription"]


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="Every change committed from now on, in commit order; optionally only "
        "those touching one actor."
    )
    async def graph_changed(
        self,
        info: Info,
        actor: Annotated[
            str | None,
            strawberry.argument(
                description="Only changes touching this actor key (it need not exist yet)."
            ),
        ] = None,
    ) -> AsyncGenerator[Change, None]:
        editor = info.context.editor
        if editor is None:
            raise BadRequest("this server has no change feed", code="READ_ONLY")
        async with editor.subscribe(actor) as feed:
            async for change in feed:
                yield Change.from_domain(change)
