"""/api/v1/verdicts/: one verdict per reviewer per claim; the reviewer is always the caller."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from .. import services
from ..filters import VerdictFilter
from ..models import Verdict
from ..serializers import (
    VerdictConflictSerializer,
    VerdictCreateSerializer,
    VerdictPreconditionFailedSerializer,
    VerdictSerializer,
    VerdictUpdateSerializer,
)
from .concurrency import VersionedObjectMixin, etag_for
from .filtering import StrictFilterBackend
from .listing import VERDICT_ROWS, list_response
from .pagination import IdCursorPagination
from .schema import ERRORS, IF_MATCH, etag_header

PRECONDITION_FAILED = OpenApiResponse(
    VerdictPreconditionFailedSerializer, description="Stale If-Match: the verdict changed since you read it"
)


@extend_schema(tags=["verdicts"])
@extend_schema_view(
    retrieve=extend_schema(
        parameters=[etag_header(200)], responses={200: VerdictSerializer, 401: ERRORS[401], 404: ERRORS[404]}
    ),
    partial_update=extend_schema(
        parameters=[IF_MATCH, etag_header(200, 412)],
        request=VerdictUpdateSerializer,
        responses={
            200: VerdictSerializer,
            412: PRECONDITION_FAILED,
            **{k: ERRORS[k] for k in (400, 401, 403, 404, 413, 428)},
        },
    ),
    destroy=extend_schema(
        parameters=[IF_MATCH, etag_header(412)],
        responses={
            204: OpenApiResponse(description="Deleted (a tombstone is recorded)"),
            412: PRECONDITION_FAILED,
            **{k: ERRORS[k] for k in (401, 403, 404, 428)},
        },
    ),
)
class VerdictViewSet(VersionedObjectMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Verdicts on claims in your projects. You create and change your own; your verdict may be deleted
    by you, an editor or an admin."""

    serializer_class = VerdictSerializer
    update_serializer_class = VerdictUpdateSerializer
    pagination_class = IdCursorPagination
    filter_backends = [StrictFilterBackend]
    filterset_class = VerdictFilter
    permission_classes = [IsAuthenticated]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Any]:
        return Verdict.objects.visible_to(self.request.user).select_related("reviewer", "claim")

    def update_object(self, obj: Verdict, *, actor: Any, expected_version: int, **changes: Any) -> Verdict:
        return services.verdict_update(verdict=obj, actor=actor, expected_version=expected_version, **changes)

    def delete_object(self, obj: Verdict, *, actor: Any, expected_version: int) -> None:
        services.verdict_delete(verdict=obj, actor=actor, expected_version=expected_version)

    @extend_schema(responses={200: VerdictSerializer(many=True), 400: ERRORS[400], 401: ERRORS[401]})
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return list_response(self, VERDICT_ROWS)

    @extend_schema(
        request=VerdictCreateSerializer,
        responses={
            201: VerdictSerializer,
            409: OpenApiResponse(
                VerdictConflictSerializer,
                description="You already gave a verdict on this "
                "claim: its URL is in `existing` and the Location header",
            ),
            **{k: ERRORS[k] for k in (400, 401, 403, 413)},
        },
        description="Give your verdict on a claim. The reviewer is always you: a `reviewer` in the body is "
        "refused. Evidence items are {url, title, excerpt, stance}; only url is required; stance is one of "
        "supports, refutes, context (default context).",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = VerdictCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        try:
            verdict = services.verdict_create(reviewer=request.user, **serializer.validated_data)
        except services.AlreadyExists as exc:
            existing = self.get_queryset().get(pk=exc.existing.pk)
            url = _verdict_url(request, existing)
            return Response(
                {"detail": str(exc), "existing": url, "verdict": VerdictSerializer(existing).data},
                status=status.HTTP_409_CONFLICT,
                headers={"Location": url, "ETag": etag_for(existing)},
            )
        # The service returns the saved verdict with its claim and reviewer loaded: no need to read it back.
        return Response(
            VerdictSerializer(verdict).data,
            status=status.HTTP_201_CREATED,
            headers={"ETag": etag_for(verdict), "Location": _verdict_url(request, verdict)},
        )


def _verdict_url(request: Request, verdict: Verdict) -> str:
    return request.build_absolute_uri(reverse("api-verdict-detail", args=[verdict.pk]))
