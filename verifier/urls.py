"""URL configuration: the reviewer web app, accounts, the admin and the REST API."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from verifier import health

handler500 = "verifier.health.server_error"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("accounts/tokens/", include("accounts.urls")),
    path("accounts/", include("accounts.auth_urls")),
    path("api/v1/export/", include("annotations.export_urls")),
    path("api/v1/", include("annotations.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "api/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="schema", template_name="api/swagger_ui.html"),
        name="api-docs",
    ),
    path("", include("annotations.integration_urls")),
    path("", include("annotations.urls")),
]

# JSON under /api/, HTML pages elsewhere (verifier/lib/error_pages.py).
handler404 = "verifier.lib.error_pages.not_found"
handler500 = "verifier.lib.error_pages.server_error"
