"""django-filter backend that also refuses values the database cannot compare with (400, not 500)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import django_filters
from django_filters import utils
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError

BIGINT_MIN, BIGINT_MAX = -(2**63), 2**63 - 1


def _clean_value(value):
    """The value to filter with, or raise ValueError with the reason it cannot be used."""
    if isinstance(value, Decimal):
        if value != value.to_integral_value() or not BIGINT_MIN <= value <= BIGINT_MAX:
            raise ValueError("Give a whole number within the range of ids.")
        return int(value)
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        # PostgreSQL accepts offsets up to ±15:59 only, and UTC must stay within years 1–9999.
        try:
            return value.astimezone(datetime.UTC)
        except OverflowError:
            raise ValueError("This instant is out of range.") from None
    return value


class StrictFilterBackend(DjangoFilterBackend):
    """``DjangoFilterBackend`` that turns out-of-range ids and instants into 400 field errors."""

    def filter_queryset(self, request, queryset, view):
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
                filterset.form.cleaned_data[name] = _clean_value(value)
            except ValueError as exc:
                errors[name] = [str(exc)]
        if errors:
            raise ValidationError(errors)
        return filterset.qs
