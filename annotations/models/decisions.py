"""Editorial decisions: a project's rating scale, the editor's ruling on a claim, its public corrections.

Reviewers' verdicts stay internal opinions; a ``Decision`` is the desk's ruling on a claim (at most
one per claim), drafted by an editor, published (under four-eyes by someone else), and afterwards
changed only through a ``Correction``, which keeps the old and the new values. Writes go through
``annotations.services.ratings`` and ``annotations.services.decisions``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from .core import AnyUser, Claim, Label, Project, member_project_ids


class RatingItemQuerySet(models.QuerySet["RatingItem"]):
    def for_user(self, user: AnyUser) -> RatingItemQuerySet:
        """Rating items of the projects ``user`` belongs to."""
        return self.filter(project_id__in=member_project_ids(user))

    def in_use(self) -> RatingItemQuerySet:
        """Items that new decisions may pick (not retired)."""
        return self.filter(retired=False)


class RatingItem(models.Model):
    """One rating of a project's scale: the name the desk publishes and the verdict it means."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="rating_items")
    name = models.CharField(max_length=100, help_text='What the desk publishes, e.g. "Misleading"')
    verdict = models.CharField(max_length=16, choices=Label.choices, help_text="The core meaning of this rating")
    value = models.IntegerField(help_text="ClaimReview ratingValue; the scale's min/max are worst/best")
    description = models.TextField(blank=True, help_text="Shown to reviewers and on the methodology page")
    order = models.PositiveIntegerField(default=0)
    retired = models.BooleanField(default=False, help_text="Kept for past decisions; not offered for new ones")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RatingItemQuerySet.as_manager()

    class Meta:
        ordering = ["project_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="rating_item_unique_name_per_project"),
            models.CheckConstraint(condition=Q(verdict__in=Label.values), name="rating_item_verdict_valid"),
        ]

    def __str__(self) -> str:
        return self.name


class DecisionState(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    VOID = "void", "Void"


class DecisionQuerySet(models.QuerySet["Decision"]):
    def for_user(self, user: AnyUser) -> DecisionQuerySet:
        """Decisions in the projects ``user`` belongs to."""
        return self.filter(project_id__in=member_project_ids(user))

    def public(self) -> DecisionQuerySet:
        """Published, not void: what ClaimReview exports publish."""
        return self.filter(state=DecisionState.PUBLISHED)


class Decision(models.Model):
    """The desk's ruling on one claim; ``public_evidence`` has the shape of verdict evidence."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="decisions")
    claim = models.OneToOneField(Claim, on_delete=models.CASCADE, related_name="decision")
    # RESTRICT: an item used by a decision cannot be deleted on its own, yet deleting the whole
    # project (which deletes its decisions too) still works.
    rating = models.ForeignKey(RatingItem, on_delete=models.RESTRICT, related_name="decisions")
    explanation = models.TextField(help_text="The public explanation of the rating")
    public_evidence = models.JSONField(default=list, blank=True)
    as_of = models.DateField(help_text="The date the facts were checked")
    review_due = models.DateField(null=True, blank=True, db_index=True)
    state = models.CharField(max_length=16, choices=DecisionState.choices, default=DecisionState.DRAFT)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="decisions_made"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions_published"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=DecisionState.values), name="decision_state_valid"),
        ]
        indexes = [models.Index(fields=["project", "state"], name="decision_project_state")]

    def __str__(self) -> str:
        return f"{self.rating} ({self.state}) on claim {self.claim_id}"


class CorrectionKind(models.TextChoices):
    RATING_CHANGE = "rating_change", "Rating change"
    CORRECTION = "correction", "Correction"
    CLARIFICATION = "clarification", "Clarification"
    UPDATE = "update", "Update"
    VOID = "void", "Void"


class CorrectionQuerySet(models.QuerySet["Correction"]):
    def for_user(self, user: AnyUser) -> CorrectionQuerySet:
        """Corrections in the projects ``user`` belongs to."""
        return self.filter(project_id__in=member_project_ids(user))


class Correction(models.Model):
    """A public, time-stamped change of a published decision (IFCN principle 5)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="corrections")
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=16, choices=CorrectionKind.choices)
    note = models.TextField(help_text="The public note explaining the correction")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    old_values = models.JSONField(default=dict, blank=True)
    new_values = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=CorrectionKind.values), name="correction_kind_valid"),
        ]
        indexes = [models.Index(fields=["project", "-id"], name="correction_project_newest")]

    def __str__(self) -> str:
        return f"{self.kind} of decision {self.decision_id}"
