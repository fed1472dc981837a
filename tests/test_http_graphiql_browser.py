"""GraphiQL at ``/graphql`` and the explorer at ``/`` in headless Chromium against a real
``alliance-graph serve``: every request either page makes goes to the server itself, and
GraphiQL runs queries over HTTP and subscriptions over a WebSocket."""

from __future__ import annotations

import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx2
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browsers import CHROMIUM
from tests.servers import running_server
from tests.test_http_explorer_browser import Problems

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's chromium at /usr/bin/chromium (`apt-get install chromium`; CI does)",
)

TOKEN = "s3cret"
QUERY_EDITOR = ".graphiql-query-editor .CodeMirror"
# The variables or the headers editor, whichever tab is open.
TOOL_EDITOR = ".graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror"
RESPONSE = ".graphiql-response"


class Requests(list[str]):
    """The URL of every request a page makes, WebSockets included."""

    def watch(self, page: Page) -> None:
        page.on("request", lambda request: self.append(request.url))
        page.on("websocket", lambda socket: self.append(socket.url))

    def foreign(self, base: str) -> list[str]:
        """Those that are not to ``base``'s host and port (data: and blob: URLs are no
        requests to anyone)."""
        host = urlsplit(base).netloc
        return [
            url
            for url in self
            if not url.startswith(("data:", "blob:"))
            and (urlsplit(url).scheme not in {"http", "ws"} or urlsplit(url).netloc != host)
        ]


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with running_server("--token", f"ann={TOKEN}") as base:
        yield base


@pytest.fixture
def watched(browser: Browser) -> Iterator[tuple[Page, Requests, Problems]]:
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    requests, problems = Requests(), Problems()
    requests.watch(page)
    problems.watch(page)
    yield page, requests, problems
    page.close()


def type_operation(page: Page, text: str) -> None:
    """Replace the query editor's text as a user would, and wait until GraphiQL has parsed it
    (it decides between HTTP and WebSocket from the parsed document)."""
    page.click(QUERY_EDITOR)
    page.keyboard.press("Control+A")
    page.keyboard.insert_text(text)
    page.wait_for_function(
        """([selector, text]) => {
            const editor = document.querySelector(selector).CodeMirror;
            return editor.getValue() === text && editor.documentAST != null
                && editor.documentAST.loc.source.body === text;
        }""",
        arg=[QUERY_EDITOR, text],
    )


def test_graphiql_runs_a_typed_query_loading_nothing_from_another_origin(
    watched: tuple[Page, Requests, Problems], server: str
) -> None:
    page, requests, problems = watched
    page.goto(f"{server}/graphql")
    page.wait_for_selector(QUERY_EDITOR)
    type_operation(page, "query ($key: String!) { actor(key: $key) { name } }")
    page.click('.graphiql-editor-tools button[data-name="variables"]')
    page.click(TOOL_EDITOR)
    page.keyboard.insert_text('{"key": "russia"}')
    page.click(".graphiql-execute-button")
    expect(page.locator(RESPONSE)).to_contain_text('"name": "Russia"')
    assert requests.foreign(server) == []
    assert f"{server}/static/vendor/graphiql.min.js" in requests
    assert problems == []


def test_graphiql_sends_the_token_in_its_headers_pane_with_a_mutation(
    watched: tuple[Page, Requests, Problems], server: str
) -> None:
    page, requests, problems = watched
    page.goto(f"{server}/graphql")
    page.wait_for_selector(QUERY_EDITOR)
    type_operation(
        page,
        'mutation { updateActor(key: "syria", input: {name: "Syrian Arab Republic"}) { name } }',
    )
    page.click('.graphiql-editor-tools button[data-name="headers"]')
    page.click(TOOL_EDITOR)  # the open tab: now the headers
    page.keyboard.insert_text(f'{{"Authorization": "Bearer {TOKEN}"}}')
    page.click(".graphiql-execute-button")
    expect(page.locator(RESPONSE)).to_contain_text('"name": "Syrian Arab Republic"')
    assert requests.foreign(server) == []
    assert problems == []


def subscribers(server: str) -> int:
    count: int = httpx2.get(f"{server}/healthz", timeout=5).json()["subscribers"]
    return count


def test_graphiql_subscribes_over_a_websocket_to_its_own_origin(
    watched: tuple[Page, Requests, Problems], server: str
) -> None:
    page, requests, problems = watched
    page.goto(f"{server}/graphql")
    page.wait_for_selector(QUERY_EDITOR)
    before = subscribers(server)
    type_operation(page, 'subscription { graphChanged(actor: "iraq") { actorKeys author } }')
    page.click(".graphiql-execute-button")
    deadline = time.monotonic() + 10
    while subscribers(server) == before:
        assert time.monotonic() < deadline, "GraphiQL's subscription never reached the server"
        time.sleep(0.05)
    rename = 'mutation { updateActor(key: "iraq", input: {name: "Republic of Iraq"}) { key } }'
    answer = httpx2.post(
        f"{server}/graphql",
        json={"query": rename},
        headers={"authorization": f"Bearer {TOKEN}"},
        timeout=10,
    ).json()
    assert "errors" not in answer, answer
    expect(page.locator(RESPONSE)).to_contain_text('"author": "ann"')
    assert f"ws://{urlsplit(server).netloc}/graphql" in requests
    assert requests.foreign(server) == []
    assert problems == []


def test_the_explorer_loads_nothing_from_another_origin(
    watched: tuple[Page, Requests, Problems], server: str
) -> None:
    page, requests, problems = watched
    page.goto(f"{server}/")
    page.wait_for_selector('#explorer[data-state="ready"]')
    page.click("#view-matrix")
    expect(page.locator("[data-cell]").first).to_be_visible()
    page.click("a.api-link")
    page.wait_for_selector(QUERY_EDITOR)
    assert f"{server}/static/explorer.js" in requests
    assert requests.foreign(server) == []
    assert problems == []
