"""schemathesis against the live GraphQL endpoint: every operation, random arguments.

Every query field and mutation gets up to ``FUZZ_EXAMPLES`` generated cases (22 operations,
at least 5,000 in all) against a real uvicorn server, mutations with a valid token so they
reach the validators. User errors are fine — they are the point; a 5xx or an
INTERNAL_SERVER_ERROR is not.
"""

from __future__ import annotations

import os
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.core.result import Err

from tests.servers import running_server

FUZZ_EXAMPLES = int(os.environ.get("ALLIANCE_GRAPH_FUZZ_EXAMPLES", "260"))
TOKEN = {"Authorization": "Bearer fuzz-secret"}
# Operations without arguments (sources, graphVersion …) run out of distinct cases early.
MIN_CASES = int(os.environ.get("ALLIANCE_GRAPH_FUZZ_MIN_CASES", "5000"))


def test_no_generated_request_is_a_server_error() -> None:
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
