"""Token endpoints: obtain a token with a password, list and revoke your tokens."""

from __future__ import annotations

from typing import Any

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from verifier.lib.api_errors import ERRORS, ErrorSerializer
from verifier.lib.throttles import TokenCreateThrottle, throttle_user

from . import services
from .models import ApiToken, ApiTokenQuerySet
from .serializers import LockedOutSerializer, NewTokenSerializer, TokenObtainSerializer, TokenSerializer


class TokenObtainView(APIView):
    """Exchange a username and password for an API token (failures count towards the login lockout)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="auth_token_obtain",
        request=TokenObtainSerializer,
        responses={
            200: NewTokenSerializer,
            400: ERRORS[400],
            401: OpenApiResponse(ErrorSerializer, description="Wrong username or password"),
            413: ERRORS[413],
            429: OpenApiResponse(
                LockedOutSerializer,
                description="Too many failed attempts (locked out), or too many tokens created recently "
                "(THROTTLE_TOKEN_CREATE; then only detail, and Retry-After)",
            ),
        },
        auth=[],
        tags=["auth"],
    )
    def post(self, request: Request) -> Response:
        serializer = TokenObtainSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        django_request = request._request
        # Passing the request lets django-axes count a failure and refuse locked-out users.
        user = authenticate(request=django_request, username=data["username"], password=data["password"])
        if getattr(django_request, "axes_locked_out", False):
            # Answer in JSON ourselves instead of letting AxesMiddleware swap in its HTML page.
            django_request.axes_locked_out = False  # type: ignore[attr-defined]  # django-axes sets this flag
            return _locked_out_response(django_request)
        if user is None or not user.is_active:
            return Response(
                {"detail": "Wrong username or password."},
                status=status.HTTP_401_UNAUTHORIZED,
                headers={"WWW-Authenticate": 'Token realm="api"'},
            )
        throttle_user(TokenCreateThrottle, user)  # 429 after THROTTLE_TOKEN_CREATE new tokens
        token, raw = services.token_create(user=user, name=data.get("name", ""))
        # Getting a token is a login: django-axes resets the failure count, Django records last_login.
        user_logged_in.send(sender=user.__class__, request=django_request, user=user)
        token.token = raw  # type: ignore[attr-defined]  # shown once by NewTokenSerializer, never stored
        # The body is a secret: no cache (browser, proxy) may keep it.
        return Response(NewTokenSerializer(token).data, headers={"Cache-Control": "no-store"})


def _locked_out_response(django_request: HttpRequest) -> Response:
    cool_off = get_cool_off(django_request)
    if getattr(django_request, "verifier_username_capped", False):
        # Locked by the per-username cap: until the oldest counted failure leaves its window (at most this).
        cool_off = settings.VERIFIER_USERNAME_FAILURE_WINDOW
    seconds = int(cool_off.total_seconds()) if cool_off else None
    detail = "Too many failed login attempts: this account is locked"
    detail += f" for {seconds // 60} minutes." if seconds else "."
    headers = {"Retry-After": str(seconds)} if seconds else {}
    return Response(
        {"detail": detail, "cooloff_seconds": seconds}, status=status.HTTP_429_TOO_MANY_REQUESTS, headers=headers
    )


@extend_schema(tags=["auth"])
class TokenViewSet(mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """Your API tokens: list them (never their secrets) and revoke them."""

    serializer_class = TokenSerializer
    filter_backends: list = []
    pagination_class = None

    def get_queryset(self) -> ApiTokenQuerySet:
        return ApiToken.objects.for_user(self.request.user)

    @extend_schema(responses={200: TokenSerializer(many=True), 401: ERRORS[401]})
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        responses={204: OpenApiResponse(description="Revoked"), 401: ERRORS[401], 404: ERRORS[404]},
    )
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().destroy(request, *args, **kwargs)

    def perform_destroy(self, instance: ApiToken) -> None:
        services.token_revoke(token=instance, actor=self.request.user)
