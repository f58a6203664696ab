"""The /accounts/tokens/ page: list, create (shown once) and revoke API tokens."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts import services as token_services
from accounts.models import ApiToken

PAGE = "/accounts/tokens/"


def test_the_page_needs_a_login(db):
    response = Client().get(PAGE)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_page_lists_only_my_tokens_in_the_site_layout(client, reviewer, outsider):
    token_services.token_create(user=reviewer, name="CMS sync")
    token_services.token_create(user=outsider, name="Outsider pipeline")
    client.force_login(reviewer)

    response = client.get(PAGE)

    assert response.status_code == 200
    html = response.content.decode()
    assert "CMS sync" in html
    assert "Outsider pipeline" not in html
    assert 'class="topbar"' in html  # extends base.html
    assert 'class="list"' in html


def test_a_new_token_is_shown_once_and_then_never_again(client, reviewer):
    client.force_login(reviewer)

    response = client.post(PAGE, {"name": "Research pipeline"}, follow=True)

    assert response.status_code == 200
    token = ApiToken.objects.get(user=reviewer)
    shown = response.context["new_token"]
    assert shown.startswith(f"vrf_{token.prefix}_")
    assert shown in response.content.decode()
    again = client.get(PAGE)
    assert shown not in again.content.decode()
    assert again.context["new_token"] is None


def test_the_shown_token_works_against_the_api(client, reviewer, project):
    client.force_login(reviewer)
    shown = client.post(PAGE, {"name": "x"}, follow=True).context["new_token"]

    api = Client(HTTP_AUTHORIZATION=f"Token {shown}")

    assert api.get("/api/v1/projects/").status_code == 200


def test_a_too_long_name_is_a_form_error_and_nothing_is_created(client, reviewer):
    client.force_login(reviewer)

    response = client.post(PAGE, {"name": "x" * 101})

    assert response.status_code == 400
    assert response.context["form"].errors["name"]
    assert not ApiToken.objects.exists()


def test_a_user_revokes_their_token(client, reviewer):
    token, _ = token_services.token_create(user=reviewer, name="old")
    client.force_login(reviewer)

    response = client.post(f"{PAGE}{token.pk}/revoke/", follow=True)

    assert response.status_code == 200
    assert not ApiToken.objects.filter(pk=token.pk).exists()
    assert "was revoked" in response.content.decode()


def test_another_users_token_cannot_be_revoked_from_the_page(client, reviewer, outsider):
    theirs, _ = token_services.token_create(user=outsider)
    client.force_login(reviewer)

    assert client.post(f"{PAGE}{theirs.pk}/revoke/").status_code == 404
    assert ApiToken.objects.filter(pk=theirs.pk).exists()


def test_revoking_needs_a_post(client, reviewer):
    token, _ = token_services.token_create(user=reviewer)
    client.force_login(reviewer)

    assert client.get(f"{PAGE}{token.pk}/revoke/").status_code == 405
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_the_forms_are_protected_by_csrf(reviewer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    token, _ = token_services.token_create(user=reviewer)

    assert client.post(PAGE, {"name": "x"}).status_code == 403
    assert client.post(f"{PAGE}{token.pk}/revoke/").status_code == 403
    assert ApiToken.objects.filter(user=reviewer).count() == 1


@pytest.mark.parametrize("count", [1, 20])
def test_the_page_lists_tokens_in_a_fixed_number_of_queries(client, reviewer, count, django_assert_num_queries):
    for i in range(count):
        token_services.token_create(user=reviewer, name=f"t{i}")
    client.force_login(reviewer)

    # session, user, the tokens
    with django_assert_num_queries(3):
        client.get(PAGE)


def test_every_page_links_to_the_token_page(client, reviewer):
    client.force_login(reviewer)

    html = client.get("/").content.decode()

    assert f'<a href="{PAGE}">API tokens</a>' in html
