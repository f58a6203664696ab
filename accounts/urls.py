"""Token pages (mounted at /accounts/tokens/)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.token_list, name="token_list"),
    path("<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("revoke-all/", views.token_revoke_all, name="token_revoke_all"),
]
