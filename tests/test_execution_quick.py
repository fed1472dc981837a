"""The quick execution path answers exactly as graphql-core does, only sooner."""

from __future__ import annotations

import json
from typing import Any

import pytest
import strawberry
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from benchmarks.operations import ACTOR, HOOD, HOOD_PAGED, PAGE, PATH, STANCE
from graph import AllianceGraph
from schema.execution.quick import QuickExecutionContext, plain_fields
from schema.schema import context_for, make_schema, schema

PLAIN_READS = make_schema()
PLAIN_READS.execution_context_class = StrawberryGraphQLCoreExecutionContext

SEED_QUERIES: list[tuple[str, dict[str, Any]]] = [
    (ACTOR, {"key": "russia"}),
    (HOOD, {"key": "iran", "depth": 1}),
    (HOOD_PAGED, {"key": "syria", "depth": 2}),
    (PATH, {"a": "us", "b": "iran"}),
    (STANCE, {"a": "russia", "b": "isis"}),
    (PAGE, {"where": {"actor": "russia", "valence": "HOSTILE"}}),
    (PAGE, {"where": {"relation": ["ATTACKS"], "since": "2016-01-01"}}),
    (
        """query($skip: Boolean!) { actor(key: "isis") { __typename n: name name
          aliases ... on Actor { key kind }
          relationships { ...Rel source @skip(if: $skip) { key } k2: key } } }
        fragment Rel on Relationship { key stance supportKinds claimedBy { key name }
          evidence { quote source { id publisher authors published url } } }""",
        {"skip": True},
    ),
    (
        """{ node(id: "Relationship:russia-attacks-isis-2016-08-16") { id
          ... on Relationship { key source { key } } } }""",
        {},
    ),
    ("""{ actors(first: 5) { edges { cursor node { key name iso3 cameo } } totalCount } }""", {}),
    ("""{ blocs { members { key } anchor { name } cooperativeTies hostileTies } }""", {}),
]


def _answer(on: strawberry.Schema, query: str, variables: dict[str, Any], graph: Any) -> str:
    result = on.execute_sync(query, variable_values=variables, context_value=context_for(graph))
    errors = [e.formatted for e in result.errors or []]
    # json.dumps keeps the order of keys: the answer must list fields as they were selected.
    return json.dumps({"data": result.data, "errors": errors})


@pytest.mark.parametrize(("query", "variables"), SEED_QUERIES)
def test_quick_answers_equal_graphql_core_answers_on_the_seed_graph(
    seed_graph: AllianceGraph, query: str, variables: dict[str, Any]
) -> None:
    quick = _answer(schema, query, variables, seed_graph)
    assert '"errors": []' in quick
    assert quick == _answer(PLAIN_READS, query, variables, seed_graph)


def test_a_document_asked_again_with_other_variables_gets_its_own_answers(
    seed_graph: AllianceGraph,
) -> None:
    # A directive-free document's plans are kept for the next request that sends it.
    for query, name in [(ACTOR, "key"), (HOOD, "key")]:
        for key in ("russia", "iran", "isis", "russia"):
            variables = {name: key, "depth": 1} if query is HOOD else {name: key}
            quick = _answer(schema, query, variables, seed_graph)
            assert quick == _answer(PLAIN_READS, query, variables, seed_graph)


def test_a_document_with_directives_is_planned_for_each_request(
    seed_graph: AllianceGraph,
) -> None:
    # What @skip leaves out depends on the request: a plan kept from an earlier one would
    # lack the field (or hold one that should be skipped).
    query = """query($x: Boolean!) { actor(key: "russia") { relationships { key
      source { key name @skip(if: $x) } } } }"""
    for skip in (True, False, True):
        quick = _answer(schema, query, {"x": skip}, seed_graph)
        assert ('"name"' in quick) is not skip
        assert quick == _answer(PLAIN_READS, query, {"x": skip}, seed_graph)


def test_the_schema_executes_with_the_quick_context() -> None:
    assert schema.execution_context_class is QuickExecutionContext


def test_plain_fields_are_the_attribute_fields_of_our_types() -> None:
    plain = plain_fields(schema._schema)
    # A relationship's selections are all attributes, down to its actors and quotes ...
    for field in ("key", "relation", "date", "source", "target", "claimedBy", "evidence"):
        assert f"Relationship.{field}" in plain
    for field in ("quote", "source"):
        assert f"Evidence.{field}" in plain
    for field in ("key", "name", "kind", "aliases", "iso3"):
        assert f"Actor.{field}" in plain
    # ... while fields with a resolver or arguments never take the quick path.
    for field in ("Actor.relationships", "Actor.allies", "Actor.position", "Query.actor"):
        assert field not in plain


@strawberry.type
class Thing:
    name: str
    tags: list[str]
    nickname: str | None = None


@strawberry.type
class Shelf:
    things: list[Thing]
    first: Thing


def _broken() -> Shelf:
    # Values that break the schema's promises, as a buggy resolver might return them.
    bad_name = Thing(name=None, tags=["x"])  # type: ignore[arg-type]
    bad_tag = Thing(name="b", tags=["y", None])  # type: ignore[list-item]
    return Shelf(things=[Thing(name="a", tags=[]), bad_name, bad_tag], first=bad_name)


@strawberry.type
class ShelfQuery:
    @strawberry.field
    def shelf(self) -> Shelf | None:
        return _broken()

    @strawberry.field
    def tagged(self) -> Thing | None:
        return Thing(name="b", tags=["y", None])  # type: ignore[list-item]

    @strawberry.field
    def things(self) -> list[Thing | None]:
        return [Thing(name="a", tags=[]), Thing(name=None, tags=[])]  # type: ignore[arg-type]


BROKEN = """{ shelf { things { name tags nickname } first { name } }
  tagged { name tags } things { name nickname } }"""


def _formatted(on: strawberry.Schema) -> tuple[Any, list[Any]]:
    result = on.execute_sync(BROKEN)
    return result.data, [e.formatted for e in result.errors or []]


def test_a_null_in_a_non_null_plain_field_is_graphql_cores_error() -> None:
    quick = strawberry.Schema(query=ShelfQuery, execution_context_class=QuickExecutionContext)
    plain = strawberry.Schema(query=ShelfQuery)
    data, errors = _formatted(quick)
    assert (data, errors) == _formatted(plain)
    assert data == {
        "shelf": None,
        "tagged": None,
        "things": [{"name": "a", "nickname": None}, None],
    }
    assert [tuple(e["path"]) for e in errors] == [
        ("shelf", "things", 1, "name"),
        ("tagged", "tags", 1),
        ("things", 1, "name"),
    ]
    assert all("Cannot return null for non-nullable field" in e["message"] for e in errors)


class Counting(SchemaExtension):
    """Counts the fields resolved through extensions' ``resolve`` (graphql-core middleware)."""

    seen: list[str] = []  # noqa: RUF012 - shared on purpose: the schema makes a new instance

    def resolve(self, _next: Any, root: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
        Counting.seen.append(info.field_name)
        return _next(root, info, *args, **kwargs)


@pytest.fixture
def counting() -> list[str]:
    Counting.seen = []
    return Counting.seen


def test_an_extension_that_resolves_fields_sees_every_field(counting: list[str]) -> None:
    quick = strawberry.Schema(
        query=ShelfQuery, extensions=[Counting], execution_context_class=QuickExecutionContext
    )
    result = quick.execute_sync("{ things { name } }")
    assert result.data == {"things": [{"name": "a"}, None]}
    assert counting.count("name") == 2
