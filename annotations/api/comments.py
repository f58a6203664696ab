"""/api/v1/comments/: the discussion thread of each claim.

Any member posts; the author may change or delete a comment within 15 minutes of posting; editors and
admins delete any. A deleted comment stays listed as a tombstone (``deleted: true``, empty body) so
clients syncing with ``updated_after`` see it go; its text stays in the history.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from .. import services
from ..models import COMMENT_MAX_CHARS, Claim, Comment
from ..serializers import ScopedPrimaryKeyField, StrictInputSerializer, text
from .concurrency import VersionedObjectMixin, etag_for
from .filtering import StrictFilterBackend
from .pagination import IdCursorPagination
from .schema import ERRORS, IF_MATCH, etag_header


class CommentSerializer(serializers.ModelSerializer):
    article = serializers.IntegerField(source="claim.article_id", read_only=True)
    author = serializers.CharField(source="author_username", read_only=True)
    deleted = serializers.BooleanField(source="is_deleted", read_only=True)
    deleted_by = serializers.CharField(source="deleted_by.username", read_only=True, allow_null=True)

    class Meta:
        model = Comment
        fields = [
            "id",
            "project",
            "article",
            "claim",
            "author",
            "body",
            "version",
            "created_at",
            "updated_at",
            "edited_at",
            "deleted",
            "deleted_at",
            "deleted_by",
        ]
        read_only_fields = fields


class CommentCreateSerializer(StrictInputSerializer):
    claim = ScopedPrimaryKeyField(queryset=Claim.objects.all())
    body = text(max_length=COMMENT_MAX_CHARS, help_text="The comment (plain text, at most 20,000 characters)")


class CommentUpdateSerializer(StrictInputSerializer):
    body = text(max_length=COMMENT_MAX_CHARS)


class CommentPreconditionFailedSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current = CommentSerializer(help_text="The comment as it is now; its ETag is in the ETag header")


class CommentFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id", help_text="Project id")
    article = django_filters.NumberFilter(field_name="claim__article_id", help_text="Article id")
    claim = django_filters.NumberFilter(field_name="claim_id", help_text="Claim id")
    author = django_filters.CharFilter(field_name="author_username", help_text="Author's username")
    deleted = django_filters.BooleanFilter(
        field_name="deleted_at", lookup_expr="isnull", exclude=True, help_text="true: only deleted; false: only live"
    )
    updated_after = django_filters.IsoDateTimeFilter(
        field_name="updated_at", lookup_expr="gt", help_text="ISO 8601; only comments changed after this instant"
    )

    class Meta:
        model = Comment
        fields: list[str] = []


PRECONDITION_FAILED = OpenApiResponse(
    CommentPreconditionFailedSerializer, description="Stale If-Match: the comment changed since you read it"
)


@extend_schema(tags=["comments"])
@extend_schema_view(
    retrieve=extend_schema(
        parameters=[etag_header(200)], responses={200: CommentSerializer, 401: ERRORS[401], 404: ERRORS[404]}
    ),
    partial_update=extend_schema(
        parameters=[IF_MATCH, etag_header(200, 412)],
        request=CommentUpdateSerializer,
        responses={
            200: CommentSerializer,
            412: PRECONDITION_FAILED,
            **{k: ERRORS[k] for k in (400, 401, 403, 404, 413, 428)},
        },
        description="Change your comment's text, within 15 minutes of posting it.",
    ),
    destroy=extend_schema(
        parameters=[IF_MATCH, etag_header(412)],
        responses={
            204: OpenApiResponse(description="Deleted: the comment stays listed as a tombstone"),
            412: PRECONDITION_FAILED,
            **{k: ERRORS[k] for k in (401, 403, 404, 428)},
        },
        description="Delete a comment: yours within 15 minutes of posting it, or any as an editor or admin.",
    ),
)
class CommentViewSet(VersionedObjectMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Comments on claims in your projects, oldest first by id. Filter with ``?claim=`` for one thread."""

    serializer_class = CommentSerializer
    update_serializer_class = CommentUpdateSerializer
    entity = "comment"
    pagination_class = IdCursorPagination
    filter_backends = [StrictFilterBackend]
    filterset_class = CommentFilter
    permission_classes = [IsAuthenticated]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Comment]:
        return Comment.objects.for_user(self.request.user).select_related("claim", "deleted_by")

    def update_object(self, obj: Comment, *, actor: Any, expected_version: int, **changes: Any) -> Comment:
        return services.comment_update(comment=obj, actor=actor, expected_version=expected_version, **changes)

    def delete_object(self, obj: Comment, *, actor: Any, expected_version: int) -> None:
        services.comment_delete(comment=obj, actor=actor, expected_version=expected_version)

    @extend_schema(responses={200: CommentSerializer(many=True), 400: ERRORS[400], 401: ERRORS[401]})
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request=CommentCreateSerializer,
        parameters=[etag_header(201)],
        responses={201: CommentSerializer, **{k: ERRORS[k] for k in (400, 401, 403, 413)}},
        description="Post a comment on a claim. The author is always you.",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = CommentCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        comment = services.comment_create(author=request.user, **serializer.validated_data)
        comment = self.get_queryset().get(pk=comment.pk)
        url = request.build_absolute_uri(reverse("api-comment-detail", args=[comment.pk]))
        return Response(
            CommentSerializer(comment).data,
            status=status.HTTP_201_CREATED,
            headers={"ETag": etag_for(comment), "Location": url},
        )
