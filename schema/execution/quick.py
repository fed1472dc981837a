"""Execution with a quick path for data that is already on the objects.

graphql-core executes every field the same way: it builds a path entry and a resolve-info
object, calls the resolver, checks for an awaitable, then completes the value, one call per
type wrapper. For a field that only reads an attribute (most fields of a large answer, such as
``Relationship.date``, ``Relationship.source { key name }`` or ``Actor.aliases``) that costs
about ten times the work itself.

This execution context answers such fields itself: a *plain* field is one that strawberry
resolves by reading the attribute (no resolver, no field extension, no permission class), takes
no arguments, carries no directive and is not deferred, and whose type is a scalar or enum, a
list of them, or an object or list of objects whose selected fields are all plain in turn. It
reads the attribute and coerces the value as graphql-core would. Whatever is not clean (a null
where the schema says non-null, a value that does not coerce, an object of the wrong type)
stops the quick answer of that field, and graphql-core's own ``execute_field`` answers it
instead, so errors, null propagation and messages are graphql-core's. Plain fields run no
resolver, so answering one twice changes nothing.

Every other field (any field with a resolver) goes through graphql-core as usual;
:func:`plain_fields` lists which fields of a schema can take the quick path, and a test pins
that list and that both paths give the same answers. How a value is completed is
:mod:`schema.execution.completion`; plans kept between requests are
:mod:`schema.execution.shared_plans`.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLScalarType,
    GraphQLSchema,
    get_named_type,
    is_leaf_type,
)
from graphql.execution.collect_fields import FieldDetailsList, GroupedFieldSet
from graphql.pyutils import AwaitableOrValue, Path
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from schema.execution.completion import (
    Irregular,
    Plain,
    Plan,
    completer,
    leaf_completion,
    object_completer,
    shape_of,
)
from schema.execution.shared_plans import selection_key, shared_plans
from schema.execution.strawberry_names import STRAWBERRY_DEFINITION, reads_only, stored

__all__ = ["QuickExecutionContext", "plain_fields"]


def _attribute(parent_type: GraphQLObjectType, field_def: GraphQLField) -> str | None:
    """The attribute strawberry reads for ``field_def``, if reading it is all strawberry does
    (:func:`~schema.execution.strawberry_names.reads_only`) and the attribute is stored data
    (:func:`~schema.execution.strawberry_names.stored`)."""
    if field_def.args:
        return None
    definition = (field_def.extensions or {}).get(STRAWBERRY_DEFINITION)
    if definition is None or not reads_only(field_def.resolve, definition):
        return None
    attribute: str = definition.python_name
    owner = getattr((parent_type.extensions or {}).get(STRAWBERRY_DEFINITION), "origin", None)
    return attribute if stored(owner, attribute) else None


def plain_fields(schema: GraphQLSchema) -> set[str]:
    """Every ``Type.field`` of ``schema`` whose value strawberry reads off the object.

    Such a field takes the quick path when everything selected under it is plain as well.
    """
    return {
        f"{name}.{field}"
        for name, named in schema.type_map.items()
        if isinstance(named, GraphQLObjectType) and not name.startswith("__")
        for field, field_def in named.fields.items()
        if _attribute(named, field_def) is not None and shape_of(field_def.type) is not None
    }


class QuickExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """strawberry's execution context, answering plain fields directly."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Plans per grouped field set, which graphql-core memoizes per (type, selection) for
        # the whole operation; the set is kept with its plan so that its id stays unique.
        self._plans: dict[int, tuple[GroupedFieldSet, Plan]] = {}
        self._completions: dict[
            tuple[GraphQLOutputType, int], tuple[FieldDetailsList, Plain | None]
        ] = {}
        # strawberry hands every operation a manager; it wraps resolvers only when a schema
        # extension implements ``resolve``, and then every field must go through it.
        self._middleware = bool(getattr(self.middleware_manager, "middlewares", ()))
        fragments = (details.definition for details in self.fragments.values())
        self._shared = shared_plans(self.schema, (self.operation, *fragments), self._middleware)

    def _plan(self, parent_type: GraphQLObjectType, fields: GroupedFieldSet) -> Plan:
        found = self._plans.get(id(fields))
        if found is not None:
            return found[1]
        key = None
        if self._shared is not None:
            key = (tuple(fields), *selection_key(parent_type, fields.values()))
            plan = self._shared.plans.get(key)
            if plan is not None:
                self._plans[id(fields)] = (fields, plan)
                return plan
        plan = []
        self._plans[id(fields)] = (fields, plan)  # before the fields: selections can recur
        for response_name, details in fields.items():
            plan.append((response_name, details, self._plain(parent_type, details)))
        if key is not None:
            self._shared.plans[key] = plan  # type: ignore[union-attr]
        return plan

    def _plain(self, parent_type: GraphQLObjectType, details: FieldDetailsList) -> Plain | None:
        node = details[0].node
        field_def = self.schema.get_field(parent_type, node.name.value)
        if field_def is None or node.arguments:
            return None
        attribute = _attribute(parent_type, field_def)
        if attribute is None:
            return None
        completion = self._completion(field_def.type, details)
        return None if completion is None else completion._replace(attribute=attribute)

    def _completion(self, field_type: GraphQLOutputType, details: FieldDetailsList) -> Plain | None:
        """How to complete a value of ``field_type`` selected by ``details`` directly, or
        None where graphql-core must (a selection with a resolver, a directive, a fragment
        to defer, an interface or a union)."""
        if self._middleware:
            return None
        for detail in details:
            if detail.defer_usage is not None or detail.node.directives:
                return None
        shape = shape_of(field_type)
        if shape is None:
            return None
        if is_leaf_type(shape.named):
            assert isinstance(shape.named, GraphQLScalarType | GraphQLEnumType)
            return Plain(None, leaf_completion(shape))
        if not isinstance(shape.named, GraphQLObjectType):
            return None  # interfaces and unions: graphql-core finds the runtime type
        fields, deferred, _ = self.collect_subfields(shape.named, details)
        if deferred:
            return None
        plan = self._plan(shape.named, fields)
        if any(plain is None for _, _, plain in plan):
            return None
        return Plain(None, completer(shape, object_completer(shape.named, plan)))

    def _shared_completion(
        self, return_type: GraphQLOutputType, details: FieldDetailsList
    ) -> Plain | None:
        if self._shared is None:
            return self._completion(return_type, details)
        key = (str(return_type), *selection_key(get_named_type(return_type), [details]))
        completions = self._shared.completions
        if key not in completions:
            completions[key] = self._completion(return_type, details)
        return completions[key]

    def complete_value(
        self,
        return_type: GraphQLOutputType,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo[Any],
        path: Path,
        result: Any,
        position_context: Any,
    ) -> AwaitableOrValue[Any]:
        """Complete what a resolver gave directly when everything selected in it is plain
        (a list of relationships, say); graphql-core's own completion otherwise."""
        key = (return_type, id(field_details_list))
        found = self._completions.get(key)
        if found is None:
            found = (field_details_list, self._shared_completion(return_type, field_details_list))
            self._completions[key] = found
        completion = found[1]
        if completion is not None and position_context is None and not self.is_awaitable(result):
            try:
                return completion.complete(result)
            except Irregular:
                pass
        return super().complete_value(
            return_type, field_details_list, info, path, result, position_context
        )

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: GroupedFieldSet,
        position_context: Any,
    ) -> AwaitableOrValue[dict[str, Any]]:
        plan = self._plan(parent_type, grouped_field_set)
        results: dict[str, Any] = {}
        slow: dict[str, FieldDetailsList] = {}
        for response_name, _, plain in plan:
            if plain is not None:
                try:
                    results[response_name] = plain.complete(getattr(source_value, plain.attribute))  # type: ignore[arg-type]
                    continue
                except Exception:  # Irregular, or an attribute that could not be read
                    pass
            slow[response_name] = grouped_field_set[response_name]  # this request's own
        if not slow:
            return results
        # graphql-core answers the rest (and every plain field that was not clean, so its
        # error or null is graphql-core's own); the answer keeps the selection's order.
        rest = super().execute_fields(parent_type, source_value, path, slow, position_context)
        if not results:
            return rest
        if self.is_awaitable(rest):
            return _merge_later(plan, results, rest)
        return _merged(plan, results, rest)  # type: ignore[arg-type]


def _merged(plan: Plan, quick: dict[str, Any], rest: dict[str, Any]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for response_name, _, _ in plan:
        if response_name in quick:
            merged[response_name] = quick[response_name]
        elif response_name in rest:
            merged[response_name] = rest[response_name]
    return merged


async def _merge_later(plan: Plan, quick: dict[str, Any], rest: Any) -> dict[str, Any]:
    return _merged(plan, quick, await rest)
