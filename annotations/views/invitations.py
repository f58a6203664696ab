"""Accounts by invitation: admins invite from the members page; the invitee sets a password."""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from .. import services
from ..desk_forms import InviteForm
from ..forms import add_service_errors
from ..models import Invitation, Membership, Project, Role
from .common import member_project
from .projects import _members_page

logger = logging.getLogger(__name__)

# The answer to every successful invitation, whether or not the username existed (no enumeration).
INVITED = "Invitation for {username} created. Send them this link (valid 7 days, usable once); it is not shown again."


def _require_admin(membership: Membership) -> None:
    if not membership.has_role(Role.ADMIN):
        raise PermissionDenied("Only admins invite people.")


def _link(request: HttpRequest, raw: str) -> str:
    return request.build_absolute_uri(reverse("invitation_accept", args=[raw]))


def email_configured() -> bool:
    """E-mail is sent when an SMTP host is configured (``EMAIL_HOST``) or a non-SMTP backend is set."""
    return bool(getattr(settings, "EMAIL_HOST_CONFIGURED", False)) or not settings.EMAIL_BACKEND.endswith(
        "smtp.EmailBackend"
    )


def _send(invitation: Invitation, link: str) -> bool:
    if not invitation.email or not email_configured():
        return False
    try:
        send_mail(
            f"Invitation to {invitation.project.name} on verifier",
            f"You are invited to join {invitation.project.name} as {invitation.get_role_display().lower()}.\n\n"
            f"Open this link to choose your password (valid 7 days, usable once):\n{link}\n",
            None,
            [invitation.email],
        )
    except (OSError, smtplib.SMTPException):
        logger.warning("Could not e-mail the invitation %s", invitation.pk, exc_info=True)
        return False
    return True


def _shown(
    request: HttpRequest, project: Project, membership: Membership, invitation: Invitation, raw: str
) -> HttpResponse:
    link = _link(request, raw)
    mailed = _send(invitation, link)
    return _members_page(
        request,
        project,
        membership,
        invite_link=link,
        invite_message=INVITED.format(username=invitation.user.get_username()),
        invite_mailed=mailed,
    )


@login_required
@require_POST
def invitation_create(request: HttpRequest, slug: str) -> HttpResponse:
    project, membership = member_project(request, slug)
    _require_admin(membership)
    form = InviteForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            invitation, raw = services.invitation_create(
                project=project, actor=request.user, username=data["username"], email=data["email"], role=data["role"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _shown(request, project, membership, invitation, raw)
    return _members_page(request, project, membership, invite_form=form, status=400)


def _invitation(project: Project, pk: int) -> Invitation:
    return get_object_or_404(Invitation.objects.filter(project=project).select_related("user", "project"), pk=pk)


@login_required
@require_POST
def invitation_reissue(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project, membership = member_project(request, slug)
    _require_admin(membership)
    try:
        invitation, raw = services.invitation_reissue(invitation=_invitation(project, pk), actor=request.user)
    except ValidationError as exc:
        return _members_page(request, project, membership, errors=exc.messages, status=400)
    return _shown(request, project, membership, invitation, raw)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project, membership = member_project(request, slug)
    _require_admin(membership)
    invitation = services.invitation_revoke(invitation=_invitation(project, pk), actor=request.user)
    messages.success(request, f"Invitation for {invitation.user.get_username()} withdrawn: its link no longer works.")
    return redirect("project_members", slug=project.slug)


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The invitee's page: choose a password (new account) or accept while signed in (existing one)."""
    invitation = Invitation.find(token)
    if invitation is None or invitation.state != "pending":
        return render(request, "annotations/invitation_invalid.html", status=404)
    needs_password = services.invitation_needs_password(invitation)
    form = SetPasswordForm(invitation.user, request.POST or None) if needs_password else None
    if request.method == "POST":
        try:
            if form is not None:  # needs_password
                if not form.is_valid():
                    raise ValidationError("")
                accepted = services.invitation_accept(raw_token=token, password=form.cleaned_data["new_password1"])
                # The account as saved (with its new password hash), so the session stays valid.
                login(request, accepted.user, backend="django.contrib.auth.backends.ModelBackend")
            else:
                services.invitation_accept(raw_token=token, user=request.user)
        except ValidationError:
            pass
        except PermissionDenied as exc:
            return render(request, "annotations/invitation_invalid.html", {"reason": str(exc)}, status=403)
        else:
            messages.success(request, f"Welcome to {invitation.project.name}.")
            return redirect(invitation.project.get_absolute_url())
    context = {
        "invitation": invitation,
        "form": form,
        "needs_password": needs_password,
        "signed_in_as_invitee": request.user.is_authenticated and request.user.pk == invitation.user_id,
    }
    return render(
        request, "annotations/invitation_accept.html", context, status=400 if request.method == "POST" else 200
    )
