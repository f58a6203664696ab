"""Query-string filters shared by the API lists and the exports (explicit fields only)."""

from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet

from .models import Article, Claim, ClaimStatus, Label, Verdict


class ClaimFilter(django_filters.FilterSet):
    """Filters for claims (and for the per-claim exports)."""

    project = django_filters.NumberFilter(field_name="project_id", help_text="Project id")
    article = django_filters.NumberFilter(field_name="article_id", help_text="Article id")
    status = django_filters.ChoiceFilter(choices=ClaimStatus.choices, help_text="Derived claim status")
    label = django_filters.ChoiceFilter(
        choices=Label.choices, method="filter_label", help_text="Claims with at least one verdict of this label"
    )
    reviewer = django_filters.CharFilter(method="filter_reviewer", help_text="Claims with a verdict by this username")
    claimant = django_filters.CharFilter(field_name="claimant", lookup_expr="icontains")
    search = django_filters.CharFilter(method="filter_search", help_text="Text in quote, statement or claimant")
    updated_after = django_filters.IsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gt", help_text="ISO 8601; only claims changed after this instant"
    )

    class Meta:
        model = Claim
        fields: list[str] = []

    # EXISTS per claim (index probes on (label, claim) / (claim, reviewer)) rather than IN over every
    # matching verdict of every project.
    def filter_label(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Exists(Verdict.objects.filter(claim=OuterRef("pk"), label=value)))

    def filter_reviewer(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Exists(Verdict.objects.filter(claim=OuterRef("pk"), reviewer__username=value)))

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(quote__icontains=value) | Q(statement__icontains=value) | Q(claimant__icontains=value))


class VerdictFilter(django_filters.FilterSet):
    """Filters for verdicts (and for the per-verdict exports)."""

    project = django_filters.NumberFilter(field_name="project_id", help_text="Project id")
    article = django_filters.NumberFilter(field_name="claim__article_id", help_text="Article id")
    claim = django_filters.NumberFilter(field_name="claim_id", help_text="Claim id")
    status = django_filters.ChoiceFilter(
        field_name="claim__status", choices=ClaimStatus.choices, help_text="Status of the verdict's claim"
    )
    label = django_filters.ChoiceFilter(choices=Label.choices)
    reviewer = django_filters.CharFilter(field_name="reviewer__username", help_text="Reviewer's username")
    claimant = django_filters.CharFilter(field_name="claim__claimant", lookup_expr="icontains")
    search = django_filters.CharFilter(method="filter_search", help_text="Text in quote, statement or rationale")
    updated_after = django_filters.IsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gt", help_text="ISO 8601; only verdicts changed after this instant"
    )

    class Meta:
        model = Verdict
        fields: list[str] = []

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(claim__quote__icontains=value) | Q(claim__statement__icontains=value) | Q(rationale__icontains=value)
        )


class ArticleFilter(django_filters.FilterSet):
    """Filters for articles."""

    project = django_filters.NumberFilter(field_name="project_id", help_text="Project id")
    status = django_filters.ChoiceFilter(
        choices=ClaimStatus.choices, method="filter_status", help_text="Articles with a claim in this status"
    )
    search = django_filters.CharFilter(method="filter_search", help_text="Text in title or body")
    language = django_filters.CharFilter(field_name="language", lookup_expr="iexact")
    updated_after = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gt")

    class Meta:
        model = Article
        fields: list[str] = []

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.with_claim_status(value)

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.search(value)
