"""Invitations: an admin invites someone into a project by a one-time link (the token is stored hashed)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from .core import Project, Role


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        """Neither used nor revoked (expired ones included: an admin may re-issue them)."""
        return self.filter(used_at__isnull=True, revoked_at__isnull=True)

    def usable(self) -> InvitationQuerySet:
        return self.pending().filter(expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An invitation of ``user`` (a new inactive account, or an existing one) into ``project`` with ``role``."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.REVIEWER)
    email = models.EmailField(blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} invited to {self.project} as {self.role}"

    @property
    def state(self) -> str:
        if self.used_at:
            return "used"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"

    @classmethod
    def find(cls, raw: Any) -> Invitation | None:
        """The invitation whose link carries ``raw`` (any state), or None."""
        if not isinstance(raw, str) or not raw or len(raw) > 200:
            return None
        return cls.objects.select_related("project", "user").filter(token_hash=hash_token(raw)).first()
