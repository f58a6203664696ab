from __future__ import annotations

from django import forms


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label="Token name", max_length=100, required=False, help_text="What the token is for, e.g. “CMS sync”"
    )


class RevokeAllForm(forms.Form):
    """Revoking every token at once needs an explicit confirmation."""

    confirm = forms.BooleanField(
        label="Yes, revoke all my tokens: programs using them stop working",
        error_messages={"required": "Tick the box to confirm that every token should be revoked."},
    )
