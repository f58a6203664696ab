"""GET /api/v1/export/verdicts/?format=FORMAT&<filters>: a streamed export of the caller's projects."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone
from django_filters import FilterSet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from verifier.lib.throttles import ExportThrottle

from ..exports import FORMATS, Context, Format, Links, encoded, stream
from ..filters import ClaimFilter, VerdictFilter
from ..models import Claim, ClaimDecisionState, ClaimStatus, Label, Verdict
from .filtering import StrictFilterBackend
from .schema import ERRORS


class IgnoreFormatParameter(DefaultContentNegotiation):
    """Always answer errors in JSON: ``?format=`` names the export format here, not a DRF renderer."""

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        renderer = next(iter(renderers))  # the first, as DRF passes a list
        return renderer, renderer.media_type


FILTER_PARAMETERS = [
    OpenApiParameter("project", int, description="Project id"),
    OpenApiParameter("article", int, description="Article id"),
    OpenApiParameter("status", str, enum=ClaimStatus.values, description="Claim status"),
    OpenApiParameter(
        "label", str, enum=Label.values, description="Per-claim formats: claims with a verdict of this label; "
        "per-verdict formats: verdicts with this label",
    ),
    OpenApiParameter(
        "decision_state", str, enum=ClaimDecisionState.values,
        description="The claim's decision: none, draft, published or void",
    ),
    OpenApiParameter("reviewer", str, description="Reviewer's username (claims they judged / their verdicts)"),
    OpenApiParameter("claimant", str, description="Text in the claimant (case-insensitive)"),
    OpenApiParameter("search", str, description="Text in the quote, the statement (or the rationale)"),
    OpenApiParameter(
        "updated_after", OpenApiTypes.DATETIME, description="ISO 8601; only claims / verdicts changed after this"
    ),
]  # fmt: skip


BAD_REQUEST = 'Unknown format or bad filter value: {"<parameter>": ["message", ...]}'

# One OpenAPI response per media type (some formats share one).
MEDIA: dict[str, str] = {}
for _f in FORMATS.values():
    MEDIA[_f.media_type] = "; ".join(filter(None, [MEDIA.get(_f.media_type), f"format={_f.name}: {_f.description}"]))


def export_queryset(request: Request, view: APIView, export: Format) -> QuerySet:
    """What ``export`` may show the caller, filtered by the query string: the one place exports choose
    their rows (scope, filters, and which claims a format publishes).

    The API lists' filters and checks apply: a bad, out-of-range or unusable value is a 400 field error.
    """
    queryset: QuerySet[Any]
    filterset: type[FilterSet]
    if export.per == "verdict":
        # Blind review: a reviewer gets only their own verdicts, and no claims (with everyone's verdicts).
        filterset, queryset = VerdictFilter, Verdict.objects.exportable_to(request.user)
    else:
        filterset, queryset = ClaimFilter, Claim.objects.for_user(request.user).exportable_to(request.user)
    # django-filter reads it from the view; the stubs' APIView does not declare it.
    view.filterset_class = filterset  # type: ignore[attr-defined]
    queryset = StrictFilterBackend().filter_queryset(request, queryset, view)
    if export.per == "decision":  # ClaimReview publishes the desk's published rulings and nothing else
        queryset = queryset.filter(decision_state=ClaimDecisionState.PUBLISHED)
    return queryset


class VerdictExportView(APIView):
    """Stream the verdicts of the caller's projects in one of six formats."""

    content_negotiation_class = IgnoreFormatParameter
    throttle_classes = [ExportThrottle]  # THROTTLE_EXPORT per user
    filter_backends: list = []  # filtered in get(): the filter set depends on the format
    filterset_class = None

    @extend_schema(
        tags=["export"],
        operation_id="export_verdicts",
        summary="Export verdicts (streamed)",
        description="\n".join(f"- `{f.name}`: {f.description} (`{f.media_type}`)" for f in FORMATS.values()),
        parameters=[
            OpenApiParameter(
                "format", str, required=True, enum=list(FORMATS), description="Export format (see the description)"
            ),
            *FILTER_PARAMETERS,
        ],
        responses={
            **{(200, media): OpenApiResponse(OpenApiTypes.BINARY, description=d) for media, d in MEDIA.items()},
            400: OpenApiResponse(OpenApiTypes.OBJECT, description=BAD_REQUEST),
            401: ERRORS[401],
            429: ERRORS[429],
        },
    )  # fmt: skip
    def get(self, request: Request) -> StreamingHttpResponse:
        name = request.query_params.get("format", "")
        export = FORMATS.get(name)
        if export is None:
            raise serializers.ValidationError(
                {"format": [f"Unknown export format {name!r}: use one of {', '.join(FORMATS)}."]}
            )
        queryset = export_queryset(request, self, export)
        base_url = settings.VERIFIER_PUBLIC_URL or request.build_absolute_uri("/")
        organization = {"@type": "Organization", "name": settings.VERIFIER_ORGANIZATION_NAME}
        if settings.VERIFIER_ORGANIZATION_URL:
            organization["url"] = settings.VERIFIER_ORGANIZATION_URL
        context = Context(links=Links(base_url), organization=organization, request_url=request.build_absolute_uri())
        # HEAD checks access and headers; servers would still run the body's generator, so give none.
        body = iter(()) if request.method == "HEAD" else encoded(stream(export, queryset, context))
        response = StreamingHttpResponse(body, content_type=export.media_type)
        stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
        label = "" if export.name == export.extension else f"-{export.name}"
        response["Content-Disposition"] = f'attachment; filename="verdicts{label}-{stamp}.{export.extension}"'
        response["Cache-Control"] = "no-store"
        return response
