"""Webhooks: a project's subscriptions to events, and every delivery attempt made to them."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.models import User
from django.db import models

from .core import AnyUser, Project, Role, member_project_ids

WEBHOOK_EVENTS = (
    "claim.created",
    "claim.updated",
    "claim.deleted",
    "verdict.created",
    "verdict.updated",
    "verdict.deleted",
    "decision.published",
    "decision.corrected",
)


class WebhookQuerySet(models.QuerySet["Webhook"]):
    def for_user(self, user: AnyUser) -> WebhookQuerySet:
        """Webhooks of the projects ``user`` belongs to (admins manage them; see the services)."""
        return self.filter(project_id__in=member_project_ids(user))

    def administered_by(self, user: AnyUser) -> WebhookQuerySet:
        """Webhooks of the projects where ``user`` is an admin."""
        if not isinstance(user, User):
            return self.none()
        return self.filter(project__memberships__user=user, project__memberships__role=Role.ADMIN)


class Webhook(models.Model):
    """POST signed JSON to ``url`` when one of ``events`` happens in ``project``."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(max_length=2000)
    events = models.JSONField(default=list)
    active = models.BooleanField(default=True)
    secret = models.CharField(max_length=100, editable=False)
    consecutive_failures = models.PositiveIntegerField(default=0)
    disabled_at = models.DateTimeField(null=True, blank=True, help_text="Set when repeated failures disabled it")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WebhookQuerySet.as_manager()

    class Meta:
        ordering = ["project", "id"]

    def __str__(self) -> str:
        return f"{self.url} ({', '.join(self.events)})"


class Delivery(models.Model):
    """One event sent (or to be sent) to one webhook, with its attempts."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RETRYING = "retrying", "Retrying"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40)
    payload = models.JSONField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    redelivery_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook.url} ({self.status})"


class DeliveryAttempt(models.Model):
    """One HTTP attempt of a delivery: what came back, how long it took, or what went wrong."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField()
    response_code = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    succeeded = models.BooleanField(default=False)

    class Meta:
        ordering = ["delivery", "number"]

    def __str__(self) -> str:
        return f"attempt {self.number} ({self.response_code or self.error})"
