"""On a 390 px phone the pages reflow: the document is never wider than the viewport."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import BrowserContext, Page

from tests.test_browser_axe import (  # the same pages and data as the axe check
    ANONYMOUS_PAGES,
    PAGES,
    REVIEWER_PAGES,
    desk,  # noqa: F401 - fixture
)
from tests.test_browser_reviewer import log_in

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def too_wide(page: Page, live_server, pages, data) -> dict[str, int]:
    page.set_viewport_size({"width": 390, "height": 844})
    found = {}
    for name, path in pages:
        page.goto(live_server.url + path(data))
        width, viewport = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        if width > viewport:
            found[name] = width
    return found


def test_no_page_scrolls_sideways_on_a_390_px_phone(page: Page, context: BrowserContext, live_server, desk):  # noqa: F811
    assert too_wide(page, live_server, ANONYMOUS_PAGES, desk) == {}
    log_in(context, live_server, desk["admin"])
    assert too_wide(page, live_server, PAGES, desk) == {}


def test_no_reviewer_page_scrolls_sideways_on_a_390_px_phone(page: Page, context: BrowserContext, live_server, desk):  # noqa: F811
    log_in(context, live_server, desk["reviewer"])
    assert too_wide(page, live_server, REVIEWER_PAGES, desk) == {}
