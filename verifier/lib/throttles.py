"""Per-user DRF throttles, counted in the default cache (the database cache, or Redis with REDIS_URL).

Rates are ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope]`` (env ``THROTTLE_TOKEN_CREATE``,
``THROTTLE_EXPORT``), read at each request so a changed setting applies at once.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from rest_framework.exceptions import Throttled
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle


class PerUserThrottle(SimpleRateThrottle):
    """Counts the requests of one signed-in user in ``scope``; anonymous requests are left to authentication."""

    def get_rate(self) -> str | None:
        rates: dict[str, str | None] = api_settings.DEFAULT_THROTTLE_RATES  # type: ignore[assignment]  # stubs say float
        return rates.get(self.scope) if self.scope else None

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": user.pk}


class TokenCreateThrottle(PerUserThrottle):
    """Creating API tokens (with a password at the API, or on the tokens page)."""

    scope = "token_create"


class ExportThrottle(PerUserThrottle):
    """Streaming exports: each one reads a whole project."""

    scope = "export"


def throttle_user(throttle_class: type[PerUserThrottle], user: AbstractBaseUser | AnonymousUser) -> None:
    """Count one request of ``user`` against ``throttle_class``; raise ``Throttled`` (429) over the rate.

    For requests that are not throttled by a DRF view's ``throttle_classes``: a web page, or the password
    exchange whose user is known only after the password was checked.
    """
    throttle = throttle_class()
    # Only ``request.user`` is read (by ``get_cache_key``), so a namespace stands in for the DRF request.
    if not throttle.allow_request(SimpleNamespace(user=user), None):  # type: ignore[arg-type]
        raise Throttled(wait=throttle.wait())
