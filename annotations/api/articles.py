"""/api/v1/articles/ and /api/v1/articles/import/."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ParseError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from annotations.models.core import AnyUser

from .. import services
from ..filters import ArticleFilter
from ..models import Article, Project
from ..serializers import (
    ArticleCreateSerializer,
    ArticleFieldsSerializer,
    ArticleSerializer,
    ImportReportSerializer,
    published_at_in_range,
)
from ..services.bulk_insert import gc_paused
from .filtering import StrictFilterBackend
from .imports import url_import
from .listing import ARTICLE_ROWS, list_response
from .pagination import IdCursorPagination
from .parsers import ImportJSONParser, JSONLinesParser, JSONLParser, LineProblem
from .schema import ERRORS


@extend_schema(tags=["articles"])
class ArticleViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """Articles in your projects. Editors and admins import and delete them; an article's text never
    changes once imported (claims point into it), so there is no update."""

    serializer_class = ArticleSerializer
    pagination_class = IdCursorPagination
    filter_backends = [StrictFilterBackend]
    filterset_class = ArticleFilter
    permission_classes = [IsAuthenticated]  # who may import or delete: the services decide (403)

    def get_queryset(self) -> QuerySet[Any]:
        return Article.objects.for_user(self.request.user).select_related("imported_by")

    @extend_schema(responses={200: ArticleSerializer(many=True), 400: ERRORS[400], 401: ERRORS[401]})
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return list_response(self, ARTICLE_ROWS)

    @extend_schema(responses={200: ArticleSerializer, 401: ERRORS[401], 404: ERRORS[404]})
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        request=ArticleCreateSerializer,
        responses={
            201: ArticleSerializer,
            409: OpenApiResponse(
                ArticleSerializer,
                description="The same body is in this project already: "
                "the existing article (its URL in the Location header)",
            ),
            **{k: ERRORS[k] for k in (400, 401, 403, 413)},
        },
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = ArticleCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        project = fields.pop("project")
        try:
            article = services.article_create(project=project, imported_by=request.user, **fields)
        except services.DuplicateArticle as exc:
            existing = self.get_queryset().get(pk=exc.existing.pk)
            return Response(
                {**ArticleSerializer(existing).data, "detail": str(exc)},
                status=status.HTTP_409_CONFLICT,
                headers={"Location": _article_url(request, existing)},
            )
        data = ArticleSerializer(self.get_queryset().get(pk=article.pk)).data
        return Response(data, status=status.HTTP_201_CREATED, headers={"Location": _article_url(request, article)})

    @extend_schema(
        responses={
            204: OpenApiResponse(description="Deleted, with its claims and verdicts (tombstones recorded for sync)"),
            **{k: ERRORS[k] for k in (401, 403, 404)},
        }
    )
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().destroy(request, *args, **kwargs)

    def perform_destroy(self, instance: Article) -> None:
        services.article_delete(article=instance, actor=self.request.user)

    @extend_schema(
        operation_id="articles_import",
        parameters=[
            OpenApiParameter(
                "project", OpenApiTypes.INT, required=True, description="One of your projects (editor role)"
            ),
        ],
        request={
            "application/json": ArticleFieldsSerializer(many=True),
            "application/x-ndjson": OpenApiTypes.STR,
            "application/jsonl": OpenApiTypes.STR,
        },
        responses={200: ImportReportSerializer, **{k: ERRORS[k] for k in (400, 401, 403, 404, 413)}},
        description='Import by URL: send a JSON object {"project": id, "urls": [...]} (at most 50 '
        "http(s) URLs); the answer is 202 with an import job (see /api/v1/import-jobs/{id}/) and the pages are "
        "fetched in the background. Otherwise: import many articles into one project: a JSON array "
        "(Content-Type: application/json) or "
        "JSON Lines (application/x-ndjson), one article object per item. Each item succeeds or fails alone; "
        "the report says which were created, which were duplicates of an article already in the project, "
        "and which were rejected and why.",
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[ImportJSONParser, JSONLinesParser, JSONLParser],
        filter_backends=[],
        pagination_class=None,
    )
    def import_(self, request: Request) -> Response:
        with gc_paused():  # the parse and the import make many objects and no cycles
            if isinstance(request.data, dict):  # {"project": id, "urls": [...]}: import by URL, in the background
                return url_import(request)
            project = _project_from_query(request)
            items = request.data
            if not isinstance(items, list):
                raise ParseError("Send a JSON array of articles, or JSON Lines with one article per line.")
            report = _import(project, items, request.user)
        return Response(report)


def _project_from_query(request: Request) -> Project:
    raw = request.query_params.get("project", "")
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        raise ValidationError({"project": ["Give the id of one of your projects: ?project=<id>."]})
    return get_object_or_404(Project.objects.for_user(request.user), pk=int(raw))


def _import(project: Project, items: list[Any], user: AnyUser) -> dict[str, Any]:
    rows: list[dict[str, Any] | None] = [None] * len(items)
    parsed = []  # (position, item) of the items that are at least valid JSON
    lines = getattr(items, "lines", None)  # JSON Lines bodies know where each item came from
    for position, item in enumerate(items):
        line = lines[position] if lines else None
        if isinstance(item, LineProblem):
            rows[position] = _row(
                position,
                item.line,
                "rejected",
                errors={"non_field_errors": [item.message]},
                message=f"Line {item.line}: {item.message}",
            )
            continue
        if isinstance(item, dict) and item.get("published_at"):
            try:
                item = {**item, "published_at": published_at_in_range(item["published_at"])}
            except ValidationError as exc:
                rows[position] = _row(
                    position,
                    line,
                    "rejected",
                    errors=exc.message_dict,
                    message=f"published_at: {exc.message_dict['published_at'][0]}",
                )
                continue
        parsed.append((position, item))
    results = services.article_import(project=project, items=[item for _, item in parsed], imported_by=user)
    for (position, _), result in zip(parsed, results, strict=True):
        line = lines[position] if lines else None
        rows[position] = _row(position, line, result.outcome, result.article_id, result.errors, result.message)
    counts = {
        outcome: sum(1 for row in rows if row is not None and row["outcome"] == outcome)
        for outcome in ("created", "duplicate", "rejected")
    }
    return {**counts, "items": rows}


def _row(
    index: int,
    line: int | None,
    outcome: str,
    article: int | None = None,
    errors: dict[str, Any] | None = None,
    message: str = "",
) -> dict[str, Any]:
    return {
        "index": index,
        "line": line,
        "outcome": outcome,
        "article": article,
        "errors": errors or {},
        "message": message,
    }


def _article_url(request: Request, article: Article) -> str:
    return request.build_absolute_uri(reverse("api-article-detail", args=[article.pk]))
