"""Input types that strawberry builds from a field list worked out once, not per request.

Strawberry turns an input value into its class by going over the class's fields, and for each
one works out its GraphQL name and resolves its type annotation, on every request: about a
sixth of an ``addRelationship`` mutation's time went there. :func:`fields_read_once` gives an
input type strawberry's own ``from_input`` hook, which does the same conversion with the
names and types worked out on first use: every field the client sent is converted by
strawberry (:meth:`~strawberry.types.arguments.InputContext.convert`), a field without a
default that the client left out is ``None`` (graphql-core has refused a missing required
one already), and the class is called with the fields as keywords. A field whose value
strawberry hands back as graphql-core coerced it (a built-in scalar or an enum, optional or
not) is taken as it is, and a list of them copied, as strawberry does, without the call.

>>> from strawberry.types.arguments import convert_argument
>>> from schema.types.inputs import EvidenceInput
>>> from schema.schema import schema
>>> value = {"source": "nbc-2016-08-16", "quote": "took off from Iran"}
>>> convert_argument(value, EvidenceInput, schema.schema_converter.scalar_registry, schema.config)
EvidenceInput(source='nbc-2016-08-16', quote='took off from Iran')
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from strawberry.relay import GlobalID
from strawberry.scalars import is_scalar
from strawberry.types.arguments import InputContext
from strawberry.types.base import (
    StrawberryList,
    StrawberryMaybe,
    StrawberryObjectDefinition,
    StrawberryOptional,
)
from strawberry.types.enum import StrawberryEnumDefinition
from strawberry.types.unset import UNSET

__all__ = ["fields_read_once"]

T = TypeVar("T", bound=type)

_Fields = list[tuple[str, str, Any, bool, Callable[[Any], Any] | None]]
"""(GraphQL name, Python name, resolved type, whether the field has no default, and what
converting its value amounts to when strawberry would not change it, see :func:`_unchanged`)."""


def fields_read_once(cls: T) -> T:
    """Set ``cls``'s (a strawberry input type) ``from_input`` hook; returns ``cls``."""
    definition: StrawberryObjectDefinition = cls.__strawberry_definition__  # type: ignore[attr-defined]
    fields: _Fields = []

    def from_input(kind: type, value: Mapping[str, Any], context: InputContext) -> Any:
        if not fields:
            found: _Fields = []
            for field in definition.fields:
                field_type = field.resolve_type(type_definition=definition)
                found.append(
                    (
                        context.config.name_converter.from_field(field),
                        field.python_name,
                        field_type,
                        field.default_value is dataclasses.MISSING
                        and field.default_factory is dataclasses.MISSING,
                        _unchanged(field_type, context.scalar_registry),
                    )
                )
            fields.extend(found)  # whole, at once
        arguments: dict[str, Any] = {python: None for _, python, _, bare, _ in fields if bare}
        for name, python, field_type, _, same in fields:
            if name in value:
                item = value[name]
                arguments[python] = (
                    context.convert(item, field_type, name) if same is None else same(item)
                )
        return kind(**arguments)

    definition.from_input = from_input
    return cls


def _as_it_is(value: Any) -> Any:
    return value


def _copied(value: Any) -> Any:
    return value if value is None or value is UNSET else list(value)


def _unchanged(field_type: Any, registry: Mapping[object, Any]) -> Callable[[Any], Any] | None:
    """What strawberry's conversion of a value of ``field_type`` amounts to, when it hands the
    value back as it is (a leaf: a scalar but ``GlobalID``, or an enum, optional or not) or
    copies a list of leaves; ``None`` for anything else (inputs, ``Maybe``, lazy types)."""

    def leaf(kind: Any) -> bool:
        if isinstance(kind, StrawberryOptional) and not isinstance(kind, StrawberryMaybe):
            kind = kind.of_type
        if kind is GlobalID:
            return False
        return isinstance(kind, StrawberryEnumDefinition) or is_scalar(kind, registry)

    if isinstance(field_type, StrawberryMaybe):
        return None
    if isinstance(field_type, StrawberryOptional):
        field_type = field_type.of_type
    if leaf(field_type):
        return _as_it_is
    if isinstance(field_type, StrawberryList) and leaf(field_type.of_type):
        return _copied
    return None
