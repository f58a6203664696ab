"""Helpers shared by the reviewer web pages."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from ..models import Membership, Project


def member_project(request: HttpRequest, slug: str) -> tuple[Project, Membership]:
    """The project ``slug`` and the user's membership in it, in one query; 404 for non-members.

    ``membership.user.preference`` comes with it (None without a row), for the shortcut setting.
    """
    membership = get_object_or_404(
        Membership.objects.select_related("project", "user__preference"), user_id=request.user.pk, project__slug=slug
    )
    return membership.project, membership


def int_or_none(value: str | None) -> int | None:
    """``value`` as an id, or None when it is missing, not a whole number or beyond any id (2**63 - 1)."""
    try:
        number = int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
    return number if number is not None and abs(number) < 2**63 else None
