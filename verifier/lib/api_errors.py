"""The API's error bodies as OpenAPI responses, shared by both apps' endpoints (accounts and annotations)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """Any error that is not about particular fields."""

    detail = serializers.CharField()


FIELD_ERRORS = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description='Invalid input: {"<field>": ["message", ...], "non_field_errors": [...]} or {"detail": "..."} '
    "for malformed JSON",
)

ERRORS = {
    400: FIELD_ERRORS,
    401: OpenApiResponse(ErrorSerializer, description="Not authenticated (no, wrong or expired token)"),
    403: OpenApiResponse(ErrorSerializer, description="Your role in the project does not allow this"),
    404: OpenApiResponse(ErrorSerializer, description="No such object among your projects"),
    413: OpenApiResponse(ErrorSerializer, description="Request body too large"),
    428: OpenApiResponse(ErrorSerializer, description="If-Match header missing: send the ETag you read"),
    429: OpenApiResponse(ErrorSerializer, description="Too many requests of this kind: see the Retry-After header"),
}
