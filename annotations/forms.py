"""Forms of the reviewer web pages. They only parse input: every write goes through ``services``."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict

from .member_lookup import NOT_ADDABLE, addable_user
from .models import Label, Role, Stance
from .services import normalise_line_endings


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ``ValidationError`` on ``form``: known fields by name, the rest at the top."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for name, messages in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, messages)


class PrefixedIdsForm(forms.Form):
    """Several forms share a page: each kind gets its own element ids."""

    id_prefix = "id"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ClaimCreateForm(PrefixedIdsForm):
    """A new claim: offsets in code points from the browser selection, or just the exact quote."""

    id_prefix = "mark"

    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    # Not stripped: the quote must equal the article text exactly, spaces included.
    quote = forms.CharField(
        label="Quote (exact text from the article)",
        strip=False,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Select text in the article to fill this in, or type or paste the exact words.",
    )
    statement = forms.CharField(
        label="Statement",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="The claim restated as a checkable sentence (optional).",
    )
    claimant = forms.CharField(label="Claimant", required=False, max_length=300, help_text="Who makes the claim.")
    # Sent by the "Save as a second claim" button after the duplicate warning.
    confirm_duplicate = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_quote(self) -> str | None:
        # Browsers send line breaks in form values as CRLF; article bodies store LF.
        quote = normalise_line_endings(self.cleaned_data.get("quote") or "")
        return quote or None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") is None and data.get("end") is None and not data.get("quote"):
            raise ValidationError("Select a passage in the article (or type its exact text) before saving the claim.")
        return data


class ClaimEditForm(PrefixedIdsForm):
    """Statement and claimant of an existing claim, with the version the form was loaded with.

    ``original_<field>`` carry the values the form started from, so that a save after an edit
    conflict ("Keep mine") writes only the fields the user changed (a three-way merge).
    """

    id_prefix = "claim"
    MERGED_FIELDS = ("statement", "claimant")

    statement = forms.CharField(label="Statement", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    claimant = forms.CharField(label="Claimant", required=False, max_length=300)
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    original_statement = forms.CharField(required=False, widget=forms.HiddenInput)
    original_claimant = forms.CharField(required=False, max_length=300, widget=forms.HiddenInput)

    @classmethod
    def for_claim(cls, claim: Any) -> ClaimEditForm:
        values = {name: getattr(claim, name) for name in cls.MERGED_FIELDS}
        originals = {f"original_{name}": value for name, value in values.items()}
        return cls(initial={**values, **originals, "version": claim.version})

    def changed_values(self) -> dict[str, str]:
        """The fields the user changed from where the form started (every field if it carried no originals)."""
        data = self.cleaned_data
        return {
            name: data[name]
            for name in self.MERGED_FIELDS
            if f"original_{name}" not in self.data or data[name] != data[f"original_{name}"]
        }

    def rebased(self, current: Any) -> ClaimEditForm:
        """After a conflict: the user's changes on top of the stored ``current`` claim, ready for "Keep mine"."""
        changed = self.changed_values()
        data = cast(QueryDict, self.data).copy()  # bound to request.POST (a dict copies the same way)
        data["version"] = str(current.version)
        for name in self.MERGED_FIELDS:
            if name not in changed:  # not touched by the user: show (and keep) what is stored now
                data[name] = getattr(current, name)
                data[f"original_{name}"] = getattr(current, name)
            elif f"original_{name}" not in data:
                data[f"original_{name}"] = ""
        form = type(self)(data)
        form.is_valid()
        return form


class VersionForm(PrefixedIdsForm):
    """Only the version the page was loaded with (deleting a claim)."""

    id_prefix = "delete"

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class VerdictForm(PrefixedIdsForm):
    """The reviewer's own verdict; ``base_version`` is empty when the form showed no verdict yet."""

    id_prefix = "verdict"

    label = forms.ChoiceField(label="Verdict", choices=Label.choices, widget=forms.RadioSelect)
    rationale = forms.CharField(
        label="Rationale",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Required for confirmed and disputed.",
    )
    base_version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class EvidenceForm(forms.Form):
    """One evidence item of a verdict."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    url = forms.URLField(label="URL", max_length=2000, assume_scheme="https")
    title = forms.CharField(label="Title", required=False, max_length=500)
    excerpt = forms.CharField(
        label="Excerpt", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    stance = forms.ChoiceField(label="Stance", choices=Stance.choices, initial=Stance.CONTEXT)


EvidenceFormSet = forms.formset_factory(
    EvidenceForm, extra=1, can_delete=True, max_num=50, validate_max=True, absolute_max=50
)


def evidence_items(formset: forms.BaseFormSet) -> list[dict[str, str]]:
    """The evidence items of a valid formset: blank extra rows and rows marked "Remove" left out."""
    items = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if not data or data.get("DELETE") or not form.has_changed():
            continue
        items.append({key: data.get(key) or "" for key in ("url", "title", "excerpt", "stance")})
    return items


class MemberAddForm(PrefixedIdsForm):
    """Add an existing user to a project by username."""

    id_prefix = "member"

    username = forms.CharField(label="Username", max_length=150)
    role = forms.ChoiceField(label="Role", choices=Role.choices, initial=Role.REVIEWER)

    def clean_username(self) -> Any:
        user = addable_user(self.cleaned_data["username"].strip())
        if user is None:
            raise ValidationError(NOT_ADDABLE)
        return user


class MemberRoleForm(forms.Form):
    """Change a member's role."""

    role = forms.ChoiceField(label="Role", choices=Role.choices)
