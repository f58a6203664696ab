"""axe-core on every page of the app in real Chromium: no serious or critical violation.

``PAGES`` is the list of pages checked: each entry is a name and a function from the test data to a
path. To check a new page, add a line (e.g. invitations, add article, decisions). The context is opened
with ``bypass_csp=True`` so that the vendored ``static/vendor/axe/axe.min.js`` can be injected into
pages whose Content-Security-Policy (rightly) refuses it; nothing else about the pages changes.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Browser

from annotations import services
from tests.test_browser_reviewer import log_in

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent.parent / "static" / "vendor" / "axe" / "axe.min.js"
FAILING_IMPACTS = ("serious", "critical")

Data = dict[str, Any]

# name → path, for a signed-in project admin. Other branches add their pages here.
PAGES: list[tuple[str, Callable[[Data], str]]] = [
    ("home", lambda d: reverse("home")),
    ("project", lambda d: reverse("project_detail", args=[d["project"].slug])),
    ("claims", lambda d: reverse("claim_list", args=[d["project"].slug])),
    ("reader", lambda d: d["article"].get_absolute_url()),
    ("reader with an open panel", lambda d: d["article"].get_absolute_url() + f"?claim={d['claim'].pk}#claim-panel"),
    ("queue", lambda d: reverse("review_queue", args=[d["project"].slug])),
    ("members", lambda d: reverse("project_members", args=[d["project"].slug])),
    ("dashboard", lambda d: reverse("project_dashboard", args=[d["project"].slug])),
    ("API tokens", lambda d: reverse("token_list")),
    ("password change", lambda d: reverse("password_change")),
]

# Pages seen signed out.
ANONYMOUS_PAGES: list[tuple[str, Callable[[Data], str]]] = [
    ("login", lambda d: reverse("login")),
]


@pytest.fixture
def desk(project, admin_user_, article, reviewer, reviewer2) -> Data:
    """A project with a claim that has two disagreeing verdicts (so every chart and badge shows)."""
    claim = services.claim_create(article=article, created_by=reviewer, quote="1,200 containers were moved overnight")
    services.claim_create(article=article, created_by=reviewer, quote="the night shift had been cut by half")
    services.verdict_submit(claim=claim, reviewer=reviewer, label="confirmed", rationale="Port log", base_version=None)
    services.verdict_submit(claim=claim, reviewer=reviewer2, label="disputed", rationale="Union", base_version=None)
    return {"project": project, "article": article, "claim": claim, "admin": admin_user_}


def violations(browser: Browser, live_server, pages, data: Data, user=None) -> dict[str, list[dict]]:
    context = browser.new_context(bypass_csp=True)
    if user is not None:
        log_in(context, live_server, user)
    page = context.new_page()
    found = {}
    try:
        for name, path in pages:
            response = page.goto(live_server.url + path(data))
            assert response is not None and response.ok, f"{name}: HTTP {response and response.status}"
            page.add_script_tag(path=str(AXE))
            result = page.evaluate(
                """async () => (await axe.run(document)).violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
                }))"""
            )
            bad = [v for v in result if v["impact"] in FAILING_IMPACTS]
            if bad:
                found[name] = bad
    finally:
        context.close()
    return found


def test_axe_finds_no_serious_violation_on_any_signed_in_page(browser: Browser, live_server, desk):
    assert AXE.exists(), "static/vendor/axe/axe.min.js is missing"
    assert violations(browser, live_server, PAGES, desk, user=desk["admin"]) == {}


def test_axe_finds_no_serious_violation_on_the_login_page(browser: Browser, live_server, desk):
    assert violations(browser, live_server, ANONYMOUS_PAGES, desk) == {}


def test_axe_catches_a_serious_violation_so_the_check_can_fail(browser: Browser, live_server, desk):
    # An image without alternative text is a critical violation: the harness must report it.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(live_server.url + reverse("login"))
    page.evaluate("() => document.body.appendChild(Object.assign(document.createElement('img'), {src: 'data:,'}))")
    page.add_script_tag(path=str(AXE))
    ids = page.evaluate("async () => (await axe.run(document)).violations.map(v => v.id + ':' + v.impact)")
    context.close()
    assert "image-alt:critical" in ids
