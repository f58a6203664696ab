"""/api/v1/deletions/: tombstones of deleted articles, claims and verdicts, for incremental sync."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics

from ..models import SYNCED_ENTITIES, HistoryEvent
from ..serializers import TombstoneSerializer
from .filtering import StrictFilterBackend
from .pagination import IdCursorPagination
from .schema import ERRORS


class DeletionFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id", help_text="Project id")
    entity = django_filters.ChoiceFilter(
        choices=[(e, e) for e in SYNCED_ENTITIES], help_text="article, claim, verdict, rating or decision"
    )
    updated_after = django_filters.IsoDateTimeFilter(
        field_name="created_at", lookup_expr="gt", help_text="ISO 8601; only deletions after this instant"
    )
    since = django_filters.IsoDateTimeFilter(
        field_name="created_at", lookup_expr="gt", help_text="Same as updated_after"
    )

    class Meta:
        model = HistoryEvent
        fields: list[str] = []


@extend_schema(tags=["sync"], responses={200: TombstoneSerializer(many=True), 400: ERRORS[400], 401: ERRORS[401]})
class DeletionListView(generics.ListAPIView):
    """Deleted articles, claims and verdicts in your projects, oldest first. Deleting an article or a
    claim also lists each claim and verdict deleted with it."""

    serializer_class = TombstoneSerializer
    pagination_class = IdCursorPagination
    filter_backends = [StrictFilterBackend]
    filterset_class = DeletionFilter

    def get_queryset(self) -> QuerySet[Any]:
        # Deleted comments stay listed in /comments/ as tombstones (deleted: true), not here.
        return HistoryEvent.objects.for_user(self.request.user).deletions().exclude(entity=HistoryEvent.Entity.COMMENT)
