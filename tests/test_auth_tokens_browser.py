"""The API tokens page in a real Chromium: create a token, copy it once, use it, revoke it."""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page, expect

from accounts.models import ApiToken

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reviewer_creates_uses_and_revokes_a_token_in_the_browser(live_server, page: Page, reviewer, project):
    client = Client()
    client.force_login(reviewer)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    csp_problems: list[str] = []
    page.on("console", lambda m: csp_problems.append(m.text) if "Content Security Policy" in m.text else None)

    page.goto(f"{live_server.url}/accounts/tokens/")
    expect(page.get_by_role("heading", name="API tokens")).to_be_visible()
    expect(page.get_by_text("You have no API tokens.")).to_be_visible()
    page.get_by_label("Token name").fill("Research pipeline")
    page.get_by_role("button", name="Create token").click()

    shown = page.get_by_role("textbox", name="New token").input_value()
    assert shown.startswith("vrf_")
    expect(page.get_by_role("cell", name="Research pipeline", exact=True)).to_be_visible()
    assert Client(HTTP_AUTHORIZATION=f"Token {shown}").get("/api/v1/projects/").status_code == 200

    page.reload()
    expect(page.get_by_role("textbox", name="New token")).to_have_count(0)  # shown once only

    page.get_by_role("button", name="Revoke Research pipeline").click()
    expect(page.get_by_text("was revoked")).to_be_visible()
    assert not ApiToken.objects.exists()
    assert Client(HTTP_AUTHORIZATION=f"Token {shown}").get("/api/v1/projects/").status_code == 401
    assert csp_problems == []
