"""The "API tokens" page: list your tokens, create one (shown once), revoke one."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from . import services
from .forms import TokenCreateForm
from .models import ApiToken

# The new token's value waits in the session for exactly one page view (post/redirect/get).
NEW_TOKEN_SESSION_KEY = "accounts_new_token"  # noqa: S105 (a session key name)


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _, raw = services.token_create(user=request.user, name=form.cleaned_data["name"])
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            request.session[NEW_TOKEN_SESSION_KEY] = raw
            return redirect("token_list")
    new_token = request.session.pop(NEW_TOKEN_SESSION_KEY, None)
    tokens = ApiToken.objects.for_user(request.user)
    return render(
        request,
        "accounts/token_list.html",
        {"form": form, "tokens": tokens, "new_token": new_token, "ttl_days": settings.VERIFIER_TOKEN_TTL.days},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.for_user(request.user), pk=pk)
    services.token_revoke(token=token, actor=request.user)
    messages.success(request, f"Token {token.prefix} ({token.name or 'unnamed'}) was revoked.")
    return redirect("token_list")
