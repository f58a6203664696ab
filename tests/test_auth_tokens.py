"""POST /api/v1/auth/token/, Authorization: Token …, and /api/v1/auth/tokens/ (list, revoke)."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import services as token_services
from accounts.models import ApiToken
from tests.conftest import PASSWORD

TOKEN_URL = "/api/v1/auth/token/"


def obtain(client: APIClient, username: str, password: str = PASSWORD, **extra):
    return client.post(TOKEN_URL, {"username": username, "password": password, **extra}, format="json")


def token_client(raw: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    return client


def test_a_user_exchanges_their_password_for_a_token_that_is_stored_hashed(reviewer):
    response = obtain(APIClient(), "rita-reviewer", name="CMS sync")

    assert response.status_code == 200
    raw = response.json()["token"]
    stored = ApiToken.objects.get(user=reviewer)
    assert stored.name == "CMS sync"
    secret = raw.split("_", 2)[2]
    assert stored.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {stored.digest, stored.prefix, stored.name}
    assert raw.startswith(f"vrf_{stored.prefix}_")


def test_the_token_authenticates_api_requests(reviewer, project):
    raw = obtain(APIClient(), "rita-reviewer").json()["token"]

    response = token_client(raw).get("/api/v1/projects/")

    assert response.status_code == 200
    assert [p["id"] for p in response.json()["results"]] == [project.pk]


def test_a_wrong_password_is_401_with_a_message(reviewer):
    response = obtain(APIClient(), "rita-reviewer", password="wrong")

    assert response.status_code == 401
    assert response.json() == {"detail": "Wrong username or password."}
    assert response["WWW-Authenticate"].startswith("Token")
    assert not ApiToken.objects.exists()


def test_missing_or_mistyped_fields_are_400_with_field_messages(reviewer):
    response = APIClient().post(TOKEN_URL, {"username": ["rita-reviewer"]}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"username", "password"}


def test_failed_attempts_count_towards_the_lockout_and_then_a_json_429(reviewer, settings):
    client = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert obtain(client, "rita-reviewer", password="wrong").status_code == 401
    assert AccessAttempt.objects.get(username="rita-reviewer").failures_since_start == settings.AXES_FAILURE_LIMIT - 1

    locked = obtain(client, "rita-reviewer", password="wrong")
    assert locked.status_code == 429
    assert locked["Content-Type"] == "application/json"
    assert "locked" in locked.json()["detail"]
    # Even the right password is refused while locked out.
    right = obtain(client, "rita-reviewer")
    assert right.status_code == 429
    assert not ApiToken.objects.exists()


def test_getting_a_token_resets_the_failure_count_like_a_login(reviewer, settings):
    client = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        obtain(client, "rita-reviewer", password="wrong")

    assert obtain(client, "rita-reviewer").status_code == 200

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert obtain(client, "rita-reviewer", password="wrong").status_code == 401
    reviewer.refresh_from_db()
    assert reviewer.last_login is not None


def test_an_expired_token_is_refused(reviewer):
    token, raw = token_services.token_create(user=reviewer, ttl=timedelta(days=1))
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    response = token_client(raw).get("/api/v1/projects/")

    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid or expired token."}


def test_tokens_expire_after_the_configured_lifetime(reviewer, settings):
    settings.VERIFIER_TOKEN_TTL = timedelta(days=7)

    response = obtain(APIClient(), "rita-reviewer")

    token = ApiToken.objects.get(user=reviewer)
    assert timedelta(days=7) - timedelta(minutes=1) < token.expires_at - timezone.now() <= timedelta(days=7)
    assert response.json()["expires_at"]


@pytest.mark.parametrize(
    "header",
    [
        "Token",
        "Token a b",
        "Token vrf_nope_nope",
        "Token not-a-token",
        "Token vrf__x",
        "Token vrf_é_x",
        "Token vrf_0123456789a\x00_secret",
        "Token vrf_0123456789abc_secret",
    ],
)
def test_malformed_or_unknown_tokens_are_401(reviewer, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)

    assert client.get("/api/v1/projects/").status_code == 401


def test_a_token_with_a_wrong_secret_is_refused(reviewer):
    token, raw = token_services.token_create(user=reviewer)

    assert token_client(raw[:-2] + "xx").get("/api/v1/projects/").status_code == 401


def test_a_token_of_a_deactivated_user_is_refused(reviewer):
    _, raw = token_services.token_create(user=reviewer)
    reviewer.is_active = False
    reviewer.save()

    assert token_client(raw).get("/api/v1/projects/").status_code == 401


def test_using_a_token_records_when_it_was_last_used(reviewer):
    token, raw = token_services.token_create(user=reviewer)
    assert token.last_used_at is None

    token_client(raw).get("/api/v1/projects/")

    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_user_lists_their_own_tokens_without_secrets(reviewer, reviewer2):
    mine, raw = token_services.token_create(user=reviewer, name="mine")
    token_services.token_create(user=reviewer2, name="theirs")

    response = token_client(raw).get("/api/v1/auth/tokens/")

    assert response.status_code == 200
    assert [t["name"] for t in response.json()] == ["mine"]
    assert "token" not in response.json()[0]
    assert "digest" not in response.json()[0]
    assert raw not in response.content.decode()


def test_a_user_revokes_a_token_and_it_stops_working(reviewer):
    _, keep = token_services.token_create(user=reviewer, name="keep")
    doomed, doomed_raw = token_services.token_create(user=reviewer, name="doomed")

    response = token_client(keep).delete(f"/api/v1/auth/tokens/{doomed.pk}/")

    assert response.status_code == 204
    assert token_client(doomed_raw).get("/api/v1/projects/").status_code == 401
    assert token_client(keep).get("/api/v1/projects/").status_code == 200


def test_another_users_token_cannot_be_revoked(reviewer, outsider):
    theirs, _ = token_services.token_create(user=outsider)
    _, raw = token_services.token_create(user=reviewer)

    assert token_client(raw).delete(f"/api/v1/auth/tokens/{theirs.pk}/").status_code == 404
    assert ApiToken.objects.filter(pk=theirs.pk).exists()


def test_token_endpoints_need_authentication(reviewer):
    token, _ = token_services.token_create(user=reviewer)

    assert APIClient().get("/api/v1/auth/tokens/").status_code == 401
    assert APIClient().delete(f"/api/v1/auth/tokens/{token.pk}/").status_code == 401
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_session_authenticated_writes_need_the_csrf_token(reviewer, article):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(reviewer)

    response = client.post("/api/v1/claims/", {"article": article.pk, "quote": "Officials"}, format="json")

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_token_authenticated_writes_need_no_csrf_token(reviewer, article):
    _, raw = token_services.token_create(user=reviewer)
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")

    response = client.post("/api/v1/claims/", {"article": article.pk, "quote": "Officials"}, format="json")

    assert response.status_code == 201


@pytest.mark.parametrize("count", [1, 20])
def test_listing_tokens_with_a_token_costs_a_fixed_number_of_queries(reviewer, count, django_assert_num_queries):
    _, raw = token_services.token_create(user=reviewer)
    for i in range(count):
        token_services.token_create(user=reviewer, name=f"t{i}")
    client = token_client(raw)
    client.get("/api/v1/auth/tokens/")  # the first use records last_used_at (one UPDATE a minute at most)

    # the token with its user, the caller's tokens
    with django_assert_num_queries(2):
        response = client.get("/api/v1/auth/tokens/")
    assert len(response.json()) == count + 1


def test_a_user_with_too_many_tokens_gets_a_400_instead_of_another(reviewer, monkeypatch):
    monkeypatch.setattr(token_services, "MAX_TOKENS_PER_USER", 2)
    token_services.token_create(user=reviewer)
    token_services.token_create(user=reviewer)

    response = obtain(APIClient(), "rita-reviewer")

    assert response.status_code == 400
    assert "revoke" in response.json()["name"][0]
    assert ApiToken.objects.filter(user=reviewer).count() == 2


def test_tokens_are_listed_in_the_admin_without_their_secret(admin_client, reviewer):
    token, raw = token_services.token_create(user=reviewer, name="CMS")

    response = admin_client.get("/admin/accounts/apitoken/")

    assert response.status_code == 200
    assert token.prefix in response.content.decode()
    assert raw.split("_", 2)[2] not in response.content.decode()
