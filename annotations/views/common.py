"""Helpers shared by the reviewer web pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse

from ..models import Membership, Project
from ..models.core import remember_memberships


def member_project(request: HttpRequest, slug: str, *, all_memberships: bool = False) -> tuple[Project, Membership]:
    """The project ``slug`` and the user's membership in it, in one query; 404 for non-members.

    ``membership.user.preference`` comes with it (None without a row), for the shortcut setting.

    ``all_memberships``: read all of the user's memberships in that query and keep them as the request's
    (``models.memberships_of``), for pages whose querysets ask for them next (blind review, ``for_user``):
    one query fewer.
    """
    members = Membership.objects.select_related("project", "user__preference")
    if not all_memberships:
        membership = get_object_or_404(members, user_id=request.user.pk, project__slug=slug)
        return membership.project, membership
    rows = list(members.filter(user_id=request.user.pk or 0).order_by("project_id"))  # 0: no one
    mine = next((m for m in rows if m.project.slug == slug), None)
    if mine is None:
        raise Http404(f"No {Membership._meta.object_name} matches the given query.")
    remember_memberships(mine.user_id, rows)
    return mine.project, mine


def int_or_none(value: str | None) -> int | None:
    """``value`` as an id, or None when it is missing, not a whole number or beyond any id (2**63 - 1)."""
    try:
        number = int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None
    return number if number is not None and abs(number) < 2**63 else None


# An id no row has (beyond the sequences' reach in practice): replaced by each row's id in ``id_url``.
_SAMPLE_ID = 987654321987654321


def id_url(name: str, *args: Any) -> Callable[[int], str]:
    """``lambda pk: reverse(name, args=[*args, pk])`` for the rows of a page, reversing once.

    ``reverse`` costs tens of microseconds and a page of rows asked for it per row; the id is the URL
    pattern's last argument, so everything around it is the same for every row.
    """
    sample = str(_SAMPLE_ID)
    head, tail = reverse(name, args=[*args, _SAMPLE_ID]).rsplit(sample, 1)
    return lambda pk: f"{head}{pk}{tail}"
