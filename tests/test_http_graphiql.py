"""GraphiQL at ``GET /graphql``: a page of ours whose every file comes from the app itself."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import httpx2
from starlette.testclient import TestClient

from tests.servers import running_server

ROOT = Path(__file__).resolve().parent.parent
NOT_IN_A_CHECKOUT = shutil.ignore_patterns("vendor", "__pycache__")

HTML = {"accept": "text/html"}
# Any absolute URL: a scheme, or a protocol-relative "//host".
ABSOLUTE_URL = re.compile(r"""(?:[a-z][a-z0-9+.-]*:)?//[^\s"'<>]+""", re.IGNORECASE)
LINKED = re.compile(r"""(?:src|href)="([^"]+)\"""")
MISSING = "GraphiQL's files were not built: run `make graphiql` (web/graphiql) first"


def test_browsers_get_our_graphiql_page_not_the_cdn_one(client: TestClient) -> None:
    response = client.get("/graphql", headers=HTML)
    assert response.status_code == 200, MISSING
    assert response.headers["content-type"].startswith("text/html")
    assert '<div id="graphiql"' in response.text
    assert "/static/vendor/graphiql.min.js" in response.text, MISSING
    assert ABSOLUTE_URL.findall(response.text) == []


def test_every_file_the_graphiql_page_loads_is_served_here(client: TestClient) -> None:
    page = client.get("/graphql", headers=HTML).text
    linked = LINKED.findall(page)
    assert len(linked) >= 7, MISSING
    for path in linked:
        assert path.startswith("/"), path
        assert not path.startswith("//"), path
        response = client.get(path)
        assert response.status_code == 200, path
        assert len(response.content) > 100, path


def test_the_graphiql_page_lets_a_browser_load_nothing_from_another_origin(
    client: TestClient,
) -> None:
    policy = client.get("/graphql", headers=HTML).headers["content-security-policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["connect-src"] == "'self'"
    # Nothing but this origin, and data: URLs for GraphiQL's fonts and icons.
    assert {word for value in directives.values() for word in value.split()} <= {
        "'self'", "'none'", "'unsafe-inline'", "data:"
    }  # fmt: skip


def test_queries_sent_by_get_are_still_answered_as_json(client: TestClient) -> None:
    response = client.get(
        "/graphql", params={"query": '{ actor(key: "russia") { name } }'}, headers=HTML
    )
    assert response.json() == {"data": {"actor": {"name": "Russia"}}}


def test_a_checkout_where_graphiql_was_never_built_says_how_to_build_it(tmp_path: Path) -> None:
    # What a fresh clone (or `pip install .` without npm) holds: the packages, no vendor/.
    for package in ("graph", "schema", "seeds"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=NOT_IN_A_CHECKOUT)
    # PYTHONSAFEPATH: the server imports the copy, not the package in the working directory.
    with running_server(env={"PYTHONPATH": str(tmp_path), "PYTHONSAFEPATH": "1"}) as base:
        response = httpx2.get(f"{base}/graphql", headers=HTML, timeout=10)
        query = httpx2.get(f"{base}/graphql", params={"query": '{ actor(key: "iran") { name } }'})
        vendor = httpx2.get(f"{base}/static/vendor/graphiql.min.js")
    page = response.text
    assert response.status_code == 200
    assert "GraphiQL is not built" in page
    assert "make graphiql" in page
    assert "npm ci --prefix web/graphiql" in page
    assert "vendor/graphiql.min.js" in page  # it names what is missing
    assert '<a href="/">explorer</a>' in page
    assert "<script" not in page
    assert ABSOLUTE_URL.findall(page) == []
    assert response.headers["content-security-policy"].startswith("default-src 'none'")
    assert vendor.status_code == 404
    assert query.json() == {"data": {"actor": {"name": "Iran"}}}
