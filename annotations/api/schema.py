"""Shared OpenAPI pieces: the error bodies every endpoint may answer with, and the If-Match header."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
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

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=True,
    description='The ETag from your last read of this object, e.g. "3". Missing → 428; stale → 412 with '
    "the current version.",
)


def etag_header(*codes: int) -> OpenApiParameter:
    """The ETag response header, sent with these status codes."""
    return OpenApiParameter(
        "ETag",
        OpenApiTypes.STR,
        location=OpenApiParameter.HEADER,
        response=list(codes),
        description='The object\'s version, e.g. "3": send it back in If-Match to change or delete it',
    )
