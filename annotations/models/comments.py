"""Claim discussion: a thread of comments per claim, where reviewers argue instead of in rationales.

Deleting a comment leaves a tombstone row (``deleted_at`` set, body emptied) so that the thread keeps
its shape and API clients that sync with ``updated_after`` learn of the deletion; the deleted text
stays in the append-only history.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from .core import Claim, Project, member_project_ids

COMMENT_MAX_CHARS = 20_000


class CommentQuerySet(models.QuerySet["Comment"]):
    def for_user(self, user: Any) -> CommentQuerySet:
        """Comments on claims in the projects ``user`` belongs to."""
        return self.filter(project_id__in=member_project_ids(user))

    def on_claim(self, claim: Claim | int) -> CommentQuerySet:
        """One claim's thread, oldest first."""
        return self.filter(claim=claim).order_by("created_at", "id")

    def live(self) -> CommentQuerySet:
        """Comments that were not deleted."""
        return self.filter(deleted_at__isnull=True)


class Comment(models.Model):
    """A member's comment on a claim; its author may edit or delete it for a short while."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="comments")
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_username = models.CharField(max_length=150, blank=True, help_text="Kept if the user is deleted")
    body = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["claim_id", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deleted_at__isnull=False) | ~Q(body=""), name="comment_body_required_unless_deleted"
            ),
        ]
        indexes = [models.Index(fields=["claim", "created_at"], name="comment_claim_created")]

    def __str__(self) -> str:
        if self.deleted_at is not None:
            return f"deleted comment on claim {self.claim_id}"
        text = self.body if len(self.body) <= 80 else self.body[:77] + "…"
        return f"{self.author_username}: {text}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None
