"""/api/v1/projects/{id}/stats/: the dashboard's figures as JSON (editors and admins)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from ..models import Project
from ..permissions import IsProjectEditor
from ..stats import project_stats
from .schema import ERRORS


@extend_schema(tags=["projects"])
class ProjectStatsView(generics.GenericAPIView):
    """Claims by status per day, verdicts per reviewer per week, time to first verdict (median, p90),
    and agreement (Krippendorff's α, Fleiss' κ, Cohen's κ per pair with confusion matrices)."""

    permission_classes = [IsAuthenticated, IsProjectEditor]
    filter_backends: list = []
    pagination_class = None

    @extend_schema(
        operation_id="projects_stats",
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description="The dashboard's figures"),
            **{k: ERRORS[k] for k in (401, 403, 404)},
        },
    )
    def get(self, request: Request, project_pk: int) -> Response:
        project = get_object_or_404(Project.objects.for_user(request.user), pk=project_pk)  # 404 for outsiders
        self.check_object_permissions(request, project)  # 403 for reviewers
        return Response(project_stats(project))
