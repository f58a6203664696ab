"""Webhooks: project admins subscribe a URL to events; each event becomes a signed delivery that a
background task POSTs through the egress client, retrying with backoff.

``emit_event(project, event, data)`` is what a service calls inside its transaction: the deliveries are
written in that transaction (a rolled-back change sends nothing, a committed one is never lost) and the
delivery tasks are enqueued once it commits.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import random
import secrets
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from .. import egress
from ..models import WEBHOOK_EVENTS, Delivery, DeliveryAttempt, Project, Role, Webhook
from ..models.core import AnyUser
from .common import UNSET, _require_role, signed_in

MAX_TRIES = 8
# Backoff before try n+1: 2 min × 3^(n-1), at most 10 h, ±20 % jitter → 8 tries over about 22 hours.
BACKOFF_BASE = 120
BACKOFF_CAP = 10 * 3600
RESPONSE_MAX_BYTES = 64 * 1024
DELIVERY_DEADLINE = 15.0


def _new_secret() -> str:
    return "whsec_" + secrets.token_hex(32)


def clean_webhook_fields(*, url: Any = UNSET, events: Any = UNSET, active: Any = UNSET) -> dict[str, Any]:
    """Validate the fields an admin sets; ``ValidationError`` with a message per field."""
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    if url is not UNSET:
        if not isinstance(url, str) or not url.strip():
            errors["url"] = ["Give the http(s) URL to deliver to."]
        else:
            url = url.strip()
            try:
                URLValidator(schemes=["http", "https"])(url)
                if len(url) > 2000:
                    raise ValidationError("At most 2000 characters.")
            except ValidationError as exc:
                errors["url"] = [f"Not a valid http(s) URL: {' '.join(exc.messages)}"]
            else:
                values["url"] = url
    if events is not UNSET:
        if not isinstance(events, list | tuple) or not events or not all(isinstance(e, str) for e in events):
            errors["events"] = [f"Choose one or more of: {', '.join(WEBHOOK_EVENTS)}."]
        elif unknown := sorted(set(events) - set(WEBHOOK_EVENTS)):
            errors["events"] = [f"Unknown event(s): {', '.join(unknown)}. Choose from: {', '.join(WEBHOOK_EVENTS)}."]
        else:
            values["events"] = [e for e in WEBHOOK_EVENTS if e in set(events)]
    if active is not UNSET:
        if not isinstance(active, bool):
            errors["active"] = ["Must be true or false."]
        else:
            values["active"] = active
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def webhook_create(
    *, project: Project, actor: AnyUser, url: Any, events: Any, active: Any = True
) -> tuple[Webhook, str]:
    """Subscribe ``url`` to ``events`` (admins). Returns the webhook and its secret, shown only now."""
    _require_role(actor, project, Role.ADMIN)
    values = clean_webhook_fields(url=url, events=events, active=active)
    secret = _new_secret()
    webhook = Webhook.objects.create(project=project, created_by=signed_in(actor), secret=secret, **values)
    return webhook, secret


@transaction.atomic
def webhook_update(
    *, webhook: Webhook, actor: AnyUser, url: Any = UNSET, events: Any = UNSET, active: Any = UNSET
) -> Webhook:
    """Change a webhook's URL, events or active flag (admins); switching it on clears its failure count."""
    _require_role(actor, webhook.project, Role.ADMIN)
    values = clean_webhook_fields(url=url, events=events, active=active)
    for name, value in values.items():
        setattr(webhook, name, value)
    if values.get("active") is True:
        webhook.consecutive_failures, webhook.disabled_at = 0, None
    webhook.save()
    return webhook


@transaction.atomic
def webhook_rotate_secret(*, webhook: Webhook, actor: AnyUser) -> str:
    """Replace the signing secret (admins); the new one is returned, shown only now."""
    _require_role(actor, webhook.project, Role.ADMIN)
    webhook.secret = _new_secret()
    webhook.save(update_fields=["secret", "updated_at"])
    return webhook.secret


@transaction.atomic
def webhook_delete(*, webhook: Webhook, actor: AnyUser) -> None:
    """Remove a webhook and its delivery log (admins)."""
    _require_role(actor, webhook.project, Role.ADMIN)
    webhook.delete()


def emit_event(
    project: Project | int,
    event: str,
    data: dict[str, Any] | Callable[[], dict[str, Any]],
    *,
    maybe_subscribed: bool = True,
) -> int:
    """Record ``event`` for every active webhook of ``project`` subscribed to it; send after commit.

    Call it inside the transaction of the change. ``data`` is the API representation of the changed
    object, or a function returning it (only called when some webhook wants the event, so a project
    without webhooks pays one query). ``maybe_subscribed=False``: the caller read in this transaction
    that the project has no active webhook (``verdict_create``, ``claim_create``), so there is nothing
    to look up. Returns the number of deliveries queued.
    """
    if event not in WEBHOOK_EVENTS:
        raise ValueError(f"Unknown webhook event {event!r}")
    if not maybe_subscribed:
        return 0
    project_id = project if isinstance(project, int) else project.pk
    # By id: the model's ordering (project name, then id) means the same here and would join the project.
    active = Webhook.objects.filter(project_id=project_id, active=True).order_by("id")
    hooks = [h for h in active if event in h.events]
    if not hooks:
        return 0
    payload_data = data() if callable(data) else data
    created_at = timezone.now()
    deliveries = []
    for hook in hooks:
        delivery = Delivery(webhook=hook, event=event)
        delivery.payload = {
            "id": str(delivery.id),
            "event": event,
            "created_at": created_at.isoformat().replace("+00:00", "Z"),
            "project": project_id,
            "data": payload_data,
        }
        deliveries.append(delivery)
    Delivery.objects.bulk_create(deliveries)
    ids = [str(d.id) for d in deliveries]

    def enqueue_all() -> None:
        for delivery_id in ids:
            _enqueue(delivery_id)

    transaction.on_commit(enqueue_all)
    return len(deliveries)


def _enqueue(delivery_id: str, run_after: datetime | None = None) -> None:
    from ..tasks import deliver_webhook

    task = deliver_webhook
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return  # e.g. the immediate backend of the tests: the retry stays recorded in next_attempt_at
        task = task.using(run_after=run_after)
    task.enqueue(delivery_id)


@transaction.atomic
def delivery_redeliver(*, delivery: Delivery, actor: AnyUser) -> Delivery:
    """Send a delivery's payload again as a new delivery with a new id (admins)."""
    webhook = delivery.webhook
    _require_role(actor, webhook.project, Role.ADMIN)
    again = Delivery(webhook=webhook, event=delivery.event, redelivery_of=delivery)
    again.payload = {**delivery.payload, "id": str(again.id)}
    again.save()
    again_id = str(again.id)
    transaction.on_commit(lambda: _enqueue(again_id))
    return again


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The ``X-Verifier-Signature`` header value for ``body`` sent at ``timestamp``."""
    digest = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def backoff_seconds(tries_done: int) -> float:
    """Delay before the next try after ``tries_done`` failed tries (exponential, capped, with jitter)."""
    base = min(BACKOFF_BASE * 3 ** (tries_done - 1), BACKOFF_CAP)
    return float(base * random.uniform(0.8, 1.2))  # noqa: S311 - jitter, not security


def delivery_attempt(*, delivery_id: str) -> Delivery | None:
    """Make one attempt of a delivery; log it; schedule a retry or give up. Safe to run twice."""
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().select_related("webhook").filter(pk=delivery_id).first()
        if delivery is None or delivery.status in (Delivery.Status.DELIVERED, Delivery.Status.FAILED):
            return delivery
        webhook = delivery.webhook
        if not webhook.active:
            delivery.status = Delivery.Status.FAILED
            delivery.next_attempt_at = None
            delivery.save(update_fields=["status", "next_attempt_at"])
            DeliveryAttempt.objects.create(
                delivery=delivery,
                number=delivery.attempts + 1,
                started_at=timezone.now(),
                duration_ms=0,
                error="Not sent: the webhook is disabled.",
            )
            return delivery
        delivery.attempts += 1
        number = delivery.attempts
        delivery.save(update_fields=["attempts"])

    body = json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False).encode()
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "X-Verifier-Event": delivery.event,
        "X-Verifier-Delivery": str(delivery.id),
        "X-Verifier-Signature": sign(webhook.secret, timestamp, body),
    }
    started_at = timezone.now()
    started = time.monotonic()
    code: int | None = None
    error = ""
    retry = False
    try:
        response = egress.fetch(
            webhook.url,
            method="POST",
            content=body,
            headers=headers,
            follow_redirects=False,
            max_bytes=RESPONSE_MAX_BYTES,
            deadline=DELIVERY_DEADLINE,
        )
    except egress.EgressRefused as exc:
        error = str(exc)  # the address will not become acceptable by waiting
    except egress.EgressError as exc:
        error, retry = str(exc), True
    else:
        code = response.status_code
        if 200 <= code < 300:
            pass
        elif code >= 500 or code == 429:
            error, retry = f"The receiver answered HTTP {code}.", True
        else:
            error = f"The receiver answered HTTP {code}; not retried."
    duration_ms = int((time.monotonic() - started) * 1000)
    succeeded = not error
    with transaction.atomic():
        DeliveryAttempt.objects.create(
            delivery=delivery,
            number=number,
            started_at=started_at,
            duration_ms=duration_ms,
            response_code=code,
            error=error[:2000],
            succeeded=succeeded,
        )
        webhook = Webhook.objects.select_for_update().get(pk=webhook.pk)
        run_after = None
        if succeeded:
            delivery.status, delivery.next_attempt_at = Delivery.Status.DELIVERED, None
            webhook.consecutive_failures = 0
        else:
            webhook.consecutive_failures += 1
            if retry and number < MAX_TRIES:
                run_after = timezone.now() + timedelta(seconds=backoff_seconds(number))
                delivery.status, delivery.next_attempt_at = Delivery.Status.RETRYING, run_after
            else:
                delivery.status, delivery.next_attempt_at = Delivery.Status.FAILED, None
            if webhook.consecutive_failures >= settings.VERIFIER_WEBHOOK_DISABLE_AFTER and webhook.active:
                webhook.active, webhook.disabled_at = False, timezone.now()
        delivery.save(update_fields=["status", "next_attempt_at"])
        webhook.save(update_fields=["consecutive_failures", "active", "disabled_at", "updated_at"])
        if run_after is not None:
            delivery_id_ = str(delivery.id)
            transaction.on_commit(lambda: _enqueue(delivery_id_, run_after))
    return delivery


def claim_event_data(claim: Any) -> dict[str, Any]:
    """A claim as the API shows it (``GET /api/v1/claims/{id}/``), for an event payload."""
    from ..serializers import ClaimSerializer

    # A webhook goes to the desk's own systems (set up by an admin), not to a reviewer: blind review does
    # not apply, so the status is the claim's own.
    claim.shown_status = claim.status
    data: dict[str, Any] = json.loads(json.dumps(ClaimSerializer(claim).data))
    return data


def decision_event_data(decision: Any) -> dict[str, Any]:
    """A decision as the API shows it (``GET /api/v1/decisions/{id}/``), with its corrections."""
    from ..decision_serializers import DecisionSerializer
    from ..models import Decision

    fresh = Decision.objects.select_related("rating", "claim").prefetch_related("corrections").get(pk=decision.pk)
    data: dict[str, Any] = json.loads(json.dumps(DecisionSerializer(fresh).data, default=str))
    return data


def verdict_event_data(verdict: Any) -> dict[str, Any]:
    """A verdict as the API shows it (``GET /api/v1/verdicts/{id}/``), for an event payload."""
    from ..serializers import VerdictSerializer

    data: dict[str, Any] = json.loads(json.dumps(VerdictSerializer(verdict).data))
    return data
