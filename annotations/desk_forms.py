"""Forms of the desk pages (new project, settings, add article, invitations, assignments).

They only parse input: every write goes through ``services``.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError

from .forms import PrefixedIdsForm
from .models import Role
from .services import normalise_line_endings


class ProjectCreateForm(PrefixedIdsForm):
    id_prefix = "project"

    name = forms.CharField(label="Name", max_length=200)
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    language = forms.CharField(
        label="Language", required=False, max_length=35, help_text="BCP 47 tag of most articles, e.g. en, ar, pt-BR."
    )
    slug = forms.CharField(
        label="Address (slug)",
        required=False,
        max_length=90,
        help_text="Leave empty to make one from the name. The project's pages live at /p/<slug>/.",
    )


class ProjectSettingsForm(PrefixedIdsForm):
    id_prefix = "settings"

    name = forms.CharField(label="Name", max_length=200)
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    language = forms.CharField(label="Language", required=False, max_length=35, help_text="BCP 47, e.g. en, ar.")
    reviews_required = forms.IntegerField(
        label="Reviews required per claim",
        min_value=1,
        max_value=10,
        help_text="How many independent verdicts each claim should get; the queue serves claims with fewer first.",
    )
    blind_review = forms.BooleanField(
        label="Blind review",
        required=False,
        help_text="Reviewers see other reviewers' verdicts and a claim's status only after saving their own "
        "verdict. Editors and admins always see everything.",
    )
    # The project as the form was loaded: a save over someone else's change asks first.
    loaded_at = forms.CharField(widget=forms.HiddenInput, required=False)


class ArticlePasteForm(PrefixedIdsForm):
    id_prefix = "paste"

    title = forms.CharField(label="Title", max_length=500)
    body = forms.CharField(label="Text", strip=False, widget=forms.Textarea(attrs={"rows": 12}))
    source = forms.CharField(label="Outlet", required=False, max_length=200)
    url = forms.CharField(label="URL", required=False, max_length=2000)
    author = forms.CharField(label="Author", required=False, max_length=300)
    published_at = forms.CharField(label="Date", required=False, help_text="e.g. 2024-03-18")
    language = forms.CharField(label="Language", required=False, max_length=35, help_text="BCP 47, e.g. en, ar.")
    original_language = forms.CharField(
        label="Original language", required=False, max_length=35, help_text="For translations."
    )
    original_url = forms.CharField(label="Original URL", required=False, max_length=2000, help_text="For translations.")

    def clean_body(self) -> str:
        return normalise_line_endings(self.cleaned_data["body"])


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data]
        files = [f for f in files if f]
        if not files:
            raise ValidationError("Choose at least one file.")
        return files


class ArticleUploadForm(PrefixedIdsForm):
    id_prefix = "upload"

    # The form metaclass moves declared fields into base_fields, so BaseForm.files stays the uploads.
    files = MultipleFileField(  # type: ignore[assignment]
        label="Files",
        help_text="Plain text (.txt), HTML (.html), JSON (.json) or JSON Lines (.jsonl); several at once.",
    )
    language = forms.CharField(label="Language for articles that do not give one", required=False, max_length=35)
    source = forms.CharField(label="Outlet for articles that do not give one", required=False, max_length=200)


class InviteForm(PrefixedIdsForm):
    id_prefix = "invite"

    username = forms.CharField(label="Username", max_length=150)
    email = forms.CharField(label="E-mail (optional)", required=False, max_length=254)
    role = forms.ChoiceField(label="Role", choices=Role.choices, initial=Role.REVIEWER)


class AssignForm(PrefixedIdsForm):
    """Assign articles to reviewers; the choices are filled in by the view from the project."""

    id_prefix = "assign"

    articles = forms.TypedMultipleChoiceField(label="Articles", coerce=int, widget=forms.CheckboxSelectMultiple)
    reviewers = forms.TypedMultipleChoiceField(label="Reviewers", coerce=int)
    due_date = forms.DateField(
        label="Due date (optional)", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(
        self, *args: Any, articles: list[tuple[int, str]], reviewers: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["articles"]).choices = articles
        cast(forms.ChoiceField, self.fields["reviewers"]).choices = reviewers
