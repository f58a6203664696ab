"""POST /api/v1/articles/import/?project=ID: a JSON array or JSON Lines, with a per-item report."""

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from annotations.models import Article
from tests.conftest import ENGLISH_BODY


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def url(project) -> str:
    return f"/api/v1/articles/import/?project={project.pk}"


def test_a_json_array_is_imported_with_a_report_per_item(editor, project, article):
    items = [
        {"title": "New one", "body": "Fresh text.", "language": "en"},
        {"title": "Copy", "body": ENGLISH_BODY},
        {"title": "", "body": "No title"},
        "not an object",
    ]

    response = api(editor).post(url(project), items, format="json")

    assert response.status_code == 200
    report = response.json()
    assert (report["created"], report["duplicate"], report["rejected"]) == (1, 1, 2)
    outcomes = [(i["index"], i["outcome"]) for i in report["items"]]
    assert outcomes == [(0, "created"), (1, "duplicate"), (2, "rejected"), (3, "rejected")]
    assert report["items"][1]["article"] == article.pk
    assert {item["line"] for item in report["items"]} == {None}  # a JSON array has no lines
    assert "title" in report["items"][2]["errors"]
    assert Article.objects.filter(project=project).count() == 2


def test_json_lines_are_imported_and_a_broken_line_is_reported_alone(editor, project):
    body = "\n".join(
        [
            json.dumps({"title": "One", "body": "First."}),
            "{not json",
            "",
            json.dumps({"title": "Two", "body": "Second."}),
        ]
    )

    response = api(editor).post(url(project), body.encode(), content_type="application/x-ndjson")

    assert response.status_code == 200
    report = response.json()
    assert (report["created"], report["rejected"]) == (2, 1)
    broken = report["items"][1]
    assert broken["outcome"] == "rejected"
    assert [item["line"] for item in report["items"]] == [1, 2, 4]  # the blank line 3 is skipped
    assert set(Article.objects.values_list("title", flat=True)) == {"One", "Two"}


def test_a_project_key_inside_an_item_cannot_redirect_it(editor, project, outsider):
    other = outsider.memberships.get().project

    response = api(editor).post(url(project), [{"title": "T", "body": "B.", "project": other.pk}], format="json")

    assert response.json()["created"] == 1
    assert Article.objects.get(title="T").project_id == project.pk


def test_the_project_is_required_and_must_be_mine(editor, project, outsider):
    client = api(editor)
    other = outsider.memberships.get().project

    missing = client.post("/api/v1/articles/import/", [], format="json")
    assert missing.status_code == 400
    assert "project" in missing.json()
    assert client.post(url(other), [{"title": "T", "body": "B."}], format="json").status_code == 404
    assert not Article.objects.filter(title="T").exists()


def test_a_reviewer_may_not_import(reviewer, project):
    assert api(reviewer).post(url(project), [{"title": "T", "body": "B."}], format="json").status_code == 403
    assert Article.objects.count() == 0


def test_a_body_that_is_not_an_array_is_400(editor, project):
    response = api(editor).post(url(project), {"title": "T", "body": "B."}, format="json")

    assert response.status_code == 400
    assert Article.objects.count() == 0


def test_an_import_over_the_size_limit_is_413(editor, project, settings):
    settings.VERIFIER_IMPORT_MAX_BYTES = 1000
    items = [{"title": f"T{i}", "body": "x" * 100} for i in range(20)]

    response = api(editor).post(url(project), items, format="json")

    assert response.status_code == 413
    assert "detail" in response.json()
    assert Article.objects.count() == 0


@pytest.mark.parametrize("value", ["abc", "²", "-1", "1.0", "9" * 30, ""])
def test_a_project_parameter_that_is_not_an_id_is_400(editor, project, value):
    response = api(editor).post(
        f"/api/v1/articles/import/?project={value}", [{"title": "T", "body": "B."}], format="json"
    )

    assert response.status_code == 400
    assert "project" in response.json()
    assert Article.objects.count() == 0


def test_an_out_of_range_publication_date_rejects_only_its_item(editor, project):
    items = [
        {"title": "Fine", "body": "One.", "published_at": "2020-01-01T00:00:00+23:00"},
        {"title": "Too late", "body": "Two.", "published_at": "9999-12-31T23:59:59-05:00"},
        {"title": "Unreadable", "body": "Three.", "published_at": "last Tuesday"},
    ]

    response = api(editor).post(url(project), items, format="json")

    assert [i["outcome"] for i in response.json()["items"]] == ["created", "rejected", "rejected"]
    assert "published_at" in response.json()["items"][1]["errors"]
    assert "published_at" in response.json()["items"][2]["errors"]
    assert list(Article.objects.values_list("title", flat=True)) == ["Fine"]


def test_a_json_lines_item_with_an_unpaired_surrogate_is_rejected_alone(editor, project):
    body = '{"title": "Good", "body": "Fine."}\n{"title": "Bad \\ud800", "body": "x"}\n'

    response = api(editor).post(url(project), body.encode(), content_type="application/x-ndjson")

    assert [i["outcome"] for i in response.json()["items"]] == ["created", "rejected"]
    assert response.json()["items"][1]["line"] == 2
