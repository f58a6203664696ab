"""Import by URL: a job (one request of up to 50 URLs) and one item per URL with its outcome."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .core import AnyUser, Article, Project, member_project_ids


class ImportJobQuerySet(models.QuerySet["ImportJob"]):
    def for_user(self, user: AnyUser) -> ImportJobQuerySet:
        """Jobs of the projects ``user`` belongs to."""
        return self.filter(project_id__in=member_project_ids(user))


class ImportJob(models.Model):
    """URLs an editor asked to import; a background task fetches them one by one."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="import_jobs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Import job #{self.pk} ({self.status})"


class ImportItem(models.Model):
    """One URL of a job and what became of it."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "Pending"
        CREATED = "created", "Created"
        DUPLICATE = "duplicate", "Duplicate"
        REFUSED = "refused", "Refused"

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    url = models.CharField(max_length=2000)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.PENDING)
    message = models.TextField(blank=True)
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    final_url = models.CharField(max_length=2000, blank=True)
    fetched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["job", "position"]
        constraints = [models.UniqueConstraint(fields=["job", "position"], name="import_item_unique_position")]

    def __str__(self) -> str:
        return f"{self.url} ({self.outcome})"
