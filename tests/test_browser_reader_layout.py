"""The reader in real Chromium: the claim panel beside the article on wide screens, below it on narrow ones."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from annotations import services
from tests.test_browser_reviewer import log_in

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_BODY = "\n".join(
    f"Paragraph {i}: the harbour master said {100 + i} ships waited outside the port on day {i}." for i in range(80)
)

# The window's scroll offset and where the article's text sits in the viewport.
POSITION = "() => [window.scrollY, document.getElementById('article-body').getBoundingClientRect().top]"


@pytest.fixture
def long_article(project, admin_user_, reviewer):
    article = services.article_create(project=project, imported_by=admin_user_, title="A long report", body=LONG_BODY)
    for i in (40, 45, 50):
        services.claim_create(article=article, created_by=reviewer, quote=f"{100 + i} ships waited outside the port")
    return article


def test_on_a_wide_screen_opening_a_claim_keeps_the_article_where_it_was(
    page: Page, context: BrowserContext, live_server, reviewer, long_article
):
    log_in(context, live_server, reviewer)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + long_article.get_absolute_url())
    mark = page.locator("#article-body mark").nth(1)
    mark.scroll_into_view_if_needed()
    page.evaluate("() => window.scrollBy(0, 40)")
    before = page.evaluate(
        "() => [window.scrollY, document.getElementById('article-body').getBoundingClientRect().top]"
    )
    assert before[0] > 500, "the article must be scrolled for this test to mean anything"
    mark.click()
    expect(page.locator("#panel-heading")).to_contain_text("Claim")
    expect(page.locator("#claim-panel blockquote")).to_have_text("145 ships waited outside the port")
    after = page.evaluate(POSITION)
    assert after == pytest.approx(before, abs=1)
    # The panel is beside the article and in view, and the next claim opens the same way.
    panel = page.locator("#claim-panel").bounding_box()
    body = page.locator("#article-body").bounding_box()
    assert panel["x"] >= body["x"] + body["width"]
    assert 0 <= panel["y"] < 800
    expect(page.get_by_role("link", name="Back to the text")).to_be_hidden()
    page.keyboard.press("n")
    expect(page.locator("#claim-panel blockquote")).to_have_text("150 ships waited outside the port")
    assert page.evaluate("() => window.scrollY") == pytest.approx(before[0], abs=1)


def test_on_a_narrow_screen_the_panel_is_below_the_article_with_a_way_back_to_the_text(
    page: Page, context: BrowserContext, live_server, reviewer, long_article
):
    log_in(context, live_server, reviewer)
    page.set_viewport_size({"width": 800, "height": 900})
    page.goto(live_server.url + long_article.get_absolute_url())
    page.locator("#article-body mark").first.click()
    expect(page.locator("#claim-panel blockquote")).to_have_text("140 ships waited outside the port")
    panel = page.locator("#claim-panel").bounding_box()
    body = page.locator("#article-body").bounding_box()
    assert panel["y"] >= body["y"] + body["height"]
    page.get_by_role("link", name="Back to the text").click()
    expect(page.locator("#selected-claim-text")).to_be_in_viewport()
