"""The password-reset pages exist only when the server can send e-mail; a reset revokes API tokens."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from accounts import services as token_services
from accounts.models import ApiToken

RESET_PAGES = ["/accounts/password_reset/", "/accounts/password_reset/done/", "/accounts/reset/done/"]


@pytest.mark.parametrize("url", [*RESET_PAGES, "/accounts/reset/MQ/set-password/"])
def test_without_email_the_reset_pages_are_404(db, settings, url):
    settings.VERIFIER_PASSWORD_RESET = False
    client = Client(raise_request_exception=False)
    assert client.get(url).status_code == 404
    assert client.post(url, {"email": "rita-reviewer@example.org"}).status_code == 404


def test_without_email_the_login_page_offers_no_reset(db, settings):
    settings.VERIFIER_PASSWORD_RESET = False
    assert "Forgot your password" not in Client().get("/accounts/login/").content.decode()


def test_the_default_settings_have_no_email_and_so_no_reset(settings):
    # The suite runs without EMAIL_URL/EMAIL_HOST, like a server that was not given any.
    assert settings.EMAIL_HOST == "" and settings.VERIFIER_PASSWORD_RESET is False


def test_with_email_a_reset_sends_a_link_that_sets_the_password_and_revokes_tokens(reviewer, settings):
    settings.VERIFIER_PASSWORD_RESET = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    token_services.token_create(user=reviewer, name="leaked")
    client = Client()
    assert "Forgot your password" in client.get("/accounts/login/").content.decode()

    response = client.post("/accounts/password_reset/", {"email": reviewer.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200 and "Set a new password" in form.content.decode()
    new = "a-new-long-passphrase-2026"
    done = client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}, follow=True)
    assert "Password set" in done.content.decode()
    reviewer.refresh_from_db()
    assert reviewer.check_password(new)
    assert not ApiToken.objects.filter(user=reviewer).exists()
