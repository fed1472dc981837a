"""The explorer's Review view in headless Chromium against a real ``alliance-graph serve`` with a
write token: paste an article, propose, read each proposal's quote marked in the text, accept
one edited and see it in the graph, reject one with a reason, and the server's errors shown.

Skips, saying why, when the server's schema has no ``proposeRelationships``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browsers import CHROMIUM
from tests.review_steps import TOKEN, article, has_review_api, propose_in_page
from tests.servers import running_server
from tests.test_http_explorer_browser import Problems, graphql, open_explorer

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's chromium at /usr/bin/chromium (`apt-get install chromium`; CI does)",
)

CARDS = "#review-list [data-proposal]"
# The text of the marks over one proposal's quote, in order: overlapping quotes split marks.
MARKED = """(id) => [...document.querySelectorAll("#review-article mark")]
    .filter((mark) => mark.dataset.proposals.split(" ").includes(id))
    .map((mark) => mark.textContent).join("")"""
PROPOSAL = """query ($status: ProposalStatus, $after: String) {
  proposals(status: $status, first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id status } }
  }
}"""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with running_server("--token", f"ann={TOKEN}") as base:
        if not has_review_api(base):
            reason = "the server's schema has no proposeRelationships (the review queue API)"
            print(f"skipped: {reason}")
            pytest.skip(reason)
        yield base


@pytest.fixture
def problems() -> Problems:
    return Problems()


@pytest.fixture
def page(browser: Browser, server: str, problems: Problems) -> Iterator[Page]:
    page = open_explorer(browser, f"{server}/", problems)
    yield page
    page.close()
    assert problems == [], "the page had failed requests or errors"


def statuses(server: str) -> dict[str, str]:
    """Every proposal's status, from the API."""
    found: dict[str, str] = {}
    for status in ["PENDING", "ACCEPTED", "REJECTED"]:
        after = None
        while True:
            page = graphql(server, PROPOSAL, status=status, after=after)["proposals"]
            found.update({e["node"]["id"]: e["node"]["status"] for e in page["edges"]})
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
    return found


def card_ids(page: Page) -> list[str]:
    ids: list[str] = page.locator(CARDS).evaluate_all(
        "(cards) => cards.map((card) => card.dataset.proposal)"
    )
    return ids


def test_propose_then_accept_edited_and_reject_with_a_reason(page: Page, server: str) -> None:
    text, source = article("shayrat-2017")
    propose_in_page(page, text, source)
    ids = card_ids(page)
    assert len(ids) >= 2, "the article gives several proposals"
    assert all(statuses(server)[i] == "PENDING" for i in ids)

    # Every quote is a verbatim substring of the pasted text, and is marked there.
    for i in ids:
        quote = page.locator(f'[data-proposal="{i}"] blockquote').inner_text()
        assert quote in text
        assert page.evaluate(MARKED, i) == quote
    first = page.locator(CARDS).first
    first.locator(".rel-head").click()
    expect(page.locator("#review-article mark.current").first).to_be_visible()

    # Accept the missile strike, corrected to read "the United States attacks Syria".
    strike = page.locator(CARDS).filter(has_text="Tomahawk").first
    chosen = str(strike.get_attribute("data-proposal"))
    strike.locator("summary").click()
    strike.locator('select[name="relation"]').select_option("ATTACKS")
    strike.locator('input[name="source"]').fill("us")
    strike.locator('input[name="target"]').fill("syria")
    strike.locator(".accept-edited").click()
    expect(strike).to_have_attribute("data-status", "ACCEPTED")
    key = str(strike.get_attribute("data-accepted"))
    rel: dict[str, Any] = graphql(
        server,
        """query ($id: ID!) {
          node(id: $id) {
            ... on Relationship { relation source { key } target { key } evidence { quote } }
          }
        }""",
        id=f"Relationship:{key}",
    )["node"]
    assert (rel["relation"], rel["source"]["key"], rel["target"]["key"]) == (
        "ATTACKS",
        "us",
        "syria",
    )
    assert rel["evidence"][0]["quote"] in text

    # Reject another, saying why.
    other = page.locator(f'{CARDS}[data-status="PENDING"]').first
    rejected = str(other.get_attribute("data-proposal"))
    other.locator('input[name="reason"]').fill("the article does not say so")
    other.locator("button.reject").click()
    expect(page.locator(f'[data-proposal="{rejected}"]')).to_have_attribute(
        "data-status", "REJECTED"
    )
    assert (statuses(server)[chosen], statuses(server)[rejected]) == ("ACCEPTED", "REJECTED")

    # Neither is pending any more; the graph view shows the new relationship at once.
    page.click("#review-pending")
    expect(page.locator("#review-heading")).to_contain_text("pending")
    assert chosen not in card_ids(page)
    assert rejected not in card_ids(page)
    page.click("#view-graph")
    expect(page.locator(f'#graph-svg [data-relationship="{key}"]')).to_have_count(1)


def test_the_server_s_errors_are_shown_with_their_code(page: Page) -> None:
    text, source = article("aleppo-2016")
    page.click("#view-review")
    page.fill("#review-token", "")
    for name, value in source.items():
        page.fill(f'#review-form [name="{name}"]', value)
    page.fill("#review-text", text)
    page.click('#review-form button[type="submit"]')
    expect(page.locator("#review-error")).to_contain_text("UNAUTHENTICATED")
    page.fill("#review-token", "wrong")
    page.click('#review-form button[type="submit"]')
    expect(page.locator("#review-error")).to_contain_text("UNAUTHENTICATED")


def test_pending_proposals_list_without_a_text_and_the_token_stays_for_the_tab(
    page: Page, server: str
) -> None:
    text, source = article("qusayr-2013")
    propose_in_page(page, text, source)
    proposed = set(card_ids(page))
    page.reload()
    page.wait_for_selector('#explorer[data-state="ready"]')
    page.click("#view-review")
    expect(page.locator("#review-token")).to_have_value(TOKEN)
    expect(page.locator("#review-heading")).to_contain_text("pending")
    assert proposed <= set(card_ids(page))
    # With no text pasted, the quotes stand alone.
    expect(page.locator("#review-article")).to_be_hidden()
    for i in proposed:
        expect(page.locator(f'[data-proposal="{i}"] blockquote')).not_to_be_empty()
