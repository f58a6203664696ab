"""Per-user settings of the reviewer pages."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class UserPreference(models.Model):
    """One row per user who changed a setting; a user without a row has the defaults."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preference")
    single_key_shortcuts = models.BooleanField(
        default=True, help_text="1, 2, 3, n and ? act outside text fields (off for speech input or switch users)"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"preferences of {self.user}"


def single_key_shortcuts_on(user: object) -> bool:
    """The user's setting, from a ``preference`` already loaded with ``select_related`` (no query)."""
    preference = getattr(user, "preference", None) if user is not None else None
    return True if preference is None else preference.single_key_shortcuts
