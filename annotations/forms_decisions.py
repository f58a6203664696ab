"""Forms of the claim discussion and the editor's decision box. They only parse input: every write
goes through ``services``."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from .forms import PrefixedIdsForm
from .models import COMMENT_MAX_CHARS, Label


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

    body = forms.CharField(label="Comment text", max_length=COMMENT_MAX_CHARS, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, comment_id: int, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"comment-{comment_id}-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class RatingRadioSelect(forms.RadioSelect):
    """Radio buttons whose choices are rating items (the template shows each one's description)."""


class DecisionForm(PrefixedIdsForm):
    """The editor's draft: rating, public explanation, evidence to publish, as-of and review-due dates.

    ``version`` is empty when the form showed no decision yet. ``publish_evidence`` ticks reviewers'
    evidence items by ``"<verdict id>:<index>"``; more items come from a separate formset.
    """

    id_prefix = "decision"

    rating = forms.TypedChoiceField(label="Rating", coerce=int, widget=RatingRadioSelect)
    explanation = forms.CharField(
        label="Public explanation",
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Published with the rating. Never paste reviewers' internal rationales here.",
    )
    publish_evidence = forms.MultipleChoiceField(
        label="Reviewers' evidence to publish", required=False, widget=forms.CheckboxSelectMultiple
    )
    as_of = forms.DateField(
        label="As of",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The date the facts were checked (default: today).",
    )
    review_due = forms.DateField(
        label="Review due",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="For unverified ratings, empty means as-of plus the project's re-review days.",
    )
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, ratings: list[tuple[int, str]], evidence: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["rating"]).choices = ratings
        cast(forms.ChoiceField, self.fields["publish_evidence"]).choices = evidence


class PublishForm(PrefixedIdsForm):
    """Publish (or delete) the draft the page showed: only its version."""

    id_prefix = "publish"

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class CorrectionForm(PrefixedIdsForm):
    """A public correction of a published decision."""

    id_prefix = "correction"

    kind = forms.ChoiceField(label="Kind of correction")
    note = forms.CharField(
        label="Public note",
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Published with the correction: say what changed and why.",
    )
    rating = forms.TypedChoiceField(
        label="New rating", coerce=int, required=False, empty_value=None, help_text="Only for a rating change."
    )
    explanation = forms.CharField(
        label="New public explanation",
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only for a correction or an update; leave empty to keep the explanation.",
    )
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, kinds: list[tuple[str, str]], ratings: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = kinds
        cast(forms.ChoiceField, self.fields["rating"]).choices = [("", "—"), *ratings]


class RatingItemForm(forms.Form):
    """One item of a project's rating scale (the add form and each row's edit form)."""

    name = forms.CharField(label="Name", max_length=100, help_text='What the desk publishes, e.g. "Misleading".')
    verdict = forms.ChoiceField(label="Meaning", help_text="The core verdict this rating stands for.")
    value = forms.IntegerField(
        label="Value", min_value=-(2**31), max_value=2**31 - 1, help_text="ClaimReview ratingValue."
    )
    description = forms.CharField(
        label="Description", required=False, max_length=20_000, widget=forms.Textarea(attrs={"rows": 2})
    )
    retired = forms.BooleanField(label="Retired (not offered for new decisions)", required=False)

    def __init__(self, *args: Any, instance_values: object = None, **kwargs: Any) -> None:
        prefix = kwargs.get("prefix") or "rating"
        kwargs.setdefault("auto_id", f"{prefix}-%s")
        kwargs.setdefault("label_suffix", "")
        if instance_values is not None:
            kwargs["initial"] = {
                key: getattr(instance_values, key) for key in ("name", "verdict", "value", "description", "retired")
            }
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["verdict"]).choices = Label.choices


class EditorialSettingsForm(PrefixedIdsForm):
    """A project's methodology settings (admins): corrections policy, re-review, four-eyes, public pages."""

    id_prefix = "settings"

    corrections_policy = forms.CharField(
        label="Corrections policy", required=False, max_length=20_000, widget=forms.Textarea(attrs={"rows": 5})
    )
    rereview_days = forms.IntegerField(
        label="Re-review after (days)",
        min_value=1,
        max_value=3650,
        help_text="Rulings rated unverified fall due for re-review this long after their as-of date.",
    )
    four_eyes = forms.BooleanField(
        label="Four-eyes rule: decisions are published by someone other than their editor", required=False
    )
    public_base_url = forms.URLField(
        label="Public fact-check pages (base URL)",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="ClaimReview links point here (plus a per-claim path) instead of the article.",
    )
