"""/api/v1/projects/ and /api/v1/projects/{id}/members/."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, mixins, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from annotations.models.core import AnyUser, ProjectQuerySet

from .. import services
from ..member_lookup import NOT_ADDABLE, addable_user
from ..models import Membership, Project
from ..serializers import (
    MemberAddSerializer,
    MemberSerializer,
    MemberUpdateSerializer,
    ProjectCreateSerializer,
    ProjectSerializer,
    ProjectUpdateSerializer,
)
from .pagination import IdCursorPagination
from .schema import ERRORS, ErrorSerializer


def projects_for(user: AnyUser) -> ProjectQuerySet:
    """The user's projects with their role and progress counts in one query, and their rating scales in a second."""
    if not isinstance(user, User):  # the anonymous user belongs to no project
        return Project.objects.none()
    role = Membership.objects.filter(project=OuterRef("pk"), user=user).values("role")[:1]
    return (
        Project.objects.for_user(user)
        .with_progress(user=user)
        .annotate(role=Subquery(role))
        .prefetch_related("rating_items")
    )


@extend_schema(tags=["projects"])
class ProjectViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Projects you belong to. Anyone signed in may create one and becomes its admin; admins rename it.
    Projects are not deleted through the API (that would erase their history too)."""

    serializer_class = ProjectSerializer
    pagination_class = IdCursorPagination
    filter_backends: list = []
    permission_classes = [IsAuthenticated]  # who may rename: services.project_update decides (403)
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Project.objects.none()
        return projects_for(self.request.user)

    @extend_schema(responses={200: ProjectSerializer(many=True), 400: ERRORS[400], 401: ERRORS[401]})
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(responses={200: ProjectSerializer, 401: ERRORS[401], 404: ERRORS[404]})
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        request=ProjectCreateSerializer,
        responses={201: ProjectSerializer, 400: ERRORS[400], 401: ERRORS[401], 413: ERRORS[413]},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = ProjectCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        project = services.project_create(created_by=request.user, **serializer.validated_data)
        data = ProjectSerializer(self.get_queryset().get(pk=project.pk)).data
        return Response(data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=ProjectUpdateSerializer,
        responses={200: ProjectSerializer, **{k: ERRORS[k] for k in (400, 401, 403, 404, 413)}},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        project = self.get_object()  # 404 outside your projects; the service refuses non-admins (403)
        serializer = ProjectUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.project_update(project=project, actor=request.user, **serializer.validated_data)
        return Response(ProjectSerializer(self.get_queryset().get(pk=project.pk)).data)


class MemberMixin(generics.GenericAPIView):
    """The project comes from the URL, looked up among the caller's projects (404 otherwise). Who may add,
    change or remove whom is decided by ``services.membership_set``/``membership_remove``: their
    ``PermissionDenied`` is a 403."""

    serializer_class = MemberSerializer
    filter_backends: list = []
    permission_classes = [IsAuthenticated]

    def get_project(self) -> Project:
        return get_object_or_404(Project.objects.for_user(self.request.user), pk=self.kwargs["project_pk"])

    def get_queryset(self) -> QuerySet[Any]:
        return Membership.objects.for_user(self.request.user).filter(project_id=self.kwargs["project_pk"])


@extend_schema(tags=["projects"])
class MemberListView(MemberMixin, generics.GenericAPIView):
    """Members of a project (any member may list them; admins add anyone, editors add reviewers)."""

    pagination_class = None

    @extend_schema(
        operation_id="projects_members_list",
        responses={200: MemberSerializer(many=True), **{k: ERRORS[k] for k in (401, 404)}},
    )
    def get(self, request: Request, project_pk: int) -> Response:
        self.get_project()
        members = self.get_queryset().select_related("user").order_by("user__username")
        return Response(MemberSerializer(members, many=True).data)

    @extend_schema(
        operation_id="projects_members_create",
        request=MemberAddSerializer,
        responses={
            201: MemberSerializer,
            409: OpenApiResponse(ErrorSerializer, description="Already a member: PATCH their role instead"),
            **{k: ERRORS[k] for k in (400, 401, 403, 404, 413)},
        },
    )
    def post(self, request: Request, project_pk: int) -> Response:
        project = self.get_project()
        serializer = MemberAddSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = _user_named(serializer.validated_data["username"])
        if Membership.objects.filter(project=project, user=user).exists():
            return Response(
                {"detail": f"{user.get_username()} is already a member: change their role with PATCH."},
                status=status.HTTP_409_CONFLICT,
            )
        membership = services.membership_set(
            project=project, user=user, role=serializer.validated_data["role"], actor=request.user
        )
        return Response(MemberSerializer(membership).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["projects"])
class MemberDetailView(MemberMixin, generics.GenericAPIView):
    """One member: admins change anyone's role or remove anyone, editors remove reviewers; nobody changes
    their own role, anyone may leave, and a project keeps at least one admin."""

    def get_membership(self) -> tuple[Project, Membership]:
        project = self.get_project()
        if services.text_problem(self.kwargs["username"]):  # e.g. %00, which PostgreSQL cannot compare
            raise Http404("No such member.")
        membership = get_object_or_404(
            self.get_queryset().select_related("user"), user__username=self.kwargs["username"]
        )
        return project, membership

    @extend_schema(
        operation_id="projects_members_retrieve",
        responses={200: MemberSerializer, **{k: ERRORS[k] for k in (401, 404)}},
    )
    def get(self, request: Request, project_pk: int, username: str) -> Response:
        _, membership = self.get_membership()
        return Response(MemberSerializer(membership).data)

    @extend_schema(
        operation_id="projects_members_partial_update",
        request=MemberUpdateSerializer,
        responses={200: MemberSerializer, **{k: ERRORS[k] for k in (400, 401, 403, 404, 413)}},
    )
    def patch(self, request: Request, project_pk: int, username: str) -> Response:
        project, membership = self.get_membership()
        serializer = MemberUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = services.membership_set(
            project=project, user=membership.user, role=serializer.validated_data["role"], actor=request.user
        )
        return Response(MemberSerializer(membership).data)

    @extend_schema(
        operation_id="projects_members_destroy",
        responses={204: OpenApiResponse(description="Removed"), **{k: ERRORS[k] for k in (400, 401, 403, 404)}},
    )
    def delete(self, request: Request, project_pk: int, username: str) -> Response:
        project, membership = self.get_membership()
        services.membership_remove(project=project, user=membership.user, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _user_named(username: str) -> User:
    user = addable_user(username)
    if user is None:
        raise ValidationError({"username": [NOT_ADDABLE]})
    return user
