"""The login lockout behind a proxy: whose address counts, and the per-username cap across addresses."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessFailureLog
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.lockout import client_ip
from tests.conftest import PASSWORD

PROXY = "127.0.0.1"


def login(client: Client, username: str, password: str, forwarded: str | None = None, remote: str = PROXY):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def fail_until_locked(client: Client, username: str, limit: int, **kwargs) -> None:
    for _ in range(limit):
        login(client, username, "wrong", **kwargs)


def test_behind_one_proxy_two_clients_do_not_share_a_lock(client, reviewer, settings):
    settings.VERIFIER_PROXY_COUNT = 1
    # The attacker locks their own address out ...
    fail_until_locked(client, reviewer.username, settings.AXES_FAILURE_LIMIT, forwarded="203.0.113.7")
    assert login(client, reviewer.username, PASSWORD, forwarded="203.0.113.7").status_code == 429
    # ... while the real user, behind the same proxy, logs in.
    other = Client()
    response = login(other, reviewer.username, PASSWORD, forwarded="198.51.100.20")
    assert response.status_code == 302
    assert other.session["_auth_user_id"] == str(reviewer.pk)


def test_behind_one_proxy_the_client_cannot_escape_the_lock_by_forging_the_header(client, reviewer, settings):
    settings.VERIFIER_PROXY_COUNT = 1
    # nginx appends the real address; whatever the client wrote stands further left and is ignored.
    for n in range(settings.AXES_FAILURE_LIMIT):
        login(client, reviewer.username, "wrong", forwarded=f"10.0.0.{n}, 203.0.113.7")
    assert login(client, reviewer.username, PASSWORD, forwarded="10.9.9.9, 203.0.113.7").status_code == 429


def test_without_a_proxy_a_spoofed_header_changes_nothing(client, reviewer, settings):
    settings.VERIFIER_PROXY_COUNT = 0
    for n in range(settings.AXES_FAILURE_LIMIT):
        login(client, reviewer.username, "wrong", forwarded=f"203.0.113.{n}", remote="192.0.2.5")
    # A fresh header does not make a fresh client: the lock is on REMOTE_ADDR.
    response = login(client, reviewer.username, PASSWORD, forwarded="198.51.100.99", remote="192.0.2.5")
    assert response.status_code == 429
    # Another address is not locked.
    assert login(Client(), reviewer.username, PASSWORD, remote="192.0.2.6").status_code == 302


@pytest.mark.parametrize(
    ("count", "forwarded", "remote", "expected"),
    [
        (0, "203.0.113.7", "192.0.2.1", "192.0.2.1"),
        (1, "203.0.113.7", "127.0.0.1", "203.0.113.7"),
        (1, "6.6.6.6, 203.0.113.7", "127.0.0.1", "203.0.113.7"),
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.2", "127.0.0.1", "203.0.113.7"),
        (2, "203.0.113.7", "127.0.0.1", "127.0.0.1"),  # fewer entries than proxies: did not come through them
        (1, "not-an-address", "127.0.0.1", "127.0.0.1"),
        (1, "2001:DB8::1", "127.0.0.1", "2001:db8::1"),
    ],
)
def test_the_client_address_is_the_nth_from_the_right(rf, settings, count, forwarded, remote, expected):
    settings.VERIFIER_PROXY_COUNT = count
    request = rf.get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=remote)
    assert client_ip(request) == expected


def test_many_addresses_together_hit_the_per_username_cap(client, reviewer, settings):
    settings.VERIFIER_PROXY_COUNT = 1
    settings.VERIFIER_USERNAME_FAILURE_LIMIT = 12
    # A botnet: each address stays under the per-address limit.
    per_address = settings.AXES_FAILURE_LIMIT - 1
    for n in range(12 // per_address + 1):
        for _ in range(per_address):
            login(client, reviewer.username, "wrong", forwarded=f"203.0.113.{n}")
    # Now even the right password from a new address is refused, for this username only.
    assert login(Client(), reviewer.username, PASSWORD, forwarded="198.51.100.1").status_code == 429


def test_the_per_username_cap_forgets_failures_older_than_its_window(client, reviewer, settings):
    settings.VERIFIER_USERNAME_FAILURE_LIMIT = 3
    old = timezone.now() - settings.VERIFIER_USERNAME_FAILURE_WINDOW - timedelta(minutes=1)
    AccessFailureLog.objects.bulk_create(
        AccessFailureLog(username=reviewer.username, ip_address=f"203.0.113.{n}", user_agent="x") for n in range(10)
    )
    AccessFailureLog.objects.update(attempt_time=old)  # attempt_time is set on creation
    assert login(Client(), reviewer.username, PASSWORD, remote="198.51.100.1").status_code == 302


def test_the_token_endpoint_obeys_the_same_cap(client, reviewer, settings):
    settings.VERIFIER_USERNAME_FAILURE_LIMIT = 3
    for n in range(3):
        client.post(
            "/api/v1/auth/token/",
            {"username": reviewer.username, "password": "wrong"},
            content_type="application/json",
            REMOTE_ADDR=f"192.0.2.{n}",
        )
    response = client.post(
        "/api/v1/auth/token/",
        {"username": reviewer.username, "password": PASSWORD},
        content_type="application/json",
        REMOTE_ADDR="192.0.2.99",
    )
    assert response.status_code == 429
    assert response.json()["cooloff_seconds"] == settings.VERIFIER_USERNAME_FAILURE_WINDOW.total_seconds()
