"""Turn domain and framework exceptions into JSON error responses (never an HTML page or a 500)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, RequestDataTooBig
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "request_too_large"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = (
        'Send an If-Match header with the ETag you read (e.g. If-Match: "3"), so that you do not '
        "overwrite a change you have not seen."
    )
    default_code = "precondition_required"


def validation_detail(exc: DjangoValidationError) -> dict[str, list[str]]:
    """A Django ``ValidationError`` as a field → messages dict."""
    if hasattr(exc, "error_dict"):
        return exc.message_dict
    return {"non_field_errors": exc.messages}


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus: the services' ``ValidationError`` → 400 with field messages, their
    ``PermissionDenied`` → 403 with its message, Django's body-size limit → 413, an object deleted
    concurrently (``DoesNotExist`` from a service's locked re-read) → 404."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(detail=validation_detail(exc))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(detail=str(exc) or None)
    elif isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    elif isinstance(exc, ObjectDoesNotExist):  # deleted by someone else while this request ran
        exc = exceptions.NotFound()
    return exception_handler(exc, context)


@csrf_exempt  # a 404 for every method, never Django's HTML CSRF page
def api_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """JSON 404 for a path under /api/v1/ that names no endpoint (paths end with a slash)."""
    return JsonResponse(
        {"detail": "No such API endpoint. Paths end with a slash; see /api/docs/."}, status=status.HTTP_404_NOT_FOUND
    )
