"""Import by URL: ``POST /api/v1/articles/import/`` with ``{"project", "urls"}`` queues a job (202);
``GET /api/v1/import-jobs/{id}/`` shows its progress and a report per URL."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from .. import services
from ..models import ImportItem, ImportJob, Project
from ..serializers import ScopedPrimaryKeyField, StrictInputSerializer
from .schema import ERRORS


class UrlImportInputSerializer(StrictInputSerializer):
    project = ScopedPrimaryKeyField(queryset=Project.objects.all(), help_text="One of your projects (editor role)")
    urls = serializers.ListField(
        child=serializers.CharField(max_length=services.imports.MAX_URL_LENGTH),
        min_length=1,
        max_length=services.imports.MAX_URLS,
        help_text=f"1 to {services.imports.MAX_URLS} http(s) URLs of web articles",
    )


class ImportItemReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = ImportItem
        fields = ["position", "url", "outcome", "message", "article", "final_url", "fetched_at"]
        read_only_fields = fields


class ImportJobSerializer(serializers.ModelSerializer):
    items = ImportItemReportSerializer(many=True, read_only=True)
    total = serializers.SerializerMethodField()
    done = serializers.SerializerMethodField()
    counts = serializers.SerializerMethodField()

    class Meta:
        model = ImportJob
        fields = ["id", "project", "status", "created_at", "finished_at", "total", "done", "counts", "items"]
        read_only_fields = fields

    # Computed from the prefetched items: no query of their own.
    def get_total(self, job: ImportJob) -> int:
        return len(job.items.all())

    def get_done(self, job: ImportJob) -> int:
        return sum(1 for item in job.items.all() if item.outcome != ImportItem.Outcome.PENDING)

    def get_counts(self, job: ImportJob) -> dict[str, int]:
        outcomes = [item.outcome for item in job.items.all()]
        return {outcome: outcomes.count(outcome) for outcome in ImportItem.Outcome.values}


def job_queryset(user: Any) -> Any:
    return ImportJob.objects.for_user(user).prefetch_related("items")


def url_import(request: Request) -> Response:
    """The URL form of ``POST /api/v1/articles/import/`` (called by the article viewset)."""
    serializer = UrlImportInputSerializer(data=request.data, context={"request": request})
    serializer.is_valid(raise_exception=True)
    job = services.import_job_create(
        project=serializer.validated_data["project"],
        created_by=request.user,
        urls=serializer.validated_data["urls"],
    )
    job = job_queryset(request.user).get(pk=job.pk)
    location = request.build_absolute_uri(reverse("api-import-job-detail", args=[job.pk]))
    return Response(ImportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED, headers={"Location": location})


@extend_schema(tags=["articles"], responses={200: ImportJobSerializer, **{k: ERRORS[k] for k in (401, 404)}})
class ImportJobViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """An import-by-URL job of one of your projects: status, progress and the outcome of each URL
    (created, duplicate or refused, with the reason)."""

    serializer_class = ImportJobSerializer
    filter_backends: list[Any] = []

    def get_queryset(self) -> Any:
        return job_queryset(self.request.user)
