"""What every resolver receives: the graph, reached through ``info.context``."""

from __future__ import annotations

from dataclasses import InitVar, dataclass, field

import strawberry

from graph import AllianceGraph
from graph.cache import VersionedCache
from graph.editor import Editor
from schema.limits import Limits
from schema.views import Views

__all__ = ["Context", "Info"]


@dataclass
class Context:
    """Per-request context built by the app (or by a test calling ``schema.execute``).

    ``editor`` is there when the server can write; ``author`` is the name of the token the
    request bore (``None`` without a valid one); ``writable`` says whether any token is set.
    """

    graph: AllianceGraph
    cache: VersionedCache = field(default_factory=VersionedCache)
    editor: Editor | None = None
    author: str | None = None
    writable: bool = False
    limits: Limits = field(default_factory=Limits)
    shared_views: InitVar[Views | None] = None
    """The app's :class:`~schema.views.Views` of this graph, kept between requests; a new
    one is made when there is none, or when it is of another graph."""
    views: Views = field(init=False)
    """The actor and source objects, each made once (:mod:`schema.views`)."""

    def __post_init__(self, shared_views: Views | None) -> None:
        if shared_views is None or shared_views.graph is not self.graph:
            shared_views = Views(self.graph)
        self.views = shared_views


Info = strawberry.Info[Context, None]
