"""Projects and their members."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from verifier.lib.text import language_tag_problem

from ..models import HistoryEvent, Membership, Project, Role
from ..models.core import AnyUser
from .common import UNSET, Actor, SystemActor, _check_texts, _require_role, membership_of, signed_in, user_of
from .history import history_record
from .ratings import default_scale_create


@transaction.atomic
def project_create(
    *,
    name: str,
    created_by: AnyUser | None,
    slug: str = "",
    description: str = "",
    language: str = "",
) -> Project:
    """Create a project; its creator (if any: imports may run without a user) becomes its admin.

    A taken slug silently gets a number: the answer must not tell a user that a project they cannot
    see exists.
    """
    _check_texts({"name": name, "slug": slug, "description": description, "language": language})
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": ["A project needs a name."]})
    language = clean_language(language)
    base = (slug.strip() or slugify(name) or "project")[:90]
    project = Project(name=name, slug=base, description=description, language=language, created_by=user_of(created_by))
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
    default_scale_create(project=project)
    if created_by is not None:
        membership = Membership.objects.create(project=project, user=signed_in(created_by), role=Role.ADMIN)
        _record(project, created_by, HistoryEvent.Action.CREATE, after=_membership_snapshot(membership))
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
    *,
    project: Project,
    actor: AnyUser,
    name: Any = UNSET,
    description: Any = UNSET,
    language: Any = UNSET,
    reviews_required: Any = UNSET,
    blind_review: Any = UNSET,
    corrections_policy: Any = UNSET,
    rereview_days: Any = UNSET,
    four_eyes: Any = UNSET,
    public_base_url: Any = UNSET,
) -> Project:
    """Rename a project, change its description, language, review and editorial settings (admins only)."""
    _require_role(actor, project, Role.ADMIN)
    given = {
        "name": name,
        "description": description,
        "language": language,
        "corrections_policy": corrections_policy,
        "public_base_url": public_base_url,
    }
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


# The membership policy. ``None`` as a role means "not a member" (adding: from None; removing: to None).
MANAGER_ROLES = (Role.EDITOR, Role.ADMIN)


def membership_refusal(
    *, actor_role: str | None, is_self: bool, current_role: str | None, new_role: str | None
) -> str | None:
    """Why a member with ``actor_role`` may not change a membership from ``current_role`` to ``new_role``,
    or None if they may. Admins manage everyone; editors add and remove reviewers only; nobody changes
    their own role (anyone may leave: remove themselves); keeping an admin is checked separately."""
    if actor_role is None:
        return "Only members of this project manage its members."
    if is_self:
        if new_role is None:
            return None  # leaving the project
        if new_role == current_role:
            return None  # nothing changes
        return "Nobody changes their own role: ask another admin."
    if actor_role == Role.ADMIN:
        return None
    if actor_role == Role.EDITOR:
        if current_role in (None, Role.REVIEWER) and new_role in (None, Role.REVIEWER):
            return None
        return "Editors add and remove reviewers only; only admins change who is an editor or an admin."
    return "Only editors and admins manage the members of a project."


def _check_membership_change(
    project: Project, actor: Actor | None, user: AnyUser, current_role: str | None, new_role: str | None
) -> None:
    if isinstance(actor, SystemActor):
        return
    actor_membership = membership_of(actor, project) if isinstance(actor, AbstractBaseUser) else None
    refusal = membership_refusal(
        actor_role=actor_membership.role if actor_membership else None,
        is_self=actor_membership is not None and actor_membership.user_id == user.pk,
        current_role=current_role,
        new_role=new_role,
    )
    if refusal:
        raise PermissionDenied(refusal)


def _lock_project(project: Project) -> None:
    """Serialise membership changes of one project: the policy and last-admin checks below read the
    memberships after this lock, so two admins demoting or removing each other cannot both pass them
    (PostgreSQL; SQLite's IMMEDIATE transactions already serialise writers)."""
    list(Project.objects.select_for_update().filter(pk=project.pk).values_list("pk", flat=True))


def _membership_snapshot(membership: Membership) -> dict[str, Any]:
    return {"user": membership.user_id, "username": membership.user.get_username(), "role": membership.role}


def clean_language(value: Any) -> str:
    """A BCP 47 language tag such as ``en``, ``ar``, ``pt-BR``, ``zh-Hant-TW`` (empty allowed)."""
    value = (value or "").strip() if isinstance(value, str) else value
    if not isinstance(value, str):
        raise ValidationError({"language": ["Must be text."]})
    problem = language_tag_problem(value) if len(value) <= 35 else "At most 35 characters."
    if problem:
        raise ValidationError({"language": [problem]})
    return value


@transaction.atomic
def membership_set(*, project: Project, user: AnyUser, role: str, actor: Actor | None) -> Membership:
    """Add ``user`` to ``project`` with ``role``, or change their role, if ``actor`` may (see
    ``membership_refusal``; ``PermissionDenied`` otherwise). A project always keeps an admin."""
    if role not in Role.values:
        raise ValidationError({"role": [f"Must be one of {', '.join(Role.values)}."]})
    _lock_project(project)
    membership = Membership.objects.filter(project=project, user=signed_in(user)).select_related("user").first()
    _check_membership_change(project, actor, user, membership.role if membership else None, role)
    if membership is None:
        membership = Membership.objects.create(project=project, user=signed_in(user), role=role)
        _record(project, actor, HistoryEvent.Action.CREATE, after=_membership_snapshot(membership))
        return membership
    if membership.role == role:
        return membership
    if membership.role == Role.ADMIN:
        _refuse_last_admin(project, membership)
    before = _membership_snapshot(membership)
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    _record(project, actor, HistoryEvent.Action.UPDATE, before=before, after=_membership_snapshot(membership))
    return membership


@transaction.atomic
def membership_remove(*, project: Project, user: AnyUser, actor: Actor) -> None:
    """Remove ``user`` from ``project`` if ``actor`` may (their verdicts stay, attributed to them)."""
    _lock_project(project)
    membership = Membership.objects.filter(project=project, user=signed_in(user)).select_related("user").first()
    if membership is None:
        _check_membership_change(project, actor, user, None, None)
        raise ValidationError({"username": [f"{user.get_username()} is not a member of this project."]})
    _check_membership_change(project, actor, user, membership.role, None)
    if membership.role == Role.ADMIN:
        _refuse_last_admin(project, membership)
    before = _membership_snapshot(membership)
    membership.delete()
    _record(project, actor, HistoryEvent.Action.DELETE, before=before)


def _record(project: Project, actor: Actor | None, action: str, **snapshots: dict[str, Any]) -> None:
    history_record(
        project=project, entity=HistoryEvent.Entity.MEMBERSHIP, action=action, actor=user_of(actor), **snapshots
    )


def _refuse_last_admin(project: Project, membership: Membership) -> None:
    others = Membership.objects.filter(project=project, role=Role.ADMIN).exclude(pk=membership.pk)
    if not others.exists():
        raise ValidationError({"role": ["A project needs at least one admin: make someone else admin first."]})
