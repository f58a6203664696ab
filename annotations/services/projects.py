"""Projects and their members."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from ..models import Membership, Project, Role
from .common import UNSET, _check_texts, _require_role


@transaction.atomic
def project_create(*, name: str, created_by: AbstractBaseUser | None, slug: str = "", description: str = "") -> Project:
    """Create a project; its creator (if any: imports may run without a user) becomes its admin."""
    _check_texts({"name": name, "slug": slug, "description": description})
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": ["A project needs a name."]})
    base = (slug.strip() or slugify(name) or "project")[:90]
    project = Project(name=name, slug=base, description=description, created_by=created_by)
    try:
        project.full_clean(validate_unique=False)
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc
    # A taken slug never stops the creation nor says whose it is (another organisation's project must not be
    # discoverable by probing names): the first free "<slug>-<n>" is used instead, also when a concurrent
    # creation takes the slug between the check and the insert.
    for _ in range(5):
        project.slug = free_slug(base)
        try:
            with transaction.atomic():
                project.save()
            break
        except IntegrityError:
            continue
    else:
        raise ValidationError({"slug": ["Could not find a free slug: try again."]})
    if created_by is not None:
        Membership.objects.create(project=project, user=created_by, role=Role.ADMIN)
    return project


def free_slug(base: str) -> str:
    """``base``, or ``base-2``, ``base-3`` … whichever is the first not used by any project (one query)."""
    taken = set(Project.objects.filter(slug__regex=rf"^{re.escape(base)}(-[0-9]+)?$").values_list("slug", flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


@transaction.atomic
def project_update(
    *, project: Project, actor: AbstractBaseUser, name: Any = UNSET, description: Any = UNSET
) -> Project:
    """Rename a project or change its description (admins only)."""
    _require_role(actor, project, Role.ADMIN)
    given = {"name": name, "description": description}
    changes = {k: ("" if v is None else v) for k, v in given.items() if v is not UNSET}
    _check_texts(changes)
    if "name" in changes:
        changes["name"] = changes["name"].strip()
        if not changes["name"]:
            raise ValidationError({"name": ["A project needs a name."]})
    for field_name, value in changes.items():
        setattr(project, field_name, value)
    try:
        project.full_clean(exclude=["created_by", "slug"])
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc
    project.save()
    return project


@transaction.atomic
def membership_set(
    *, project: Project, user: AbstractBaseUser, role: str, actor: AbstractBaseUser | None
) -> Membership:
    """Add ``user`` to ``project`` with ``role``, or change their role."""
    if role not in Role.values:
        raise ValidationError({"role": [f"Must be one of {', '.join(Role.values)}."]})
    membership = Membership.objects.select_for_update().filter(project=project, user=user).first()
    if membership is None:
        return Membership.objects.create(project=project, user=user, role=role)
    if membership.role == Role.ADMIN and role != Role.ADMIN:
        _refuse_last_admin(project, membership)
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    return membership


@transaction.atomic
def membership_remove(*, project: Project, user: AbstractBaseUser, actor: AbstractBaseUser | None) -> None:
    """Remove ``user`` from ``project`` (their verdicts stay, attributed to them)."""
    membership = Membership.objects.select_for_update().filter(project=project, user=user).first()
    if membership is None:
        raise ValidationError({"username": [f"{user.get_username()} is not a member of this project."]})
    if membership.role == Role.ADMIN:
        _refuse_last_admin(project, membership)
    membership.delete()


def _refuse_last_admin(project: Project, membership: Membership) -> None:
    others = Membership.objects.filter(project=project, role=Role.ADMIN).exclude(pk=membership.pk)
    if not others.exists():
        raise ValidationError({"role": ["A project needs at least one admin: make someone else admin first."]})
