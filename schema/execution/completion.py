"""How the quick execution path (:mod:`schema.execution.quick`) completes a value: a function per
selection, made once, that turns what an attribute holds into what graphql-core would answer,
or raises :class:`Irregular` where graphql-core must answer instead (an error, a null in a
non-null field, a value that does not coerce).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from keyword import iskeyword
from math import isfinite
from types import CodeType, FunctionType
from typing import Any, NamedTuple

from graphql import (
    GRAPHQL_MAX_INT,
    GRAPHQL_MIN_INT,
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLFloat,
    GraphQLID,
    GraphQLInt,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLScalarType,
    GraphQLString,
)
from graphql.execution.collect_fields import FieldDetailsList
from graphql.pyutils import Undefined

from schema.execution.strawberry_names import STRAWBERRY_DEFINITION

__all__ = [
    "STRAWBERRY_DEFINITION",
    "Irregular",
    "Plain",
    "Plan",
    "Shape",
    "completer",
    "leaf_completer",
    "leaf_completion",
    "object_completer",
    "reader",
    "shape_of",
]


class Irregular(Exception):
    """A plain field's value is not clean: graphql-core must answer the field."""


class Shape(NamedTuple):
    """A field's type unwrapped: ``[Leaf!]!`` is (non_null, list, item_non_null, Leaf)."""

    non_null: bool
    is_list: bool
    item_non_null: bool
    named: GraphQLOutputType


def shape_of(field_type: GraphQLOutputType) -> Shape | None:
    """``field_type`` unwrapped, or ``None`` for a list of lists (graphql-core completes those)."""
    non_null = isinstance(field_type, GraphQLNonNull)
    inner = field_type.of_type if isinstance(field_type, GraphQLNonNull) else field_type
    if not isinstance(inner, GraphQLList):
        return Shape(non_null, False, False, inner)
    item = inner.of_type
    item_non_null = isinstance(item, GraphQLNonNull)
    named = item.of_type if isinstance(item, GraphQLNonNull) else item
    if isinstance(named, GraphQLList):
        return None  # lists of lists: graphql-core's
    return Shape(non_null, True, item_non_null, named)


class Plain(NamedTuple):
    """How to answer one plain field: read ``attribute``, then ``complete`` the value (a
    function made once per selection, see :func:`completer`; it raises :class:`Irregular`).
    Without an ``attribute`` it completes a value a resolver gave."""

    attribute: str | None
    complete: Callable[[Any], Any]


Plan = list[tuple[str, FieldDetailsList, Plain | None]]


def completer(shape: Shape, one: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Completes a value of ``shape`` (``one`` completes a single non-null item); raises
    :class:`Irregular` where graphql-core would raise or put a null."""
    non_null, item_non_null = shape.non_null, shape.item_non_null

    def item(value: Any) -> Any:
        if value is None:
            if item_non_null:
                raise Irregular
            return None
        return one(value)

    def complete(value: Any) -> Any:
        if value is None:
            if non_null:
                raise Irregular
            return None
        if isinstance(value, Exception):
            raise Irregular  # graphql-core raises a value that is an error
        if not shape.is_list:
            return one(value)
        if type(value) is not list and type(value) is not tuple:
            # Anything else (a generator, a set, a string) is graphql-core's to iterate, and
            # is handed over untouched: a generator read halfway would lose its first items.
            raise Irregular
        return [item(each) for each in value]

    return complete


def _always(value: object) -> bool:
    return True


_SCALARS: dict[GraphQLScalarType, tuple[type, Callable[[Any], bool]]] = {
    # The built-in scalars give back a value of their own Python type as it is (a finite
    # float, a 32-bit int), which is checked here without calling them.
    GraphQLString: (str, _always),
    GraphQLID: (str, _always),
    GraphQLBoolean: (bool, _always),
    GraphQLInt: (int, lambda value: GRAPHQL_MIN_INT <= value <= GRAPHQL_MAX_INT),
    GraphQLFloat: (float, isfinite),
}

_AS_THEY_ARE: dict[object, type] = {
    named: kind for named, (kind, check) in _SCALARS.items() if check is _always
}
"""The built-in scalars that give back every value of one Python type as it is."""


def leaf_completion(shape: Shape) -> Callable[[Any], Any]:
    """``completer(shape, leaf_completer(shape.named))``, answering the commonest values of a
    single leaf first, in one call: a ``str`` of a ``String`` or ``ID``, a ``bool`` of a
    ``Boolean``, an enum member whose name is known. A large answer is mostly such leaves."""
    named = shape.named
    assert isinstance(named, GraphQLScalarType | GraphQLEnumType)
    names: dict[Any, Any] = {}
    members = _members(named) if isinstance(named, GraphQLEnumType) else None
    general = completer(shape, leaf_completer(named, names))
    if shape.is_list:
        return general
    exact = _AS_THEY_ARE.get(named)
    if exact is not None:

        def as_it_is(value: Any) -> Any:
            return value if type(value) is exact else general(value)

        return as_it_is
    if members is not None:

        def member(value: Any) -> Any:
            if type(value) is members:
                found = names.get(value)
                if found is not None:
                    return found
            return general(value)

        return member
    return general


def leaf_completer(
    named: GraphQLLeafType, names: dict[Any, Any] | None = None
) -> Callable[[Any], Any]:
    """Coerces a non-null value as ``named.coerce_output_value`` does.

    An enum's members are coerced once, and their names kept in ``names``.
    """
    coerce = named.coerce_output_value
    same = _SCALARS.get(named) if isinstance(named, GraphQLScalarType) else None
    # An enum's members -> their names, once coerced (members only: any other value, even one
    # equal to a member, is coerced every time).
    names = {} if names is None else names
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
            raise Irregular from error
        if coerced is None or coerced is Undefined:
            raise Irregular
        if key is not None:
            names[key] = coerced
        return coerced

    return leaf


def _members(named: GraphQLEnumType) -> type | None:
    """The Python enum class whose members a strawberry enum type holds, if there is one."""
    definition = (named.extensions or {}).get(STRAWBERRY_DEFINITION)
    wrapped = getattr(definition, "wrapped_cls", None)
    return wrapped if isinstance(wrapped, type) else None


def object_completer(named: GraphQLObjectType, plan: Plan) -> Callable[[Any], Any]:
    """Completes a non-null object whose selected fields (``plan``) are all plain."""
    is_type_of = named.is_type_of
    read: Callable[[Any], dict[str, Any]] | None = None

    def one(value: Any) -> Any:
        nonlocal read
        if read is None:  # read the plan when first needed: it is complete by then
            found = []
            for name, _, plain in plan:
                if plain is None or plain.attribute is None:
                    raise Irregular
                found.append((name, plain.attribute, plain.complete))
            read = reader(found)  # whole, at once: plans are shared between requests
        if is_type_of is not None:
            try:
                # strawberry's check is an isinstance test that does not read the info.
                fits = is_type_of(value, None)  # type: ignore[arg-type]
            except Exception as error:
                raise Irregular from error
            if fits is not True:
                raise Irregular
        try:
            return read(value)
        except Irregular:
            raise
        except Exception as error:  # an attribute that could not be read
            raise Irregular from error

    return one


def reader(fields: list[tuple[str, str, Callable[[Any], Any]]]) -> Callable[[Any], dict[str, Any]]:
    """A function that reads the attributes of ``fields`` (``(response name, attribute,
    complete)``) off an object into a dict of the completed values, in ``fields``' order.

    It is written out and compiled, ``{k0: c0(value.key), k1: c1(value.name)}``, as
    :mod:`dataclasses` does for ``__init__``: a large answer has thousands of objects, and
    that reads each in a third of the time of a loop over ``fields``. The code is compiled once
    per list of attributes (:func:`_compiled`); response names and completers are handed to
    it, never written into it. An attribute that is not a plain identifier (strawberry's never
    are) raises :class:`Irregular`, for graphql-core to answer.

    >>> from types import SimpleNamespace
    >>> read = reader([("who", "name", str.upper), ("k", "key", len)])
    >>> read(SimpleNamespace(key="iran", name="Iran"))
    {'who': 'IRAN', 'k': 4}
    >>> reader([("x", "name); import os; (", str)])
    Traceback (most recent call last):
    ...
    schema.execution.completion.Irregular
    """
    attributes = tuple(attr for _, attr, _ in fields)
    if not all(attr.isidentifier() and not iskeyword(attr) for attr in attributes):
        raise Irregular
    names: dict[str, Any] = {}
    for i, (name, _, complete) in enumerate(fields):
        names[f"k{i}"], names[f"c{i}"] = name, complete
    read: Callable[[Any], dict[str, Any]] = FunctionType(_compiled(attributes), names)
    return read


@lru_cache(maxsize=1024)
def _compiled(attributes: tuple[str, ...]) -> CodeType:
    """The code of a reader of ``attributes``: compiling takes ~0.1 ms, a plan for a document
    with directives is made per request, and clients ask for the same few selections."""
    items = ", ".join(f"k{i}: c{i}(value.{attr})" for i, attr in enumerate(attributes))
    module = compile(f"def read(value):\n    return {{{items}}}\n", "<reader>", "exec")
    return next(code for code in module.co_consts if isinstance(code, CodeType))
