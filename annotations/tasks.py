"""Background tasks (django-tasks). Each takes ids, not objects, and is safe to run twice."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def import_job_run(job_id: int) -> None:
    """Fetch and import the pending URLs of an import job."""
    services.import_job_process(job_id=job_id)


@task()
def deliver_webhook(delivery_id: str) -> None:
    """One attempt of a webhook delivery; it schedules its own retry when one is due."""
    services.delivery_attempt(delivery_id=delivery_id)
