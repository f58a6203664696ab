"""The "API tokens" page: list your tokens, create one (shown once), revoke one."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from rest_framework.exceptions import Throttled

from verifier.lib.throttles import TokenCreateThrottle, throttle_user

from . import services
from .forms import RevokeAllForm, TokenCreateForm
from .models import ApiToken

# The new token's value waits in the session for exactly one page view (post/redirect/get).
NEW_TOKEN_SESSION_KEY = "accounts_new_token"  # noqa: S105 (a session key name)


@never_cache  # the page may show a new token: no browser or proxy may keep a copy
@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    form = TokenCreateForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            throttle_user(TokenCreateThrottle, request.user)
            _, raw = services.token_create(user=request.user, name=form.cleaned_data["name"])
        except Throttled as exc:
            wait = getattr(exc, "wait", None) or 1  # DRF sets it in __init__; the stubs do not declare it
            form.add_error(None, f"You created many tokens recently: try again in {wait:.0f} seconds.")
            status = 429
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            request.session[NEW_TOKEN_SESSION_KEY] = raw
            return redirect("token_list")
    if status == 200 and form.errors:
        status = 400
    return _token_page(request, form=form, status=status)


def _token_page(
    request: HttpRequest, *, form: TokenCreateForm, revoke_all_form: RevokeAllForm | None = None, status: int = 200
) -> HttpResponse:
    new_token = request.session.pop(NEW_TOKEN_SESSION_KEY, None)
    tokens = ApiToken.objects.for_user(request.user)
    context = {
        "form": form,
        "revoke_all_form": revoke_all_form or RevokeAllForm(),
        "tokens": tokens,
        "new_token": new_token,
        "ttl_days": settings.VERIFIER_TOKEN_TTL.days,
    }
    return render(request, "accounts/token_list.html", context, status=status)


@never_cache
@login_required
@require_POST
def token_revoke_all(request: HttpRequest) -> HttpResponse:
    """Revoke every token of the user, once they ticked the confirmation box."""
    form = RevokeAllForm(request.POST)
    if not form.is_valid():
        return _token_page(request, form=TokenCreateForm(), revoke_all_form=form, status=400)
    count = services.tokens_revoke_all(user=request.user)
    messages.success(request, f"All your API tokens were revoked ({count}).")
    return redirect("token_list")


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.for_user(request.user), pk=pk)
    services.token_revoke(token=token, actor=request.user)
    messages.success(request, f"Token {token.prefix} ({token.name or 'unnamed'}) was revoked.")
    return redirect("token_list")
