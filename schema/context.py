"""What every resolver receives: the graph, reached through ``info.context``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import strawberry

from graph import AllianceGraph
from graph.analysis.cache import VersionedCache
from graph.persistence.editor import Editor
from schema.http.limits import Limits

if TYPE_CHECKING:
    from schema.http.heavy import HeavyOperations
    from schema.http.idempotency import Attempt
    from schema.resolvers.layouts import Layouts
    from schema.types.actor import Actor
    from schema.types.source import Source

__all__ = ["Context", "Info", "ObjectViews"]


class ObjectViews(Protocol):
    """The GraphQL objects of the graph's actors and sources, each made once per record
    (:class:`schema.types.views.Views` is the one the app keeps)."""

    @property
    def graph(self) -> AllianceGraph:
        """The graph whose records the objects are made from."""
        ...

    def actor(self, key: str) -> Actor:
        """The object of the actor ``key`` as it stands now."""
        ...

    def source(self, source_id: str) -> Source:
        """The object of the source ``source_id``."""
        ...


@dataclass
class Context:
    """Per-request context built by the app (or by :func:`schema.schema.context_for`, for a
    test or script calling ``schema.execute``).

    ``editor`` is there when the server can write; ``author`` is the name of the token the
    request bore (``None`` without a valid one); ``writable`` says whether any token is set.
    """

    graph: AllianceGraph
    views: ObjectViews
    """The actor and source objects, each made once (:mod:`schema.types.views`)."""
    cache: VersionedCache = field(default_factory=VersionedCache)
    editor: Editor | None = None
    author: str | None = None
    writable: bool = False
    limits: Limits = field(default_factory=Limits)
    heavy: HeavyOperations | None = None
    """Where heavy operations run, off the event loop (:mod:`schema.http.heavy`); None: inline."""
    layouts: Layouts | None = None
    """Where whole-graph layouts are computed in the background (:mod:`schema.resolvers.layouts`);
    None: ``Actor.position`` computes its layout itself."""
    offload: bool = False
    """Whether a resolver about to do heavy work hands the operation to ``heavy``
    (:mod:`schema.resolvers.offload`)."""
    committed: int | None = None
    """The newest version this request's mutations committed (the app answers it in
    ``X-Graph-Version``, for a client to pass on as ``X-Min-Graph-Version``)."""
    costs: list[int] = field(default_factory=list)
    """The estimated cost of each operation this request carried (a batch carries several):
    their sum is held to ``--max-cost`` (:mod:`schema.execution.cost_limit`)."""
    idempotency: Attempt | None = None
    """The request's ``Idempotency-Key`` and what became of it, for a mutation sent with one
    (:mod:`schema.http.idempotency`)."""
    method: str = "POST"
    """How the operation came: ``GET``, ``POST`` or ``WEBSOCKET``; a GET is held to
    ``--max-get-cost`` (:mod:`schema.execution.cost_limit`)."""
    connection_params: dict[str, object] | None = None
    """What a WebSocket client sent in its ``connection_init`` payload (strawberry sets it;
    :mod:`schema.http.websocket.transport` reads a token from it)."""


Info = strawberry.Info[Context, None]
