"""What a single request may ask for. Every limit has a documented default and a CLI flag.

>>> Limits().max_page, Limits(max_page=50).max_page
(100, 50)
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from graph.export.layout import MAX_SPRING_ACTORS

__all__ = ["Limits"]


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on queries, bodies, pages, graph walks, WebSockets and analytics time, and how
    long idempotency keys are kept."""

    max_depth: int = 12
    """Deepest nesting of selections in one operation."""
    max_aliases: int = 30
    """Aliases in one document, counted through fragments."""
    max_tokens: int = 3000
    """Lexical tokens in one document."""
    max_body_bytes: int = 1_000_000
    """Largest HTTP request body; beyond it the answer is 413."""
    max_page: int = 100
    """Largest ``first`` on every connection."""
    max_list: int = 1_000
    """Longest plain list in an answer (an actor's relationships, a timeline, a
    neighbourhood's full lists, stanceMatrix cells …): beyond it, ``LIST_TOO_LONG``."""
    max_cost: int = 50_000
    """Largest estimated cost of one operation (:mod:`schema.execution.cost`): beyond it,
    ``QUERY_TOO_COSTLY`` before anything runs."""
    max_hops: int = 6
    """Largest ``maxHops`` of ``path``."""
    max_neighborhood_depth: int = 3
    """Largest ``depth`` of ``neighborhood``."""
    max_ws_message_bytes: int = 65_536
    """Largest WebSocket message a client may send."""
    max_subscriptions: int = 10
    """Subscriptions open at once on one WebSocket connection."""
    analytics_seconds: float = 2.0
    """Time one analytics computation may take before it is refused."""
    max_version_wait: float = 5.0
    """Seconds a request with ``X-Min-Graph-Version`` may wait for this server to reach it."""
    heavy_relationships: int = 2_000
    """Work that reads more relationships than this (an analysis of the graph, a long
    timeline, a wide neighbourhood, a layout) is done in a forked child, off the event loop."""
    heavy_operations: int = 2
    """Forked children working at once; more heavy operations wait for one to end."""
    max_layout_actors: int = MAX_SPRING_ACTORS
    """Most actors the spring and Kamada-Kawai layouts lay out, in ``/export`` and
    ``Actor.position`` (Kamada-Kawai never more than 300): above, they are refused and the
    default layout of an export is circular (:mod:`graph.export.layout`)."""
    idempotency_hours: float = 24.0
    """Hours a mutation's ``Idempotency-Key`` is remembered (:mod:`schema.http.idempotency`)."""
    max_batch: int = 10
    """Operations in one batched request (:mod:`schema.http.operations.batch`)."""
    persisted_queries: int = 10_000
    """Automatic persisted queries each process remembers, the least recently used dropped,
    and the store that ``--data`` names keeps, the least recently registered dropped
    (:mod:`schema.http.operations.registered`)."""
    persisted_queries_bytes: int = 20_000_000
    """Bytes of query text those persisted queries may hold together (in each process, and in
    the store)."""
    response_cache_mb: int = 64
    """Megabytes of answer bodies the whole-response cache keeps (and at most 2,048 answers),
    the least recently stored out first (:mod:`schema.http.response_cache`)."""
    max_get_cost: int = 2_000
    """Largest estimated cost of a query sent with GET: costlier ones are refused with
    ``USE_POST`` (a POST with a JSON body is accepted up to ``max_cost``), so a page on another
    site cannot make its visitors' browsers run costly queries here."""

    def __post_init__(self) -> None:
        for item in fields(self):
            if getattr(self, item.name) <= 0:
                raise ValueError(f"{item.name} must be positive, got {getattr(self, item.name)}")

    @classmethod
    def names(cls) -> list[str]:
        """The limits' names, in declaration order."""
        return [item.name for item in fields(cls)]
