"""Webhooks: admins manage them; claim/verdict changes are delivered signed, after commit, through the
egress client to a local server; retries with backoff; the README's verification snippet works."""

from __future__ import annotations

import json
import re
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone
from rest_framework.test import APIClient

from annotations import services
from annotations.models import Delivery, Webhook
from annotations.services import webhooks as webhook_services

from .local_http import local_server

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_verify_signature():
    """The receiver snippet exactly as the README shows it."""
    text = README.read_text(encoding="utf-8")
    match = re.search(r"<!-- webhook-verify-snippet -->\n```python\n(.*?)```", text, re.DOTALL)
    assert match, "README lost its webhook verification snippet"
    namespace: dict = {}
    exec(compile(match.group(1), "README.md", "exec"), namespace)  # noqa: S102 - our own README
    return namespace["verify_signature"]


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def ok(_request):
    return 200, {"Content-Type": "text/plain"}, b"thanks"


@pytest.fixture
def receiver(settings):
    with local_server() as server:
        server.routes["/hook"] = ok
        settings.VERIFIER_OUTBOUND_ALLOW = [server.allow]
        yield server


@pytest.fixture
def hook(project, admin_user_, receiver):
    webhook, secret = services.webhook_create(
        project=project, actor=admin_user_, url=receiver.url("/hook"), events=["claim.created", "verdict.created"]
    )
    webhook.plain_secret = secret
    return webhook


def test_a_committed_change_is_delivered_signed_and_the_readme_snippet_verifies_it(
    hook, article, reviewer, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        claim = services.claim_create(article=article, created_by=reviewer, quote="1,200 containers were moved")
    assert len(receiver.requests) == 1
    sent = receiver.requests[0]
    payload = json.loads(sent.body)
    delivery = Delivery.objects.get(webhook=hook)
    assert payload["id"] == str(delivery.id) == sent.headers["x-verifier-delivery"]
    assert payload["event"] == sent.headers["x-verifier-event"] == "claim.created"
    assert payload["project"] == article.project_id
    assert payload["data"] == api(reviewer).get(f"/api/v1/claims/{claim.pk}/").json()
    assert sent.headers["content-type"] == "application/json"
    assert sent.headers["user-agent"].startswith("verifier/")

    verify_signature = readme_verify_signature()
    signature = sent.headers["x-verifier-signature"]
    assert re.fullmatch(r"t=\d+,v1=[0-9a-f]{64}", signature)
    assert verify_signature(hook.plain_secret, signature, sent.body) is True
    assert verify_signature(hook.plain_secret, signature, sent.body.replace(b"claim", b"claxm")) is False
    assert verify_signature("whsec_wrong", signature, sent.body) is False
    old = int(signature.split(",")[0][2:]) - 3600
    assert (
        verify_signature(hook.plain_secret, webhook_services.sign(hook.plain_secret, old, sent.body), sent.body)
        is False
    )

    delivery.refresh_from_db()
    assert delivery.status == "delivered"
    attempt = delivery.attempt_log.get()
    assert (attempt.number, attempt.response_code, attempt.succeeded, attempt.error) == (1, 200, True, "")


def test_a_rolled_back_change_sends_nothing(hook, article, reviewer, receiver, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        services.claim_create(article=article, created_by=reviewer, quote="1,200 containers were moved")
        raise RuntimeError("the request failed after the claim was saved")
    assert Delivery.objects.count() == 0
    assert receiver.requests == []


def test_only_subscribed_events_of_active_webhooks_are_delivered(
    hook, claim, reviewer, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_update(claim=claim, actor=reviewer, expected_version=None, statement="Changed")  # not subscribed
        services.verdict_create(claim=claim, reviewer=reviewer, label="confirmed", rationale="Port log")
    assert [r.headers["x-verifier-event"] for r in receiver.requests] == ["verdict.created"]
    assert json.loads(receiver.requests[0].body)["data"]["label"] == "confirmed"
    Webhook.objects.filter(pk=hook.pk).update(active=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_create(article=claim.article, created_by=reviewer, quote="night shift")
    assert len(receiver.requests) == 1


def test_every_claim_and_verdict_event_is_emitted(
    project, admin_user_, article, reviewer, receiver, django_capture_on_commit_callbacks
):
    events = [
        "claim.created",
        "claim.updated",
        "claim.deleted",
        "verdict.created",
        "verdict.updated",
        "verdict.deleted",
    ]
    services.webhook_create(project=project, actor=admin_user_, url=receiver.url("/hook"), events=events)
    with django_capture_on_commit_callbacks(execute=True):
        claim = services.claim_create(article=article, created_by=reviewer, quote="1,200 containers were moved")
        claim = services.claim_update(claim=claim, actor=reviewer, expected_version=1, statement="Moved overnight")
        verdict = services.verdict_create(claim=claim, reviewer=reviewer, label="confirmed", rationale="Port log")
        verdict = services.verdict_update(
            verdict=verdict, actor=reviewer, expected_version=1, label="disputed", rationale="No"
        )
        services.verdict_delete(verdict=verdict, actor=reviewer, expected_version=2)
        services.claim_delete(claim=claim, actor=reviewer, expected_version=2)
    sent = [(r.headers["x-verifier-event"], json.loads(r.body)["data"]) for r in receiver.requests]
    assert [event for event, _ in sent] == [
        "claim.created",
        "claim.updated",
        "verdict.created",
        "verdict.updated",
        "verdict.deleted",
        "claim.deleted",
    ]
    assert sent[1][1]["statement"] == "Moved overnight"
    assert sent[3][1]["label"] == "disputed"
    assert sent[5][1]["id"] == claim.pk


def test_emit_event_accepts_decision_events_for_the_decisions_workflow(
    project, admin_user_, receiver, django_capture_on_commit_callbacks
):
    services.webhook_create(
        project=project, actor=admin_user_, url=receiver.url("/hook"), events=["decision.published"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.emit_event(project, "decision.published", {"id": 5, "label": "disputed"}) == 1
        assert services.emit_event(project, "decision.corrected", {"id": 5}) == 0
    assert json.loads(receiver.requests[0].body)["data"] == {"id": 5, "label": "disputed"}
    with pytest.raises(ValueError, match="Unknown webhook event"):
        services.emit_event(project, "decision.exploded", {})


def failing(status):
    return lambda _request: (status, {"Content-Type": "text/plain"}, b"nope")


def test_a_5xx_is_retried_later_with_backoff_then_delivered(
    hook, project, receiver, django_capture_on_commit_callbacks
):
    receiver.routes["/hook"] = failing(503)
    with django_capture_on_commit_callbacks(execute=True):
        services.emit_event(project, "claim.created", {"id": 1})
    delivery = Delivery.objects.get()
    assert delivery.status == "retrying"
    assert delivery.attempts == 1
    wait = (delivery.next_attempt_at - timezone.now()).total_seconds()
    assert 120 * 0.8 - 5 <= wait <= 120 * 1.2
    attempt = delivery.attempt_log.get()
    assert (attempt.response_code, attempt.succeeded) == (503, False)
    assert "503" in attempt.error

    receiver.routes["/hook"] = ok
    services.delivery_attempt(delivery_id=str(delivery.id))
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("delivered", 2, None)
    assert receiver.requests[0].headers["x-verifier-delivery"] == receiver.requests[1].headers["x-verifier-delivery"]
    hook.refresh_from_db()
    assert hook.consecutive_failures == 0


@pytest.mark.parametrize("status", [429, 500, 502])
def test_429_and_5xx_are_retried(hook, project, receiver, status):
    receiver.routes["/hook"] = failing(status)
    services.emit_event(project, "claim.created", {"id": 1})
    delivery = Delivery.objects.get()
    services.delivery_attempt(delivery_id=str(delivery.id))
    delivery.refresh_from_db()
    assert delivery.status == "retrying"


@pytest.mark.parametrize("status", [400, 401, 404, 410])
def test_other_4xx_are_not_retried(hook, project, receiver, status):
    receiver.routes["/hook"] = failing(status)
    services.emit_event(project, "claim.created", {"id": 1})
    delivery = Delivery.objects.get()
    services.delivery_attempt(delivery_id=str(delivery.id))
    delivery.refresh_from_db()
    assert (delivery.status, delivery.next_attempt_at) == ("failed", None)
    assert f"HTTP {status}; not retried" in delivery.attempt_log.get().error
    services.delivery_attempt(delivery_id=str(delivery.id))  # a stray second run changes nothing
    assert len(receiver.requests) == 1


def test_a_timeout_is_retried(hook, project, receiver, monkeypatch):
    monkeypatch.setattr(webhook_services, "DELIVERY_DEADLINE", 0.5)
    receiver.routes["/hook"] = lambda _r: (200, {"Connection": "close"}, [(2.0, b"late")])
    services.emit_event(project, "claim.created", {"id": 1})
    delivery = Delivery.objects.get()
    services.delivery_attempt(delivery_id=str(delivery.id))
    delivery.refresh_from_db()
    assert delivery.status == "retrying"
    assert "Timed out" in delivery.attempt_log.get().error


def test_a_connection_error_is_retried_and_an_internal_address_is_not(project, admin_user_, settings):
    with local_server() as gone:
        port = gone.port
    settings.VERIFIER_OUTBOUND_ALLOW = [f"127.0.0.1:{port}"]
    closed, _ = services.webhook_create(
        project=project, actor=admin_user_, url=f"http://127.0.0.1:{port}/hook", events=["claim.created"]
    )
    internal, _ = services.webhook_create(
        project=project, actor=admin_user_, url="http://169.254.169.254/hook", events=["claim.created"]
    )
    services.emit_event(project, "claim.created", {"id": 1})
    for webhook, status, error in ((closed, "retrying", "Could not connect"), (internal, "failed", "link-local")):
        delivery = Delivery.objects.get(webhook=webhook)
        services.delivery_attempt(delivery_id=str(delivery.id))
        delivery.refresh_from_db()
        assert delivery.status == status
        assert error in delivery.attempt_log.get().error


def test_eight_tries_at_most_over_about_a_day(hook, project, receiver):
    receiver.routes["/hook"] = failing(500)
    services.emit_event(project, "claim.created", {"id": 1})
    delivery = Delivery.objects.get()
    for _ in range(10):
        services.delivery_attempt(delivery_id=str(delivery.id))
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", 8)
    assert len(receiver.requests) == 8
    # The planned gaps between the 8 tries: exponential, capped, about 22 hours in all (without jitter).
    gaps = [min(webhook_services.BACKOFF_BASE * 3 ** (n - 1), webhook_services.BACKOFF_CAP) for n in range(1, 8)]
    assert gaps == sorted(gaps)
    assert timedelta(hours=18) < timedelta(seconds=sum(gaps)) < timedelta(hours=26)
    jittered = [webhook_services.backoff_seconds(1) for _ in range(50)]
    assert min(jittered) >= 96 and max(jittered) <= 144 and len(set(jittered)) > 1


def test_the_retry_is_scheduled_with_run_after_on_a_deferring_backend(
    hook, project, receiver, settings, django_capture_on_commit_callbacks
):
    receiver.routes["/hook"] = failing(500)
    services.emit_event(project, "claim.created", {"id": 1})
    delivery = Delivery.objects.get()
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from annotations.tasks import deliver_webhook

    with django_capture_on_commit_callbacks(execute=True):  # the retry is queued when the attempt commits
        services.delivery_attempt(delivery_id=str(delivery.id))
    delivery.refresh_from_db()
    [result] = deliver_webhook.get_backend().results
    assert result.args == [str(delivery.id)]
    assert result.task.run_after == delivery.next_attempt_at > timezone.now()


def test_repeated_failures_disable_the_webhook(hook, project, receiver, settings):
    settings.VERIFIER_WEBHOOK_DISABLE_AFTER = 3
    receiver.routes["/hook"] = failing(404)
    for i in range(3):
        services.emit_event(project, "claim.created", {"id": i})
    for delivery in Delivery.objects.all():
        services.delivery_attempt(delivery_id=str(delivery.id))
    hook.refresh_from_db()
    assert hook.active is False and hook.disabled_at is not None
    assert services.emit_event(project, "claim.created", {"id": 9}) == 0


def test_switching_a_disabled_webhook_on_clears_its_failures(hook, admin_user_):
    Webhook.objects.filter(pk=hook.pk).update(active=False, consecutive_failures=16, disabled_at=timezone.now())
    hook.refresh_from_db()
    services.webhook_update(webhook=hook, actor=admin_user_, active=True)
    hook.refresh_from_db()
    assert (hook.active, hook.consecutive_failures, hook.disabled_at) == (True, 0, None)


def test_deliveries_never_follow_a_redirect(project, admin_user_, receiver):
    receiver.routes["/hook"] = lambda _r: (307, {"Location": "/elsewhere"}, b"")
    receiver.routes["/elsewhere"] = ok
    services.webhook_create(project=project, actor=admin_user_, url=receiver.url("/hook"), events=["claim.created"])
    services.emit_event(project, "claim.created", {"id": 1})
    services.delivery_attempt(delivery_id=str(Delivery.objects.get().id))
    assert [r.path for r in receiver.requests] == ["/hook"]
    assert Delivery.objects.get().status == "failed"


def test_time_in_the_signature_is_now(hook, project, receiver):
    services.emit_event(project, "claim.created", {"id": 1})
    services.delivery_attempt(delivery_id=str(Delivery.objects.get().id))
    t = int(receiver.requests[0].headers["x-verifier-signature"].split(",")[0][2:])
    assert abs(time.time() - t) < 10


def test_a_project_with_webhooks_still_gets_the_duplicate_warning_and_a_confirmed_duplicate_is_delivered(
    hook, article, reviewer, receiver, django_capture_on_commit_callbacks
):
    """claim_create reads the overlapping claims and the project's webhooks in one query (a UNION): the
    webhooks' rows must not count as claims, and the confirmed path (which skips that query) still delivers."""
    with django_capture_on_commit_callbacks(execute=True):
        first = services.claim_create(article=article, created_by=reviewer, quote="1,200 containers were moved")
    with pytest.raises(services.DuplicateClaim) as exc:
        services.claim_create(article=article, created_by=reviewer, quote="1,200 containers were moved")
    assert (exc.value.existing.pk, exc.value.existing.start, exc.value.overlap) == (first.pk, first.start, 1.0)
    assert exc.value.existing.quote == first.quote  # the other fields load when read, as with .only()
    with django_capture_on_commit_callbacks(execute=True):
        second = services.claim_create(
            article=article, created_by=reviewer, quote="1,200 containers were moved", confirm_duplicate=True
        )
    sent = [json.loads(r.body)["data"]["id"] for r in receiver.requests]
    assert sent == [first.pk, second.pk]
