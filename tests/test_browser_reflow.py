"""On a 390 px phone the pages reflow: the document is never wider than the viewport."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import BrowserContext, Page

from tests.test_browser_axe import PAGES, desk  # noqa: F401 - the same pages and data as the axe check
from tests.test_browser_reviewer import log_in

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_no_page_scrolls_sideways_on_a_390_px_phone(page: Page, context: BrowserContext, live_server, desk):  # noqa: F811
    log_in(context, live_server, desk["admin"])
    page.set_viewport_size({"width": 390, "height": 844})
    too_wide = {}
    for name, path in PAGES:
        page.goto(live_server.url + path(desk))
        width, viewport = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        if width > viewport:
            too_wide[name] = width
    assert too_wide == {}, f"wider than 390 px: {too_wide}"
