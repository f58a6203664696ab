"""``handler404`` and ``handler500``: JSON under /api/, the site's own pages elsewhere, never a traceback."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults

API_PREFIX = "/api/"


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request's context: whatever failed (the database, a context processor) may fail
    again, so the page needs nothing but its template."""
    if _is_api(request):
        return JsonResponse({"detail": "Server error: the request was not completed. Try again later."}, status=500)
    return HttpResponse(loader.get_template("500.html").render(), status=500)
