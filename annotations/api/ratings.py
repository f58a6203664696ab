"""/api/v1/ratings/: the items of each project's rating scale (members read; admins change)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from .. import services
from ..decision_filters import RatingFilter
from ..decision_serializers import RatingCreateSerializer, RatingItemSerializer, RatingUpdateSerializer
from ..models import RatingItem
from .filtering import StrictFilterBackend
from .pagination import IdCursorPagination
from .schema import ERRORS


@extend_schema(tags=["decisions"])
@extend_schema_view(
    list=extend_schema(responses={200: RatingItemSerializer(many=True), 400: ERRORS[400], 401: ERRORS[401]}),
    retrieve=extend_schema(responses={200: RatingItemSerializer, 401: ERRORS[401], 404: ERRORS[404]}),
)
class RatingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The rating scales of your projects, in their order. A project's admins add, change, retire and
    delete items; an item that a decision uses cannot be deleted (400 naming the decisions), only retired."""

    serializer_class = RatingItemSerializer
    pagination_class = IdCursorPagination
    filter_backends = [StrictFilterBackend]
    filterset_class = RatingFilter
    permission_classes = [IsAuthenticated]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> Any:
        return RatingItem.objects.for_user(self.request.user)

    @extend_schema(
        request=RatingCreateSerializer,
        responses={201: RatingItemSerializer, **{k: ERRORS[k] for k in (400, 401, 403, 413)}},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = RatingCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        rating = services.rating_create(actor=request.user, **serializer.validated_data)
        return Response(RatingItemSerializer(rating).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=RatingUpdateSerializer,
        responses={200: RatingItemSerializer, **{k: ERRORS[k] for k in (400, 401, 403, 404, 413)}},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rating = self.get_object()
        serializer = RatingUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rating = services.rating_update(rating=rating, actor=request.user, **serializer.validated_data)
        return Response(RatingItemSerializer(rating).data)

    @extend_schema(
        responses={
            204: OpenApiResponse(description="Deleted"),
            400: OpenApiResponse(ERRORS[400].response, description="Decisions use this item: retire it instead"),
            **{k: ERRORS[k] for k in (401, 403, 404)},
        }
    )
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.rating_delete(rating=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
