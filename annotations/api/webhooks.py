"""/api/v1/webhooks/: a project's webhooks (project admins), their delivery log and redelivery."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from .. import services
from ..models import WEBHOOK_EVENTS, Delivery, DeliveryAttempt, Project, Webhook
from ..serializers import ScopedPrimaryKeyField, StrictInputSerializer
from .schema import ERRORS

DELIVERY_LIST_LIMIT = 100


class WebhookSerializer(serializers.ModelSerializer):
    class Meta:
        model = Webhook
        fields = ["id", "project", "url", "events", "active", "disabled_at", "consecutive_failures", "created_at"]
        read_only_fields = fields


class WebhookWithSecretSerializer(WebhookSerializer):
    secret = serializers.CharField(read_only=True, help_text="Shown only in this response: store it now")

    class Meta(WebhookSerializer.Meta):
        fields = [*WebhookSerializer.Meta.fields, "secret"]
        read_only_fields = fields


class WebhookCreateSerializer(StrictInputSerializer):
    project = ScopedPrimaryKeyField(queryset=Project.objects.all(), help_text="One of your projects (admin role)")
    url = serializers.CharField(max_length=2000, help_text="http(s) URL that receives the POSTs")
    events = serializers.ListField(child=serializers.ChoiceField(choices=WEBHOOK_EVENTS), min_length=1)
    active = serializers.BooleanField(default=True)


class WebhookUpdateSerializer(StrictInputSerializer):
    url = serializers.CharField(max_length=2000, required=False)
    events = serializers.ListField(child=serializers.ChoiceField(choices=WEBHOOK_EVENTS), min_length=1, required=False)
    active = serializers.BooleanField(required=False)


class AttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = DeliveryAttempt
        fields = ["number", "started_at", "duration_ms", "response_code", "error", "succeeded"]
        read_only_fields = fields


class DeliverySerializer(serializers.ModelSerializer):
    attempt_log = AttemptSerializer(many=True, read_only=True)

    class Meta:
        model = Delivery
        fields = [
            "id",
            "event",
            "status",
            "attempts",
            "next_attempt_at",
            "created_at",
            "redelivery_of",
            "payload",
            "attempt_log",
        ]
        read_only_fields = fields


ADMIN_ERRORS = {k: ERRORS[k] for k in (401, 403, 404)}


@extend_schema_view(
    list=extend_schema(responses={200: WebhookSerializer(many=True), 401: ERRORS[401]}),
    retrieve=extend_schema(responses={200: WebhookSerializer, **ADMIN_ERRORS}),
    create=extend_schema(
        request=WebhookCreateSerializer, responses={201: WebhookWithSecretSerializer, 400: ERRORS[400], **ADMIN_ERRORS}
    ),
    partial_update=extend_schema(
        request=WebhookUpdateSerializer, responses={200: WebhookSerializer, 400: ERRORS[400], **ADMIN_ERRORS}
    ),
    destroy=extend_schema(responses={204: OpenApiResponse(description="Deleted"), **ADMIN_ERRORS}),
)
class WebhookViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Webhooks of the projects you administer. Each POSTs signed JSON for the events it names; the
    secret is shown once, when the webhook is created or its secret rotated."""

    serializer_class = WebhookSerializer
    filter_backends: list[Any] = []
    pagination_class = None
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return Webhook.objects.none()
        return Webhook.objects.administered_by(self.request.user).select_related("project").order_by("id")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = WebhookCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        webhook, secret = services.webhook_create(
            project=data["project"], actor=request.user, url=data["url"], events=data["events"], active=data["active"]
        )
        webhook.secret = secret
        return Response(WebhookWithSecretSerializer(webhook).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        webhook = self.get_object()
        serializer = WebhookUpdateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        webhook = services.webhook_update(webhook=webhook, actor=request.user, **serializer.validated_data)
        return Response(WebhookSerializer(webhook).data)

    def perform_destroy(self, instance: Webhook) -> None:
        services.webhook_delete(webhook=instance, actor=self.request.user)

    @extend_schema(request=None, responses={200: WebhookWithSecretSerializer, **ADMIN_ERRORS})
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request: Request, pk: str | None = None) -> Response:
        """Replace the signing secret; the new one is in this response only."""
        webhook = self.get_object()
        webhook.secret = services.webhook_rotate_secret(webhook=webhook, actor=request.user)
        return Response(WebhookWithSecretSerializer(webhook).data)

    @extend_schema(responses={200: DeliverySerializer(many=True), **ADMIN_ERRORS})
    @action(detail=True, methods=["get"])
    def deliveries(self, request: Request, pk: str | None = None) -> Response:
        """The newest deliveries (at most 100), each with every attempt: status, duration, code, error."""
        webhook = self.get_object()
        deliveries = webhook.deliveries.prefetch_related("attempt_log").order_by("-created_at")[:DELIVERY_LIST_LIMIT]
        return Response(DeliverySerializer(deliveries, many=True).data)

    @extend_schema(request=None, responses={202: DeliverySerializer, **ADMIN_ERRORS})
    @action(detail=True, methods=["post"], url_path=r"deliveries/(?P<delivery_id>[0-9a-f-]{36})/redeliver")
    def redeliver(self, request: Request, pk: str | None = None, delivery_id: str | None = None) -> Response:
        """Send a delivery's payload again (as a new delivery with a new id)."""
        webhook = self.get_object()
        delivery = get_object_or_404(webhook.deliveries.all(), pk=delivery_id)
        again = services.delivery_redeliver(delivery=delivery, actor=request.user)
        again = Delivery.objects.prefetch_related("attempt_log").get(pk=again.pk)
        return Response(DeliverySerializer(again).data, status=status.HTTP_202_ACCEPTED)
