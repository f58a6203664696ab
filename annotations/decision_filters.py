"""Query-string filters for the rating scale, decisions and corrections (explicit fields only)."""

from __future__ import annotations

import django_filters

from .models import Correction, CorrectionKind, Decision, DecisionState, Label, RatingItem


class RatingFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id", help_text="Project id")
    verdict = django_filters.ChoiceFilter(choices=Label.choices, help_text="Items meaning this verdict")
    retired = django_filters.BooleanFilter(help_text="true: retired items only; false: items in use")

    class Meta:
        model = RatingItem
        fields: list[str] = []


class DecisionFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id", help_text="Project id")
    article = django_filters.NumberFilter(field_name="claim__article_id", help_text="Article id")
    claim = django_filters.NumberFilter(field_name="claim_id", help_text="Claim id")
    state = django_filters.ChoiceFilter(choices=DecisionState.choices, help_text="draft, published or void")
    rating = django_filters.NumberFilter(field_name="rating_id", help_text="Rating item id")
    verdict = django_filters.ChoiceFilter(
        field_name="rating__verdict", choices=Label.choices, help_text="The core meaning of the rating"
    )
    decided_by = django_filters.CharFilter(field_name="decided_by__username", help_text="The deciding editor")
    review_due_before = django_filters.DateFilter(
        field_name="review_due", lookup_expr="lt", help_text="YYYY-MM-DD; decisions due for re-review before this"
    )
    updated_after = django_filters.IsoDateTimeFilter(
        field_name="modified_at", lookup_expr="gt", help_text="ISO 8601; only decisions changed after this instant"
    )

    class Meta:
        model = Decision
        fields: list[str] = []


class CorrectionFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id", help_text="Project id")
    decision = django_filters.NumberFilter(field_name="decision_id", help_text="Decision id")
    claim = django_filters.NumberFilter(field_name="decision__claim_id", help_text="Claim id")
    kind = django_filters.ChoiceFilter(choices=CorrectionKind.choices)
    updated_after = django_filters.IsoDateTimeFilter(
        field_name="created_at", lookup_expr="gt", help_text="ISO 8601; only corrections filed after this instant"
    )

    class Meta:
        model = Correction
        fields: list[str] = []
