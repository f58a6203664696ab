"""The editorial workflow in a real Chromium: two reviewers disagree, editor A drafts a decision, editor B
publishes it, A files a rating-change correction; the corrections page and the ClaimReview export show
the new rating with dateModified. Comments are posted and edited in the same panel.

Skipped without Chromium (conftest's ``browser_type_launch_args``), except when REQUIRE_BROWSER=1 as in CI.
"""
# ruff: noqa: F401, F811 (fixtures imported from tests.decision_fixtures are used as arguments)

from __future__ import annotations

import json
import os
import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, expect

from annotations.models import Comment, Correction, Decision

from .decision_fixtures import editor2

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def session_for(browser: Browser, live_server, user) -> Page:
    """A new browser context logged in as ``user`` (a session cookie instead of typing the password)."""
    client = Client()
    client.force_login(user)
    context: BrowserContext = browser.new_context()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])
    return context.new_page()


def open_claim(page: Page, live_server, claim) -> None:
    page.goto(f"{live_server.url}{claim.article.get_absolute_url()}?claim={claim.pk}#claim-panel")
    expect(page.get_by_role("heading", name=re.compile(f"^Claim {claim.pk}"))).to_be_visible()


def give_verdict(page: Page, label: str, rationale: str) -> None:
    form = page.locator("form.verdict-form")
    form.get_by_role("radio", name=label).check()
    form.get_by_label("Rationale").fill(rationale)
    form.get_by_role("button", name="Save verdict").click()
    expect(page.locator("#toast")).to_contain_text("Verdict saved")


def test_reviewers_disagree_editor_a_drafts_editor_b_publishes_a_corrects(
    browser: Browser, live_server, reviewer, reviewer2, editor, editor2, claim
):
    # Two reviewers disagree, and argue in the discussion rather than in their rationales.
    rita = session_for(browser, live_server, reviewer)
    open_claim(rita, live_server, claim)
    give_verdict(rita, "Confirmed", "INTERNAL: the authority's press release says so.")
    rita.get_by_label("Your comment").fill("The press release is explicit about 1,200.")
    rita.get_by_role("button", name="Post comment").click()
    expect(rita.locator("#toast")).to_contain_text("Comment posted")
    expect(rita.locator("#comments")).to_contain_text("The press release is explicit about 1,200.")
    rita.locator("#comments summary", has_text="Edit").click()
    rita.get_by_label("Comment text").fill("The press release says 1,200; the log may differ.")
    rita.get_by_role("button", name="Save comment").click()
    expect(rita.locator("#comments")).to_contain_text("the log may differ")
    assert Comment.objects.get().version == 2

    rob = session_for(browser, live_server, reviewer2)
    open_claim(rob, live_server, claim)
    give_verdict(rob, "Disputed", "INTERNAL: the port log shows 900.")
    expect(rob.locator("#panel-heading")).to_contain_text("Conflict")
    expect(rob.locator("#decision")).to_contain_text("No decision yet")

    # Editor A drafts the decision: a rating from the scale (its description shown), a public explanation.
    a = session_for(browser, live_server, editor)
    open_claim(a, live_server, claim)
    box = a.locator("#decision")
    expect(box).to_contain_text("The claim is inaccurate: the evidence contradicts it.")
    box.get_by_role("radio", name=re.compile(r"^Disputed")).check()
    box.get_by_label("Public explanation").fill("The port's own log shows 900 containers that night.")
    box.get_by_role("button", name="Save draft").click()
    expect(a.locator("#toast")).to_contain_text("Decision saved as a draft")
    expect(a.locator("#panel-heading")).to_contain_text("Draft")
    publish = a.locator("#decision").get_by_role("button", name="Publish", exact=True)
    expect(publish).to_be_disabled()
    expect(a.locator("#publish-reason")).to_contain_text("Four-eyes rule")

    # Editor B publishes it.
    b = session_for(browser, live_server, editor2)
    open_claim(b, live_server, claim)
    expect(b.locator("#decision")).to_contain_text("The port's own log shows 900 containers that night.")
    b.locator("#decision").get_by_role("button", name="Publish", exact=True).click()
    expect(b.locator("#toast")).to_contain_text("Decision published")
    expect(b.locator("#panel-heading")).to_contain_text("Published: Disputed")
    decision = Decision.objects.get()
    assert (decision.state, decision.decided_by, decision.published_by) == ("published", editor, editor2)

    # Editor A files a rating-change correction.
    open_claim(a, live_server, claim)
    a.locator("#decision summary", has_text="File a correction").click()
    form = a.get_by_role("form", name="File a correction")
    form.get_by_label("Kind of correction").select_option("rating_change")
    expect(form.get_by_label("New public explanation")).to_be_hidden()  # decisions.js: only what the kind uses
    form.get_by_label("New rating").select_option(label="Unverified")
    form.get_by_label("Public note").fill("The port revised its log: the count is not settled.")
    form.get_by_role("button", name="Publish correction").click()
    expect(a.locator("#toast")).to_contain_text("Correction published")
    expect(a.locator("#panel-heading")).to_contain_text("Published: Unverified")
    expect(a.locator("#decision .corrections")).to_contain_text("Disputed → Unverified")
    assert Correction.objects.get().kind == "rating_change"

    # The corrections page (a reviewer reads it) and the ClaimReview export show the new rating.
    rob.goto(f"{live_server.url}/p/{claim.project.slug}/corrections/")
    expect(rob.get_by_role("heading", name="Corrections")).to_be_visible()
    expect(rob.locator(".corrections-feed")).to_contain_text("The port revised its log")
    expect(rob.locator(".corrections-feed")).to_contain_text("Disputed → Unverified")

    export = b.request.get(f"{live_server.url}/api/v1/export/verdicts/?format=claimreview&project={claim.project_id}")
    assert export.status == 200
    text = export.text()
    assert "INTERNAL" not in text  # no reviewer rationale is published
    reviews = [item for item in _json_items(text) if item.get("@type") == "ClaimReview"]
    assert len(reviews) == 1
    review = reviews[0]
    assert review["reviewRating"]["alternateName"] == "Unverified"
    assert review["reviewRating"]["ratingExplanation"] == "The port's own log shows 900 containers that night."
    assert review["dateModified"] >= review["datePublished"]


def _json_items(text: str) -> list[dict]:
    """ClaimReview exports are JSON-LD: one document (a list or an object with @graph) or JSON Lines."""
    text = text.strip()
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    if isinstance(data, dict):
        return data.get("@graph") or data.get("itemListElement") or [data]
    return data
