"""Desk features in real Chromium: the duplicate-span warning, shortcuts turned off, the dashboard's charts."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from annotations import services
from annotations.models import Claim, UserPreference
from tests.test_browser_reviewer import drag_select, log_in

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHRASE = "the night shift had been cut by half"


def test_marking_an_already_marked_passage_warns_and_needs_confirmation(
    page: Page, context: BrowserContext, live_server, reviewer, reviewer2, article
):
    existing = services.claim_create(article=article, created_by=reviewer2, quote=PHRASE)
    log_in(context, live_server, reviewer)
    page.goto(live_server.url + article.get_absolute_url())
    assert drag_select(page, PHRASE) == PHRASE
    page.get_by_role("button", name="Mark claim").click()
    form = page.get_by_role("form", name="Mark a claim")
    form.get_by_label("Statement").fill("Night shift halved")
    form.get_by_role("button", name="Save claim").click()

    warning = page.get_by_role("alert").filter(has_text="Already marked as claim")
    expect(warning).to_contain_text(f"Already marked as claim {existing.pk}")
    expect(warning.get_by_role("link", name=f"claim {existing.pk}")).to_be_visible()
    expect(page.get_by_label("Statement").first).to_have_value("Night shift halved")
    assert Claim.objects.filter(article=article).count() == 1

    page.get_by_role("button", name="Save as a second claim").click()
    expect(page.locator("#toast")).to_contain_text("Claim marked")
    assert Claim.objects.filter(article=article, quote=PHRASE).count() == 2


def test_the_warning_link_opens_the_existing_claim(
    page: Page, context: BrowserContext, live_server, reviewer, reviewer2, article
):
    existing = services.claim_create(article=article, created_by=reviewer2, quote=PHRASE, statement="The first one")
    log_in(context, live_server, reviewer)
    page.goto(live_server.url + article.get_absolute_url())
    drag_select(page, PHRASE)
    page.get_by_role("button", name="Mark claim").click()
    page.get_by_role("form", name="Mark a claim").get_by_role("button", name="Save claim").click()
    page.get_by_role("link", name=f"claim {existing.pk}").click()
    expect(page.locator("#panel-heading")).to_contain_text(f"Claim {existing.pk}")
    expect(page.locator("#claim-panel dl.facts")).to_contain_text("The first one")


def test_single_key_shortcuts_turned_off_do_nothing_but_ctrl_enter_still_saves(
    page: Page, context: BrowserContext, live_server, reviewer, claim
):
    log_in(context, live_server, reviewer)
    page.goto(live_server.url + claim.article.get_absolute_url() + f"?claim={claim.pk}")
    page.get_by_role("button", name="Keyboard shortcuts (?)").click()
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_contain_text("Ctrl")
    dialog.get_by_label("Single-key shortcuts (1, 2, 3, n, ?)").uncheck()
    dialog.get_by_role("button", name="Save shortcut setting").click()
    expect(page.get_by_text("Single-key shortcuts are off.")).to_be_visible()
    assert UserPreference.objects.get(user=reviewer).single_key_shortcuts is False

    page.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("2")
    expect(page.get_by_role("radio", name="Disputed")).not_to_be_checked()
    page.keyboard.press("?")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_hidden()
    page.get_by_role("radio", name="Unverified").check()
    page.get_by_label("Rationale").click()
    page.keyboard.press("Control+Enter")
    expect(page.locator("#toast")).to_contain_text("Verdict saved")


def test_an_editor_opens_the_dashboard_and_its_charts_render_with_data(
    page: Page, context: BrowserContext, live_server, editor, reviewer, reviewer2, article
):
    claim = services.claim_create(article=article, created_by=reviewer, quote=PHRASE)
    services.verdict_submit(claim=claim, reviewer=reviewer, label="confirmed", rationale="ok", base_version=None)
    services.verdict_submit(claim=claim, reviewer=reviewer2, label="disputed", rationale="no", base_version=None)
    log_in(context, live_server, editor)
    page.goto(live_server.url + f"/p/{article.project.slug}/")
    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", name="Claims by status over time")).to_be_visible()
    status_chart = page.get_by_role("img", name="Claims by status over time (cumulative, by day)")
    expect(status_chart).to_be_visible()
    box = status_chart.bounding_box()
    assert box["width"] > 200 and box["height"] > 50
    # The conflict bar is drawn in the conflict colour (from the stylesheet, not an inline style).
    fill = page.evaluate("() => getComputedStyle(document.querySelector('svg.chart rect.st-conflict')).fill")
    assert fill == "rgb(123, 44, 191)"
    expect(page.get_by_role("img", name="Verdicts per reviewer per week")).to_be_visible()
    page.get_by_text("Data table: verdicts per reviewer per week").click()
    expect(page.get_by_role("table").filter(has_text="rita-reviewer")).to_be_visible()
