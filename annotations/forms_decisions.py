"""Forms of the claim discussion and the editor's decision box. They only parse input: every write
goes through ``services``."""

from __future__ import annotations

from django import forms

from .forms import PrefixedIdsForm
from .models import COMMENT_MAX_CHARS


class CommentForm(PrefixedIdsForm):
    """A new comment on a claim."""

    id_prefix = "comment"

    body = forms.CharField(
        label="Your comment",
        max_length=COMMENT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Visible to every member of the project. You can change or delete it for 15 minutes.",
    )


class CommentEditForm(forms.Form):
    """A comment's new text, with the version the form was loaded with (ids unique per comment)."""

    body = forms.CharField(label="Edit comment", max_length=COMMENT_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: object, comment_id: int, **kwargs: object) -> None:
        kwargs.setdefault("auto_id", f"comment-{comment_id}-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
