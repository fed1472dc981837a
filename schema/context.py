"""What every resolver receives: the graph, reached through ``info.context``."""

from __future__ import annotations

from dataclasses import dataclass, field

import strawberry

from graph import AllianceGraph
from graph.cache import VersionedCache

__all__ = ["Context", "Info"]


@dataclass
class Context:
    """Per-request context built by the app (or by a test calling ``schema.execute``)."""

    graph: AllianceGraph
    cache: VersionedCache = field(default_factory=VersionedCache)
    """Analytics results per graph version; the app shares one across requests."""


Info = strawberry.Info[Context, None]
