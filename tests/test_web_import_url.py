"""The import-by-URL page (editors and admins) and the job page that shows progress."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from annotations.models import Article, ImportJob

from .local_http import local_server
from .test_import_by_url import PAGE, html


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def site(settings):
    with local_server() as server:
        server.routes["/story"] = html(PAGE)
        settings.VERIFIER_OUTBOUND_ALLOW = [server.allow]
        yield server


def test_an_editor_imports_urls_and_follows_the_job(editor, project, site, django_capture_on_commit_callbacks):
    client = login(editor)
    page = reverse("annotations:article_import_url", args=[project.slug])
    assert client.get(page).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page, {"urls": f"{site.url('/story')}\n\n  http://10.0.0.1/internal  \n"})
    job = ImportJob.objects.get(project=project)
    assert response.status_code == 302
    assert response["Location"] == reverse("annotations:import_job_detail", args=[project.slug, job.pk])
    detail = client.get(response["Location"])
    content = detail.content.decode()
    assert "2 of 2 URLs done" in content
    assert "Harbour strike ends after nine days" in content
    assert "10.0.0.1 is a private address" in content
    assert 'http-equiv="refresh"' not in content  # finished: no more reloading
    assert Article.objects.filter(project=project, url=site.url("/story")).exists()


def test_a_running_job_page_reloads_itself(editor, project, site, django_assert_max_num_queries):
    from annotations import services

    job = services.import_job_create(project=project, created_by=editor, urls=[site.url("/story")] * 3)
    client = login(editor)
    url = reverse("annotations:import_job_detail", args=[project.slug, job.pk])
    client.get(url)
    # Queries: session, user, membership+project, job, items, (articles, projects: none yet).
    with django_assert_max_num_queries(6):
        response = client.get(url)
    # A script reloads it (with a pause button, WCAG 2.2.1), not a <meta refresh> nobody can stop.
    assert 'data-autorefresh="3"' in response.content.decode() and "js/autorefresh.js" in response.content.decode()
    assert 'http-equiv="refresh"' not in response.content.decode()
    assert "0 of 3 URLs done" in response.content.decode()


def test_bad_input_keeps_the_typed_text_and_says_why(editor, project):
    response = login(editor).post(
        reverse("annotations:article_import_url", args=[project.slug]), {"urls": "ftp://x.example/a\nnot a url"}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "only http:// and https://" in content
    assert "ftp://x.example/a" in content
    assert ImportJob.objects.count() == 0


def test_reviewers_get_403_and_outsiders_404(reviewer, outsider, editor, project, site):
    from annotations import services

    page = reverse("annotations:article_import_url", args=[project.slug])
    assert login(reviewer).get(page).status_code == 403
    assert login(outsider).get(page).status_code == 404
    job = services.import_job_create(project=project, created_by=editor, urls=[site.url("/story")])
    assert login(outsider).get(reverse("annotations:import_job_detail", args=[project.slug, job.pk])).status_code == 404


def test_the_page_needs_a_csrf_token(editor, project):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(
        reverse("annotations:article_import_url", args=[project.slug]), {"urls": "https://a.example/"}
    )
    assert response.status_code == 403
