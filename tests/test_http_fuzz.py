"""schemathesis against the live GraphQL endpoint: every operation, random arguments.

Every query field and mutation gets up to ``FUZZ_EXAMPLES`` generated cases (22 operations,
at least 5,000 in all) against a real uvicorn server, mutations with a valid token so they
reach the validators. User errors are fine — they are the point; a 5xx or an
INTERNAL_SERVER_ERROR is not.
"""

from __future__ import annotations

import os
from typing import Any

import graphql
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.core.result import Err
from schemathesis.graphql import nodes

from tests.servers import running_server

FUZZ_EXAMPLES = int(os.environ.get("ALLIANCE_GRAPH_FUZZ_EXAMPLES", "260"))
TOKEN = {"Authorization": "Bearer fuzz-secret"}
# Operations without arguments (sources, graphVersion …) run out of distinct cases early.
MIN_CASES = int(os.environ.get("ALLIANCE_GRAPH_FUZZ_MIN_CASES", "5000"))


FIELDS = (
    "id",
    "key",
    "name",
    "kind",
    "publisher",
    "relation",
    "source",
    "target",
    "date",
    "evidence",
    "quote",
    "confidence",
    "stance",
    "aliases",
    "claimed_by",
    "x",
)
"""Names a JSON argument's objects are made of: the dataset format's, and one it lacks."""


def value_node(value: Any) -> graphql.ValueNode:
    """``value`` (plain JSON) as the GraphQL literal of a ``JSON`` argument."""
    if value is None:
        return nodes.Null
    if isinstance(value, bool):
        return nodes.Boolean(value)
    if isinstance(value, int):
        return nodes.Int(value)
    if isinstance(value, float):
        return nodes.Float(value)
    if isinstance(value, str):
        return nodes.String(value)
    if isinstance(value, list):
        return nodes.List([value_node(v) for v in value])
    return nodes.Object(
        [
            graphql.ObjectFieldNode(name=graphql.NameNode(value=k), value=value_node(v))
            for k, v in value.items()
        ]
    )


def json_values() -> st.SearchStrategy[Any]:
    """Plain JSON, shaped like a dataset document more often than not (``mergeDataset``)."""
    scalars = (
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.text(max_size=20)
        | st.sampled_from(
            ["iran", "russia", "nbc-2016-08-16", "STATE", "ATTACKS", "2016-13-45", "2016-08-16"]
        )
    )
    anything = st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(st.sampled_from(FIELDS), inner, max_size=4)
        ),
        max_leaves=12,
    )
    record = st.dictionaries(st.sampled_from(FIELDS), anything, max_size=6)
    dataset = st.dictionaries(
        st.sampled_from(["sources", "actors", "relationships", "x"]),
        st.lists(record, max_size=3) | anything,
        max_size=3,
    )
    return dataset | anything


def test_no_generated_request_is_a_server_error() -> None:
    schemathesis.graphql.scalar("JSON", json_values().map(value_node))
    cases = 0
    with running_server("--token", "fuzzer=fuzz-secret") as base:
        schema = schemathesis.graphql.from_url(f"{base}/graphql")
        operations: list[Any] = []
        for result in schema.get_all_operations():
            assert not isinstance(result, Err), result
            operations.append(result.ok())
        assert len(operations) >= 20

        for operation in operations:

            @given(case=operation.as_strategy())
            @settings(
                max_examples=FUZZ_EXAMPLES,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                derandomize=True,
                database=None,
            )
            def fuzz(case: Any) -> None:
                nonlocal cases
                cases += 1
                check(case, case.call(headers=TOKEN))

            fuzz()
    print(f"schemathesis: {cases} generated cases over {len(operations)} operations")
    assert cases >= MIN_CASES


def check(case: Any, response: Any) -> None:
    assert response.status_code < 500, response.text
    for error in response.json().get("errors") or []:
        code = (error.get("extensions") or {}).get("code")
        assert code, f"error without a code: {error}"
        assert code != "INTERNAL_SERVER_ERROR", f"{case.body}\n{error}"
        assert "Traceback" not in error["message"]
