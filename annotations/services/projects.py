"""Projects and their members."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.text import slugify

from ..models import Membership, Project, Role
from .common import UNSET, _check_texts, _require_role
from .ratings import default_scale_create


@transaction.atomic
def project_create(*, name: str, created_by: AbstractBaseUser | None, slug: str = "", description: str = "") -> Project:
    """Create a project; its creator (if any: imports may run without a user) becomes its admin."""
    _check_texts({"name": name, "slug": slug, "description": description})
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": ["A project needs a name."]})
    slug = slug.strip() or slugify(name)[:90] or "project"
    if Project.objects.filter(slug=slug).exists():
        if slug != slugify(name)[:90]:
            raise ValidationError({"slug": [f"The slug “{slug}” is taken."]})
        base, n = slug, 2
        while Project.objects.filter(slug=f"{base}-{n}").exists():
            n += 1
        slug = f"{base}-{n}"
    project = Project(name=name, slug=slug, description=description, created_by=created_by)
    try:
        project.full_clean()
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc
    project.save()
    default_scale_create(project=project)
    if created_by is not None:
        Membership.objects.create(project=project, user=created_by, role=Role.ADMIN)
    return project


@transaction.atomic
def project_update(
    *,
    project: Project,
    actor: AbstractBaseUser,
    name: Any = UNSET,
    description: Any = UNSET,
    corrections_policy: Any = UNSET,
    rereview_days: Any = UNSET,
    four_eyes: Any = UNSET,
    public_base_url: Any = UNSET,
) -> Project:
    """Rename a project, change its description or its editorial settings (admins only)."""
    _require_role(actor, project, Role.ADMIN)
    given = {
        "name": name,
        "description": description,
        "corrections_policy": corrections_policy,
        "public_base_url": public_base_url,
    }
    changes = {k: ("" if v is None else v) for k, v in given.items() if v is not UNSET}
    _check_texts(changes)
    if rereview_days is not UNSET:
        if isinstance(rereview_days, bool) or not isinstance(rereview_days, int) or not 1 <= rereview_days <= 3650:
            raise ValidationError({"rereview_days": ["Must be a whole number of days between 1 and 3650."]})
        changes["rereview_days"] = rereview_days
    if four_eyes is not UNSET:
        if not isinstance(four_eyes, bool):
            raise ValidationError({"four_eyes": ["Must be true or false."]})
        changes["four_eyes"] = four_eyes
    if changes.get("public_base_url"):
        changes["public_base_url"] = changes["public_base_url"].strip()
        try:
            URLValidator(schemes=["http", "https"])(changes["public_base_url"])
        except ValidationError:
            raise ValidationError({"public_base_url": ["Must be an http or https address."]}) from None
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
