"""Finding the account to add to a project by username, without telling who has an account."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User

# One answer for every username that cannot be added — no such account, or a deactivated one — so the
# add-member form cannot be used to find out which usernames exist.
NOT_ADDABLE = (
    "No account can be added under this name. Check the spelling, or ask an administrator to create the account."
)


def addable_user(username: str) -> User | None:
    """The active account called exactly ``username``, or None."""
    return get_user_model().objects.filter(username=username, is_active=True).first()
