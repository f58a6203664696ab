"""Per-user settings (not domain data: no history rows)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ..models import UserPreference
from ..models.core import AnyUser


@transaction.atomic
def preference_set(*, user: AnyUser, single_key_shortcuts: bool) -> UserPreference:
    """Turn the single-key shortcuts of the reviewer pages on or off for ``user`` (only themselves)."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied("Sign in to change your settings.")
    preference, _ = UserPreference.objects.update_or_create(
        user=user, defaults={"single_key_shortcuts": bool(single_key_shortcuts)}
    )
    return preference
