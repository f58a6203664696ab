"""Logging in and out, changing the password, the login lockout, and login required everywhere."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD


def test_the_login_page_has_visible_username_and_password_labels(client, db):
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_username">Username</label>' in html
    assert '<label for="id_password">Password</label>' in html
    assert 'name="username"' in html and 'name="password"' in html


def test_logging_in_with_username_and_password_opens_the_users_projects(client, reviewer, project):
    response = client.post(reverse("login"), {"username": reviewer.username, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert project.name in response.content.decode()


def test_a_wrong_password_shows_an_error_and_logs_nobody_in(client, reviewer):
    response = client.post(reverse("login"), {"username": reviewer.username, "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("home", {}),
        ("project_detail", {"slug": "harbour-desk"}),
        ("review_queue", {"slug": "harbour-desk"}),
        ("project_members", {"slug": "harbour-desk"}),
        ("article_detail", {"slug": "harbour-desk", "pk": 1}),
        ("password_change", {}),
    ],
)
def test_every_page_but_the_login_page_requires_login(client, project, name, kwargs):
    url = reverse(name, kwargs=kwargs)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize("name", ["claim_create", "claim_update", "claim_delete", "verdict_submit"])
def test_writes_require_login_too(client, project, name):
    kwargs = {"slug": project.slug, ("pk" if name == "claim_create" else "claim_id"): 1}
    response = client.post(reverse(name, kwargs=kwargs), {})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_repeated_failed_logins_lock_the_account_with_a_clear_message(client, reviewer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": reviewer.username, "password": "wrong"})
    # Even the right password is refused now.
    response = client.post(reverse("login"), {"username": reviewer.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logging_out_ends_the_session(client, reviewer):
    client.force_login(reviewer)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_a_user_changes_their_password(client, reviewer):
    client.force_login(reviewer)
    page = client.get(reverse("password_change"))
    assert page.status_code == 200
    assert "Old password" in page.content.decode()
    new = "a-new-long-passphrase-2026"
    response = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    reviewer.refresh_from_db()
    assert reviewer.check_password(new)


def test_a_password_change_with_a_wrong_old_password_is_a_form_error(client, reviewer):
    client.force_login(reviewer)
    new = "a-new-long-passphrase-2026"
    response = client.post(
        reverse("password_change"), {"old_password": "nope", "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.content.decode()
    reviewer.refresh_from_db()
    assert reviewer.check_password(PASSWORD)
