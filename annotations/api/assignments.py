"""/api/v1/assignments/ and POST /api/v1/projects/{id}/take-next/."""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import services
from ..models import Article, Assignment, Project
from ..serializers import ScopedPrimaryKeyField, StrictInputSerializer, TextField
from .filtering import StrictFilterBackend
from .pagination import IdCursorPagination
from .schema import ERRORS, ErrorSerializer


class AssignmentSerializer(serializers.ModelSerializer):
    reviewer = serializers.CharField(source="reviewer.username", read_only=True)
    assigned_by = serializers.CharField(source="assigned_by.username", read_only=True, allow_null=True)
    done = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = ["id", "project", "article", "reviewer", "assigned_by", "due_date", "created_at", "done_at", "done"]
        read_only_fields = fields

    def get_done(self, obj: Assignment) -> bool:
        return obj.done_at is not None


class AssignmentCreateSerializer(StrictInputSerializer):
    article = ScopedPrimaryKeyField(queryset=Article.objects.all())
    reviewer = TextField(max_length=150, help_text="Username of a member of the article's project")
    due_date = serializers.DateField(required=False, allow_null=True)


class AssignmentFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(field_name="project_id", help_text="Project id")
    article = django_filters.NumberFilter(field_name="article_id", help_text="Article id")
    reviewer = django_filters.CharFilter(field_name="reviewer__username", help_text="Reviewer's username")
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lt", help_text="Due before this date")
    done = django_filters.BooleanFilter(field_name="done_at", lookup_expr="isnull", exclude=True, help_text="Done?")

    class Meta:
        model = Assignment
        fields: list[str] = []


@extend_schema(tags=["assignments"])
@extend_schema_view(
    list=extend_schema(responses={200: AssignmentSerializer(many=True), 400: ERRORS[400], 401: ERRORS[401]}),
    retrieve=extend_schema(responses={200: AssignmentSerializer, 401: ERRORS[401], 404: ERRORS[404]}),
    destroy=extend_schema(
        responses={204: OpenApiResponse(description="Withdrawn"), **{k: ERRORS[k] for k in (401, 403, 404)}}
    ),
)
class AssignmentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """Who reviews which article. Editors and admins see and manage every assignment of their projects;
    reviewers see their own."""

    serializer_class = AssignmentSerializer
    pagination_class = IdCursorPagination
    filter_backends = [StrictFilterBackend]
    filterset_class = AssignmentFilter
    permission_classes = [IsAuthenticated]
    http_method_names = ["get", "post", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet:
        return Assignment.objects.for_user(self.request.user).select_related("reviewer", "assigned_by")

    @extend_schema(
        request=AssignmentCreateSerializer,
        responses={
            201: AssignmentSerializer,
            409: OpenApiResponse(ErrorSerializer, description="Already assigned to this reviewer"),
            **{k: ERRORS[k] for k in (400, 401, 403, 413)},
        },
    )
    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        serializer = AssignmentCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        article: Article = data["article"]
        reviewer = get_user_model().objects.filter(username=data["reviewer"]).first()
        if reviewer is None:
            raise ValidationError({"reviewer": [f"{data['reviewer']} is not a member of this project."]})
        try:
            assignment = services.assignment_create(
                article=article, reviewer=reviewer, actor=request.user, due_date=data.get("due_date")
            )
        except services.AlreadyExists as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        return Response(
            AssignmentSerializer(self.get_queryset().get(pk=assignment.pk)).data, status=status.HTTP_201_CREATED
        )

    def perform_destroy(self, instance: Assignment) -> None:
        services.assignment_delete(assignment=instance, actor=self.request.user)


@extend_schema(tags=["assignments"])
class TakeNextView(APIView):
    """Hand the caller the oldest article of the project still lacking reviewers (never the same
    article to two callers at once)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="projects_take_next",
        request=None,
        responses={
            201: AssignmentSerializer,
            204: OpenApiResponse(description="Nothing left to take"),
            **{k: ERRORS[k] for k in (401, 403, 404)},
        },
    )
    def post(self, request: Request, project_pk: int) -> Response:
        project = get_object_or_404(Project.objects.for_user(request.user), pk=project_pk)
        assignment = services.assignment_take_next(project=project, reviewer=request.user)
        if assignment is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        assignment = Assignment.objects.select_related("reviewer", "assigned_by").get(pk=assignment.pk)
        return Response(AssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)
