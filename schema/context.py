"""What every resolver receives: the graph, reached through ``info.context``."""

from __future__ import annotations

from dataclasses import dataclass

import strawberry

from graph import AllianceGraph

__all__ = ["Context", "Info"]


@dataclass
class Context:
    """Per-request context built by the app (or by a test calling ``schema.execute``)."""

    graph: AllianceGraph


Info = strawberry.Info[Context, None]
