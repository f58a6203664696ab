"""The Swagger UI at /api/docs/ really renders in Chromium under the strict Content-Security-Policy."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_renders_every_endpoint_with_no_csp_violation(live_server, page):
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))

    page.goto(f"{live_server.url}/api/docs/")

    page.get_by_role("heading", name="verifier API").wait_for(timeout=15_000)
    page.get_by_text("/api/v1/claims/{id}/").first.wait_for()
    assert page.locator(".opblock").count() >= 25
    assert not [p for p in problems if "Content Security Policy" in p or "failed" in p], problems
