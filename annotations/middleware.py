"""Request-scoped state the domain models keep."""

from __future__ import annotations

from typing import Any

from .models.core import request_memberships


class MembershipsPerRequest:
    """Middleware: each request reads the signed-in user's memberships at most once (``memberships_of``)."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        token = request_memberships.set({})
        try:
            return self.get_response(request)
        finally:
            request_memberships.reset(token)
