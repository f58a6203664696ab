"""ETag / If-Match: optimistic concurrency for claims and verdicts, on their ``version``."""

from __future__ import annotations

import re
from typing import Any

from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from .errors import PreconditionRequired

# W/ is tolerated: some proxies weaken ETags (e.g. when compressing), and the version is still exact.
_ETAG = re.compile(r'^(?:W/)?"(\d{1,9})"$')
NEVER_MATCHES = -1


def etag_for(obj: Any) -> str:
    """The ETag of a claim or verdict: its version, quoted (``"3"``)."""
    return f'"{obj.version}"'


def expected_version(request: Request) -> int:
    """The version the client says it read, from If-Match; 428 if the header is missing.

    A header naming no version of ours (garbage, or ``*``, which would skip the check) never matches,
    so the write is refused with 412 and the current representation.
    """
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired()
    for candidate in header.split(","):
        found = _ETAG.match(candidate.strip())
        if found:
            return int(found.group(1))
    return NEVER_MATCHES


def precondition_failed(current_data: dict, current: Any, message: str) -> Response:
    """412 with the object as it is now, so the client can merge and retry with the new ETag."""
    return Response(
        {"detail": message, "current": current_data},
        status=status.HTTP_412_PRECONDITION_FAILED,
        headers={"ETag": etag_for(current)},
    )
