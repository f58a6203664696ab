"""Helpers shared by the reviewer web pages."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from ..models import Claim, Membership, Project, Role


def member_project(request: HttpRequest, slug: str) -> tuple[Project, Membership]:
    """The project ``slug`` and the user's membership in it, in one query; 404 for non-members."""
    membership = get_object_or_404(
        Membership.objects.select_related("project"), user_id=request.user.pk, project__slug=slug
    )
    return membership.project, membership


def may_edit_claim(membership: Membership, user: AbstractBaseUser, claim: Claim) -> bool:
    """Same rule as ``services.can_edit_claim``, without another membership query."""
    return membership.has_role(Role.EDITOR) or claim.created_by_id == user.pk


def int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
