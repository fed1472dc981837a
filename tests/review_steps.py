"""Steps shared by the Review view's browser test and ``python -m tests.screenshots``: the test
articles, whether a server takes proposals, and proposing one through the page."""

from __future__ import annotations

from typing import Any

import httpx2
import yaml
from playwright.sync_api import Page, expect

from tests.ingest_articles import ARTICLES

TOKEN = "s3cret"


def has_review_api(base: str) -> bool:
    """Whether the server's schema has ``Mutation.proposeRelationships``, by introspection."""
    query = '{ __type(name: "Mutation") { fields { name } } }'
    body = httpx2.post(f"{base}/graphql", json={"query": query}, timeout=10).json()
    return any(f["name"] == "proposeRelationships" for f in body["data"]["__type"]["fields"])


def article(name: str) -> tuple[str, dict[str, Any]]:
    """A test article's text and its source record (``id``, ``publisher``, ``published``)."""
    text = (ARTICLES / f"{name}.txt").read_text(encoding="utf-8")
    source = yaml.safe_load((ARTICLES / f"{name}.yaml").read_text(encoding="utf-8"))["source"]
    return text, {key: str(value) for key, value in source.items()}


def propose_in_page(page: Page, text: str, source: dict[str, str], token: str = TOKEN) -> None:
    """Open the Review view, fill the form as a person would and propose; waits for the cards."""
    page.click("#view-review")
    page.fill("#review-token", token)
    for name, value in source.items():
        page.fill(f'#review-form [name="{name}"]', value)
    page.fill("#review-text", text)
    page.click('#review-form button[type="submit"]')
    expect(page.locator("#review-heading")).to_contain_text(f"({source['id']})")
