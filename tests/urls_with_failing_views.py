"""The site's URLs plus two views that fail, to see the real error handlers answer (test_malformed_requests)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from verifier.urls import handler404, handler500  # noqa: F401 - the handlers under test
from verifier.urls import urlpatterns as site_urlpatterns


def fail(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("secret detail that must not reach the client")


urlpatterns = [path("api/v1/fail/", fail), path("p/fail/", fail), *site_urlpatterns]
