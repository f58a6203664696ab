"""The reviewer web app in a real Chromium (Playwright) against a live server.

Skipped without Chromium (conftest's ``browser_type_launch_args``), except when REQUIRE_BROWSER=1 as in CI.
"""

from __future__ import annotations

import os
import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import BrowserContext, Page, expect

from annotations import services
from annotations.models import Claim, Verdict
from tests.conftest import ARABIC_BODY, PASSWORD

# Playwright's sync API runs an event loop in the test thread; the ORM calls of these tests are
# synchronous and safe (see recipes.md).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

XSS_BODY = 'Officials said <script>alert("xss-body")</script> and <img src=x onerror="alert(2)"> nothing more.'


def log_in(context: BrowserContext, live_server, user) -> None:
    """Give the browser a session cookie instead of typing the password (only the login test types it)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}])


def drag_select(page: Page, phrase: str) -> str:
    """Select ``phrase`` in the article body with a real mouse drag; return the selected text."""
    box = page.evaluate(
        """phrase => {
            const body = document.getElementById("article-body");
            const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const i = node.data.indexOf(phrase);
                if (i < 0) continue;
                const rect = (a, b) => { const r = document.createRange(); r.setStart(node, a); r.setEnd(node, b);
                                         return r.getBoundingClientRect(); };
                const first = rect(i, i + 1), last = rect(i + phrase.length - 1, i + phrase.length);
                const rtl = getComputedStyle(body).direction === "rtl";
                return {
                    x1: rtl ? first.right - 1 : first.left + 1, y1: first.top + first.height / 2,
                    x2: rtl ? last.left + 1 : last.right - 1, y2: last.top + last.height / 2,
                };
            }
            return null;
        }""",
        phrase,
    )
    assert box is not None, f"{phrase!r} is not in one text node of the article"
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    page.mouse.move(box["x2"], box["y2"], steps=8)
    page.mouse.up()
    return page.evaluate("() => window.getSelection().toString()")


def test_a_reviewer_logs_in_with_username_and_password_and_sees_their_projects(page: Page, live_server, reviewer):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.get_by_label("Username").fill(reviewer.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Your projects")).to_be_visible()
    expect(page.get_by_role("link", name="Harbour desk")).to_be_visible()


def test_selecting_a_phrase_after_an_emoji_in_an_arabic_article_stores_exactly_that_text(
    page: Page, context: BrowserContext, live_server, reviewer, arabic_article
):
    log_in(context, live_server, reviewer)
    page.goto(live_server.url + arabic_article.get_absolute_url())
    expect(page.locator("#article-body")).to_have_attribute("dir", "rtl")
    phrase = "الحريق دمّر ثلاثة مبانٍ"
    assert ARABIC_BODY.index(phrase) > ARABIC_BODY.index("🔥")  # after the emoji: offsets differ in UTF-16

    selected = drag_select(page, phrase)
    assert selected == phrase
    page.get_by_role("button", name="Mark claim").click()
    mark_form = page.get_by_role("form", name="Mark a claim")
    mark_form.get_by_label("Statement").fill("A fire destroyed three buildings")
    mark_form.get_by_label("Claimant").fill("The spokesperson")
    mark_form.get_by_role("button", name="Save claim").click()

    expect(page.locator("#toast")).to_contain_text("Claim marked")
    expect(page.locator("#claim-panel blockquote")).to_have_text(phrase)
    claim = Claim.objects.get(article=arabic_article)
    assert claim.quote == selected == ARABIC_BODY[claim.start : claim.end]
    assert (claim.statement, claim.claimant) == ("A fire destroyed three buildings", "The spokesperson")


def test_a_phrase_selected_in_an_english_article_becomes_a_claim_with_the_same_offsets(
    page: Page, context: BrowserContext, live_server, reviewer, article
):
    log_in(context, live_server, reviewer)
    page.goto(live_server.url + article.get_absolute_url())
    selected = drag_select(page, "the night shift had been cut by half")
    page.get_by_role("button", name="Mark claim").click()
    page.get_by_role("form", name="Mark a claim").get_by_role("button", name="Save claim").click()
    expect(page.locator("#toast")).to_contain_text("Claim marked")
    claim = Claim.objects.get(article=article)
    assert claim.quote == selected == "the night shift had been cut by half"
    assert article.body[claim.start : claim.end] == claim.quote


def test_a_verdict_with_evidence_is_saved_and_shown_again_after_a_reload(
    page: Page, context: BrowserContext, live_server, reviewer, claim
):
    log_in(context, live_server, reviewer)
    page.goto(live_server.url + claim.article.get_absolute_url())
    page.locator("#article-body").get_by_text("1,200 containers were moved overnight").click()
    expect(page.get_by_role("heading", name=f"Claim {claim.pk}")).to_be_visible()

    page.get_by_role("radio", name="Disputed").check()
    page.get_by_label("Rationale").fill("The port log shows 800 containers.")
    page.get_by_label("URL").fill("https://example.org/port-log")
    page.get_by_label("Title").fill("Port log, 18 March")
    page.get_by_label("Excerpt").fill("800 containers handled")
    page.get_by_label("Stance").select_option("refutes")
    page.get_by_role("button", name="Add evidence").click()
    page.get_by_label("URL").nth(1).fill("https://example.org/union-statement")
    page.get_by_label("Title").nth(1).fill("Union statement")
    page.get_by_role("button", name="Save verdict").click()
    expect(page.locator("#toast")).to_contain_text("Verdict saved")

    page.reload()
    expect(page.get_by_role("radio", name="Disputed")).to_be_checked()
    expect(page.get_by_label("Rationale")).to_have_value("The port log shows 800 containers.")
    expect(page.get_by_label("URL").first).to_have_value("https://example.org/port-log")
    expect(page.get_by_label("URL").nth(1)).to_have_value("https://example.org/union-statement")
    expect(page.locator("#claim-panel .history")).to_contain_text("created the verdict")
    expect(page.locator("#article-body mark").first).to_have_attribute("data-status", "disputed")
    verdict = Verdict.objects.get(claim=claim, reviewer=reviewer)
    assert verdict.label == "disputed"
    assert [e["url"] for e in verdict.evidence] == [
        "https://example.org/port-log",
        "https://example.org/union-statement",
    ]
    assert verdict.evidence[0]["stance"] == "refutes"


def test_two_windows_editing_the_same_verdict_get_the_conflict_message_and_nothing_is_lost(
    browser, browser_type_launch_args, live_server, reviewer, claim
):
    services.verdict_submit(claim=claim, reviewer=reviewer, label="unverified", rationale="", base_version=None)
    url = live_server.url + claim.article.get_absolute_url() + f"?claim={claim.pk}"
    first, second = browser.new_context(), browser.new_context()
    try:
        log_in(first, live_server, reviewer)
        log_in(second, live_server, reviewer)
        page_a, page_b = first.new_page(), second.new_page()
        page_a.goto(url)
        page_b.goto(url)

        page_a.get_by_role("radio", name="Confirmed").check()
        page_a.get_by_label("Rationale").fill("Window A: the port authority log confirms it.")
        page_a.get_by_role("button", name="Save verdict").click()
        expect(page_a.locator("#toast")).to_contain_text("Verdict saved")

        page_b.get_by_role("radio", name="Disputed").check()
        page_b.get_by_label("Rationale").fill("Window B: the union disputes it.")
        page_b.get_by_role("button", name="Save verdict").click()
        conflict = page_b.get_by_role("alert").filter(has_text="changed elsewhere")
        expect(conflict).to_be_visible()
        expect(conflict).to_contain_text("Window A: the port authority log confirms it.")
        # What B typed is still in the form.
        expect(page_b.get_by_label("Rationale")).to_have_value("Window B: the union disputes it.")
        expect(page_b.get_by_role("radio", name="Disputed")).to_be_checked()
        assert Verdict.objects.get(claim=claim).rationale == "Window A: the port authority log confirms it."

        page_b.get_by_role("button", name="Keep mine (overwrite)").click()
        expect(page_b.locator("#toast")).to_contain_text("Verdict saved")
        verdict = Verdict.objects.get(claim=claim)
        assert (verdict.label, verdict.rationale, verdict.version) == (
            "disputed",
            "Window B: the union disputes it.",
            3,
        )
    finally:
        first.close()
        second.close()


def test_keyboard_shortcuts_in_the_review_queue(page: Page, context: BrowserContext, live_server, reviewer, article):
    first = services.claim_create(article=article, created_by=reviewer, quote="1,200 containers were moved overnight")
    second = services.claim_create(article=article, created_by=reviewer, quote="the night shift had been cut by half")
    log_in(context, live_server, reviewer)
    page.goto(live_server.url + f"/p/{article.project.slug}/queue/")
    expect(page.get_by_role("heading", name=f"Claim {first.pk} in")).to_be_visible()

    page.keyboard.press("?")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_hidden()

    page.keyboard.press("n")
    expect(page.get_by_role("heading", name=f"Claim {second.pk} in")).to_be_visible()

    page.keyboard.press("2")
    expect(page.get_by_role("radio", name="Disputed")).to_be_checked()
    expect(page.get_by_label("Rationale")).to_be_focused()
    page.keyboard.type("Rosters show no cut.")
    page.keyboard.press("Escape")
    page.keyboard.press("1")
    expect(page.get_by_role("radio", name="Confirmed")).to_be_checked()
    page.keyboard.press("Escape")  # leave the rationale field again: shortcuts do not fire while typing
    page.keyboard.press("3")
    expect(page.get_by_role("radio", name="Unverified")).to_be_checked()
    page.keyboard.press("Control+Enter")

    expect(page.locator("#toast")).to_contain_text("Verdict saved")
    # The saved claim left the queue; the first one is next.
    expect(page.get_by_role("heading", name=f"Claim {first.pk} in")).to_be_visible()
    verdict = Verdict.objects.get(claim=second, reviewer=reviewer)
    assert (verdict.label, verdict.rationale) == ("unverified", "Rosters show no cut.")


def test_an_article_with_script_in_its_text_shows_the_text_and_runs_nothing(
    page: Page, context: BrowserContext, live_server, reviewer, project, admin_user_
):
    article = services.article_create(
        project=project, imported_by=admin_user_, title='<script>alert("xss-title")</script>', body=XSS_BODY
    )
    services.claim_create(article=article, created_by=reviewer, quote='<script>alert("xss-body")</script>')
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(context, live_server, reviewer)
    response = page.goto(live_server.url + article.get_absolute_url())
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.locator("#article-body")).to_have_text(XSS_BODY)
    expect(page.get_by_role("heading", name='<script>alert("xss-title")</script>')).to_be_visible()
    assert page.locator("#article-body img, #article-body script").count() == 0
    page.locator("#article-body mark").click()
    expect(page.locator("#claim-panel blockquote")).to_have_text('<script>alert("xss-body")</script>')
    page.goto(live_server.url + project.get_absolute_url())
    expect(page.get_by_role("link", name=re.compile("xss-title"))).to_be_visible()
    assert dialogs == []


def test_clicking_overlapping_claims_opens_each_of_them_in_turn(
    page: Page, context: BrowserContext, live_server, reviewer, article
):
    outer = services.claim_create(article=article, created_by=reviewer, quote="1,200 containers were moved overnight")
    inner = services.claim_create(article=article, created_by=reviewer, quote="containers were moved")
    log_in(context, live_server, reviewer)
    page.goto(live_server.url + article.get_absolute_url())
    overlap = page.locator("#article-body").get_by_text("containers were moved", exact=True)
    expect(overlap).to_have_attribute("title", re.compile("2 overlapping claims"))
    overlap.click()
    expect(page.get_by_role("heading", name=f"Claim {inner.pk}")).to_be_visible()  # the shortest first
    page.locator("#article-body").get_by_text("containers were moved", exact=True).click()
    expect(page.get_by_role("heading", name=f"Claim {outer.pk}")).to_be_visible()


def test_a_claim_can_be_marked_with_the_keyboard_by_typing_its_words(
    page: Page, context: BrowserContext, live_server, reviewer, article
):
    log_in(context, live_server, reviewer)
    page.goto(live_server.url + article.get_absolute_url())
    page.get_by_role("button", name="Mark claim").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Quote (exact text from the article)")).to_be_focused()
    page.keyboard.type("Officials denied that any safety inspection was skipped")
    page.get_by_role("form", name="Mark a claim").get_by_role("button", name="Save claim").press("Enter")
    expect(page.locator("#toast")).to_contain_text("Claim marked")
    claim = Claim.objects.get(article=article)
    assert claim.quote == "Officials denied that any safety inspection was skipped"
    assert article.body[claim.start : claim.end] == claim.quote


def test_evidence_items_are_added_and_removed(page: Page, context: BrowserContext, live_server, reviewer, claim):
    services.verdict_submit(
        claim=claim,
        reviewer=reviewer,
        label="disputed",
        rationale="Two sources.",
        evidence=[{"url": "https://example.org/a", "title": "A"}, {"url": "https://example.org/b", "title": "B"}],
        base_version=None,
    )
    log_in(context, live_server, reviewer)
    page.goto(live_server.url + claim.article.get_absolute_url() + f"?claim={claim.pk}")
    expect(page.get_by_label("URL")).to_have_count(3)  # two stored items and a blank row
    page.get_by_label("Remove this evidence").first.check()
    expect(page.get_by_label("URL").first).to_be_hidden()
    page.get_by_role("button", name="Add evidence").click()
    page.get_by_label("URL").last.fill("https://example.org/c")
    page.get_by_role("button", name="Save verdict").click()
    expect(page.locator("#toast")).to_contain_text("Verdict saved")
    verdict = Verdict.objects.get(claim=claim)
    assert [e["url"] for e in verdict.evidence] == ["https://example.org/b", "https://example.org/c"]
    assert verdict.version == 2


def test_a_stale_claim_edit_shows_the_conflict_and_use_theirs_loads_the_stored_claim(
    browser, browser_type_launch_args, live_server, reviewer, editor, claim
):
    url = live_server.url + claim.article.get_absolute_url() + f"?claim={claim.pk}"
    first, second = browser.new_context(), browser.new_context()
    try:
        log_in(first, live_server, editor)
        log_in(second, live_server, reviewer)
        page_a, page_b = first.new_page(), second.new_page()
        page_a.goto(url)
        page_b.goto(url)
        for page in (page_a, page_b):
            page.get_by_text("Edit claim").click()

        edit_a = page_a.get_by_role("form", name="Edit claim")
        edit_a.get_by_label("Statement").fill("The editor's statement")
        edit_a.get_by_role("button", name="Save claim changes").click()
        expect(page_a.locator("#toast")).to_contain_text("Claim saved")

        edit_b = page_b.get_by_role("form", name="Edit claim")
        edit_b.get_by_label("Statement").fill("The reviewer's statement")
        edit_b.get_by_role("button", name="Save claim changes").click()
        conflict = page_b.get_by_role("alert").filter(has_text="This claim was changed by erin-editor")
        expect(conflict).to_contain_text("The editor's statement")
        expect(page_b.get_by_role("form", name="Edit claim").get_by_label("Statement")).to_have_value(
            "The reviewer's statement"
        )

        page_b.get_by_role("link", name="Use theirs").click()
        expect(page_b.locator("#claim-panel dl.facts")).to_contain_text("The editor's statement")
        expect(conflict).to_be_hidden()
        page_b.reload()  # the address bar holds the article page, not the POST-only URL
        expect(page_b.get_by_role("heading", name=f"Claim {claim.pk}")).to_be_visible()
        claim.refresh_from_db()
        assert (claim.statement, claim.version) == ("The editor's statement", 2)
    finally:
        first.close()
        second.close()


def test_a_verdict_saved_after_the_session_expired_keeps_what_was_typed(
    page: Page, context: BrowserContext, live_server, reviewer, claim
):
    log_in(context, live_server, reviewer)
    page.goto(live_server.url + claim.article.get_absolute_url())
    page.locator("#article-body").get_by_text("1,200 containers were moved overnight").click()
    expect(page.get_by_role("heading", name=f"Claim {claim.pk}")).to_be_visible()
    page.get_by_role("radio", name="Confirmed").check()
    page.get_by_label("Rationale").fill("Port log, 18 March: 1,204 moves.")

    # The session ends while the reviewer types (logged out elsewhere, or it expired).
    context.clear_cookies(name=settings.SESSION_COOKIE_NAME)
    page.get_by_role("button", name="Save verdict").click()

    expect(page.locator("#toast")).to_contain_text("You are no longer logged in")
    expect(page.get_by_label("Rationale")).to_have_value("Port log, 18 March: 1,204 moves.")
    expect(page.get_by_role("radio", name="Confirmed")).to_be_checked()
    assert not Verdict.objects.filter(claim=claim).exists()

    # Logging in again in another tab and saving once more keeps the verdict.
    log_in(context, live_server, reviewer)
    page.get_by_role("button", name="Save verdict").click()
    expect(page.locator("#toast")).to_contain_text("Verdict saved")
    assert Verdict.objects.get(claim=claim, reviewer=reviewer).rationale == "Port log, 18 March: 1,204 moves."
