"""The explorer's screenshots in ``docs/``, taken in headless Chromium from a real server on the
seed: ``python -m tests.screenshots`` (from a checkout, with Chromium at /usr/bin/chromium).

The Review view's screenshot is taken only when the server has ``proposeRelationships``.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

from tests.browsers import CHROMIUM, CHROMIUM_ARGS
from tests.review_steps import TOKEN, article, has_review_api, propose_in_page
from tests.servers import running_server

DOCS = Path(__file__).resolve().parent.parent / "docs"


def ready(page: Page) -> None:
    page.wait_for_selector('#explorer[data-state="ready"]')


def main() -> None:
    with (
        running_server("--token", f"ann={TOKEN}") as base,
        sync_playwright() as driver,
    ):
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(f"{base}/")
        ready(page)
        page.click('#graph-svg [data-actor="russia"]')
        expect(page.locator("#panel h2")).to_have_text("Russia")
        ready(page)
        page.screenshot(path=DOCS / "explorer-graph.png")

        page.click("#view-matrix")
        page.locator('[data-cell="isis|russia"] button').click()
        expect(page.locator("#panel")).to_contain_text("Russia attacks ISIS")
        ready(page)
        page.screenshot(path=DOCS / "explorer-matrix.png")

        if has_review_api(base):
            text, source = article("shayrat-2017")
            propose_in_page(page, text, source)
            card = page.locator("[data-proposal]").nth(2)
            card.locator(".rel-head").click()
            card.locator("summary").click()
            page.screenshot(path=DOCS / "explorer-review.png")
        else:
            print("no proposeRelationships on this server: docs/explorer-review.png not taken")
        browser.close()


if __name__ == "__main__":
    main()
