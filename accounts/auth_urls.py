"""Login, logout, password change — and password reset, which answers 404 unless e-mail is configured.

Django's ``django.contrib.auth.urls`` would route the reset pages unconditionally; without a mail server
they cannot work (and sending fails inside the request), so they exist only with ``EMAIL_URL``/``EMAIL_HOST``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponseBase
from django.urls import path


def if_email_configured(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """``view``, or a 404 while the server cannot send e-mail (checked on each request)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not settings.VERIFIER_PASSWORD_RESET:
            raise Http404("Password reset is not available: no e-mail is configured.")
        return view(request, *args, **kwargs)

    return wrapper


class LoginView(auth_views.LoginView):
    """Django's login page, which links to the password reset only when it is available."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "password_reset": settings.VERIFIER_PASSWORD_RESET}


urlpatterns = [
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "password_reset/",
        if_email_configured(auth_views.PasswordResetView.as_view()),
        name="password_reset",
    ),
    path(
        "password_reset/done/",
        if_email_configured(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        if_email_configured(auth_views.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        if_email_configured(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
]
