"""Background tasks (django-tasks). Each takes ids, not objects, and is safe to run twice."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def import_job_run(job_id: int) -> None:
    """Fetch and import the pending URLs of an import job."""
    services.import_job_process(job_id=job_id)
