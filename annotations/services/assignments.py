"""Assignments: editors ask reviewers to review articles; reviewers take the next unassigned one."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from ..models import Article, Assignment, Membership, Project, Role, unassigned_articles
from ..models.core import AnyUser
from .common import AlreadyExists, _require_role, membership_of, signed_in


def _clean_due_date(value: Any) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        raise ValidationError({"due_date": ["Give a date (YYYY-MM-DD)."]})
    return value


def _require_member(project: Project, reviewer: AnyUser) -> None:
    if not Membership.objects.filter(project=project, user=signed_in(reviewer)).exists():
        raise ValidationError({"reviewer": [f"{reviewer.get_username()} is not a member of this project."]})


@transaction.atomic
def assignment_create(*, article: Article, reviewer: AnyUser, actor: AnyUser, due_date: Any = None) -> Assignment:
    """Assign ``article`` to ``reviewer`` (editors and admins); ``AlreadyExists`` if it is already theirs."""
    project = article.project
    _require_role(actor, project, Role.EDITOR)
    due = _clean_due_date(due_date)
    _require_member(project, reviewer)
    existing = Assignment.objects.filter(article=article, reviewer_id=reviewer.pk).first()
    if existing is not None:
        raise AlreadyExists(existing, f"“{article.title}” is already assigned to {reviewer.get_username()}.")
    assignment = Assignment(
        project=project, article=article, reviewer=signed_in(reviewer), assigned_by=signed_in(actor), due_date=due
    )
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError as exc:  # a concurrent assignment of the same pair won
        existing = Assignment.objects.filter(article=article, reviewer_id=reviewer.pk).first()
        if existing is None:
            raise
        raise AlreadyExists(existing, f"“{article.title}” is already assigned to {reviewer.get_username()}.") from exc
    return assignment


@transaction.atomic
def assignment_bulk_create(
    *,
    project: Project,
    articles: Iterable[Article],
    reviewers: Iterable[AnyUser],
    actor: AnyUser,
    due_date: Any = None,
) -> tuple[list[Assignment], list[str]]:
    """Assign every article to every reviewer; pairs already assigned are skipped (and named)."""
    _require_role(actor, project, Role.EDITOR)
    created, skipped = [], []
    for article in articles:
        if article.project_id != project.pk:
            raise ValidationError({"articles": ["Every article must belong to this project."]})
        for reviewer in reviewers:
            try:
                created.append(assignment_create(article=article, reviewer=reviewer, actor=actor, due_date=due_date))
            except AlreadyExists as exc:
                skipped.append(str(exc))
    return created, skipped


@transaction.atomic
def assignment_delete(*, assignment: Assignment, actor: AnyUser) -> None:
    """Withdraw an assignment (editors and admins)."""
    _require_role(actor, assignment.project, Role.EDITOR)
    assignment.delete()


@transaction.atomic
def assignment_complete(*, assignment: Assignment, actor: AnyUser, done: bool = True) -> Assignment:
    """Mark an assignment done (or open again): its reviewer, or an editor or admin."""
    membership = membership_of(actor, assignment.project)
    if membership is None or (assignment.reviewer_id != actor.pk and not membership.has_role(Role.EDITOR)):
        raise PermissionDenied("Only the assigned reviewer, an editor or an admin can change this assignment.")
    assignment.done_at = timezone.now() if done else None
    assignment.save(update_fields=["done_at"])
    return assignment


@transaction.atomic
def assignment_take_next(*, project: Project, reviewer: AnyUser) -> Assignment | None:
    """Hand ``reviewer`` the oldest article that still lacks ``reviews_required`` assignments, or None.

    Safe under concurrency: on PostgreSQL the candidate article row is locked with
    ``SELECT … FOR UPDATE SKIP LOCKED`` (a concurrent caller skips to the next article; when all
    are locked it waits for one) and its assignment count is checked again under the lock. SQLite
    runs write transactions one at a time (``transaction_mode = IMMEDIATE`` in settings), so the
    same check is race-free there.
    """
    _require_role(reviewer, project, Role.REVIEWER)
    tried: list[int] = []
    for _attempt in range(1000):  # each round settles one candidate; the bound only guards against a bug
        candidates = unassigned_articles(project, reviewer).exclude(pk__in=tried)
        rows = Article.objects.filter(pk__in=candidates.values("pk")).order_by("created_at", "id")
        article = None
        if connection.features.has_select_for_update_skip_locked:
            article = rows.select_for_update(skip_locked=True).first()
            if article is None:
                # Every candidate is locked by a caller still deciding: wait for the first one, since
                # with reviews_required > 1 it may still have a place left once they are done.
                article = rows.select_for_update().first()
        else:
            article = rows.first()
        if article is None:
            if candidates.exists():  # the one we waited for stopped being a candidate: look again
                continue
            return None
        # Count again under the lock: another caller may have committed since our snapshot was taken.
        taken = Assignment.objects.filter(article=article).count()
        mine = Assignment.objects.filter(article=article, reviewer_id=reviewer.pk).exists()
        if taken >= project.reviews_required or mine:
            tried.append(article.pk)
            continue
        return Assignment.objects.create(
            project=project, article=article, reviewer=signed_in(reviewer), assigned_by=signed_in(reviewer)
        )
    return None
