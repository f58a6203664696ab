"""A new password revokes API tokens; "Revoke all"; secrets are never cached; token creation and exports are
throttled per user."""

from __future__ import annotations

import pytest
from django.contrib.auth.forms import SetPasswordForm
from django.test import Client

from accounts import services as token_services
from accounts.models import ApiToken
from tests.conftest import PASSWORD

PAGE = "/accounts/tokens/"
OBTAIN = "/api/v1/auth/token/"
NEW = "a-new-long-passphrase-2026"


def test_changing_the_password_on_the_web_revokes_every_token(client, reviewer, outsider):
    _, raw = token_services.token_create(user=reviewer, name="leaked")
    token_services.token_create(user=reviewer, name="other")
    token_services.token_create(user=outsider, name="not mine")
    assert Client().get("/api/v1/projects/", HTTP_AUTHORIZATION=f"Token {raw}").status_code == 200
    client.force_login(reviewer)

    response = client.post(
        "/accounts/password_change/", {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}
    )

    assert response.status_code == 302
    assert not ApiToken.objects.filter(user=reviewer).exists()
    assert ApiToken.objects.filter(user=outsider).count() == 1
    assert Client().get("/api/v1/projects/", HTTP_AUTHORIZATION=f"Token {raw}").status_code == 401


def test_a_password_reset_revokes_every_token_too(reviewer):
    token_services.token_create(user=reviewer, name="leaked")
    # The form behind the reset-confirm page (and the admin's password page).
    form = SetPasswordForm(reviewer, {"new_password1": NEW, "new_password2": NEW})
    assert form.is_valid(), form.errors
    form.save()
    assert not ApiToken.objects.filter(user=reviewer).exists()


def test_saving_a_user_without_a_new_password_keeps_the_tokens(reviewer):
    token_services.token_create(user=reviewer, name="kept")
    reviewer.first_name = "Rita"
    reviewer.save()
    assert ApiToken.objects.filter(user=reviewer).count() == 1


def test_the_password_change_page_says_that_tokens_will_be_revoked(client, reviewer):
    client.force_login(reviewer)
    assert "revokes your API tokens" in client.get("/accounts/password_change/").content.decode()


def test_revoke_all_needs_a_confirmation(client, reviewer):
    token_services.token_create(user=reviewer, name="one")
    client.force_login(reviewer)

    response = client.post(f"{PAGE}revoke-all/", {})

    assert response.status_code == 400
    assert "Tick the box" in response.content.decode()
    assert ApiToken.objects.filter(user=reviewer).count() == 1


def test_revoke_all_revokes_only_my_tokens(client, reviewer, outsider):
    token_services.token_create(user=reviewer, name="one")
    token_services.token_create(user=reviewer, name="two")
    token_services.token_create(user=outsider, name="not mine")
    client.force_login(reviewer)

    page = client.get(PAGE).content.decode()
    assert "Revoke all tokens" in page
    response = client.post(f"{PAGE}revoke-all/", {"confirm": "on"}, follow=True)

    assert response.status_code == 200
    assert "All your API tokens were revoked (2)" in response.content.decode()
    assert not ApiToken.objects.filter(user=reviewer).exists()
    assert ApiToken.objects.filter(user=outsider).count() == 1


def test_revoke_all_needs_a_post_with_the_csrf_token(reviewer):
    token_services.token_create(user=reviewer, name="one")
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    assert client.get(f"{PAGE}revoke-all/").status_code == 405
    assert client.post(f"{PAGE}revoke-all/", {"confirm": "on"}).status_code == 403
    assert ApiToken.objects.filter(user=reviewer).count() == 1


def test_the_page_showing_a_new_token_is_never_stored(client, reviewer):
    client.force_login(reviewer)
    response = client.post(PAGE, {"name": "CMS"}, follow=True)
    assert "Your new token" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_the_token_endpoint_answer_is_never_stored(client, reviewer):
    response = client.post(
        OBTAIN, {"username": reviewer.username, "password": PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def rates(settings, **overrides: str) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **overrides},
    }


def test_token_creation_through_the_api_is_throttled_per_user(client, reviewer, editor, settings):
    rates(settings, token_create="3/hour")
    body = {"username": reviewer.username, "password": PASSWORD}
    for _ in range(3):
        assert client.post(OBTAIN, body, content_type="application/json").status_code == 200
    response = client.post(OBTAIN, body, content_type="application/json")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert ApiToken.objects.filter(user=reviewer).count() == 3
    # Another user is not affected.
    other = {"username": editor.username, "password": PASSWORD}
    assert client.post(OBTAIN, other, content_type="application/json").status_code == 200


def test_token_creation_on_the_page_is_throttled_with_the_same_count(client, reviewer, settings):
    rates(settings, token_create="2/hour")
    client.force_login(reviewer)
    client.post(OBTAIN, {"username": reviewer.username, "password": PASSWORD}, content_type="application/json")
    assert client.post(PAGE, {"name": "second"}).status_code == 302
    response = client.post(PAGE, {"name": "third"})
    assert response.status_code == 429
    assert "You created many tokens recently" in response.content.decode()
    assert ApiToken.objects.filter(user=reviewer).count() == 2


@pytest.mark.parametrize("method", ["get", "head"])
def test_exports_are_throttled_per_user(client, reviewer, editor, project, settings, method):
    rates(settings, export="2/minute")
    url = f"/api/v1/export/verdicts/?format=jsonl&project={project.pk}"
    client.force_login(reviewer)
    for _ in range(2):
        assert getattr(client, method)(url).status_code == 200
    response = getattr(client, method)(url)
    assert response.status_code == 429
    assert "Retry-After" in response
    other = Client()
    other.force_login(editor)
    assert other.get(url).status_code == 200
