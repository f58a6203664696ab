"""Projects and their members."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from ..models import Membership, Project, Role
from .common import UNSET, _check_texts, _require_role


@transaction.atomic
def project_create(
    *,
    name: str,
    created_by: AbstractBaseUser | None,
    slug: str = "",
    description: str = "",
    language: str = "",
    make_slug_unique: bool = False,
) -> Project:
    """Create a project; its creator (if any: imports may run without a user) becomes its admin.

    With ``make_slug_unique`` a taken slug silently gets a number (the web form: the answer must
    not tell a user that a project they cannot see exists).
    """
    _check_texts({"name": name, "slug": slug, "description": description, "language": language})
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": ["A project needs a name."]})
    language = clean_language(language)
    slug = slugify(slug.strip())[:90] if make_slug_unique else slug.strip()
    slug = slug or slugify(name)[:90] or "project"
    if Project.objects.filter(slug=slug).exists():
        if slug != slugify(name)[:90] and not make_slug_unique:
            raise ValidationError({"slug": [f"The slug “{slug}” is taken."]})
        base, n = slug, 2
        while Project.objects.filter(slug=f"{base}-{n}").exists():
            n += 1
        slug = f"{base}-{n}"
    project = Project(name=name, slug=slug, description=description, language=language, created_by=created_by)
    try:
        project.full_clean()
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc
    project.save()
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
    language: Any = UNSET,
    reviews_required: Any = UNSET,
    blind_review: Any = UNSET,
) -> Project:
    """Rename a project, change its description, language and review settings (admins only)."""
    _require_role(actor, project, Role.ADMIN)
    given = {"name": name, "description": description, "language": language}
    changes: dict[str, Any] = {k: ("" if v is None else v) for k, v in given.items() if v is not UNSET}
    _check_texts(changes)
    if "language" in changes:
        changes["language"] = clean_language(changes["language"])
    if reviews_required is not UNSET:
        if (
            isinstance(reviews_required, bool)
            or not isinstance(reviews_required, int)
            or not 1 <= reviews_required <= 10
        ):
            raise ValidationError({"reviews_required": ["Give a whole number from 1 to 10."]})
        changes["reviews_required"] = reviews_required
    if blind_review is not UNSET:
        if not isinstance(blind_review, bool):
            raise ValidationError({"blind_review": ["Must be true or false."]})
        changes["blind_review"] = blind_review
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


# TODO(lead): use the BCP 47 validator engineer `sec` adds in verifier/lib/text.py once merged.
LANGUAGE_TAG = re.compile(
    r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$"
)


def clean_language(value: Any) -> str:
    """A BCP 47 language tag such as ``en``, ``ar``, ``pt-BR``, ``zh-Hant-TW`` (empty allowed)."""
    value = (value or "").strip() if isinstance(value, str) else value
    if not isinstance(value, str):
        raise ValidationError({"language": ["Must be text."]})
    if value and (len(value) > 35 or not LANGUAGE_TAG.match(value)):
        raise ValidationError({"language": ["Use a BCP 47 language tag, e.g. en, ar, pt-BR."]})
    return value


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
