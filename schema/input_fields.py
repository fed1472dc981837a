"""Input types that strawberry builds from a field list worked out once, not per request.

Strawberry turns an input value into its class by going over the class's fields, and for each
one works out its GraphQL name and resolves its type annotation, on every request: about a
sixth of an ``addRelationship`` mutation's time went there. :func:`fields_read_once` gives an
input type strawberry's own ``from_input`` hook, which does the same conversion with the
names and types worked out on first use: every field the client sent is converted by
strawberry (:meth:`~strawberry.types.arguments.InputContext.convert`), a field without a
default that the client left out is ``None`` (graphql-core has refused a missing required
one already), and the class is called with the fields as keywords.

>>> from strawberry.types.arguments import convert_argument
>>> from schema.inputs import EvidenceInput
>>> from schema.schema import schema
>>> value = {"source": "nbc-2016-08-16", "quote": "took off from Iran"}
>>> convert_argument(value, EvidenceInput, schema.schema_converter.scalar_registry, schema.config)
EvidenceInput(source='nbc-2016-08-16', quote='took off from Iran')
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, TypeVar

from strawberry.types.arguments import InputContext
from strawberry.types.base import StrawberryObjectDefinition

__all__ = ["fields_read_once"]

T = TypeVar("T", bound=type)

_Fields = list[tuple[str, str, Any, bool]]
"""(GraphQL name, Python name, resolved type, whether the field has no default)."""


def fields_read_once(cls: T) -> T:
    """Set ``cls``'s (a strawberry input type) ``from_input`` hook; returns ``cls``."""
    definition: StrawberryObjectDefinition = cls.__strawberry_definition__  # type: ignore[attr-defined]
    fields: _Fields = []

    def from_input(kind: type, value: Mapping[str, Any], context: InputContext) -> Any:
        if not fields:
            fields.extend(
                (
                    context.config.name_converter.from_field(field),
                    field.python_name,
                    field.resolve_type(type_definition=definition),
                    field.default_value is dataclasses.MISSING
                    and field.default_factory is dataclasses.MISSING,
                )
                for field in definition.fields
            )
        arguments: dict[str, Any] = {python: None for _, python, _, bare in fields if bare}
        for name, python, field_type, _ in fields:
            if name in value:
                arguments[python] = context.convert(value[name], field_type, name)
        return kind(**arguments)

    definition.from_input = from_input
    return cls
