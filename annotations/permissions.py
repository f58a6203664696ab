"""Role gates for API endpoints that only some roles of a project may *see* (e.g. an editors' page).

Who may *change* what is decided by the services (``PermissionDenied``, which the API's exception handler
turns into 403), never here: the viewsets of projects, members, articles, claims and verdicts use no role
class. Reads are scoped by the views' querysets (``Model.objects.for_user(user)``), so an outsider never
reaches these checks: they get 404. Each check costs one ``.exists()`` query.
"""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from .models import ROLE_RANK, Membership, Project, Role


def roles_at_least(role: str) -> list[str]:
    """The roles that include ``role`` (admin includes editor includes reviewer)."""
    return [r.value for r in Role if ROLE_RANK[r] >= ROLE_RANK[Role(role)]]


def project_id_of(obj: Any) -> int | None:
    """The id of the project the check is about (views pass the project itself); None, so refused,
    for anything else."""
    return obj.pk if isinstance(obj, Project) else None


def has_project_role(user: Any, project_id: int | None, role: str) -> bool:
    """Whether ``user`` has at least ``role`` in the project (one query)."""
    if project_id is None or not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(project_id=project_id, user=user, role__in=roles_at_least(role)).exists()


class _ProjectRole(BasePermission):
    """At least ``role`` in the object's project (subclasses name the role)."""

    role: str
    message: str

    def has_permission(self, request: Request, view: APIView) -> bool:
        return True  # decided per object: the project comes from the URL, the body or the object

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        return has_project_role(request.user, project_id_of(obj), self.role)


class IsProjectEditor(_ProjectRole):
    role = Role.EDITOR
    message = "This needs the editor or admin role in the project."
