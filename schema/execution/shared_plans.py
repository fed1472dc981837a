"""A document's quick-execution plans, kept for the next request that sends it.

strawberry's parser cache hands a repeated document the very same nodes, so what a selection
collects, and the plan made for it, can be found again by the ids of its field nodes: planning
cost about an eighth of an actor query when every request planned afresh.
"""

from __future__ import annotations

from collections.abc import Iterable

from graphql import GraphQLNamedType, GraphQLSchema, Node, Visitor, visit
from graphql.execution.collect_fields import FieldDetailsList

from schema.execution.completion import Plain, Plan

__all__ = ["SharedPlans", "selection_key", "shared_plans"]


class SharedPlans:
    """Plans and completions of one operation's document, kept for the next request that
    sends the same document (strawberry's parser cache hands it the very same nodes).

    Only for a document without a single directive: then which fields a selection collects
    depends on the document alone, not on a request's variables (``@skip(if: $x)``) or on
    deferring. ``nodes`` holds the operation and its fragments, so their ids stay theirs.
    """

    def __init__(self, nodes: tuple[Node, ...]) -> None:
        self.nodes = nodes
        self.plans: dict[tuple[object, ...], Plan] = {}
        self.completions: dict[tuple[object, ...], Plain | None] = {}


_SHARED: dict[tuple[int, int, bool], SharedPlans | None] = {}
"""By (schema, operation node, middleware): a document's shared plans, or None for one with
directives (whose node id, not held, may come back for another document: that one then only
misses the sharing)."""
_SHARED_MOST = 256
_UNSEEN = object()


def shared_plans(
    schema: GraphQLSchema, nodes: tuple[Node, ...], middleware: bool
) -> SharedPlans | None:
    """The shared plans of the operation ``nodes[0]`` (its fragments after it) on ``schema``,
    or ``None`` when its document has a directive and each request must plan it afresh."""
    key = (id(schema), id(nodes[0]), middleware)
    found = _SHARED.get(key, _UNSEEN)
    if found is not _UNSEEN:  # a kept entry holds its nodes: their ids are no one else's
        return found  # type: ignore[return-value]
    if len(_SHARED) >= _SHARED_MOST:
        _SHARED.clear()  # a bound, not a policy: busy servers send few distinct documents
    shared = None if any(map(_has_directive, nodes)) else SharedPlans(nodes)
    _SHARED[key] = shared
    return shared


def _has_directive(node: Node) -> bool:
    """Whether ``node`` or anything in it carries a directive."""
    found = False

    class Finder(Visitor):
        def enter_directive(self, *_: object) -> None:
            nonlocal found
            found = True

    visit(node, Finder())
    return found


def selection_key(
    parent: GraphQLNamedType, details: Iterable[FieldDetailsList]
) -> tuple[object, ...]:
    """A selection under ``parent`` as its field nodes' ids, the same for every request that
    sends the same document."""
    return (parent.name, *(tuple(id(d.node) for d in each) for each in details))
