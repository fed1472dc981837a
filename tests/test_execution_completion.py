"""The quick path's completers: leaves coerced exactly as graphql-core coerces them (or handed
back to it), and an object's fields read by a reader compiled once per list of attributes."""

from __future__ import annotations

from typing import Any

import pytest

from schema.schema import schema

LEAF_VALUES: list[Any] = [
    "text", "", 0, 1, -7, 2**31 - 1, 2**31, -(2**31), -(2**31) - 1, True, False,
    0.5, 2.0, float("nan"), float("inf"), 10**20, "12", "1.5", None, [1], object(),
]  # fmt: skip


@pytest.mark.parametrize("named", ["String", "ID", "Int", "Float", "Boolean", "Relation", "Date"])
def test_leaf_values_are_coerced_as_graphql_core_coerces_them(named: str) -> None:
    from graphql import GraphQLEnumType, GraphQLScalarType

    from graph.model.vocabulary import Relation
    from schema.execution.completion import Irregular as _Irregular
    from schema.execution.completion import leaf_completer as _leaf

    leaf_type = schema._schema.type_map[named]
    assert isinstance(leaf_type, GraphQLScalarType | GraphQLEnumType)
    quick = _leaf(leaf_type)
    for value in [*LEAF_VALUES, Relation.ATTACKS, "ATTACKS", Relation.MEETS]:
        try:
            want = leaf_type.coerce_output_value(value)
        except Exception:
            want = _Irregular
        if want is None:
            want = _Irregular
        for _ in range(2):  # an enum's name is remembered once coerced
            try:
                got = quick(value)
            except _Irregular:
                got = _Irregular
            assert got == want, (named, value)
            assert type(got) is type(want), (named, value)


@pytest.mark.parametrize("named", ["String", "ID", "Int", "Float", "Boolean", "Relation", "Date"])
@pytest.mark.parametrize("wrap", ["T", "T!", "[T!]!", "[T]"])
def test_a_leaf_fields_quick_answers_equal_graphql_cores(named: str, wrap: str) -> None:
    # The quick path answers common values first (a str of a String, a known enum member);
    # every value, of every shape, must still get graphql-core's answer or go back to it.
    from graphql import GraphQLEnumType, GraphQLList, GraphQLNonNull, GraphQLScalarType

    from graph.model.vocabulary import Relation
    from schema.execution.completion import Irregular as _Irregular
    from schema.execution.completion import leaf_completion, shape_of

    leaf_type = schema._schema.type_map[named]
    assert isinstance(leaf_type, GraphQLScalarType | GraphQLEnumType)
    field_type: Any = {
        "T": leaf_type,
        "T!": GraphQLNonNull(leaf_type),
        "[T!]!": GraphQLNonNull(GraphQLList(GraphQLNonNull(leaf_type))),
        "[T]": GraphQLList(leaf_type),
    }[wrap]
    shape = shape_of(field_type)
    assert shape is not None
    quick = leaf_completion(shape)

    def core(value: Any) -> Any:
        if value is None:
            return _Irregular if wrap.endswith("!") else None
        try:
            got = leaf_type.coerce_output_value(value)
        except Exception:
            return _Irregular
        return _Irregular if got is None else got

    values = [*LEAF_VALUES, Relation.ATTACKS, "ATTACKS", Relation.MEETS]
    for value in values:
        if wrap.startswith("["):
            if value is None and wrap == "[T]":
                want: Any = None
            elif value is None:
                want = _Irregular
            else:
                items = [core(v) for v in (values if value == 0 else [value, value])]
                if any(i is _Irregular for i in items) or (
                    wrap == "[T!]!" and any(i is None for i in items)
                ):
                    want = _Irregular
                else:
                    want = items
            arg: Any = None if value is None else (values if value == 0 else [value, value])
        else:
            want, arg = core(value), value
        for _ in range(2):  # an enum's name is remembered once coerced
            try:
                got = quick(arg)
            except _Irregular:
                got = _Irregular
            assert got == want, (named, wrap, value)
            assert type(got) is type(want), (named, wrap, value)


def test_an_objects_fields_are_read_in_the_selections_order_by_a_compiled_reader() -> None:
    from types import SimpleNamespace

    from schema.execution.completion import reader

    read = reader([("who", "name", str.upper), ("k", "key", len), ("again", "name", str)])
    answer = read(SimpleNamespace(key="iran", name="Iran"))
    assert list(answer.items()) == [("who", "IRAN"), ("k", 4), ("again", "Iran")]
    with pytest.raises(AttributeError):
        read(SimpleNamespace(key="iran"))


@pytest.mark.parametrize("attribute", ["name); import os; (", "class", "1st", ""])
def test_an_attribute_that_is_not_an_identifier_is_left_to_graphql_core(attribute: str) -> None:
    from schema.execution.completion import Irregular, reader

    with pytest.raises(Irregular):
        reader([("x", attribute, str)])


def test_readers_of_the_same_attributes_share_code_but_not_names_or_completers() -> None:
    from types import SimpleNamespace

    from schema.execution.completion import reader

    value = SimpleNamespace(key="iran")
    upper, size = reader([("x", "key", str.upper)]), reader([("y", "key", len)])
    assert upper.__code__ is size.__code__  # compiled once
    assert (upper(value), size(value)) == ({"x": "IRAN"}, {"y": 4})
