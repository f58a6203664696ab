"""The desk in a real Chromium: a project started from the browser alone, an invited reviewer's first
day (password, My work, claim, verdict), and blind review between two reviewers."""

from __future__ import annotations

import json
import os
import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Browser, BrowserContext, Page, expect

from annotations import services
from annotations.models import Article, Assignment, Claim, Project, Role, Verdict
from tests.conftest import ENGLISH_BODY
from tests.test_browser_reviewer import drag_select, log_in

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "harbour-lights-at-dawn-1987"


def test_an_editor_starts_a_project_pastes_and_uploads_articles_and_assigns(
    page: Page, context: BrowserContext, live_server, editor, reviewer
):
    log_in(context, live_server, editor)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="New project").click()
    page.get_by_label("Name").fill("Port investigation")
    expect(page.get_by_label("Address (slug)")).to_have_attribute("placeholder", "port-investigation")
    page.get_by_label("Description").fill("Claims about the port")
    page.get_by_label("Language").fill("en")
    page.get_by_role("button", name="Create project").click()
    expect(page.get_by_role("heading", name="Port investigation")).to_be_visible()
    project = Project.objects.get(name="Port investigation")
    services.membership_set(project=project, user=reviewer, role=Role.REVIEWER, actor=editor)

    page.get_by_role("link", name="Add article").first.click()
    paste = page.get_by_role("form", name="Paste text")
    paste.get_by_label("Title").fill("Port moves 1,200 containers")
    paste.get_by_label("Text").fill(ENGLISH_BODY)
    paste.get_by_label("Outlet").fill("Harbour Times")
    paste.get_by_role("button", name="Add article").click()
    expect(page.get_by_role("heading", name="Port moves 1,200 containers")).to_be_visible()

    page.goto(live_server.url + f"/p/{project.slug}/articles/add/")
    lines = "\n".join(json.dumps({"title": f"Wire story {i}", "body": f"Wire body number {i}."}) for i in (1, 2))
    upload = page.get_by_role("form", name="Upload files")
    upload.get_by_label("Files").set_input_files(
        files=[{"name": "wire.jsonl", "mimeType": "application/x-ndjson", "buffer": lines.encode()}]
    )
    upload.get_by_role("button", name="Upload and import").click()
    report = page.locator("#import-report")
    expect(report.get_by_role("link", name="Wire story 1")).to_be_visible()
    expect(report.get_by_role("link", name="Wire story 2")).to_be_visible()
    assert Article.objects.filter(project=project).count() == 3

    page.get_by_role("link", name="Port investigation").click()
    page.get_by_label("Select Wire story 1").check()
    page.get_by_label("Select Port moves 1,200 containers").check()
    page.get_by_label("Reviewers").select_option(label=reviewer.username)
    page.get_by_label("Due date (optional)").fill("2031-05-01")
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_text("2 assignments made.")).to_be_visible()
    assert set(Assignment.objects.values_list("article__title", flat=True)) == {
        "Wire story 1", "Port moves 1,200 containers",
    }  # fmt: skip


def test_an_invited_reviewer_sets_a_password_finds_my_work_marks_and_judges_then_blind_review_holds(
    page: Page, context: BrowserContext, browser: Browser, live_server, admin_user_, project, article, reviewer2
):
    services.project_update(project=project, actor=admin_user_, blind_review=True)
    # The admin invites Nadia from the members page.
    log_in(context, live_server, admin_user_)
    page.goto(live_server.url + f"/p/{project.slug}/members/")
    invite = page.get_by_role("form", name="Invite")
    invite.get_by_label("Username").fill("nadia")
    invite.get_by_role("button", name="Invite").click()
    link = page.get_by_label("Invitation link").input_value()
    assert re.match(r"http://.+/invite/[\w-]{20,}/$", link)

    # Nadia, in her own browser, sets a password and lands in the project.
    nadia_context = browser.new_context()
    me = nadia_context.new_page()
    me.goto(link)
    me.get_by_label(re.compile(r"^New password:?$")).fill(NEW_PASSWORD)
    me.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    me.get_by_role("button", name="Set password and join").click()
    expect(me.get_by_role("heading", name="Harbour desk")).to_be_visible()
    # Now a member, she is assigned the article.
    nadia = get_user_model().objects.get(username="nadia")
    services.assignment_create(article=article, reviewer=nadia, actor=admin_user_)
    me.goto(live_server.url + "/")
    my_work = me.get_by_role("region", name="My work")
    my_work.get_by_role("link", name=article.title).click()
    expect(me.get_by_role("heading", name=article.title)).to_be_visible()

    # She marks a claim and gives her verdict.
    assert drag_select(me, "1,200 containers were moved overnight") == "1,200 containers were moved overnight"
    me.get_by_role("button", name="Mark claim").click()
    me.get_by_role("form", name="Mark a claim").get_by_role("button", name="Save claim").click()
    expect(me.get_by_role("heading", name=re.compile(r"^Claim \d+"))).to_be_visible()
    claim = Claim.objects.get(article=article)
    me.get_by_role("radio", name="Disputed").check()
    me.get_by_label("Rationale").fill("NADIA-RATIONALE: the port log shows 800.")
    me.get_by_role("button", name="Save verdict").click()
    expect(me.locator("#messages").get_by_text("Verdict saved.")).to_be_visible()
    expect(me.get_by_role("radio", name="Disputed")).to_be_checked()
    assert Verdict.objects.get(claim=claim, reviewer=nadia).label == "disputed"
    nadia_context.close()

    # Rob, a second reviewer, opens the same claim: no verdict of Nadia's, no status, until he saves his.
    rob_context = browser.new_context()
    log_in(rob_context, live_server, reviewer2)
    rob = rob_context.new_page()
    rob.goto(live_server.url + f"/p/{project.slug}/articles/{article.pk}/?claim={claim.pk}")
    panel = rob.locator("#claim-panel")
    expect(panel.get_by_text("Blind review")).to_be_visible()
    expect(rob.get_by_text("NADIA-RATIONALE")).to_have_count(0)
    expect(panel.locator("ul.verdicts")).to_have_count(0)  # no list of other reviewers' verdicts
    expect(rob.locator('mark.hl[data-status="disputed"]')).to_have_count(0)
    expect(rob.locator('mark.hl[data-status="hidden"]')).to_have_count(1)
    rob.get_by_role("radio", name="Confirmed").check()
    rob.get_by_label("Rationale").fill("The harbour master confirms it.")
    rob.get_by_role("button", name="Save verdict").click()
    expect(rob.locator("#messages").get_by_text("Verdict saved.")).to_be_visible()
    expect(panel.locator("ul.verdicts").get_by_text("NADIA-RATIONALE: the port log shows 800.")).to_be_visible()
    expect(rob.locator('mark.hl[data-status="conflict"]')).to_have_count(1)
    rob_context.close()
