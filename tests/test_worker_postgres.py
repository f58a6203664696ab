"""A real `manage.py db_worker` process on PostgreSQL picks up a queued import job and completes it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from annotations.models import Article, ImportItem, ImportJob
from annotations.tasks import import_job_run

from .local_http import html, local_server
from .test_import_by_url import PAGE

ROOT = Path(__file__).resolve().parent.parent


def database_url() -> str:
    s = connection.settings_dict
    user = s.get("USER") or "postgres"
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{s['NAME']}"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_worker_process_runs_a_queued_import_job(require_postgres, editor, project):
    from django_tasks_db.models import DBTaskResult

    with local_server() as site:
        site.routes["/story"] = html(PAGE)
        job = ImportJob.objects.create(project=project, created_by=editor)
        ImportItem.objects.create(job=job, position=0, url=site.url("/story"))
        result = import_job_run.using(backend="database").enqueue(job.pk)
        assert DBTaskResult.objects.get(id=result.id).status == "READY"

        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "SECRET_KEY": "worker-test-key-" + "x" * 40,
            "DEBUG": "0",
            "OUTBOUND_ALLOW": site.allow,
        }
        worker = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "db_worker", "--backend", "database", "--no-reload", "--no-startup-delay"]
            + ["--interval", "0.2"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            status = ""
            while time.monotonic() < deadline:
                status = DBTaskResult.objects.get(id=result.id).status
                if status in ("SUCCESSFUL", "FAILED"):
                    break
                time.sleep(0.2)
        finally:
            worker.terminate()
            output = worker.communicate(timeout=20)[0].decode(errors="replace")
    assert status == "SUCCESSFUL", output
    job.refresh_from_db()
    assert job.status == "done"
    item = job.items.get()
    assert item.outcome == "created", item.message
    article = Article.objects.get(pk=item.article_id)
    assert article.title == "Harbour strike ends after nine days"
    assert article.final_url == site.url("/story")
    assert len(site.requests) == 1
