"""A query's cost, estimated from its selection before anything runs.

The unit is about one object in the answer. An object field costs 1 plus its selection; a list
of objects costs its bound times (1 plus the selection of one item); scalars, enums and lists
of them cost nothing; analytics add a weight for the work they do (:mod:`schema.execution.
cost_table`). A connection's bound is its ``first`` (20 when omitted); a plain list's bound is
the graph's own size where that is what the list can hold (an actor's relationships: the most
any actor has), never more than ``--max-list``, since a longer list is an error, not an answer.
Introspection costs 1: the schema is small and fixed. ``@skip`` and ``@include`` are not read:
an estimate counts every field the document names.

>>> from graph.dataset.seed import load_seed
>>> from schema.http.limits import Limits
>>> from schema.schema import schema
>>> from graphql import parse
>>> sizes = sizes_of(load_seed(), Limits())
>>> estimate(schema._schema, parse("{ actor(key: \\"iran\\") { name } }"), None, {}, sizes).total
1
>>> estimate(schema._schema, parse("{ actors(first: 5) { edges { node { key } } } }"), None,
...          {}, sizes).total
11
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
)
from graphql.execution.values import VariableValues, get_argument_values, get_variable_values

from graph import AllianceGraph
from graph.store.adjacency import largest_degree
from schema.execution.cost_table import Scope, Sizes, bound_of, scope_of, weight_of
from schema.http.limits import Limits

__all__ = ["Estimate", "Sizes", "estimate", "sizes_of"]


@dataclass
class Estimate:
    """An operation's estimated cost, and each top-level field's share of it (by the name it
    answers under: its alias, if it has one)."""

    total: int = 0
    by_field: dict[str, int] = field(default_factory=dict)

    def costliest(self, count: int = 3) -> list[tuple[str, int]]:
        """The ``count`` costliest top-level fields, costliest first."""
        return sorted(self.by_field.items(), key=lambda item: -item[1])[:count]


def sizes_of(graph: AllianceGraph, limits: Limits) -> Sizes:
    """What the bounds of ``graph``'s lists are made of (read in time linear in the actors at
    worst, so cache it per version)."""
    nx_graph = graph.nx
    return Sizes(
        actors=nx_graph.number_of_nodes(),
        relationships=len(graph),
        sources=len(graph.sources()),
        degree=largest_degree(nx_graph.succ, nx_graph.pred, limits.max_list),
        max_list=limits.max_list,
        max_page=limits.max_page,
        max_depth=limits.max_neighborhood_depth,
        max_hops=limits.max_hops,
    )


class _Walk:
    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: VariableValues,
        sizes: Sizes,
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.sizes = sizes

    def selection(
        self,
        selections: SelectionSetNode,
        parent: GraphQLObjectType | GraphQLInterfaceType,
        scope: Scope,
        shares: dict[str, int] | None = None,
    ) -> int:
        total = 0
        for node in selections.selections:
            if isinstance(node, FieldNode):
                cost = self.field(node, parent, scope)
                if shares is not None:
                    answer = node.alias.value if node.alias else node.name.value
                    shares[answer] = shares.get(answer, 0) + cost
            elif isinstance(node, InlineFragmentNode):
                inner = parent
                if node.type_condition is not None:
                    named = self.schema.get_type(node.type_condition.name.value)
                    if isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
                        inner = named
                cost = self.selection(node.selection_set, inner, scope, shares)
            elif isinstance(node, FragmentSpreadNode):
                fragment = self.fragments.get(node.name.value)
                if fragment is None:
                    continue
                named = self.schema.get_type(fragment.type_condition.name.value)
                inner = (
                    named if isinstance(named, GraphQLObjectType | GraphQLInterfaceType) else parent
                )
                cost = self.selection(fragment.selection_set, inner, scope, shares)
            total += cost
        return total

    def field(
        self, node: FieldNode, parent: GraphQLObjectType | GraphQLInterfaceType, scope: Scope
    ) -> int:
        name = node.name.value
        if name.startswith("__"):
            return 1 if node.selection_set is not None else 0
        definition = parent.fields.get(name)
        if definition is None:
            return 0
        args = self.arguments(definition, node)
        place = f"{parent.name}.{name}"
        weight = weight_of(place, args, scope, self.sizes)
        kind = _unwrapped(definition.type)
        named = get_named_type(definition.type)
        if node.selection_set is None or not isinstance(
            named, GraphQLObjectType | GraphQLInterfaceType
        ):
            return weight
        inner = scope_of(place, named.name, args, scope, self.sizes)
        each = 1 + self.selection(node.selection_set, named, inner)
        count = bound_of(place, args, scope, self.sizes) if kind is GraphQLList else 1
        return weight + count * each

    def arguments(self, definition: GraphQLField, node: FieldNode) -> dict[str, Any]:
        try:
            return get_argument_values(definition, node, self.variables)
        except (GraphQLError, TypeError, ValueError):
            return {}  # execution reports the bad argument; estimate with the defaults


def _unwrapped(of: GraphQLOutputType) -> type:
    """GraphQLList when ``of`` is a list (non-null or not), else the named type's class."""
    while isinstance(of, GraphQLNonNull):
        of = of.of_type
    return GraphQLList if isinstance(of, GraphQLList) else type(of)


def estimate(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: Mapping[str, Any] | None,
    sizes: Sizes,
) -> Estimate:
    """The cost of the operation ``operation_name`` of ``document`` (the only one when None)
    with ``variables``, over a graph of ``sizes``."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        operations = [o for o in operations if o.name and o.name.value == operation_name]
    found = Estimate()
    if len(operations) != 1:
        return found
    operation = operations[0]
    root = schema.get_root_type(operation.operation)
    if root is None:
        return found
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    coerced = get_variable_values(
        schema, operation.variable_definitions or (), dict(variables or {})
    )
    if isinstance(coerced, list):
        return found  # execution reports the bad variables
    walk = _Walk(schema, fragments, coerced, sizes)
    found.total = walk.selection(operation.selection_set, root, Scope(), found.by_field)
    return found
