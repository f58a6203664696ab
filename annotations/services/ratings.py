"""A project's rating scale: admins create, change, retire and delete its items."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ..models import HistoryEvent, Label, Project, RatingItem, Role
from ..models.core import AnyUser
from .common import UNSET, _check_texts, _require_role
from .history import history_record

# (name, verdict, value, description): the scale every new project starts with. A frozen copy lives
# in migration 0003 for the projects that existed before.
DEFAULT_SCALE = [
    ("Confirmed", Label.CONFIRMED, 3, "The claim is accurate: the evidence supports it."),
    ("Disputed", Label.DISPUTED, 1, "The claim is inaccurate: the evidence contradicts it."),
    ("Unverified", Label.UNVERIFIED, 2, "The available evidence neither confirms nor refutes the claim (yet)."),
]
MAX_DESCRIPTION = 20_000
INT_MIN, INT_MAX = -(2**31), 2**31 - 1


def rating_snapshot(rating: RatingItem) -> dict[str, Any]:
    return {
        "id": rating.pk,
        "name": rating.name,
        "verdict": rating.verdict,
        "value": rating.value,
        "description": rating.description,
        "order": rating.order,
        "retired": rating.retired,
    }


def default_scale_create(*, project: Project) -> list[RatingItem]:
    """The default three-item scale for a new project (called by ``project_create``)."""
    return RatingItem.objects.bulk_create(
        RatingItem(project=project, name=name, verdict=verdict, value=value, description=description, order=i)
        for i, (name, verdict, value, description) in enumerate(DEFAULT_SCALE)
    )


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    """Check and normalise the given rating fields; ``ValidationError`` naming each bad one."""
    _check_texts({k: fields[k] for k in ("name", "description") if k in fields})
    errors: dict[str, list[str]] = {}
    if "name" in fields:
        fields["name"] = (fields["name"] or "").strip()
        if not fields["name"]:
            errors["name"] = ["A rating needs a name."]
        elif len(fields["name"]) > 100:
            errors["name"] = ["At most 100 characters."]
    if "verdict" in fields and fields["verdict"] not in Label.values:
        errors["verdict"] = [f"Must be one of {', '.join(Label.values)}."]
    for key, low, high in (("value", INT_MIN, INT_MAX), ("order", 0, INT_MAX)):
        if key in fields:
            value = fields[key]
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                errors[key] = [f"Must be a whole number between {low} and {high}."]
    if "description" in fields:
        fields["description"] = fields["description"] or ""
        if len(fields["description"]) > MAX_DESCRIPTION:
            errors["description"] = [f"At most {MAX_DESCRIPTION} characters."]
    if "retired" in fields and not isinstance(fields["retired"], bool):
        errors["retired"] = ["Must be true or false."]
    if errors:
        raise ValidationError(errors)
    return fields


def _save(rating: RatingItem) -> None:
    taken = RatingItem.objects.filter(project_id=rating.project_id, name__iexact=rating.name).exclude(pk=rating.pk)
    if taken.exists():
        raise ValidationError({"name": [f"The scale already has a rating called “{rating.name}”."]})
    try:
        with transaction.atomic():
            rating.save()
    except IntegrityError:  # a concurrent insert of the same name
        raise ValidationError({"name": [f"The scale already has a rating called “{rating.name}”."]}) from None


def _record(rating: RatingItem, actor: AnyUser, action: str, before: dict | None, after: dict | None) -> None:
    history_record(
        project=rating.project,
        entity=HistoryEvent.Entity.RATING,
        action=action,
        actor=actor,
        before=before,
        after=after,
    )


@transaction.atomic
def rating_create(
    *,
    project: Project,
    actor: AnyUser,
    name: Any,
    verdict: Any,
    value: Any,
    description: Any = "",
    order: Any = None,
    retired: Any = False,
) -> RatingItem:
    """Add an item to ``project``'s scale (admins only); ``order`` defaults to after the last one."""
    _require_role(actor, project, Role.ADMIN)
    if order is None:
        last = RatingItem.objects.filter(project=project).order_by("-order").values_list("order", flat=True).first()
        order = 0 if last is None else last + 1
    given = {"name": name, "verdict": verdict, "value": value, "description": description, "order": order}
    fields = _clean({**given, "retired": retired})
    rating = RatingItem(project=project, **fields)
    _save(rating)
    _record(rating, actor, HistoryEvent.Action.CREATE, None, rating_snapshot(rating))
    return rating


@transaction.atomic
def rating_update(
    *,
    rating: RatingItem,
    actor: AnyUser,
    name: Any = UNSET,
    verdict: Any = UNSET,
    value: Any = UNSET,
    description: Any = UNSET,
    order: Any = UNSET,
    retired: Any = UNSET,
) -> RatingItem:
    """Change a scale item (admins only). Published decisions show the item as it is now, so a
    change of ``verdict`` is refused while decisions use the item: add a new item instead."""
    current = RatingItem.objects.select_for_update().select_related("project").get(pk=rating.pk)
    _require_role(actor, current.project, Role.ADMIN)
    given = {"name": name, "verdict": verdict, "value": value, "description": description, "order": order}
    fields = _clean({k: v for k, v in {**given, "retired": retired}.items() if v is not UNSET})
    if "verdict" in fields and fields["verdict"] != current.verdict and current.decisions.exists():
        raise ValidationError(
            {"verdict": ["Decisions use this rating: its meaning cannot change. Retire it and add a new one."]}
        )
    before = rating_snapshot(current)
    for key, value_ in fields.items():
        setattr(current, key, value_)
    after = rating_snapshot(current)
    if after == before:
        return current
    _save(current)
    _record(current, actor, HistoryEvent.Action.UPDATE, before, after)
    return current


def rating_retire(*, rating: RatingItem, actor: AnyUser, retired: bool = True) -> RatingItem:
    """Withdraw an item from new use (or bring it back); decisions that use it keep it."""
    return rating_update(rating=rating, actor=actor, retired=retired)


@transaction.atomic
def rating_delete(*, rating: RatingItem, actor: AnyUser) -> None:
    """Delete a scale item (admins only); refused, naming the decisions, while any decision uses it."""
    current = RatingItem.objects.select_for_update().select_related("project").get(pk=rating.pk)
    _require_role(actor, current.project, Role.ADMIN)
    used = list(current.decisions.order_by("id").values_list("id", "claim_id")[:21])
    if used:
        names = ", ".join(f"decision {d} (claim {c})" for d, c in used[:20]) + (" …" if len(used) > 20 else "")
        raise ValidationError(
            {"rating": [f"Decisions use this rating, so it cannot be deleted (retire it instead): {names}."]}
        )
    if RatingItem.objects.filter(project=current.project).count() <= 1:
        raise ValidationError({"rating": ["A scale needs at least one rating."]})
    _record(current, actor, HistoryEvent.Action.DELETE, rating_snapshot(current), None)
    current.delete()
