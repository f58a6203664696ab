"""The user's own settings of the reviewer pages."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .. import services


class ShortcutPreferenceForm(forms.Form):
    single_key_shortcuts = forms.BooleanField(required=False)
    next = forms.CharField(required=False, max_length=2000)


@login_required
@require_POST
def shortcut_preference(request: HttpRequest) -> HttpResponse:
    """Turn single-key shortcuts on or off, then go back to the page the dialog was on."""
    form = ShortcutPreferenceForm(request.POST)
    form.is_valid()  # both fields are optional: a bad value simply means "off" / "home"
    data = getattr(form, "cleaned_data", {})
    on = bool(data.get("single_key_shortcuts"))
    services.preference_set(user=request.user, single_key_shortcuts=on)
    messages.success(request, "Single-key shortcuts are on." if on else "Single-key shortcuts are off.")
    target = data.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "home"
    return redirect(target)
