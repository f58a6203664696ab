"""/api/v1/webhooks/ (project admins) and the web pages that manage webhooks and show deliveries."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from annotations import services
from annotations.models import Delivery, Webhook

from .local_http import local_server

URL = "/api/v1/webhooks/"


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def web(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def receiver(settings):
    with local_server() as server:
        server.routes["/hook"] = lambda _r: (200, {}, b"ok")
        settings.VERIFIER_OUTBOUND_ALLOW = [server.allow]
        yield server


def test_an_admin_creates_a_webhook_and_sees_the_secret_once(admin_user_, project):
    client = api(admin_user_)
    response = client.post(
        URL, {"project": project.pk, "url": "https://cms.example.org/hook", "events": ["verdict.created"]}
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["secret"].startswith("whsec_") and len(body["secret"]) > 40
    assert Webhook.objects.get(pk=body["id"]).secret == body["secret"]
    assert (body["url"], body["events"], body["active"]) == ("https://cms.example.org/hook", ["verdict.created"], True)
    listed = client.get(URL).json()
    assert [w["id"] for w in listed] == [body["id"]]
    assert "secret" not in listed[0]
    assert "secret" not in client.get(f"{URL}{body['id']}/").json()


def test_rotating_gives_a_new_secret(admin_user_, project):
    webhook, secret = services.webhook_create(
        project=project, actor=admin_user_, url="https://cms.example.org/h", events=["claim.created"]
    )
    response = api(admin_user_).post(f"{URL}{webhook.pk}/rotate-secret/")
    assert response.status_code == 200
    assert response.json()["secret"] not in ("", secret)
    webhook.refresh_from_db()
    assert webhook.secret == response.json()["secret"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"url": "ftp://x.example/", "events": ["claim.created"]}, "url"),
        ({"url": "not a url", "events": ["claim.created"]}, "url"),
        ({"url": "https://x.example/", "events": ["claim.exploded"]}, "events"),
        ({"url": "https://x.example/", "events": []}, "events"),
        ({"url": "https://x.example/", "events": ["claim.created"], "secret": "mine"}, "secret"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(admin_user_, project, payload, field):
    response = api(admin_user_).post(URL, {"project": project.pk, **payload})
    assert response.status_code == 400
    assert field in response.json()


def test_editors_get_403_reviewers_and_outsiders_see_nothing(admin_user_, editor, reviewer, outsider, project):
    webhook, _ = services.webhook_create(
        project=project, actor=admin_user_, url="https://cms.example.org/h", events=["claim.created"]
    )
    new = {"project": project.pk, "url": "https://x.example/", "events": ["claim.created"]}
    assert api(editor).post(URL, new).status_code == 403
    assert api(outsider).post(URL, new).status_code == 400  # not one of their projects
    for user in (editor, reviewer, outsider):
        assert api(user).get(URL).json() == []
        assert api(user).get(f"{URL}{webhook.pk}/").status_code == 404
        assert api(user).get(f"{URL}{webhook.pk}/deliveries/").status_code == 404
        assert api(user).delete(f"{URL}{webhook.pk}/").status_code == 404
    assert Webhook.objects.count() == 1


def test_patch_and_delete(admin_user_, project):
    webhook, _ = services.webhook_create(
        project=project, actor=admin_user_, url="https://cms.example.org/h", events=["claim.created"]
    )
    response = api(admin_user_).patch(f"{URL}{webhook.pk}/", {"active": False, "events": ["verdict.updated"]})
    assert response.status_code == 200
    assert (response.json()["active"], response.json()["events"]) == (False, ["verdict.updated"])
    assert api(admin_user_).delete(f"{URL}{webhook.pk}/").status_code == 204
    assert not Webhook.objects.exists()


def test_the_delivery_log_and_redelivery(
    admin_user_, project, receiver, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    webhook, _ = services.webhook_create(
        project=project, actor=admin_user_, url=receiver.url("/hook"), events=["claim.created"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(3):
            services.emit_event(project, "claim.created", {"id": i})
    client = api(admin_user_)
    # Queries: the webhook (scoped to the admin's projects), its deliveries, their attempts.
    with django_assert_max_num_queries(3):
        log = client.get(f"{URL}{webhook.pk}/deliveries/").json()
    assert len(log) == 3
    first = log[0]
    assert first["status"] == "delivered"
    assert first["attempt_log"][0]["response_code"] == 200
    assert first["attempt_log"][0]["duration_ms"] >= 0
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{URL}{webhook.pk}/deliveries/{first['id']}/redeliver/")
    assert response.status_code == 202
    again = response.json()
    assert again["id"] != first["id"] and again["redelivery_of"] == first["id"]
    assert receiver.requests[-1].headers["x-verifier-delivery"] == again["id"]
    assert Delivery.objects.get(pk=again["id"]).status == "delivered"


def test_the_web_pages_manage_webhooks_and_show_deliveries(
    admin_user_, editor, outsider, project, receiver, django_capture_on_commit_callbacks
):
    page = reverse("annotations:webhook_list", args=[project.slug])
    client = web(admin_user_)
    assert client.get(page).status_code == 200
    response = client.post(page, {"url": receiver.url("/hook"), "events": ["claim.created"]})
    assert response.status_code == 201
    webhook = Webhook.objects.get()
    assert webhook.secret in response.content.decode()
    assert webhook.secret not in client.get(page).content.decode()  # shown once

    bad = client.post(page, {"url": "gopher://x.example/", "events": []})
    assert bad.status_code == 400
    assert "gopher://x.example/" in bad.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.emit_event(project, "claim.created", {"id": 1})
    deliveries_page = reverse("annotations:webhook_deliveries", args=[project.slug, webhook.pk])
    content = client.get(deliveries_page).content.decode()
    assert "HTTP 200" in content and "Delivered" in content
    delivery = Delivery.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(deliveries_page, {"delivery": str(delivery.pk)}).status_code == 302
    assert Delivery.objects.count() == 2
    assert client.post(deliveries_page, {"delivery": "not-a-uuid"}).status_code == 404

    action = reverse("annotations:webhook_action", args=[project.slug, webhook.pk])
    client.post(action, {"action": "disable"})
    webhook.refresh_from_db()
    assert webhook.active is False
    rotated = client.post(action, {"action": "rotate"})
    webhook.refresh_from_db()
    assert webhook.secret in rotated.content.decode()

    assert web(editor).get(page).status_code == 403
    assert web(outsider).get(page).status_code == 404
    assert web(outsider).post(action, {"action": "delete"}).status_code == 404
    client.post(action, {"action": "delete"})
    assert not Webhook.objects.exists()


def test_a_disabled_webhook_is_shown_as_such(admin_user_, project):
    from django.utils import timezone

    webhook, _ = services.webhook_create(
        project=project, actor=admin_user_, url="https://cms.example.org/h", events=["claim.created"]
    )
    Webhook.objects.filter(pk=webhook.pk).update(active=False, disabled_at=timezone.now(), consecutive_failures=16)
    content = web(admin_user_).get(reverse("annotations:webhook_list", args=[project.slug])).content.decode()
    assert "Disabled after 16 failed attempts" in content
    assert api(admin_user_).get(f"{URL}{webhook.pk}/").json()["disabled_at"] is not None
