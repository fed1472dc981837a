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
that list and that both paths give the same answers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from math import isfinite
from typing import Any, NamedTuple

from graphql import (
    GRAPHQL_MAX_INT,
    GRAPHQL_MIN_INT,
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLField,
    GraphQLFloat,
    GraphQLID,
    GraphQLInt,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNamedType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLString,
    Node,
    Visitor,
    get_named_type,
    is_leaf_type,
    visit,
)
from graphql.execution.collect_fields import FieldDetailsList, GroupedFieldSet
from graphql.pyutils import AwaitableOrValue, Path, Undefined, is_iterable
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

__all__ = ["QuickExecutionContext", "plain_fields"]

_DEFINITION = "strawberry-definition"


class _Irregular(Exception):
    """A plain field's value is not clean: graphql-core must answer the field."""


class _Shape(NamedTuple):
    """A field's type unwrapped: ``[Leaf!]!`` is (non_null, list, item_non_null, Leaf)."""

    non_null: bool
    is_list: bool
    item_non_null: bool
    named: GraphQLOutputType


def _shape(field_type: GraphQLOutputType) -> _Shape | None:
    non_null = isinstance(field_type, GraphQLNonNull)
    inner = field_type.of_type if isinstance(field_type, GraphQLNonNull) else field_type
    if not isinstance(inner, GraphQLList):
        return _Shape(non_null, False, False, inner)
    item = inner.of_type
    item_non_null = isinstance(item, GraphQLNonNull)
    named = item.of_type if isinstance(item, GraphQLNonNull) else item
    if isinstance(named, GraphQLList):
        return None  # lists of lists: graphql-core's
    return _Shape(non_null, True, item_non_null, named)


def _attribute(field_def: GraphQLField) -> str | None:
    """The attribute strawberry reads for ``field_def``, if that is all it does."""
    if field_def.args or not getattr(field_def.resolve, "_is_default", False):
        return None
    definition = (field_def.extensions or {}).get(_DEFINITION)
    attribute = getattr(definition, "python_name", None)
    reads = getattr(definition, "default_resolver", None) is getattr
    return attribute if reads and isinstance(attribute, str) else None


def plain_fields(schema: GraphQLSchema) -> set[str]:
    """Every ``Type.field`` of ``schema`` whose value strawberry reads off the object.

    Such a field takes the quick path when everything selected under it is plain as well.
    """
    return {
        f"{name}.{field}"
        for name, named in schema.type_map.items()
        if isinstance(named, GraphQLObjectType) and not name.startswith("__")
        for field, field_def in named.fields.items()
        if _attribute(field_def) is not None and _shape(field_def.type) is not None
    }


class _Plain(NamedTuple):
    """How to answer one plain field: read ``attribute``, then ``complete`` the value (a
    function made once per selection, see :func:`_completer`; it raises :class:`_Irregular`).
    Without an ``attribute`` it completes a value a resolver gave."""

    attribute: str | None
    complete: Callable[[Any], Any]


_Plan = list[tuple[str, FieldDetailsList, _Plain | None]]


class _Shared:
    """Plans and completions of one operation's document, kept for the next request that
    sends the same document (strawberry's parser cache hands it the very same nodes).

    Only for a document without a single directive: then which fields a selection collects
    depends on the document alone, not on a request's variables (``@skip(if: $x)``) or on
    deferring. ``nodes`` holds the operation and its fragments, so their ids stay theirs.
    """

    def __init__(self, nodes: tuple[Node, ...]) -> None:
        self.nodes = nodes
        self.plans: dict[tuple[object, ...], _Plan] = {}
        self.completions: dict[tuple[object, ...], _Plain | None] = {}


_SHARED: dict[tuple[int, int, bool], _Shared | None] = {}
"""By (schema, operation node, middleware): a document's shared plans, or None for one with
directives (whose node id, not held, may come back for another document: that one then only
misses the sharing)."""
_SHARED_MOST = 256
_UNSEEN = object()


def _shared(schema: GraphQLSchema, nodes: tuple[Node, ...], middleware: bool) -> _Shared | None:
    key = (id(schema), id(nodes[0]), middleware)
    found = _SHARED.get(key, _UNSEEN)
    if found is not _UNSEEN:  # a kept entry holds its nodes: their ids are no one else's
        return found  # type: ignore[return-value]
    if len(_SHARED) >= _SHARED_MOST:
        _SHARED.clear()  # a bound, not a policy: busy servers send few distinct documents
    shared = None if any(map(_has_directive, nodes)) else _Shared(nodes)
    _SHARED[key] = shared
    return shared


def _has_directive(node: Node) -> bool:
    found = False

    class Finder(Visitor):
        def enter_directive(self, *_: object) -> None:
            nonlocal found
            found = True

    visit(node, Finder())
    return found


def _selection_key(
    parent: GraphQLNamedType, details: Iterable[FieldDetailsList]
) -> tuple[object, ...]:
    return (parent.name, *(tuple(id(d.node) for d in each) for each in details))


class QuickExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """strawberry's execution context, answering plain fields directly."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Plans per grouped field set, which graphql-core memoizes per (type, selection) for
        # the whole operation; the set is kept with its plan so that its id stays unique.
        self._plans: dict[int, tuple[GroupedFieldSet, _Plan]] = {}
        self._completions: dict[
            tuple[GraphQLOutputType, int], tuple[FieldDetailsList, _Plain | None]
        ] = {}
        # strawberry hands every operation a manager; it wraps resolvers only when a schema
        # extension implements ``resolve``, and then every field must go through it.
        self._middleware = bool(getattr(self.middleware_manager, "middlewares", ()))
        fragments = (details.definition for details in self.fragments.values())
        self._shared = _shared(self.schema, (self.operation, *fragments), self._middleware)

    def _plan(self, parent_type: GraphQLObjectType, fields: GroupedFieldSet) -> _Plan:
        found = self._plans.get(id(fields))
        if found is not None:
            return found[1]
        key = None
        if self._shared is not None:
            key = (tuple(fields), *_selection_key(parent_type, fields.values()))
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

    def _plain(self, parent_type: GraphQLObjectType, details: FieldDetailsList) -> _Plain | None:
        node = details[0].node
        field_def = self.schema.get_field(parent_type, node.name.value)
        if field_def is None or node.arguments:
            return None
        attribute = _attribute(field_def)
        if attribute is None:
            return None
        completion = self._completion(field_def.type, details)
        return None if completion is None else completion._replace(attribute=attribute)

    def _completion(
        self, field_type: GraphQLOutputType, details: FieldDetailsList
    ) -> _Plain | None:
        """How to complete a value of ``field_type`` selected by ``details`` directly, or
        None where graphql-core must (a selection with a resolver, a directive, a fragment
        to defer, an interface or a union)."""
        if self._middleware:
            return None
        for detail in details:
            if detail.defer_usage is not None or detail.node.directives:
                return None
        shape = _shape(field_type)
        if shape is None:
            return None
        if is_leaf_type(shape.named):
            assert isinstance(shape.named, GraphQLScalarType | GraphQLEnumType)
            return _Plain(None, _completer(shape, _leaf(shape.named)))
        if not isinstance(shape.named, GraphQLObjectType):
            return None  # interfaces and unions: graphql-core finds the runtime type
        fields, deferred, _ = self.collect_subfields(shape.named, details)
        if deferred:
            return None
        plan = self._plan(shape.named, fields)
        if any(plain is None for _, _, plain in plan):
            return None
        return _Plain(None, _completer(shape, _object(shape.named, plan)))

    def _shared_completion(
        self, return_type: GraphQLOutputType, details: FieldDetailsList
    ) -> _Plain | None:
        if self._shared is None:
            return self._completion(return_type, details)
        key = (str(return_type), *_selection_key(get_named_type(return_type), [details]))
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
            except _Irregular:
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
                except _Irregular:
                    pass
                except Exception:  # the attribute could not be read
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


def _completer(shape: _Shape, one: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Completes a value of ``shape`` (``one`` completes a single non-null item); raises
    :class:`_Irregular` where graphql-core would raise or put a null."""
    non_null, item_non_null = shape.non_null, shape.item_non_null

    def item(value: Any) -> Any:
        if value is None:
            if item_non_null:
                raise _Irregular
            return None
        return one(value)

    def complete(value: Any) -> Any:
        if value is None:
            if non_null:
                raise _Irregular
            return None
        if isinstance(value, Exception):
            raise _Irregular  # graphql-core raises a value that is an error
        if not shape.is_list:
            return one(value)
        if not is_iterable(value):
            raise _Irregular
        return [item(each) for each in value]

    return complete


_SCALARS: dict[GraphQLScalarType, tuple[type, Callable[[Any], bool]]] = {
    # The built-in scalars give back a value of their own Python type as it is (a finite
    # float, a 32-bit int), which is checked here without calling them.
    GraphQLString: (str, lambda value: True),
    GraphQLID: (str, lambda value: True),
    GraphQLBoolean: (bool, lambda value: True),
    GraphQLInt: (int, lambda value: GRAPHQL_MIN_INT <= value <= GRAPHQL_MAX_INT),
    GraphQLFloat: (float, isfinite),
}


def _leaf(named: GraphQLLeafType) -> Callable[[Any], Any]:
    """Coerces a non-null value as ``named.coerce_output_value`` does."""
    coerce = named.coerce_output_value
    same = _SCALARS.get(named) if isinstance(named, GraphQLScalarType) else None
    # An enum's members -> their names, once coerced (members only: any other value, even one
    # equal to a member, is coerced every time).
    names: dict[Any, Any] = {}
    members = _members(named) if isinstance(named, GraphQLEnumType) else None

    def leaf(value: Any) -> Any:
        if same is not None and type(value) is same[0] and same[1](value):
            return value
        key = None
        if members is not None and type(value) is members:
            key = value
            found = names.get(key)
            if found is not None:
                return found
        try:
            coerced = coerce(value)
        except Exception as error:
            raise _Irregular from error
        if coerced is None or coerced is Undefined:
            raise _Irregular
        if key is not None:
            names[key] = coerced
        return coerced

    return leaf


def _members(named: GraphQLEnumType) -> type | None:
    """The Python enum class whose members a strawberry enum type holds, if there is one."""
    definition = (named.extensions or {}).get(_DEFINITION)
    wrapped = getattr(definition, "wrapped_cls", None)
    return wrapped if isinstance(wrapped, type) else None


def _object(named: GraphQLObjectType, plan: _Plan) -> Callable[[Any], Any]:
    """Completes a non-null object whose selected fields (``plan``) are all plain."""
    is_type_of = named.is_type_of
    fields: list[tuple[str, str, Callable[[Any], Any]]] | None = None

    def one(value: Any) -> Any:
        nonlocal fields
        if fields is None:  # read the plan when first needed: it is complete by then
            found = []
            for name, _, plain in plan:
                if plain is None or plain.attribute is None:
                    raise _Irregular
                found.append((name, plain.attribute, plain.complete))
            fields = found  # whole, at once: plans are shared between requests
        if is_type_of is not None:
            try:
                # strawberry's check is an isinstance test that does not read the info.
                fits = is_type_of(value, None)  # type: ignore[arg-type]
            except Exception as error:
                raise _Irregular from error
            if fits is not True:
                raise _Irregular
        try:
            return {name: complete(getattr(value, attr)) for name, attr, complete in fields}
        except _Irregular:
            raise
        except Exception as error:  # an attribute that could not be read
            raise _Irregular from error

    return one


def _merged(plan: _Plan, quick: dict[str, Any], rest: dict[str, Any]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for response_name, _, _ in plan:
        if response_name in quick:
            merged[response_name] = quick[response_name]
        elif response_name in rest:
            merged[response_name] = rest[response_name]
    return merged


async def _merge_later(plan: _Plan, quick: dict[str, Any], rest: Any) -> dict[str, Any]:
    return _merged(plan, quick, await rest)
