"""Security of the reviewer pages: CSRF, the Content-Security-Policy, no inline script, no API token."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from annotations.models import Claim, Verdict
from tests.conftest import PASSWORD


def pages(project, claim) -> list[str]:
    article_url = reverse("article_detail", args=[project.slug, claim.article_id])
    return [
        reverse("home"),
        reverse("project_detail", args=[project.slug]),
        article_url,
        f"{article_url}?claim={claim.pk}",
        reverse("review_queue", args=[project.slug]),
        reverse("project_members", args=[project.slug]),
        reverse("password_change"),
    ]


def test_every_page_is_served_with_a_strict_content_security_policy(client, admin_user_, project, claim):
    client.force_login(admin_user_)
    for url in [*pages(project, claim), reverse("login")]:
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy, url
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, url


def test_no_page_has_inline_script_event_handlers_or_styles(client, admin_user_, project, claim):
    client.force_login(admin_user_)
    for url in pages(project, claim):
        page = client.get(url).content.decode()
        for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", page, flags=re.S):
            assert "src=" in attrs or 'type="application/json"' in attrs, (url, attrs, body[:80])
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", page), url
        assert not re.search(r"<[^>]+\sstyle\s*=", page), url


def test_no_api_token_or_authorization_header_reaches_the_page(client, admin_user_, project, claim):
    client.force_login(admin_user_)
    for url in pages(project, claim):
        page = client.get(url).content.decode().lower()
        assert "authorization" not in page and "bearer" not in page and "api_token" not in page, url


@pytest.mark.parametrize("name", ["claim_create", "claim_update", "claim_delete", "verdict_submit"])
def test_forms_are_refused_without_a_csrf_token(reviewer, claim, name):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    pk = claim.article_id if name == "claim_create" else claim.pk
    kwargs = {"slug": claim.project.slug, ("pk" if name == "claim_create" else "claim_id"): pk}
    data = {
        "quote": "Officials denied",
        "label": "unverified",
        "version": 1,
        "statement": "x",
        "evidence-TOTAL_FORMS": "0",
        "evidence-INITIAL_FORMS": "0",
    }
    response = client.post(reverse(name, kwargs=kwargs), data)
    assert response.status_code == 403
    assert Claim.objects.get().pk == claim.pk and Claim.objects.get().statement == ""
    assert not Verdict.objects.exists()


def test_every_form_on_the_pages_carries_a_csrf_token(client, admin_user_, project, claim):
    client.force_login(admin_user_)
    for url in pages(project, claim):
        page = client.get(url).content.decode()
        for form in re.findall(r"<form[^>]*method=\"post\"[^>]*>.*?</form>", page, flags=re.S):
            assert 'name="csrfmiddlewaretoken"' in form, (url, form[:120])


def test_the_session_cookie_is_not_readable_by_page_scripts(client, reviewer):
    response = client.post(reverse("login"), {"username": reviewer.username, "password": PASSWORD})
    assert response.cookies["sessionid"]["httponly"]
