"""Login lockout (django-axes): which address a request comes from, and a per-username cap over all addresses."""

from __future__ import annotations

import ipaddress
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessFailureLog
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone


def _ip(value: str) -> str | None:
    """``value`` as a normalised IP address, or None when it is not one."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as the proxies in front of us saw it (``AXES_CLIENT_IP_CALLABLE``).

    With ``PROXY_COUNT=N`` > 0 each of the N proxies appends the address it received the request from to
    ``X-Forwarded-For``, so the N-th entry from the right is the client as seen by the outermost proxy;
    anything further left was written by the client and proves nothing. With 0 (no proxy) the header is
    ignored and only ``REMOTE_ADDR`` counts. A header with fewer entries, or one that is not an address,
    falls back to ``REMOTE_ADDR``.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.VERIFIER_PROXY_COUNT
    if count > 0:
        forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= count:
            address = _ip(forwarded[-count])
            if address is not None:
                return address
    return _ip(remote) or remote or None


class UsernameCapHandler(AxesDatabaseHandler):
    """Axes' database handler plus a cap on failures per username from *all* addresses.

    The per-address lock (``AXES_FAILURE_LIMIT`` per username and address) stops one guesser; this cap
    (``USERNAME_FAILURE_LIMIT`` failures in ``USERNAME_FAILURE_WINDOW_MINUTES``) stops many addresses guessing
    the same account. It counts axes' failure log in the database, so all server processes agree.
    """

    def is_locked(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
        if super().is_locked(request, credentials):
            return True
        capped = self.username_capped(request, credentials)
        request.verifier_username_capped = capped  # type: ignore[attr-defined]  # read by the lockout answer
        return capped

    def user_login_failed(self, sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        # Axes marks only its own lock; the cap must answer with the same lockout page (or the API's 429).
        if request is not None and not getattr(request, "axes_locked_out", False):
            request.axes_locked_out = request.verifier_username_capped = self.username_capped(request, credentials)

    def username_capped(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
        username = get_client_username(request, credentials)
        if not username:
            return False
        since = timezone.now() - settings.VERIFIER_USERNAME_FAILURE_WINDOW
        failures = AccessFailureLog.objects.filter(username=username, attempt_time__gte=since)
        return failures.count() >= settings.VERIFIER_USERNAME_FAILURE_LIMIT
