"""Token pages (mounted at /accounts/tokens/)."""

from django.urls import path

import verifier.lib.converters  # noqa: F401 - registers <id:…>

from . import views

urlpatterns = [
    path("", views.token_list, name="token_list"),
    path("<id:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("revoke-all/", views.token_revoke_all, name="token_revoke_all"),
]
