"""Who may do what in the API: small DRF permission classes, composable with ``|`` and ``&``.

Reads are scoped by the views' querysets (``Model.objects.for_user(user)``), so an outsider never
reaches these checks: they get 404. These classes decide what a *member* may change; each costs at
most one ``.exists()`` query. The services are where the rules live (``PermissionDenied``, mapped to 403
by the API's exception handler): these classes only refuse early, and a view that forgot one still
could not write. Claims, verdicts and members use no role class at all: their services decide.
"""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission

from .models import ROLE_RANK, Article, Membership, Project, Role


def roles_at_least(role: str) -> list[str]:
    """The roles that include ``role`` (admin includes editor includes reviewer)."""
    return [r.value for r in Role if ROLE_RANK[r] >= ROLE_RANK[Role(role)]]


def project_id_of(obj: Any) -> int | None:
    """The id of the project an object belongs to (the objects these classes are asked about: a project,
    an article); None, so refused, for anything else."""
    if isinstance(obj, Project):
        return obj.pk
    if isinstance(obj, Article):
        return obj.project_id
    return None


def has_project_role(user: Any, project_id: int | None, role: str) -> bool:
    """Whether ``user`` has at least ``role`` in the project (one query)."""
    if project_id is None or not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(project_id=project_id, user=user, role__in=roles_at_least(role)).exists()


class ReadOnly(BasePermission):
    """GET, HEAD and OPTIONS."""

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS

    def has_object_permission(self, request, view, obj) -> bool:
        return request.method in SAFE_METHODS


class _ProjectRole(BasePermission):
    """At least ``role`` in the object's project (subclasses name the role)."""

    role: str
    message: str

    def has_permission(self, request, view) -> bool:
        return True  # decided per object: the project comes from the URL, the body or the object

    def has_object_permission(self, request, view, obj) -> bool:
        return has_project_role(request.user, project_id_of(obj), self.role)


class IsProjectEditor(_ProjectRole):
    role = Role.EDITOR
    message = "This needs the editor or admin role in the project."


class IsProjectAdmin(_ProjectRole):
    role = Role.ADMIN
    message = "This needs the admin role in the project."
