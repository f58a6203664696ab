"""axe-core on every page of the app in real Chromium: no serious or critical violation.

``PAGES`` is the list of pages checked: each entry is a name and a function from the test data to a
path. To check a new page, add a line. The context is opened
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
from django.utils import timezone
from playwright.sync_api import Browser

from annotations import services
from annotations.models import Delivery, DeliveryAttempt, ImportItem, ImportJob, RatingItem, Role
from annotations.views.decision_pages import TABS
from tests.conftest import make_user
from tests.test_browser_reviewer import log_in

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parent.parent / "static" / "vendor" / "axe" / "axe.min.js"
FAILING_IMPACTS = ("serious", "critical")

Data = dict[str, Any]
DESK_TABS = [key for key, _, _ in TABS]


def in_project(name: str, query: str = "") -> Callable[[Data], str]:
    return lambda d: reverse(name, args=[d["project"].slug]) + query


def panel(d: Data) -> str:
    return d["article"].get_absolute_url() + f"?claim={d['claim'].pk}#claim-panel"


# name → path, for a signed-in project admin (who is also an editor: the decision box shows).
PAGES: list[tuple[str, Callable[[Data], str]]] = [
    ("home with My work", lambda d: reverse("home")),
    ("new project", lambda d: reverse("project_new")),
    ("project", in_project("project_detail")),
    ("project settings", in_project("project_settings")),
    ("add article (the paste and upload forms are on one page)", in_project("article_add")),
    ("import by URL", in_project("annotations:article_import_url")),
    ("import job", lambda d: reverse("annotations:import_job_detail", args=[d["project"].slug, d["job"].pk])),
    ("claims", in_project("claim_list")),
    ("claims, filtered", in_project("claim_list", "?decision_state=draft&assigned=rita-reviewer")),
    ("reader", lambda d: d["article"].get_absolute_url()),
    ("reader with an open panel, decision box and comments", panel),
    ("queue", in_project("review_queue")),
    ("members with the invite form and a pending invitation", in_project("project_members")),
    ("dashboard", in_project("project_dashboard")),
    *[(f"decisions desk: {tab}", in_project("decisions_desk", f"?tab={tab}")) for tab in DESK_TABS],
    ("corrections", in_project("corrections_feed")),
    ("methodology", in_project("methodology")),
    ("rating scale", in_project("rating_scale")),
    ("webhooks", in_project("annotations:webhook_list")),
    (
        "webhook deliveries",
        lambda d: reverse("annotations:webhook_deliveries", args=[d["project"].slug, d["webhook"].pk]),
    ),
    ("API tokens", lambda d: reverse("token_list")),
    ("password change", lambda d: reverse("password_change")),
]

# The same desk as a reviewer: My work, the panel with comments and the read-only decision.
REVIEWER_PAGES: list[tuple[str, Callable[[Data], str]]] = [
    ("home with My work (reviewer)", lambda d: reverse("home")),
    ("reader with an open panel (reviewer)", panel),
    ("queue (reviewer)", in_project("review_queue")),
    ("claims (reviewer)", in_project("claim_list")),
    ("methodology (reviewer)", in_project("methodology")),
]

# Pages seen signed out.
ANONYMOUS_PAGES: list[tuple[str, Callable[[Data], str]]] = [
    ("login", lambda d: reverse("login")),
    ("invitation accept (new account)", lambda d: reverse("invitation_accept", args=[d["invitation_token"]])),
    ("password reset", lambda d: reverse("password_reset")),
    ("password reset sent", lambda d: reverse("password_reset_done")),
    ("password reset link (invalid)", lambda d: reverse("password_reset_confirm", args=["MQ", "bad-token"])),
    ("password reset complete", lambda d: reverse("password_reset_complete")),
]


@pytest.fixture
def desk(project, admin_user_, article, reviewer, reviewer2, settings) -> Data:
    """A project with a claim that has two disagreeing verdicts (so every chart and badge shows), a
    draft decision and a comment on it, a published decision, an assignment, a pending invitation, an
    import job and a webhook with a delivery."""
    settings.VERIFIER_PASSWORD_RESET = True  # the reset pages exist only where e-mail is configured
    claim = services.claim_create(article=article, created_by=reviewer, quote="1,200 containers were moved overnight")
    other = services.claim_create(article=article, created_by=reviewer, quote="the night shift had been cut by half")
    services.verdict_submit(claim=claim, reviewer=reviewer, label="confirmed", rationale="Port log", base_version=None)
    services.verdict_submit(claim=claim, reviewer=reviewer2, label="disputed", rationale="Union", base_version=None)
    services.verdict_submit(claim=other, reviewer=reviewer, label="disputed", rationale="Roster", base_version=None)
    scale = {item.name: item for item in RatingItem.objects.filter(project=project)}
    services.decision_create(claim=claim, actor=admin_user_, rating=scale["Disputed"], explanation="The log says 900.")
    services.comment_create(claim=claim, author=reviewer, body="The union's count is from the day shift.")
    editor = make_user("erin-editor")
    services.membership_set(project=project, user=editor, role=Role.EDITOR, actor=services.SYSTEM)
    decided = services.decision_create(
        claim=other, actor=editor, rating=scale["Disputed"], explanation="The roster shows no cut."
    )
    services.decision_publish(decision=decided, actor=admin_user_, expected_version=decided.version)
    services.assignment_create(article=article, reviewer=reviewer, actor=admin_user_)
    _, token = services.invitation_create(project=project, actor=admin_user_, username="nina-new", role=Role.REVIEWER)
    job = ImportJob.objects.create(project=project, created_by=admin_user_)  # no fetch: the items are made here
    ImportItem.objects.create(
        job=job,
        position=0,
        url="https://example.org/a",
        outcome="created",
        article=article,
        message=f"Imported as article #{article.pk}.",
    )
    ImportItem.objects.create(job=job, position=1, url="https://example.org/b", outcome="failed", message="HTTP 404")
    webhook, _ = services.webhook_create(
        project=project, actor=admin_user_, url="https://example.org/hook", events=["decision.published"]
    )
    delivery = Delivery.objects.create(webhook=webhook, event="decision.published", payload={}, status="failed")
    DeliveryAttempt.objects.create(
        delivery=delivery, number=1, started_at=timezone.now(), duration_ms=120, response_code=500, error="HTTP 500"
    )
    return {
        "project": project,
        "article": article,
        "claim": claim,
        "admin": admin_user_,
        "reviewer": reviewer,
        "job": job,
        "webhook": webhook,
        "invitation_token": token,
    }


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


def test_axe_finds_no_serious_violation_on_a_reviewers_pages(browser: Browser, live_server, desk):
    assert violations(browser, live_server, REVIEWER_PAGES, desk, user=desk["reviewer"]) == {}


def test_axe_finds_no_serious_violation_on_the_signed_out_pages(browser: Browser, live_server, desk):
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
