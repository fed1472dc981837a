"""Inputs built through the hook of schema.execution.input_fields are the inputs strawberry
builds."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from strawberry.types.arguments import convert_argument

from graph.model.vocabulary import Relation, Stance
from schema.schema import schema
from schema.types.filters import RelationshipFilter
from schema.types.inputs import (
    ActorInput,
    ActorPatch,
    EvidenceInput,
    RelationshipInput,
    RelationshipPatch,
    SourceInput,
)

QUOTE = {"source": "nbc-2016-08-16", "quote": "took off from Iran"}
VALUES: list[tuple[type, dict[str, Any]]] = [
    (EvidenceInput, QUOTE),
    (SourceInput, {"id": "wire", "publisher": "Wire"}),
    (SourceInput, {"id": "wire", "publisher": "Wire", "authors": ["A. B."], "url": None}),
    (ActorInput, {"key": "iran", "name": "Iran", "kind": "STATE", "aliases": None}),
    (ActorPatch, {}),
    (ActorPatch, {"name": "Iran", "iso3": None}),
    (RelationshipInput, {"relation": Relation.HOSTS, "source": "iran", "target": "russia",
                         "evidence": [QUOTE, QUOTE]}),
    (RelationshipInput, {"relation": Relation.HOSTS, "source": "iran", "target": "russia",
                         "evidence": [QUOTE], "id": "r1", "date": dt.date(2016, 8, 16),
                         "stance": Stance.CLAIMED, "confidence": 0.5, "claimedBy": None,
                         "supportKinds": ["BASING"]}),
    (RelationshipPatch, {"evidence": None, "location": "Hamadan"}),
    (RelationshipFilter, {}),
    (RelationshipFilter, {"relation": [Relation.ATTACKS], "since": dt.date(2016, 1, 1)}),
]  # fmt: skip


def converted(kind: type, value: dict[str, Any]) -> Any:
    registry = schema.schema_converter.scalar_registry
    return convert_argument(value, kind, registry, schema.config, None, path=("input",))


@pytest.mark.parametrize(("kind", "value"), VALUES)
def test_an_input_is_built_as_strawberry_builds_it(kind: type, value: dict[str, Any]) -> None:
    definition = kind.__strawberry_definition__  # type: ignore[attr-defined]
    hook = definition.from_input
    assert hook is not None
    quick = converted(kind, value)
    definition.from_input = None  # strawberry's own conversion, field by field
    try:
        plain = converted(kind, value)
    finally:
        definition.from_input = hook
    assert type(quick) is type(plain)
    assert vars(quick) == vars(plain)
    assert repr(quick) == repr(plain)


def test_a_list_of_leaves_is_copied_and_a_leaf_handed_over_as_it_is() -> None:
    kinds = ["BASING", "AIRSPACE"]
    evidence = [QUOTE]
    value = {"relation": Relation.HOSTS, "source": "iran", "target": "russia",
             "evidence": evidence, "supportKinds": kinds, "date": dt.date(2016, 8, 16)}  # fmt: skip
    built = converted(RelationshipInput, value)
    assert built.support_kinds == kinds
    assert built.support_kinds is not kinds  # a default graphql-core shares must not leak
    assert built.date is value["date"]
    assert built.relation is Relation.HOSTS
    assert isinstance(built.evidence[0], EvidenceInput)
