"""Invitations: accounts by invitation link; no password is ever chosen by an admin."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any, cast

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Field
from django.utils import timezone

from ..models import Invitation, Membership, Project, Role, hash_token
from ..models.core import AnyUser
from .common import _check_texts, _require_role, signed_in
from .projects import membership_set

INVITATION_TTL = timedelta(days=7)


def _new_token() -> tuple[str, str]:
    raw = secrets.token_urlsafe(32)
    return raw, hash_token(raw)


@transaction.atomic
def invitation_create(
    *, project: Project, actor: AnyUser, username: Any, role: Any, email: Any = ""
) -> tuple[Invitation, str]:
    """Invite ``username`` into ``project`` (admins only); returns the invitation and its raw token.

    A new username becomes an inactive account without a usable password; an existing account gets
    a pending invitation. Both answer the same, so the caller cannot tell which it was. A pending
    invitation of the same user to the same project is replaced (its old link stops working).
    """
    _require_role(actor, project, Role.ADMIN)
    _check_texts({"username": username, "email": email})
    username = (username or "").strip()
    email = (email or "").strip()
    errors: dict[str, list[str]] = {}
    User = get_user_model()
    username_field = cast(Field[Any, Any], User._meta.get_field(User.USERNAME_FIELD))  # a CharField
    if not username:
        errors["username"] = ["Give a username."]
    else:
        try:
            username_field.run_validators(username)
            if username_field.max_length is not None and len(username) > username_field.max_length:
                raise ValidationError(f"At most {username_field.max_length} characters.")
        except ValidationError as exc:
            errors["username"] = exc.messages
    if role not in Role.values:
        errors["role"] = [f"Must be one of {', '.join(Role.values)}."]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = ["Enter a valid e-mail address."]
    if errors:
        raise ValidationError(errors)
    user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
    if user is None:
        user = User(**{User.USERNAME_FIELD: username}, email=email, is_active=False)
        user.set_unusable_password()
        user.save()
    elif Membership.objects.filter(project=project, user=user).exists():
        # Members are listed on the same page, so this tells the admin nothing new.
        raise ValidationError({"username": [f"{username} is already a member of this project."]})
    Invitation.objects.filter(project=project, user=user).pending().update(revoked_at=timezone.now())
    raw, digest = _new_token()
    invitation = Invitation.objects.create(
        project=project,
        user=user,
        role=role,
        email=email,
        token_hash=digest,
        created_by=signed_in(actor),
        expires_at=timezone.now() + INVITATION_TTL,
    )
    return invitation, raw


@transaction.atomic
def invitation_reissue(*, invitation: Invitation, actor: AnyUser) -> tuple[Invitation, str]:
    """A new link (valid 7 days from now) for an unused invitation; the old link stops working."""
    _require_role(actor, invitation.project, Role.ADMIN)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.used_at is not None:
        raise ValidationError({"invitation": ["This invitation was already used."]})
    raw, digest = _new_token()
    invitation.token_hash = digest
    invitation.expires_at = timezone.now() + INVITATION_TTL
    invitation.revoked_at = None
    invitation.save(update_fields=["token_hash", "expires_at", "revoked_at"])
    return invitation, raw


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor: AnyUser) -> Invitation:
    """Withdraw an unused invitation: its link stops working."""
    _require_role(actor, invitation.project, Role.ADMIN)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.used_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


def invitation_needs_password(invitation: Invitation) -> bool:
    """Whether accepting means choosing a password (an account never used) rather than signing in.

    Only an inactive account without a password qualifies, so a link can never set the password of
    an account someone already uses (an active one, even without a local password).
    """
    user = invitation.user
    return not user.is_active and not user.has_usable_password()


@transaction.atomic
def invitation_accept(*, raw_token: str, user: AnyUser | None = None, password: str = "") -> Invitation:
    """Use an invitation once: set the new account's password (already validated by the form) or,
    for an existing account, require that account to be the one signed in; then join the project."""
    found = Invitation.find(raw_token)
    invitation = Invitation.objects.select_for_update().filter(pk=found.pk).first() if found else None
    if invitation is None or invitation.state != "pending":
        raise PermissionDenied("This invitation link is not valid: it was used, withdrawn or has expired.")
    invitee = invitation.user
    if invitation_needs_password(invitation):
        if not password:
            raise ValidationError({"new_password1": ["Choose a password."]})
        invitee.set_password(password)
        invitee.is_active = True
        invitee.save(update_fields=["password", "is_active"])
    elif user is None or user.pk != invitee.pk:
        raise PermissionDenied("Sign in as the invited user to accept this invitation.")
    membership_set(project=invitation.project, user=invitee, role=invitation.role, actor=invitation.created_by)
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    return invitation
