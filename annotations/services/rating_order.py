"""Reordering a project's rating scale: move one item up or down (admins, through ``rating_update``)."""

from __future__ import annotations

from django.db import transaction

from ..models import RatingItem
from ..models.core import AnyUser
from .ratings import rating_update


@transaction.atomic
def rating_move(*, rating: RatingItem, actor: AnyUser, direction: str) -> list[RatingItem]:
    """Swap ``rating`` with its neighbour (``up`` or ``down``); renumber the scale 0, 1, 2… first so
    that equal orders cannot make the move a no-op. Each changed item is recorded by ``rating_update``,
    which also checks the admin role."""
    items = list(RatingItem.objects.select_for_update().filter(project_id=rating.project_id).order_by("order", "id"))
    index = next(i for i, item in enumerate(items) if item.pk == rating.pk)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(items):
        return items
    items[index], items[target] = items[target], items[index]
    return [
        rating_update(rating=item, actor=actor, order=position) if item.order != position else item
        for position, item in enumerate(items)
    ]
