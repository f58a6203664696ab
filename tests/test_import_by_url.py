"""Import by URL: POST /api/v1/articles/import/ {"project", "urls"} → 202 and a job that a background
task works through; GET /api/v1/import-jobs/{id}/ reports each URL. Pages come from a local server."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from annotations import services
from annotations.models import Article, HistoryEvent, ImportItem, ImportJob

from .local_http import html, local_server, redirect

PAGE = """<!doctype html><html lang="en"><head><title>Harbour strike ends after nine days | Harbour Times</title>
<meta name="author" content="Dana Reporter"><meta property="og:site_name" content="Harbour Times">
<meta property="article:published_time" content="2026-11-02"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Harbour strike ends after nine days</h1>
<p>The dock workers' union said on Sunday that its members had voted to accept the new contract after nine days
of strike action that halted most container traffic in the port.</p>
<p>According to the port authority, 1,200 containers are waiting to be moved, and clearing the backlog will take
at least two weeks. The union claimed that night shifts had been cut by half since March.</p>
<p>Officials denied that any safety inspection had been skipped during the dispute.</p></article>
<footer>Subscribe to our newsletter</footer></body></html>"""
OTHER_PAGE = PAGE.replace("nine days", "eleven days").replace("Sunday", "Monday")


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def site(settings):
    with local_server() as server:
        server.routes["/story"] = html(PAGE)
        server.routes["/copy"] = html(PAGE)
        server.routes["/moved"] = redirect("/other")
        server.routes["/other"] = html(OTHER_PAGE)
        server.routes["/empty"] = html("<html><body><a href='/'>Home</a></body></html>")
        server.routes["/gone"] = html("<p>gone</p>", status=410)
        server.routes["/pdf"] = lambda _r: (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4")
        settings.VERIFIER_OUTBOUND_ALLOW = [server.allow]
        yield server


def test_an_editor_queues_urls_and_gets_a_report_per_url(
    editor, project, site, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    urls = [site.url(p) for p in ("/story", "/copy", "/moved", "/empty", "/gone", "/pdf")]
    urls.append("http://169.254.169.254/latest/meta-data/")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = api(editor).post("/api/v1/articles/import/", {"project": project.pk, "urls": urls}, format="json")
    assert response.status_code == 202, response.json()
    assert len(callbacks) == 1  # the task is enqueued only once the job is committed
    job_id = response.json()["id"]
    assert response["Location"].endswith(f"/api/v1/import-jobs/{job_id}/")

    client = api(editor)
    # Queries: the memberships, the job, its items (prefetched) — the same for 7 URLs as for 1.
    with django_assert_max_num_queries(3):
        report = client.get(f"/api/v1/import-jobs/{job_id}/").json()
    assert report["status"] == "done"
    assert (report["total"], report["done"]) == (7, 7)
    assert report["counts"] == {"pending": 0, "created": 2, "duplicate": 1, "refused": 4}
    outcomes = [(item["outcome"], item["message"]) for item in report["items"]]
    assert outcomes[0][0] == "created"
    assert outcomes[1][0] == "duplicate" and "already imported" in outcomes[1][1]
    assert outcomes[2][0] == "created"
    assert outcomes[3] == ("refused", "Refused: no article text could be extracted from this HTML page.")
    assert outcomes[4] == ("refused", "Refused: the server answered HTTP 410.")
    assert outcomes[5] == ("refused", "Refused: not an HTML page (Content-Type: application/pdf).")
    assert outcomes[6][0] == "refused" and "link-local" in outcomes[6][1]

    story = Article.objects.get(pk=report["items"][0]["article"])
    assert story.title == "Harbour strike ends after nine days"
    assert "1,200 containers are waiting" in story.body
    assert "Subscribe" not in story.body and "Home" not in story.body
    assert story.author == "Dana Reporter"
    assert story.url == site.url("/story")
    assert story.final_url == site.url("/story")
    assert story.fetched_at is not None
    assert story.imported_by == editor
    moved = Article.objects.get(pk=report["items"][2]["article"])
    assert moved.url == site.url("/moved")
    assert moved.final_url == site.url("/other")
    assert report["items"][2]["final_url"] == site.url("/other")
    # Articles are created through the service: one history row each.
    assert HistoryEvent.objects.filter(entity="article", action="create", project=project).count() == 2


def test_a_reviewer_may_not_import(reviewer, project, site):
    response = api(reviewer).post(
        "/api/v1/articles/import/", {"project": project.pk, "urls": [site.url("/story")]}, format="json"
    )
    assert response.status_code == 403
    assert ImportJob.objects.count() == 0


def test_an_outsider_cannot_import_into_or_see_a_job_of_another_project(editor, outsider, project, site):
    response = api(outsider).post(
        "/api/v1/articles/import/", {"project": project.pk, "urls": [site.url("/story")]}, format="json"
    )
    assert response.status_code == 400
    assert "project" in response.json()
    job = services.import_job_create(project=project, created_by=editor, urls=[site.url("/story")])
    assert api(outsider).get(f"/api/v1/import-jobs/{job.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("urls", "message"),
    [
        ([], "at least"),
        (["https://example.org/a"] * 51, "no more than 50"),
        (["ftp://example.org/a"], "only http:// and https://"),
        ("https://example.org/a", "list"),
        ([42], "Item 1: only http"),
    ],
)
def test_bad_url_lists_are_a_400_with_a_message(editor, project, urls, message):
    response = api(editor).post("/api/v1/articles/import/", {"project": project.pk, "urls": urls}, format="json")
    assert response.status_code == 400
    assert message in str(response.json()["urls"])


def test_unknown_keys_are_refused(editor, project):
    response = api(editor).post(
        "/api/v1/articles/import/", {"project": project.pk, "urls": ["https://example.org/"], "x": 1}, format="json"
    )
    assert response.status_code == 400
    assert "x" in response.json()


def test_the_job_runs_again_without_repeating_finished_items(editor, project, site):
    job = services.import_job_create(project=project, created_by=editor, urls=[site.url("/story")])
    services.import_job_process(job_id=job.pk)
    fetched = len(site.requests)
    services.import_job_process(job_id=job.pk)
    assert len(site.requests) == fetched
    assert ImportItem.objects.get(job=job).outcome == "created"


def test_the_command_imports_urls_as_well_as_files(editor, project, site, tmp_path, capsys):
    text = tmp_path / "note.txt"
    text.write_text("A local note about the harbour.\nIt has a second line.", encoding="utf-8")
    call_command(
        "import_articles",
        str(text),
        site.url("/story"),
        "--project",
        project.slug,
        "--user",
        editor.username,
        "--no-progress",
    )
    out = capsys.readouterr().out
    assert "2 imported" in out
    assert Article.objects.filter(project=project, final_url=site.url("/story")).exists()


def test_the_command_reports_a_refused_url(editor, project, site, capsys):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="1 of 1"):
        call_command("import_articles", "http://10.0.0.1/x", "--project", project.slug, "--no-progress")
    assert "10.0.0.1 is a private address" in capsys.readouterr().out
