"""List pages without DRF's per-field machinery: rows read with ``values()`` and shaped like the serializers.

A page of 50 claims or verdicts spent more time in model instances and serializer fields (a field object,
``get_attribute`` and ``to_representation`` per value) than in its query. ``values()`` reads only the columns
the page shows, and each row becomes the serializer's dict with one comprehension; only datetimes and a
verdict's evidence are converted. The columns are derived from the serializers' fields
(``rows_of``), so a field added to a serializer is read here too, or refused when the module loads. The output is
the serializers' own, byte for byte: ``tests/test_api_list_rows.py`` renders varied rows both ways.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, cast

from django.db.models import Field, Model, QuerySet
from django.utils import timezone
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.settings import api_settings

from ..serializers import ArticleSerializer, ClaimSerializer, EvidenceSerializer, VerdictSerializer

EVIDENCE_KEYS = ("url", "title", "excerpt", "stance")


@dataclass(frozen=True)
class ListRows:
    """How one serializer's output is read from ``values()`` rows: (output key, column) in field order,
    and the keys whose values need converting."""

    serializer: type[serializers.Serializer]
    columns: tuple[tuple[str, str], ...]
    datetimes: tuple[str, ...] = ()
    converters: dict[str, Callable[[Any], Any]] = field(default_factory=dict)

    @cached_property
    def keys(self) -> tuple[str, ...]:
        return tuple(key for key, _ in self.columns)

    def values(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """``queryset`` reading only the columns the rows need (as dicts, which the cursor paginator reads)."""
        return queryset.values(*dict.fromkeys(column for _, column in self.columns))

    def render(self, rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        """The serializer's output for each of ``rows`` (from ``values()``)."""
        columns, datetimes, converters = self.columns, self.datetimes, self.converters
        iso = _iso_datetime(timezone.get_current_timezone())
        out = []
        for row in rows:
            item = {key: row[column] for key, column in columns}
            for key in datetimes:
                value = item[key]
                if value is not None:
                    item[key] = iso(value)
            for key, convert in converters.items():
                value = item[key]
                if value is not None:
                    item[key] = convert(value)
            out.append(item)
        return out


def _iso_datetime(tz: datetime.tzinfo) -> Callable[[datetime.datetime], Any]:
    """DRF's ``DateTimeField.to_representation`` for aware datetimes in the default ISO 8601 format
    (in the current time zone, ``Z`` for UTC); anything else goes through DRF itself."""
    if str(api_settings.DATETIME_FORMAT).lower() != "iso-8601":
        return serializers.DateTimeField().to_representation

    def iso(value: datetime.datetime) -> Any:
        if type(value) is not datetime.datetime or value.tzinfo is None:
            return serializers.DateTimeField().to_representation(value)
        text = value.astimezone(tz).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return iso


_evidence_field = EvidenceSerializer(many=True, read_only=True)


def _evidence(value: Any) -> Any:
    """A verdict's evidence as ``EvidenceSerializer(many=True)`` shows it: items of four strings are copied;
    anything else (a missing key, a number, a value that is not a list) is left to the serializer."""
    if type(value) is list and all(
        type(item) is dict and all(type(item.get(key)) is str for key in EVIDENCE_KEYS) for item in value
    ):
        return [{key: item[key] for key in EVIDENCE_KEYS} for item in value]
    return _evidence_field.to_representation(value)


def rows_of(serializer: type[serializers.ModelSerializer], **converters: Callable[[Any], Any]) -> ListRows:
    """The ``ListRows`` of a read-only ``ModelSerializer``, derived from its fields: each key reads its
    field's ``source`` (``claim.project_id`` as ``claim__project_id``; a foreign key as its ``_id`` column,
    as ``PrimaryKeyRelatedField`` shows it), datetimes are converted as DRF writes them, and ``converters``
    convert the keys they name. A field this cannot read from a column (a method field, a nested
    serializer without a converter) is refused here, when the module loads, not on a request."""
    model: type[Model] = serializer.Meta.model
    columns, datetimes = [], []
    for key, field_ in serializer().fields.items():
        source = str(field_.source).replace(".", "__")
        if isinstance(field_, serializers.PrimaryKeyRelatedField):
            source = cast(Field[Any, Any], model._meta.get_field(source)).attname
        elif isinstance(field_, serializers.DateTimeField):
            datetimes.append(key)
        elif (
            isinstance(field_, serializers.SerializerMethodField | serializers.BaseSerializer) and key not in converters
        ):
            raise TypeError(f"{serializer.__name__}.{key} is not a column: give it a converter")
        columns.append((key, source))
    return ListRows(serializer, columns=tuple(columns), datetimes=tuple(datetimes), converters=converters)


CLAIM_ROWS = rows_of(ClaimSerializer)  # "status" reads shown_status: Claim.objects.with_visible_status(user)
VERDICT_ROWS = rows_of(VerdictSerializer, evidence=_evidence)
ARTICLE_ROWS = rows_of(ArticleSerializer)


def list_response(view: GenericAPIView, rows: ListRows) -> Response:
    """What ``ListModelMixin.list`` answers (filtered, paginated), with the rows built by ``rows``."""
    queryset = rows.values(view.filter_queryset(view.get_queryset()))
    page = view.paginate_queryset(queryset)
    if page is None:
        return Response(rows.render(queryset))
    return view.get_paginated_response(rows.render(page))
