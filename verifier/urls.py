"""URL configuration: the reviewer web app, accounts, the admin and the REST API."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/v1/export/", include("annotations.export_urls")),
    path("api/v1/", include("annotations.api_urls")),
    path("", include("annotations.urls")),
]
