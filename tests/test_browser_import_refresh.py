"""The import job page reloads itself while the job runs, and the reader can pause that (WCAG 2.2.1)."""

from __future__ import annotations

import os

import pytest
from django.urls import reverse
from playwright.sync_api import BrowserContext, Page

from annotations.models import ImportItem, ImportJob
from tests.test_browser_reviewer import log_in

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_running_job_page_reloads_until_paused(page: Page, context: BrowserContext, live_server, project, editor):
    job = ImportJob.objects.create(project=project, created_by=editor)  # queued: nothing fetches it here
    ImportItem.objects.create(job=job, position=0, url="https://example.org/a")
    log_in(context, live_server, editor)
    page.goto(live_server.url + reverse("annotations:import_job_detail", args=[project.slug, job.pk]))
    page.evaluate("() => { window.notReloaded = true; }")
    page.wait_for_function("() => window.notReloaded === undefined", timeout=6000)  # it reloaded by itself
    page.wait_for_load_state()
    page.get_by_role("button", name="Pause automatic refresh").click()
    page.evaluate("() => { window.notReloaded = true; }")
    page.wait_for_timeout(4500)
    assert page.evaluate("() => window.notReloaded") is True  # paused: no reload
    assert page.get_by_role("button", name="Resume automatic refresh").is_visible()
