"""ETag / If-Match: optimistic concurrency for claims and verdicts, on their ``version``."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django.http import Http404
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer, Serializer

from .. import services
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


if TYPE_CHECKING:  # what the mixin is mixed into; at run time it stays a plain mixin
    _ViewBase = GenericAPIView
else:
    _ViewBase = object


class VersionedObjectMixin(_ViewBase):
    """Retrieve with an ETag; PATCH and DELETE only with a current If-Match.

    For a viewset of a versioned model: ``update_object`` and ``delete_object`` call its services,
    ``update_serializer_class`` validates a PATCH body and ``serializer_class`` renders the object.
    """

    update_serializer_class: type[Serializer]
    serializer_class: type[BaseSerializer[Any]]

    def update_object(self, obj: Any, *, actor: Any, expected_version: int, **changes: Any) -> Any:
        """Call the model's update service (e.g. ``services.claim_update``); return the updated object."""
        raise NotImplementedError

    def delete_object(self, obj: Any, *, actor: Any, expected_version: int) -> None:
        """Call the model's delete service (e.g. ``services.claim_delete``)."""
        raise NotImplementedError

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        return Response(self.serializer_class(obj).data, headers={"ETag": etag_for(obj)})

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        version = expected_version(request)
        serializer = self.update_serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            obj = self.update_object(obj, actor=request.user, expected_version=version, **serializer.validated_data)
        except services.VersionConflict as exc:
            return self.version_conflict(exc)
        obj = self.get_queryset().get(pk=obj.pk)
        return Response(self.serializer_class(obj).data, headers={"ETag": etag_for(obj)})

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        version = expected_version(request)
        try:
            self.delete_object(obj, actor=request.user, expected_version=version)
        except services.VersionConflict as exc:
            return self.version_conflict(exc)
        return Response(status=status.HTTP_204_NO_CONTENT)

    def version_conflict(self, exc: services.VersionConflict) -> Response:
        """412 with the current object; 404 if it no longer exists."""
        current = self.get_queryset().filter(pk=exc.current.pk).first() if exc.current else None
        if current is None:
            raise Http404(str(exc))
        return precondition_failed(self.serializer_class(current).data, current, str(exc))
