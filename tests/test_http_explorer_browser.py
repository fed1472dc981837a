"""The explorer page at ``/``, driven in headless Chromium against a real ``alliance-graph serve``.

Every expected number comes from the same public GraphQL API the page uses, so the tests say
"the page shows what the API says", not "the page shows 33 lines".
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Error,
    Page,
    Request,
    Response,
    expect,
)

from tests.browsers import CHROMIUM
from tests.servers import running_server

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's chromium at /usr/bin/chromium (`apt-get install chromium`; CI does)",
)

GRAPH_MARKS = "#graph-svg [data-actor]"
EDGE_MARKS = "#graph-svg [data-relationship]"


def graphql(base: str, query: str, **variables: Any) -> dict[str, Any]:
    response = httpx2.post(
        f"{base}/graphql", json={"query": query, "variables": variables}, timeout=10
    )
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


def relationship_keys(
    base: str, *, as_of: str | None = None, valence: str | None = None
) -> set[str]:
    query = """
        query ($after: String, $asOf: Date, $where: RelationshipFilter) {
          relationships(first: 100, after: $after, asOf: $asOf, where: $where) {
            pageInfo { hasNextPage endCursor }
            edges { node { key } }
          }
        }"""
    where = None if valence is None else {"valence": valence}
    keys: set[str] = set()
    after = None
    while True:
        page = graphql(base, query, after=after, asOf=as_of, where=where)["relationships"]
        keys.update(edge["node"]["key"] for edge in page["edges"])
        if not page["pageInfo"]["hasNextPage"]:
            return keys
        after = page["pageInfo"]["endCursor"]


def shown(page: Page, selector: str, attribute: str) -> set[str]:
    """The ``attribute`` of every element matching ``selector``."""
    values = page.locator(selector).evaluate_all(
        "(marks, name) => marks.map((mark) => mark.getAttribute(name))", attribute
    )
    return set(values)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with running_server() as base:
        yield base


class Problems(list[str]):
    """Failed requests, HTTP errors, console errors and uncaught exceptions seen by a page."""

    def watch(self, page: Page) -> None:
        page.on("requestfailed", self.request_failed)
        page.on("response", self.response)
        page.on("console", self.console)
        page.on("pageerror", self.page_error)

    def request_failed(self, request: Request) -> None:
        self.append(f"failed: {request.url} {request.failure}")

    def response(self, response: Response) -> None:
        if response.status >= 400:
            self.append(f"HTTP {response.status}: {response.url}")

    def console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.append(f"console: {message.text}")

    def page_error(self, error: Error) -> None:
        self.append(f"page error: {error}")


def open_explorer(browser: Browser, url: str, problems: Problems) -> Page:
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    problems.watch(page)
    page.goto(url)
    page.wait_for_selector('#explorer[data-state="ready"]')
    return page


@pytest.fixture
def problems() -> Problems:
    return Problems()


@pytest.fixture
def page(browser: Browser, server: str, problems: Problems) -> Iterator[Page]:
    page = open_explorer(browser, f"{server}/", problems)
    yield page
    page.close()
    assert problems == [], "the page had failed requests or errors"


def test_page_loads_with_no_failed_request_and_no_console_error(
    page: Page, problems: Problems
) -> None:
    page.click("#view-matrix")
    expect(page.locator("[data-cell]").first).to_be_visible()
    page.click("#view-graph")
    expect(page.locator(GRAPH_MARKS).first).to_be_visible()
    assert problems == []
    assert page.locator("#error").is_hidden()


def test_graph_shows_one_mark_per_actor_and_per_relationship(
    page: Page, server: str, tmp_path: Path
) -> None:
    data = graphql(server, "{ actors { totalCount } relationships { totalCount } }")
    expect(page.locator(GRAPH_MARKS)).to_have_count(data["actors"]["totalCount"])
    expect(page.locator(EDGE_MARKS)).to_have_count(data["relationships"]["totalCount"])
    assert shown(page, EDGE_MARKS, "data-relationship") == relationship_keys(server)
    page.screenshot(path=tmp_path / "explorer-graph.png")


# Every label the page shows (hidden ones report no visible box), with its box on screen.
VISIBLE_LABELS = """() => [...document.querySelectorAll("#graph-svg text")]
    .filter((text) => text.checkVisibility())
    .map((text) => {
        const box = text.getBoundingClientRect();
        return { text: text.textContent, left: box.left, right: box.right,
                 top: box.top, bottom: box.bottom };
    })"""


def overlapping(labels: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [
        (a["text"], b["text"])
        for i, a in enumerate(labels)
        for b in labels[i + 1 :]
        if a["left"] < b["right"] and b["left"] < a["right"]
        and a["top"] < b["bottom"] and b["top"] < a["bottom"]
    ]  # fmt: skip


def test_no_two_labels_overlap_at_the_default_zoom(page: Page, server: str) -> None:
    actors = graphql(server, "{ actors(first: 100) { edges { node { name } } } }")["actors"]
    labels: list[dict[str, Any]] = page.evaluate(VISIBLE_LABELS)
    shown_names = {label["text"] for label in labels}
    assert {edge["node"]["name"] for edge in actors["edges"]} <= shown_names
    assert len(labels) > len(actors["edges"]), "some relationships are labelled too"
    assert overlapping(labels) == []
    # The same holds with an actor selected: its ties' labels go first.
    page.click('#graph-svg [data-actor="russia"]')
    expect(page.locator("#panel h2")).to_have_text("Russia")
    assert overlapping(page.evaluate(VISIBLE_LABELS)) == []


def test_a_crowded_relationship_label_shows_when_its_line_is_hovered(page: Page) -> None:
    crowded = page.locator("#graph-svg .edge.crowded")
    if crowded.count() == 0:
        pytest.skip("every relationship label found a free spot on this screen")
    label = crowded.first.locator(".edge-label")
    expect(label).to_be_hidden()
    crowded.first.focus()
    expect(label).to_be_visible()


def test_clicking_russia_lists_its_relationships_with_their_quotes(
    page: Page, server: str, tmp_path: Path
) -> None:
    russia = graphql(
        server,
        """query ($key: String!) {
          actor(key: $key) { name relationships { key evidence { quote } } }
        }""",
        key="russia",
    )["actor"]
    page.click('#graph-svg [data-actor="russia"]')
    panel = page.locator("#panel")
    expect(panel.locator("h2")).to_have_text(russia["name"])
    items = panel.locator("[data-rel-item]")
    expect(items).to_have_count(len(russia["relationships"]))
    assert shown(page, "#panel [data-rel-item]", "data-rel-item") == {
        r["key"] for r in russia["relationships"]
    }
    for rel in russia["relationships"]:
        item = panel.locator(f'[data-rel-item="{rel["key"]}"]')
        for evidence in rel["evidence"]:
            expect(item).to_contain_text(evidence["quote"])
    hosts = panel.locator('[data-rel-item="iran-hosts-russia-2016-08-16"]')
    expect(hosts).to_contain_text("The jets took off “with a full bomb load” from the Hamadan base")
    expect(hosts).to_contain_text("NBC News")
    expect(panel.locator('[data-rel-item="russia-attacks-isis-2016-08-16"]')).to_contain_text(
        "claimed by Russian Defense Ministry"
    )
    page.screenshot(path=tmp_path / "explorer-actor.png")


def click_relationship(page: Page, key: str) -> None:
    """Click the middle of a relationship's line, where a user aims (its box's centre is off
    the line when the line bows)."""
    line = page.locator(f'#graph-svg [data-relationship="{key}"] .edge-line')
    point = line.evaluate(
        """(line) => {
            const middle = line.getPointAtLength(line.getTotalLength() / 2);
            const onScreen = middle.matrixTransform(line.getScreenCTM());
            return { x: onScreen.x, y: onScreen.y };
        }"""
    )
    page.mouse.click(point["x"], point["y"])


def test_clicking_a_relationship_shows_its_evidence(page: Page) -> None:
    click_relationship(page, "putin-meets-rouhani-2016-08-08")
    panel = page.locator("#panel")
    expect(panel.locator("h2")).to_have_text("Vladimir Putin meets Hassan Rouhani")
    expect(panel.locator("blockquote")).to_have_text(
        "Russian President Vladimir Putin met with his Iranian counterpart Hassan Rouhani last week"
    )


def test_actor_marks_work_from_the_keyboard(page: Page) -> None:
    page.focus('#graph-svg [data-actor="isis"]')
    page.keyboard.press("Enter")
    expect(page.locator("#panel h2")).to_have_text("ISIS")
    assert page.evaluate("location.hash") == "#actor=isis"


def test_matrix_shows_isis_and_russia_as_hostile(page: Page, tmp_path: Path) -> None:
    page.click("#view-matrix")
    cell = page.locator('[data-cell="isis|russia"]')
    expect(cell).to_have_attribute("data-stance", "HOSTILE")
    expect(page.locator('[data-cell="russia|isis"]')).to_have_attribute("data-stance", "HOSTILE")
    expect(page.locator('[data-cell="iran|russia"]')).to_have_attribute(
        "data-stance", "COOPERATIVE"
    )
    assert "Russia attacks ISIS" in str(cell.get_attribute("title"))
    cell.click()
    expect(page.locator("#panel")).to_contain_text("Russia attacks ISIS")
    expect(page.locator("#panel")).to_contain_text("Russia opposes ISIS")
    page.screenshot(path=tmp_path / "explorer-matrix.png")

    page.focus("#as-of")
    page.keyboard.press("Home")  # before the strikes of 2016-08-16
    expect(cell).to_have_attribute("data-stance", "NONE")


def test_the_graph_pans_and_zooms_and_fit_restores_it(page: Page) -> None:
    svg = page.locator("#graph-svg")
    start = str(svg.get_attribute("viewBox"))
    box = svg.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -400)
    expect(svg).not_to_have_attribute("viewBox", start)
    page.click("#zoom-reset")
    expect(svg).to_have_attribute("viewBox", start)
    # Drag from an empty corner: the whole drawing moves with the pointer.
    page.mouse.move(box["x"] + 15, box["y"] + 15)
    page.mouse.down()
    page.mouse.move(box["x"] + 115, box["y"] + 65, steps=5)
    page.mouse.up()
    x, y, *_ = (float(n) for n in str(svg.get_attribute("viewBox")).split())
    assert (round(x), round(y)) == (-100, -50)


def test_valence_filter_keeps_only_hostile_relationships(page: Page, server: str) -> None:
    hostile = relationship_keys(server, valence="HOSTILE")
    page.select_option("#filter-valence", "HOSTILE")
    expect(page.locator(EDGE_MARKS)).to_have_count(len(hostile))
    assert shown(page, EDGE_MARKS, "data-relationship") == hostile
    page.select_option("#filter-valence", "")
    expect(page.locator(EDGE_MARKS)).to_have_count(len(relationship_keys(server)))


def test_claims_filter_keeps_only_reported_relationships(page: Page, server: str) -> None:
    reported = graphql(
        server, "{ relationships(where: {stance: REPORTED}, first: 100) { totalCount } }"
    )["relationships"]["totalCount"]
    page.uncheck("#filter-claims")
    expect(page.locator(EDGE_MARKS)).to_have_count(reported)


def test_date_slider_leaves_only_the_relationships_of_that_date(
    page: Page, server: str, tmp_path: Path
) -> None:
    dates = sorted({r["date"] for r in graphql(server, "{ timeline { date } }")["timeline"]})
    assert len(dates) >= 2, "the seed has relationships on several dates"
    slider = page.locator("#as-of")
    slider.focus()
    page.keyboard.press("Home")
    expect(page.locator("#as-of-value")).to_have_text(dates[0])
    earliest = relationship_keys(server, as_of=dates[0])
    expect(page.locator(EDGE_MARKS)).to_have_count(len(earliest))
    assert shown(page, EDGE_MARKS, "data-relationship") == earliest
    page.screenshot(path=tmp_path / "explorer-earliest.png")

    page.keyboard.press("ArrowRight")
    expect(page.locator("#as-of-value")).to_have_text(dates[1])
    expect(page.locator(EDGE_MARKS)).to_have_count(len(relationship_keys(server, as_of=dates[1])))

    page.keyboard.press("End")
    expect(page.locator("#as-of-value")).to_have_text("latest")
    expect(page.locator(EDGE_MARKS)).to_have_count(len(relationship_keys(server)))


def test_an_actor_named_in_the_address_opens_in_the_panel(
    browser: Browser, server: str, problems: Problems
) -> None:
    page = open_explorer(browser, f"{server}/#actor=assad", problems)
    expect(page.locator("#panel h2")).to_have_text("Bashar Assad")
    expect(page.locator('#graph-svg [data-actor="assad"]')).to_have_class(
        re.compile(r"\bselected\b")
    )
    page.close()
    assert problems == []


def star_dataset(path: Path, spokes: int, hub_ties: int) -> Path:
    """``spokes`` actors in pairs, plus a hub tied to the first ``hub_ties`` of them."""
    actors = [{"key": "hub", "name": "Hub", "kind": "STATE"}] + [
        {"key": f"a{i:03d}", "name": f"Actor {i}", "kind": "ORGANIZATION"} for i in range(spokes)
    ]
    ties = [("hub", f"a{i:03d}") for i in range(hub_ties)]
    ties += [(f"a{i:03d}", f"a{i + 1:03d}") for i in range(hub_ties, spokes - 1, 2)]
    relationships = [
        {
            "id": f"{a}-supports-{b}",
            "relation": "SUPPORTS",
            "source": a,
            "target": b,
            "date": "2020-01-01",
            "evidence": [{"source": "s", "quote": f"{a} supports {b}"}],
        }
        for a, b in ties
    ]
    dataset = {"sources": [{"id": "s", "publisher": "Test"}], "actors": actors}
    path.write_text(json.dumps({**dataset, "relationships": relationships}), encoding="utf-8")
    return path


def test_a_large_graph_opens_on_the_neighbourhood_of_its_most_connected_actor(
    browser: Browser, tmp_path: Path, problems: Problems
) -> None:
    seed = star_dataset(tmp_path / "large.json", spokes=320, hub_ties=6)
    with running_server("--seed", str(seed)) as base:
        page = open_explorer(browser, f"{base}/", problems)
        expect(page.locator(GRAPH_MARKS)).to_have_count(7)
        expect(page.locator(EDGE_MARKS)).to_have_count(6)
        expect(page.locator("#scope")).to_contain_text("321 actors")
        page.click('#graph-svg [data-actor="a000"]')
        page.click("#centre")
        expect(page.locator(GRAPH_MARKS)).to_have_count(2)
        assert page.evaluate("location.hash") == "#actor=a000"
        page.close()
    assert problems == []


def graph_marks_at(page: Page) -> dict[str, str | None]:
    """Where each actor mark is drawn (its ``transform``), by key."""
    found: dict[str, str | None] = page.locator(GRAPH_MARKS).evaluate_all(
        "(marks) => Object.fromEntries("
        "marks.map((m) => [m.dataset.actor, m.getAttribute('transform')]))"
    )
    return found


def test_the_explorer_draws_at_once_while_the_layout_is_pending_then_takes_it(
    browser: Browser, problems: Problems
) -> None:
    # --heavy-relationships 1: the seed's layout is computed in the background, as a large
    # graph's is, so the first request for positions is answered LAYOUT_PENDING.
    with running_server("--heavy-relationships", "1") as base:
        actors = graphql(base, "{ actors { totalCount } }")["actors"]["totalCount"]
        page = open_explorer(browser, f"{base}/", problems)
        expect(page.locator(GRAPH_MARKS)).to_have_count(actors)
        expect(page.locator("#graph-svg")).to_have_attribute("data-layout", "page")
        drawn = graph_marks_at(page)

        expect(page.locator("#graph-svg")).to_have_attribute(
            "data-layout", "server", timeout=30_000
        )
        expect(page.locator(GRAPH_MARKS)).to_have_count(actors)
        assert graph_marks_at(page) != drawn  # redrawn in the server's layout
        page.close()
    assert problems == []
