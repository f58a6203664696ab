"""Webhooks on the web (project admins): list, add, switch on/off, rotate the secret, delete; the
delivery log of one webhook with a redeliver button."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from .. import services
from ..models import WEBHOOK_EVENTS, Delivery, Membership, Project, Role, Webhook
from .common import member_project

DELIVERIES_SHOWN = 50


class WebhookForm(forms.Form):
    url = forms.CharField(label="Payload URL", max_length=2000, widget=forms.URLInput(attrs={"size": 60}))
    events = forms.MultipleChoiceField(
        label="Events", choices=[(e, e) for e in WEBHOOK_EVENTS], widget=forms.CheckboxSelectMultiple
    )


def _admin_project(request: HttpRequest, slug: str) -> tuple[Project, Membership]:
    project, membership = member_project(request, slug)
    if not membership.has_role(Role.ADMIN):
        raise PermissionDenied("Webhooks are managed by project admins.")
    return project, membership


def _page(
    request: HttpRequest,
    project: Project,
    membership: Membership,
    form: WebhookForm,
    *,
    secret: str = "",
    secret_for: Webhook | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "project": project,
        "membership": membership,
        "webhooks": list(Webhook.objects.filter(project=project).order_by("id")),
        "form": form,
        "secret": secret,
        "secret_for": secret_for,
    }
    return render(request, "annotations/webhooks.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def webhook_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The project's webhooks and a form to add one; the new secret is shown once, on this answer."""
    project, membership = _admin_project(request, slug)
    form = WebhookForm(request.POST or None)
    if request.method == "GET":
        return _page(request, project, membership, WebhookForm())
    if form.is_valid():
        try:
            webhook, secret = services.webhook_create(
                project=project, actor=request.user, url=form.cleaned_data["url"], events=form.cleaned_data["events"]
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            return _page(request, project, membership, WebhookForm(), secret=secret, secret_for=webhook, status=201)
    return _page(request, project, membership, form, status=400)


@login_required
@require_POST
def webhook_action(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """``action`` = ``enable``, ``disable``, ``rotate`` (shows the new secret once) or ``delete``."""
    project, membership = _admin_project(request, slug)
    webhook = get_object_or_404(Webhook.objects.filter(project=project), pk=pk)
    action = request.POST.get("action", "")
    if action in ("enable", "disable"):
        services.webhook_update(webhook=webhook, actor=request.user, active=action == "enable")
        messages.success(request, f"Webhook {webhook.url} {'switched on' if action == 'enable' else 'switched off'}.")
    elif action == "rotate":
        secret = services.webhook_rotate_secret(webhook=webhook, actor=request.user)
        return _page(request, project, membership, WebhookForm(), secret=secret, secret_for=webhook)
    elif action == "delete":
        services.webhook_delete(webhook=webhook, actor=request.user)
        messages.success(request, f"Webhook {webhook.url} deleted.")
    else:
        messages.error(request, "Unknown action.")
    return redirect("annotations:webhook_list", slug=project.slug)


@login_required
@require_http_methods(["GET", "POST"])
def webhook_deliveries(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The newest deliveries of one webhook with every attempt; POST ``delivery`` redelivers one."""
    project, membership = _admin_project(request, slug)
    webhook = get_object_or_404(Webhook.objects.filter(project=project), pk=pk)
    if request.method == "POST":
        try:
            delivery_id = uuid.UUID(request.POST.get("delivery", ""))
        except ValueError:
            raise Http404("No such delivery.") from None
        delivery = get_object_or_404(Delivery.objects.filter(webhook=webhook), pk=delivery_id)
        services.delivery_redeliver(delivery=delivery, actor=request.user)
        messages.success(request, f"Delivery {delivery.pk} queued again.")
        return redirect("annotations:webhook_deliveries", slug=project.slug, pk=webhook.pk)
    deliveries = list(webhook.deliveries.prefetch_related("attempt_log").order_by("-created_at")[:DELIVERIES_SHOWN])
    context = {"project": project, "membership": membership, "webhook": webhook, "deliveries": deliveries}
    return render(request, "annotations/webhook_deliveries.html", context)
