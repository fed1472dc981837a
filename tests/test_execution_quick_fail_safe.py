"""The quick path takes a field only where strawberry would do nothing but read stored data;
everything else gets stock strawberry and graphql-core behaviour, values and errors alike."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import strawberry
from strawberry.extensions import FieldExtension
from strawberry.permission import BasePermission
from strawberry.schema_directive import Location

from schema.execution.quick import QuickExecutionContext, plain_fields


def _both(query: type, document: str) -> tuple[str, str]:
    """The answer of the quick schema and of the stock one, as JSON (keys in order)."""
    answers = []
    for context in (QuickExecutionContext, None):
        built = (
            strawberry.Schema(query=query, execution_context_class=context)
            if context
            else strawberry.Schema(query=query)
        )
        result = built.execute_sync(document)
        errors = [e.formatted for e in result.errors or []]
        answers.append(json.dumps({"data": result.data, "errors": errors}))
    return answers[0], answers[1]


@strawberry.type
class Item:
    name: str


def _items() -> Iterator[Item]:
    yield Item(name="a")
    yield Item(name=None)  # type: ignore[arg-type]
    yield Item(name="c")


@strawberry.type
class Generated:
    @strawberry.field
    def items(self) -> list[Item] | None:
        return _items()  # type: ignore[return-value]


def test_a_generator_a_resolver_returns_is_answered_as_stock_null_and_error_included() -> None:
    quick, stock = _both(Generated, "{ items { name } }")
    assert quick == stock
    answer = json.loads(quick)
    assert answer["data"] == {"items": None}
    assert "Cannot return null for non-nullable field" in answer["errors"][0]["message"]


@strawberry.type
class Holder:
    items: list[Item] | None


@strawberry.type
class HeldGenerator:
    @strawberry.field
    def holder(self) -> Holder:
        return Holder(items=_items())  # type: ignore[arg-type]


def test_a_generator_held_in_a_plain_attribute_is_answered_as_stock() -> None:
    quick, stock = _both(HeldGenerator, "{ holder { items { name } } }")
    assert quick == stock
    assert json.loads(quick)["data"] == {"holder": {"items": None}}


class Deny(BasePermission):
    message = "not for you"

    def has_permission(self, source: Any, info: Any, **kwargs: Any) -> bool:
        return False


class Upper(FieldExtension):
    def resolve(self, next_: Any, source: Any, info: Any, **kwargs: Any) -> Any:
        return str(next_(source, info, **kwargs)).upper()


@strawberry.schema_directive(locations=[Location.FIELD_DEFINITION])
class Internal:
    reason: str


@strawberry.type
class Guarded:
    open: str
    secret: str | None = strawberry.field(permission_classes=[Deny])
    shout: str = strawberry.field(extensions=[Upper()])
    marked: str = strawberry.field(directives=[Internal(reason="x")])


@strawberry.type
class GuardedQuery:
    @strawberry.field
    def guarded(self) -> Guarded:
        return Guarded(open="o", secret="s", shout="hey", marked="m")


def test_permission_classes_extensions_and_directives_keep_fields_off_the_quick_path() -> None:
    built = strawberry.Schema(query=GuardedQuery, execution_context_class=QuickExecutionContext)
    plain = plain_fields(built._schema)
    assert "Guarded.open" in plain
    assert not plain & {"Guarded.secret", "Guarded.shout", "Guarded.marked"}


def test_a_denied_field_is_refused_and_an_extension_applied_as_stock() -> None:
    quick, stock = _both(GuardedQuery, "{ guarded { open secret shout marked } }")
    assert quick == stock
    answer = json.loads(quick)
    assert answer["data"] == {
        "guarded": {"open": "o", "secret": None, "shout": "HEY", "marked": "m"}
    }
    assert [e["message"] for e in answer["errors"]] == ["not for you"]


READS: list[str] = []


class CountedRead:
    """A data descriptor that runs code (noting the read) each time its attribute is read."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.slot = f"_{name}"

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return ""  # the dataclass default
        READS.append(instance.label)
        return instance.__dict__[self.slot]

    def __set__(self, instance: Any, value: Any) -> None:
        instance.__dict__[self.slot] = value


@strawberry.type
class Tallied:
    label: str
    tally: str = CountedRead()  # type: ignore[assignment]


@strawberry.type
class TalliedQuery:
    @strawberry.field
    def things(self) -> list[Tallied | None]:
        return [Tallied(label="a", tally="a"), Tallied(label="bad", tally=None)]  # type: ignore[arg-type]


def test_code_behind_an_attribute_runs_once_per_object_even_when_its_value_is_irregular() -> None:
    built = strawberry.Schema(query=TalliedQuery, execution_context_class=QuickExecutionContext)
    assert plain_fields(built._schema) >= {"Tallied.label"}
    assert "Tallied.tally" not in plain_fields(built._schema)
    READS.clear()
    quick, stock = _both(TalliedQuery, "{ things { label tally } }")
    assert quick == stock
    assert sorted(READS) == ["a", "a", "bad", "bad"]  # once per object on each of the 2 paths
    assert json.loads(quick)["data"] == {"things": [{"label": "a", "tally": "a"}, None]}
