"""django-filter backend that also refuses values the database cannot compare with (400, not 500).

The FilterSets of ``annotations.filters`` check this themselves (``StrictFilterSet``); this backend covers
any other FilterSet an endpoint uses (e.g. the deletions list)."""

from __future__ import annotations

from functools import cache
from typing import Any

import django_filters
from django import forms
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
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None:
            return queryset
        names = parameter_names(filterset_class)
        if names is not None and names.isdisjoint(request.query_params):
            # No parameter of this filter set was given (a plain page, or only cursor / page_size): every
            # filter would be skipped as empty. Building the set and its form costs more than the page's
            # query (deep copies of every filter and form field, about 0.5 ms a request).
            return queryset
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


@cache
def parameter_names(filterset_class: type[django_filters.FilterSet]) -> frozenset[str] | None:
    """The query parameters ``filterset_class`` reads (one per filter), or None when a filter reads several
    (a range's ``_min``/``_max``, a lookup choice) or has a default, so that its absence cannot be told from the
    filter names alone."""
    names = set()
    for name, filter_ in filterset_class.base_filters.items():
        widget = filter_.field_class.widget
        if isinstance(widget, type) and issubclass(widget, forms.MultiWidget):
            return None
        if isinstance(filter_, django_filters.OrderingFilter) or filter_.extra.get("initial") is not None:
            return None
        names.add(name)
    return frozenset(names)
