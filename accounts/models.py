"""API tokens: stored as a SHA-256 digest of their secret, found by a short public prefix."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import models
from django.utils import timezone


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def for_user(self, user: User | AnonymousUser) -> ApiTokenQuerySet:
        """The tokens ``user`` owns (none for anonymous users)."""
        if not isinstance(user, User):  # the anonymous user (a User is always authenticated)
            return self.none()
        return self.filter(user=user)


class ApiToken(models.Model):
    """A per-user API token. Only its prefix and the SHA-256 of its secret are stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True, help_text="What the token is for, e.g. “CMS sync”")
    prefix = models.CharField(max_length=16, unique=True, help_text="Public part of the token, used to find it")
    digest = models.CharField(max_length=64, help_text="SHA-256 (hex) of the secret part")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.prefix} ({self.name or 'unnamed'}) of {self.user_id}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
