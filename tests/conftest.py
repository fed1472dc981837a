from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Playwright, sync_playwright
from starlette.testclient import TestClient

from graph import AllianceGraph, load_seed
from schema.http.app import create_app
from schema.schema import context_for, schema
from tests.browsers import CHROMIUM, CHROMIUM_ARGS
from tests.postgres import Cluster, NoPostgres, throwaway_cluster


@pytest.fixture(scope="session")
def seed_graph() -> AllianceGraph:
    """The shipped seed graph, shared by read-only tests; tests that write build their own."""
    return load_seed()


@pytest.fixture
def client(seed_graph: AllianceGraph) -> Iterator[TestClient]:
    with TestClient(create_app(seed_graph)) as test_client:
        yield test_client


class Run:
    """Execute an operation against the real schema, as a resolver-level client would."""

    def __init__(self, graph: AllianceGraph) -> None:
        self.graph = graph

    def __call__(self, query: str, **variables: Any) -> dict[str, Any]:
        result = schema.execute_sync(
            query, variable_values=variables, context_value=context_for(self.graph)
        )
        assert result.errors is None, result.errors
        assert result.data is not None
        return result.data

    def errors(self, query: str, **variables: Any) -> list[dict[str, Any]]:
        """The errors of an operation that must fail, as a client sees them."""
        result = schema.execute_sync(
            query, variable_values=variables, context_value=context_for(self.graph)
        )
        assert result.errors, f"expected errors, got {result.data}"
        return [dict(e.formatted) for e in result.errors]


@pytest.fixture
def run(seed_graph: AllianceGraph) -> Run:
    return Run(seed_graph)


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[Cluster]:
    """Debian's PostgreSQL in a throwaway cluster, for the whole run; the tests that need it
    are skipped, saying why, only where it truly cannot start."""
    try:
        with throwaway_cluster() as cluster:
            yield cluster
    except NoPostgres as why:
        pytest.skip(f"PostgreSQL cannot start here: {why}")


@pytest.fixture
def postgres_url(postgres_cluster: Cluster, request: pytest.FixtureRequest) -> str:
    """The URL of a new, empty database of the throwaway cluster, one per test."""
    name = "t_" + "".join(c if c.isalnum() else "_" for c in request.node.name)[:50].lower()
    return postgres_cluster.new_database(name)


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()
