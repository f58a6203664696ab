"""Assignments: an editor asks a reviewer to review an article (optionally by a date)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from .core import Article, Claim, ClaimQuerySet, Project, Role, member_project_ids


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def for_user(self, user: Any) -> AssignmentQuerySet:
        """Assignments ``user`` may read: all of a project's for its editors and admins, else their own."""
        from .core import Membership

        managed = Membership.objects.filter(user_id=user.pk, role__in=[Role.EDITOR, Role.ADMIN])
        return self.filter(project_id__in=member_project_ids(user)).filter(
            Q(project_id__in=managed.values("project_id")) | Q(reviewer_id=getattr(user, "pk", None))
        )

    def open(self) -> AssignmentQuerySet:
        return self.filter(done_at__isnull=True)

    def my_work(self, user: Any) -> AssignmentQuerySet:
        """``user``'s open assignments with ``pending_count`` (claims needing their verdict),
        overdue first, then by due date (none last), then oldest first."""
        pending = (
            Claim.objects.filter(article_id=OuterRef("article_id"))
            .exclude(verdicts__reviewer_id=getattr(user, "pk", None))
            .order_by()
            .values("article_id")
            .annotate(n=Count("id"))
            .values("n")
        )
        today = timezone.localdate()
        return (
            self.filter(reviewer_id=getattr(user, "pk", None), project_id__in=member_project_ids(user))
            .open()
            .select_related("article", "project")
            .annotate(
                pending_count=Coalesce(Subquery(pending), 0),
                overdue=models.Case(
                    models.When(due_date__lt=today, then=models.Value(True)),
                    default=models.Value(False),
                    output_field=models.BooleanField(),
                ),
            )
            .order_by("-overdue", models.F("due_date").asc(nulls_last=True), "created_at", "id")
        )


class Assignment(models.Model):
    """One reviewer asked to review one article; ``done_at`` is set when they say they are done."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="assignments")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["project_id", "due_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "reviewer"], name="assignment_one_per_reviewer_per_article"),
        ]
        indexes = [models.Index(fields=["reviewer", "done_at"], name="assignment_reviewer_open")]

    def __str__(self) -> str:
        return f"{self.article} → {self.reviewer}"

    @property
    def is_overdue(self) -> bool:
        return self.done_at is None and self.due_date is not None and self.due_date < timezone.localdate()


def unassigned_articles(project: Project, reviewer: Any) -> models.QuerySet:
    """Articles of ``project`` with fewer open-or-done assignments than ``reviews_required``,
    not already assigned to ``reviewer``, oldest first (what "Take next" hands out)."""
    count = (
        Assignment.objects.filter(article_id=OuterRef("pk"))
        .order_by()
        .values("article_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    mine = Assignment.objects.filter(article_id=OuterRef("pk"), reviewer_id=getattr(reviewer, "pk", None))
    return (
        Article.objects.in_project(project)
        .annotate(assigned_count=Coalesce(Subquery(count), 0))
        .filter(assigned_count__lt=project.reviews_required)
        .exclude(Exists(mine))
        .order_by("created_at", "id")
    )


def review_queue(project: Project, user: Any, *, conflicts_last: bool) -> ClaimQuerySet:
    """Claims of ``project`` needing ``user``'s verdict, in the order the queue serves them: claims
    on their open assignments first, then claims with fewer than ``reviews_required`` verdicts,
    then the rest; conflicts last when ``conflicts_last`` (editors). Ties by id.

    Each claim carries ``q_key`` parts (``q_assigned``, ``q_short``, ``q_conflict``) so that
    "skip" can continue after any claim (``queue_after``).
    """
    return (
        _queue_keys(Claim.objects.in_project(project), project, user, conflicts_last=conflicts_last)
        .needing_verdict_from(user)
        .order_by("q_assigned", "q_short", "q_conflict", "pk")
    )


def _queue_keys(claims: ClaimQuerySet, project: Project, user: Any, *, conflicts_last: bool) -> ClaimQuerySet:
    from .core import ClaimStatus, Verdict

    assigned = Assignment.objects.filter(
        article_id=OuterRef("article_id"), reviewer_id=getattr(user, "pk", None), done_at__isnull=True
    )
    verdicts = (
        Verdict.objects.filter(claim_id=OuterRef("pk"))
        .order_by()
        .values("claim_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    one, zero = models.Value(1), models.Value(0)
    conflict = models.Case(models.When(status=ClaimStatus.CONFLICT, then=one), default=zero)
    return claims.alias(q_verdicts=Coalesce(Subquery(verdicts), 0)).annotate(
        q_assigned=models.Case(models.When(Exists(assigned), then=zero), default=one),
        q_short=models.Case(models.When(q_verdicts__lt=project.reviews_required, then=zero), default=one),
        q_conflict=conflict if conflicts_last else zero,
    )


def queue_after(
    queue: models.QuerySet, project: Project, user: Any, after_id: int, *, conflicts_last: bool
) -> models.QuerySet:
    """The part of ``queue`` that comes after claim ``after_id`` in queue order (all of it if unknown)."""
    keys = (
        _queue_keys(Claim.objects.in_project(project).filter(pk=after_id), project, user, conflicts_last=conflicts_last)
        # The q_ keys are annotations of _queue_keys, which the plugin cannot see through ClaimQuerySet.
        .values_list("q_assigned", "q_short", "q_conflict")  # type: ignore[misc]
        .first()
    )
    if keys is None:
        return queue
    a, s, c = keys
    return queue.filter(
        Q(q_assigned__gt=a)
        | Q(q_assigned=a, q_short__gt=s)
        | Q(q_assigned=a, q_short=s, q_conflict__gt=c)
        | Q(q_assigned=a, q_short=s, q_conflict=c, pk__gt=after_id)
    )
