"""django-filter backend that also refuses values the database cannot compare with (400, not 500).

The FilterSets of ``annotations.filters`` check this themselves (``StrictFilterSet``); this backend covers
any other FilterSet an endpoint uses (e.g. the deletions list)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django_filters import utils
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.views import APIView

from ..filters import in_database_range


class StrictFilterBackend(DjangoFilterBackend):
    """``DjangoFilterBackend`` that turns out-of-range ids and instants into 400 field errors."""

    def filter_queryset(self, request: Request, queryset: QuerySet[Any], view: APIView) -> QuerySet[Any]:
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid() and self.raise_exception:
            raise utils.translate_validation(filterset.errors)
        errors = {}
        for name, value in list(filterset.form.cleaned_data.items()):
            if value is None or not isinstance(filterset.filters.get(name), django_filters.Filter):
                continue
            try:
                filterset.form.cleaned_data[name] = in_database_range(value)
            except ValueError as exc:
                errors[name] = [str(exc)]
        if errors:
            raise ValidationError(errors)
        return filterset.qs
