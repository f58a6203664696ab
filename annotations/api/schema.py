"""Shared OpenAPI pieces of the annotations API: the If-Match and ETag headers. The error bodies every
endpoint may answer with live in ``verifier.lib.api_errors`` (the accounts API uses them too) and are
re-exported here for this package's endpoints."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from verifier.lib.api_errors import ERRORS, ErrorSerializer

__all__ = ["ERRORS", "IF_MATCH", "ErrorSerializer", "etag_header"]


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
