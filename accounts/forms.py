from __future__ import annotations

from django import forms


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label="Token name", max_length=100, required=False, help_text="What the token is for, e.g. “CMS sync”"
    )
