"""Guards against upstream drift: the names the quick path relies on still have the shape it
expects, and generated documents over the real schema and seed graph get exactly the same
data and errors from the quick path as from stock strawberry and graphql-core."""

from __future__ import annotations

import inspect
import json
import random
from importlib.metadata import version
from typing import Any

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLUnionType,
    get_named_type,
)
from graphql.execution.executor import Executor
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from graph import AllianceGraph, load_seed
from schema.execution.quick import QuickExecutionContext, plain_fields
from schema.execution.strawberry_names import CHECKED, STRAWBERRY_DEFINITION
from schema.schema import context_for, make_schema, schema

STOCK = make_schema()
STOCK.execution_context_class = StrawberryGraphQLCoreExecutionContext
SEED = load_seed()
KEYS = sorted(actor.key for actor in SEED.actors())
RELATIONSHIPS = sorted(r.id for r in SEED.relationships())


def test_the_installed_libraries_are_the_series_the_quick_path_was_checked_against() -> None:
    for package, series in CHECKED.items():
        assert version(package).startswith(series + "."), (package, version(package), series)


def test_graphql_cores_overridden_methods_take_the_arguments_the_quick_path_passes() -> None:
    def parameters(name: str) -> list[str]:
        return list(inspect.signature(getattr(Executor, name)).parameters)

    assert parameters("execute_fields") == [
        "self", "parent_type", "source_value", "path", "grouped_field_set", "position_context"
    ]  # fmt: skip
    assert parameters("complete_value") == [
        "self", "return_type", "field_details_list", "info", "path", "result", "position_context"
    ]  # fmt: skip
    assert issubclass(QuickExecutionContext, StrawberryGraphQLCoreExecutionContext)


def test_strawberry_still_flags_and_describes_attribute_fields_as_the_quick_path_reads_them() -> (
    None
):
    core = schema._schema
    actor = core.type_map["Actor"]
    assert isinstance(actor, GraphQLObjectType)
    name: GraphQLField = actor.fields["name"]
    assert getattr(name.resolve, "_is_default", False) is True
    definition = name.extensions[STRAWBERRY_DEFINITION]
    assert (definition.python_name, definition.base_resolver) == ("name", None)
    assert definition.default_resolver is getattr
    assert actor.extensions[STRAWBERRY_DEFINITION].origin.__name__ == "Actor"
    assert getattr(actor.fields["relationships"].resolve, "_is_default", True) is False
    # Nothing above changed quietly: the quick path still finds plain fields to answer.
    assert len(plain_fields(core)) > 100


class Documents:
    """Random documents over the schema's query type, with arguments from the seed graph."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def document(self) -> str:
        root = schema._schema.query_type
        assert root is not None
        return "{ " + self.selection(root, depth=0) + " }"

    def selection(self, parent: GraphQLObjectType | GraphQLInterfaceType, depth: int) -> str:
        rng = self.rng
        names = [n for n in parent.fields if depth > 0 or n not in ("history",)]
        parts: list[str] = []
        for field_name in rng.sample(names, k=min(len(names), rng.randint(1, 4))):
            field = parent.fields[field_name]
            arguments = self.arguments(field)
            if arguments is None:
                continue
            named = get_named_type(field.type)
            head = f"{'a' + str(len(parts)) + ': ' if rng.random() < 0.2 else ''}{field_name}"
            head += arguments
            if isinstance(named, GraphQLScalarType | GraphQLEnumType):
                parts.append(head)
            elif depth >= 3:
                parts.append(f"{head} {{ __typename }}")
            elif isinstance(named, GraphQLObjectType):
                parts.append(f"{head} {{ {self.selection(named, depth + 1)} }}")
            elif isinstance(named, GraphQLInterfaceType | GraphQLUnionType):
                kinds = schema._schema.get_possible_types(named)
                kind = rng.choice(kinds)
                parts.append(
                    f"{head} {{ __typename ... on {kind.name} {{ "
                    f"{self.selection(kind, depth + 1)} }} }}"
                )
        return " ".join(parts) or "__typename"

    def arguments(self, field: GraphQLField) -> str | None:
        given = []
        for name, argument in field.args.items():
            required = isinstance(argument.type, GraphQLNonNull)
            if not required and self.rng.random() > 0.3:
                continue
            value = self.value(name, argument.type)
            if value is None:
                if required:
                    return None
                continue
            given.append(f"{name}: {value}")
        return f"({', '.join(given)})" if given else ""

    def value(self, name: str, kind: GraphQLInputType) -> str | None:
        rng = self.rng
        if isinstance(kind, GraphQLNonNull):
            return self.value(name, kind.of_type)
        if isinstance(kind, GraphQLList):
            item = self.value(name, kind.of_type)
            return None if item is None else f"[{item}]"
        if isinstance(kind, GraphQLEnumType):
            return str(rng.choice(list(kind.values)))
        if isinstance(kind, GraphQLInputObjectType):
            fields = []
            for field_name, field in kind.fields.items():
                if isinstance(field.type, GraphQLNonNull) or rng.random() < 0.3:
                    found = self.value(field_name, field.type)
                    if found is None:
                        return None
                    fields.append(f"{field_name}: {found}")
            return "{" + ", ".join(fields) + "}"
        plain: Any
        match kind.name:
            case "String" if name == "after":
                return json.dumps("bad-cursor") if rng.random() < 0.2 else None
            case "String":
                plain = rng.choice([*KEYS, "nobody", ""])
            case "ID":
                plain = rng.choice(
                    [f"Actor:{rng.choice(KEYS)}", f"Relationship:{rng.choice(RELATIONSHIPS)}", "x"]
                )
            case "Int":
                plain = rng.choice([0, 1, 2, 3, 5, 50, -1])
            case "Float":
                plain = rng.choice([0.0, 0.5, 0.9, 2.0])
            case "Boolean":
                plain = rng.random() < 0.5
            case "Date":
                plain = rng.choice(["2016-08-16", "2015-01-01", "2016-13-01"])
            case _:
                return None
        return json.dumps(plain)


def _answer(on: Any, document: str, graph: AllianceGraph) -> str:
    result = on.execute_sync(document, context_value=context_for(graph))
    errors = [e.formatted for e in result.errors or []]
    return json.dumps({"data": result.data, "errors": errors})


@pytest.mark.parametrize("seed", range(8))
def test_generated_documents_get_the_same_answer_from_the_quick_path_and_stock(seed: int) -> None:
    rng = random.Random(seed)
    documents = Documents(rng)
    answered = 0
    for _ in range(60):
        document = documents.document()
        quick = _answer(schema, document, SEED)
        assert quick == _answer(STOCK, document, SEED), document
        answered += '"data": {' in quick
    assert answered > 20  # most documents reach execution: the comparison is of real answers
