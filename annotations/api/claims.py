"""/api/v1/claims/: spans of an article's body, with ETag / If-Match on every change."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from .. import services
from ..filters import ClaimFilter
from ..models import HIDDEN, Claim, blind_project_ids
from ..serializers import (
    ClaimCreateSerializer,
    ClaimPreconditionFailedSerializer,
    ClaimSerializer,
    ClaimUpdateSerializer,
)
from .concurrency import VersionedObjectMixin, etag_for
from .filtering import StrictFilterBackend
from .listing import CLAIM_ROWS, list_response
from .pagination import IdCursorPagination
from .schema import ERRORS, IF_MATCH, etag_header

PRECONDITION_FAILED = OpenApiResponse(
    ClaimPreconditionFailedSerializer, description="Stale If-Match: the claim changed since you read it"
)


@extend_schema(tags=["claims"])
@extend_schema_view(
    retrieve=extend_schema(
        parameters=[etag_header(200)], responses={200: ClaimSerializer, 401: ERRORS[401], 404: ERRORS[404]}
    ),
    partial_update=extend_schema(
        parameters=[IF_MATCH, etag_header(200, 412)],
        request=ClaimUpdateSerializer,
        responses={
            200: ClaimSerializer,
            412: PRECONDITION_FAILED,
            **{k: ERRORS[k] for k in (400, 401, 403, 404, 413, 428)},
        },
    ),
    destroy=extend_schema(
        parameters=[IF_MATCH, etag_header(412)],
        responses={
            204: OpenApiResponse(description="Deleted with its verdicts (tombstones recorded)"),
            412: PRECONDITION_FAILED,
            **{k: ERRORS[k] for k in (401, 403, 404, 428)},
        },
    ),
)
class ClaimViewSet(VersionedObjectMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Claims in your projects. Any member marks claims; the reviewer who marked a claim, editors and
    admins change it; editors and admins delete any claim."""

    serializer_class = ClaimSerializer
    update_serializer_class = ClaimUpdateSerializer
    pagination_class = IdCursorPagination
    filter_backends = [StrictFilterBackend]
    filterset_class = ClaimFilter
    permission_classes = [IsAuthenticated]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Any]:
        return (
            Claim.objects.for_user(self.request.user)
            .with_visible_status(self.request.user)
            .select_related("created_by")
        )

    def update_object(self, obj: Claim, *, actor: Any, expected_version: int, **changes: Any) -> Claim:
        return services.claim_update(claim=obj, actor=actor, expected_version=expected_version, **changes)

    def delete_object(self, obj: Claim, *, actor: Any, expected_version: int) -> None:
        services.claim_delete(claim=obj, actor=actor, expected_version=expected_version)

    @extend_schema(responses={200: ClaimSerializer(many=True), 400: ERRORS[400], 401: ERRORS[401]})
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return list_response(self, CLAIM_ROWS)

    @extend_schema(
        request=ClaimCreateSerializer,
        parameters=[etag_header(201)],
        responses={
            201: ClaimSerializer,
            409: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description='{"detail", "existing": URL, "duplicate_of": claim id}: the span equals or overlaps an '
                'existing claim by ≥ 80%; send "confirm_duplicate": true to mark it anyway',
            ),
            **{k: ERRORS[k] for k in (400, 401, 403, 413)},
        },
        description='Mark a claim by offsets ({"article", "start", "end"}, Unicode code points, end exclusive; '
        'an optional "quote" must then match the text there) or by its text alone ({"article", "quote"}): '
        "the server finds it, and answers 400 listing the offsets if it occurs more than once. A span that "
        "equals or overlaps an existing claim of the article by ≥ 80% (shared length over the longer span) is "
        'refused with 409 unless the body has "confirm_duplicate": true.',
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = ClaimCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        try:
            claim = services.claim_create(created_by=request.user, **serializer.validated_data)
        except services.DuplicateClaim as exc:
            url = _claim_url(request, exc.existing)
            return Response(
                {"detail": str(exc), "existing": url, "duplicate_of": exc.existing.pk},
                status=status.HTTP_409_CONFLICT,
                headers={"Location": url},
            )
        # The status as the scoped queryset would show it (``with_visible_status``), without reading the
        # claim back: the caller has no verdict on a claim they just marked, so blind review hides its
        # status exactly when it applies to them in the claim's project.
        hidden = claim.project_id in blind_project_ids(request.user)
        claim.shown_status = HIDDEN if hidden else claim.status  # type: ignore[attr-defined]
        return Response(
            ClaimSerializer(claim).data,
            status=status.HTTP_201_CREATED,
            headers={"ETag": etag_for(claim), "Location": _claim_url(request, claim)},
        )


def _claim_url(request: Request, claim: Claim) -> str:
    return request.build_absolute_uri(reverse("api-claim-detail", args=[claim.pk]))
