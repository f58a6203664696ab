"""Creating, checking and revoking API tokens."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from verifier.lib.storable import text_problem

from .models import ApiToken

# ``request.user`` as views and the API hand it over; the services refuse the anonymous one.
AnyUser = User | AnonymousUser


def _signed_in(user: AnyUser) -> User:
    if not isinstance(user, User):
        raise PermissionDenied("Sign in first.")
    return user


TOKEN_TAG = "vrf"  # noqa: S105 (a public marker, not a secret)
# last_used_at is written at most this often per token, so reads do not turn into writes.
LAST_USED_RESOLUTION = timedelta(minutes=1)
MAX_TOKENS_PER_USER = 100
PREFIX_SHAPE = re.compile(r"[0-9a-f]{12}")


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@transaction.atomic
def token_create(*, user: AnyUser, name: str = "", ttl: timedelta | None = None) -> tuple[ApiToken, str]:
    """Make a token for ``user``; returns it and the full token string, which is never stored."""
    if name is None:
        name = ""
    if not isinstance(name, str) or text_problem(name):
        raise ValidationError({"name": [text_problem(name) if isinstance(name, str) else "Must be text."]})
    name = name.strip()
    if len(name) > 100:
        raise ValidationError({"name": ["At most 100 characters."]})
    user = _signed_in(user)
    if ApiToken.objects.filter(user=user).count() >= MAX_TOKENS_PER_USER:
        raise ValidationError({"name": [f"You have {MAX_TOKENS_PER_USER} tokens already: revoke some first."]})
    prefix, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=prefix,
        digest=_digest(secret),
        expires_at=timezone.now() + (ttl if ttl is not None else settings.VERIFIER_TOKEN_TTL),
    )
    return token, f"{TOKEN_TAG}_{prefix}_{secret}"


def token_check(raw: str) -> ApiToken | None:
    """The active token whose full string is ``raw`` (with its user loaded), or None."""
    parts = raw.split("_", 2)
    # The prefix is 12 hex digits; anything else (say a NUL byte) never reaches the database.
    if len(parts) != 3 or parts[0] != TOKEN_TAG or not PREFIX_SHAPE.fullmatch(parts[1]) or not parts[2]:
        return None
    # The prefix is unique: no ordering (the model's would sort the one row).
    found = ApiToken.objects.select_related("user").filter(prefix=parts[1]).order_by()[:1]
    token = next(iter(found), None)
    if token is None or not hmac.compare_digest(token.digest, _digest(parts[2])):
        return None
    now = timezone.now()
    if token.expires_at <= now:
        return None
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def token_revoke(*, token: ApiToken, actor: AnyUser) -> None:
    """Revoke (delete) ``token``; only its owner may."""
    if token.user_id != actor.pk:
        raise ValidationError({"token": ["You can revoke only your own tokens."]})
    token.delete()


def tokens_revoke_all(*, user: AnyUser) -> int:
    """Revoke (delete) every token of ``user``; returns how many there were."""
    count, _ = ApiToken.objects.filter(user=_signed_in(user)).delete()
    return count
