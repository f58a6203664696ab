"""/api/v1/decisions/ (with publish/ and corrections/) and /api/v1/corrections/: the desk's rulings."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from .. import services
from ..decision_filters import CorrectionFilter, DecisionFilter
from ..decision_serializers import (
    CorrectionCreateSerializer,
    CorrectionSerializer,
    DecisionConflictSerializer,
    DecisionCreateSerializer,
    DecisionPreconditionFailedSerializer,
    DecisionPublishSerializer,
    DecisionSerializer,
    DecisionStateConflictSerializer,
    DecisionUpdateSerializer,
)
from ..models import Correction, Decision
from .concurrency import etag_for, expected_version, precondition_failed
from .filtering import StrictFilterBackend
from .pagination import IdCursorPagination
from .schema import ERRORS, IF_MATCH, etag_header

PRECONDITION_FAILED = OpenApiResponse(
    DecisionPreconditionFailedSerializer, description="Stale If-Match: the decision changed since you read it"
)
STATE_CONFLICT = OpenApiResponse(
    DecisionStateConflictSerializer,
    description="The decision's state does not allow this: a published decision changes only through a correction",
)
IF_MATCH_OPTIONAL = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description='Optional: the ETag you read, e.g. "3"; if it is stale the correction is refused with 412.',
)


def decisions_for(user: Any) -> Any:
    """The user's decisions with everything their representation shows (two queries for any number)."""
    return (
        Decision.objects.for_user(user)
        .select_related("claim", "rating", "decided_by", "published_by")
        .prefetch_related(Prefetch("corrections", queryset=Correction.objects.select_related("author").order_by("id")))
    )


def decision_url(request: Request, decision: Decision) -> str:
    return request.build_absolute_uri(reverse("api-decision-detail", args=[decision.pk]))


@extend_schema(tags=["decisions"])
@extend_schema_view(
    list=extend_schema(responses={200: DecisionSerializer(many=True), 400: ERRORS[400], 401: ERRORS[401]}),
    retrieve=extend_schema(
        parameters=[etag_header(200)], responses={200: DecisionSerializer, 401: ERRORS[401], 404: ERRORS[404]}
    ),
)
class DecisionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The editors' decisions on claims in your projects (at most one per claim). Editors and admins
    draft, change and delete drafts (If-Match), publish (four-eyes: not the decider) and correct
    published decisions; reviewers read them."""

    serializer_class = DecisionSerializer
    pagination_class = IdCursorPagination
    filter_backends = [StrictFilterBackend]
    filterset_class = DecisionFilter
    permission_classes = [IsAuthenticated]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> Any:
        return decisions_for(self.request.user)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        decision = self.get_object()
        return Response(DecisionSerializer(decision).data, headers={"ETag": etag_for(decision)})

    def _answer(self, decision: Decision, code: int = status.HTTP_200_OK) -> Response:
        decision = self.get_queryset().get(pk=decision.pk)
        headers = {"ETag": etag_for(decision)}
        if code == status.HTTP_201_CREATED:
            headers["Location"] = decision_url(self.request, decision)
        return Response(DecisionSerializer(decision).data, status=code, headers=headers)

    def _version_conflict(self, exc: services.VersionConflict) -> Response:
        current = self.get_queryset().filter(pk=exc.current.pk).first() if exc.current else None
        if current is None:
            raise Http404(str(exc))
        return precondition_failed(DecisionSerializer(current).data, current, str(exc))

    def _state_conflict(self, exc: services.DecisionStateConflict) -> Response:
        current = self.get_queryset().get(pk=exc.current.pk)
        return Response(
            {"detail": str(exc), "current": DecisionSerializer(current).data},
            status=status.HTTP_409_CONFLICT,
            headers={"ETag": etag_for(current)},
        )

    @extend_schema(
        request=DecisionCreateSerializer,
        parameters=[etag_header(201)],
        responses={
            201: DecisionSerializer,
            409: OpenApiResponse(
                DecisionConflictSerializer,
                description="The claim has a decision already: its URL is in `existing` and the Location header",
            ),
            **{k: ERRORS[k] for k in (400, 401, 403, 413)},
        },
        description="Draft the decision on a claim (editors and admins). Under four-eyes the claim's only "
        "reviewer cannot decide it (403). `as_of` defaults to today; `review_due` defaults, for ratings meaning "
        "unverified, to as_of + the project's rereview_days.",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = DecisionCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        try:
            decision = services.decision_create(actor=request.user, **serializer.validated_data)
        except services.AlreadyExists as exc:
            existing = self.get_queryset().get(pk=exc.existing.pk)
            url = decision_url(request, existing)
            return Response(
                {"detail": str(exc), "existing": url, "decision": DecisionSerializer(existing).data},
                status=status.HTTP_409_CONFLICT,
                headers={"Location": url, "ETag": etag_for(existing)},
            )
        return self._answer(decision, status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[IF_MATCH, etag_header(200, 412)],
        request=DecisionUpdateSerializer,
        responses={
            200: DecisionSerializer,
            409: STATE_CONFLICT,
            412: PRECONDITION_FAILED,
            **{k: ERRORS[k] for k in (400, 401, 403, 404, 413, 428)},
        },
        description="Change a draft. A published decision answers 409: file a correction instead.",
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        decision = self.get_object()
        version = expected_version(request)
        serializer = DecisionUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            decision = services.decision_update(
                decision=decision, actor=request.user, expected_version=version, **serializer.validated_data
            )
        except services.DecisionStateConflict as exc:
            return self._state_conflict(exc)
        except services.VersionConflict as exc:
            return self._version_conflict(exc)
        return self._answer(decision)

    @extend_schema(
        parameters=[IF_MATCH, etag_header(412)],
        responses={
            204: OpenApiResponse(description="Draft deleted (a tombstone is recorded)"),
            409: STATE_CONFLICT,
            412: PRECONDITION_FAILED,
            **{k: ERRORS[k] for k in (401, 403, 404, 428)},
        },
        description="Delete a draft. A published decision answers 409: file a `void` correction instead.",
    )
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        decision = self.get_object()
        version = expected_version(request)
        try:
            services.decision_delete(decision=decision, actor=request.user, expected_version=version)
        except services.DecisionStateConflict as exc:
            return self._state_conflict(exc)
        except services.VersionConflict as exc:
            return self._version_conflict(exc)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        parameters=[IF_MATCH, etag_header(200, 412)],
        request=DecisionPublishSerializer,
        responses={
            200: DecisionSerializer,
            403: OpenApiResponse(ERRORS[403].response, description="Not an editor, or four-eyes: you decided it"),
            409: STATE_CONFLICT,
            412: PRECONDITION_FAILED,
            **{k: ERRORS[k] for k in (400, 401, 404, 413, 428)},
        },
        description="Publish a draft. Under four-eyes (the default) the editor who made it cannot publish it.",
    )
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        decision = self.get_object()
        version = expected_version(request)
        DecisionPublishSerializer(data=request.data or {}).is_valid(raise_exception=True)
        try:
            decision = services.decision_publish(decision=decision, actor=request.user, expected_version=version)
        except services.DecisionStateConflict as exc:
            return self._state_conflict(exc)
        except services.VersionConflict as exc:
            return self._version_conflict(exc)
        return self._answer(decision)

    @extend_schema(
        operation_id="decisions_corrections_create",
        parameters=[IF_MATCH_OPTIONAL, etag_header(201, 412)],
        request=CorrectionCreateSerializer,
        responses={
            201: CorrectionSerializer,
            409: STATE_CONFLICT,
            412: PRECONDITION_FAILED,
            **{k: ERRORS[k] for k in (400, 401, 403, 404, 413)},
        },
        description="File a public correction of a published decision: `rating_change` (with `rating`), "
        "`correction` or `update` (optionally with `explanation` and/or `public_evidence`), `clarification` "
        "(the note only) or `void` (withdraws the ruling from ClaimReview exports). A draft or a void decision "
        "answers 409. The ETag header carries the decision's new version.",
    )
    @action(detail=True, methods=["post"])
    def corrections(self, request: Request, pk: str | None = None) -> Response:
        decision = self.get_object()
        version = expected_version(request) if request.headers.get("If-Match", "").strip() else None
        serializer = CorrectionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            correction = services.correction_create(
                decision=decision, actor=request.user, expected_version=version, **serializer.validated_data
            )
        except services.DecisionStateConflict as exc:
            return self._state_conflict(exc)
        except services.VersionConflict as exc:
            return self._version_conflict(exc)
        correction = Correction.objects.select_related("decision", "author").get(pk=correction.pk)
        return Response(
            CorrectionSerializer(correction).data,
            status=status.HTTP_201_CREATED,
            headers={"ETag": etag_for(correction.decision)},
        )


class NewestFirstPagination(IdCursorPagination):
    """Newest first (ids grow with time), ``page_size`` up to 500 (default 100)."""

    ordering = "-id"


@extend_schema(tags=["decisions"], responses={200: CorrectionSerializer(many=True), 400: ERRORS[400], 401: ERRORS[401]})
class CorrectionListView(generics.ListAPIView):
    """The corrections feed of your projects, newest first: every correction with its public note, the
    old and new values, its author and time (void ones included)."""

    serializer_class = CorrectionSerializer
    pagination_class = NewestFirstPagination
    filter_backends = [StrictFilterBackend]
    filterset_class = CorrectionFilter

    def get_queryset(self) -> Any:
        return Correction.objects.for_user(self.request.user).select_related("decision", "author")
