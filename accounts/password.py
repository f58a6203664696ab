"""A new password revokes the user's API tokens, whichever way it was set."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, User

from .services import tokens_revoke_all


class RevokeApiTokensOnPasswordChange:
    """Listed in ``AUTH_PASSWORD_VALIDATORS`` for its ``password_changed`` hook, which Django calls after every
    saved ``set_password`` — the password change and reset pages, the admin, ``manage.py changepassword``.
    Someone who changes a password because it leaked must not leave a working token with the intruder.
    It refuses no password; its help text tells the user what will happen."""

    def validate(self, password: str, user: AbstractBaseUser | None = None) -> None:
        return None

    def password_changed(self, password: str, user: AbstractBaseUser | None = None, **kwargs: Any) -> None:
        if isinstance(user, User) and user.pk is not None:
            tokens_revoke_all(user=user)

    def get_help_text(self) -> str:
        return "Setting a new password revokes your API tokens."
