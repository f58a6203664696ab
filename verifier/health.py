"""Health endpoints for load balancers, and the 503 answer when the database is unreachable.

- ``GET /healthz``: the process is up (200, touches nothing else).
- ``GET /readyz``: the database answers and every migration is applied (200 JSON), else 503 JSON.
- ``DatabaseUnavailableMiddleware`` and ``server_error`` turn a lost database connection into
  503 + ``Retry-After`` (JSON under ``/api/``, a plain page elsewhere) instead of a 500; Django closes
  the broken connection at the end of the request, so the next request reconnects by itself.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 10
DATABASE_DOWN = (OperationalError, InterfaceError)
UNAVAILABLE_PAGE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Temporarily unavailable</title></head>'
    "<body><h1>Temporarily unavailable</h1><p>The database cannot be reached right now. Nothing you sent was "
    "half-saved: please try again in a few seconds.</p></body></html>"
)


def _drop_broken_connections() -> None:
    # Django does this at the end of each request too; doing it now means the very next request
    # (even in the test client, which skips that hook) reconnects instead of reusing a dead socket.
    for conn in connections.all(initialized_only=True):
        if not conn.in_atomic_block:
            conn.close_if_unusable_or_obsolete()


def unavailable(request: HttpRequest) -> HttpResponse:
    """503 with Retry-After: JSON for the API, a plain page (no template, no database) for the web."""
    _drop_broken_connections()
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"detail": "The database is temporarily unavailable. Try again shortly."}, status=503
        )
    else:
        response = HttpResponse(UNAVAILABLE_PAGE, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """A view that loses the database answers 503, not 500 (first in MIDDLEWARE)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_DOWN):
            logger.warning("Database unavailable during %s %s: %s", request.method, request.path, exception)
            return unavailable(request)
        return None


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database outage met outside a view (a middleware reading the session) is a 503 too."""
    exc = sys.exc_info()[1]
    if isinstance(exc, DATABASE_DOWN):
        return unavailable(request)
    return HttpResponseServerError(
        "<!doctype html><title>Server error</title><h1>Server error</h1><p>Something went wrong on our side.</p>",
        content_type="text/html; charset=utf-8",
    )


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain")


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    status = {"database": "ok", "migrations": "ok"}
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DATABASE_DOWN as exc:
        logger.warning("readyz: database unreachable: %s", exc)
        _drop_broken_connections()
        return JsonResponse({"database": "unreachable", "migrations": "unknown"}, status=503)
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        status["migrations"] = "pending"
    return JsonResponse(status, status=200 if status["migrations"] == "ok" else 503)
