"""/api/v1/comments/: post, list by claim, edit within 15 minutes with If-Match, delete, scoping, schema."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from annotations import services
from annotations.models import Comment, HistoryEvent


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def later(minutes: float):
    return mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(minutes=minutes))


def test_a_member_posts_a_comment_and_is_its_author(reviewer2, claim):
    response = api(reviewer2).post("/api/v1/comments/", {"claim": claim.pk, "body": "Source?"}, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["author"], body["body"], body["version"], body["deleted"]) == ("rob-reviewer", "Source?", 1, False)
    assert (body["claim"], body["project"], body["article"]) == (claim.pk, claim.project_id, claim.article_id)
    assert response["ETag"] == '"1"'
    assert response["Location"].endswith(f"/api/v1/comments/{body['id']}/")


@pytest.mark.parametrize("field", ["author", "version", "project", "created_at", "deleted"])
def test_server_fields_in_the_body_are_refused(reviewer2, claim, field):
    response = api(reviewer2).post(
        "/api/v1/comments/", {"claim": claim.pk, "body": "x", field: "rita-reviewer"}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "body", [{"claim": "1", "body": "x"}, {"body": "x"}, {"claim": 1, "body": ["x"]}, {"claim": 1, "body": "  "}]
)
def test_bad_input_is_a_400_naming_the_field(reviewer, claim, body):
    if body.get("claim") == 1:
        body = {**body, "claim": claim.pk}
    response = api(reviewer).post("/api/v1/comments/", body, format="json")
    assert response.status_code == 400
    assert set(response.json()) & {"claim", "body"}


def test_a_comment_longer_than_20000_characters_is_refused(reviewer, claim):
    response = api(reviewer).post("/api/v1/comments/", {"claim": claim.pk, "body": "x" * 20_001}, format="json")
    assert response.status_code == 400 and "body" in response.json()


def test_an_outsider_cannot_post_on_or_read_another_projects_claim(outsider, reviewer, claim):
    comment = services.comment_create(claim=claim, author=reviewer, body="Members only")
    client = api(outsider)

    response = client.post("/api/v1/comments/", {"claim": claim.pk, "body": "hi"}, format="json")
    assert response.status_code == 400 and "claim" in response.json()  # "does not exist", like a wrong id
    assert client.get(f"/api/v1/comments/{comment.pk}/").status_code == 404
    assert client.get(f"/api/v1/comments/?claim={claim.pk}").json()["results"] == []
    patch = client.patch(f"/api/v1/comments/{comment.pk}/", {"body": "x"}, format="json", HTTP_IF_MATCH='"1"')
    assert patch.status_code == 404
    assert client.delete(f"/api/v1/comments/{comment.pk}/", HTTP_IF_MATCH='"1"').status_code == 404


def test_the_thread_of_one_claim_is_listed_oldest_first(reviewer, reviewer2, article, claim):
    other = services.claim_create(article=article, created_by=reviewer, quote="Officials denied")
    first = services.comment_create(claim=claim, author=reviewer, body="One")
    services.comment_create(claim=other, author=reviewer, body="Elsewhere")
    second = services.comment_create(claim=claim, author=reviewer2, body="Two")

    response = api(reviewer).get(f"/api/v1/comments/?claim={claim.pk}")
    assert [c["id"] for c in response.json()["results"]] == [first.pk, second.pk]
    response = api(reviewer).get(f"/api/v1/comments/?project={claim.project_id}&author=rob-reviewer")
    assert [c["id"] for c in response.json()["results"]] == [second.pk]


def test_an_unknown_filter_value_is_a_400(reviewer, claim):
    assert api(reviewer).get("/api/v1/comments/?claim=abc").status_code == 400
    assert api(reviewer).get("/api/v1/comments/?claim=99999999999999999999").status_code == 400


def test_the_author_edits_with_if_match_within_15_minutes(reviewer, claim):
    comment = services.comment_create(claim=claim, author=reviewer, body="Draft")
    client = api(reviewer)
    url = f"/api/v1/comments/{comment.pk}/"

    assert client.patch(url, {"body": "No If-Match"}, format="json").status_code == 428
    response = client.patch(url, {"body": "Better"}, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 200 and response.json()["body"] == "Better" and response["ETag"] == '"2"'
    stale = client.patch(url, {"body": "Stale"}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412 and stale.json()["current"]["body"] == "Better"
    with later(16):
        late = client.patch(url, {"body": "Late"}, format="json", HTTP_IF_MATCH='"2"')
    assert late.status_code == 403 and "15 minutes" in late.json()["detail"]


def test_another_reviewer_may_not_delete_but_an_editor_may_and_a_tombstone_stays(reviewer, reviewer2, editor, claim):
    comment = services.comment_create(claim=claim, author=reviewer, body="Rude remark")
    url = f"/api/v1/comments/{comment.pk}/"

    assert api(reviewer2).delete(url, HTTP_IF_MATCH='"1"').status_code == 403
    assert api(editor).delete(url, HTTP_IF_MATCH='"1"').status_code == 204

    body = api(reviewer2).get(url).json()
    assert (body["deleted"], body["body"], body["deleted_by"]) == (True, "", "erin-editor")
    [listed] = api(reviewer2).get(f"/api/v1/comments/?claim={claim.pk}&deleted=true").json()["results"]
    assert listed["id"] == comment.pk
    assert api(reviewer2).get(f"/api/v1/comments/?claim={claim.pk}&deleted=false").json()["results"] == []
    # The text is kept in the history, not in the deletions feed (the tombstone row is the sync signal).
    assert HistoryEvent.objects.get(entity="comment", action="delete").before["body"] == "Rude remark"
    assert api(reviewer2).get("/api/v1/deletions/").json()["results"] == []


def test_incremental_sync_sees_edits_and_deletions(reviewer, editor, claim):
    comment = services.comment_create(claim=claim, author=reviewer, body="Before")
    since = timezone.now().isoformat()
    assert api(reviewer).get("/api/v1/comments/", {"updated_after": since}).json()["results"] == []
    services.comment_delete(comment=comment, actor=editor, expected_version=1)
    [changed] = api(reviewer).get("/api/v1/comments/", {"updated_after": since}).json()["results"]
    assert changed["deleted"] is True


@pytest.mark.parametrize("page_size", [10, 500])
def test_comment_lists_cost_the_same_whatever_the_page_size(reviewer, claim, page_size, django_assert_num_queries):
    Comment.objects.bulk_create(
        Comment(project=claim.project, claim=claim, author=reviewer, author_username="rita-reviewer", body=f"c{i}")
        for i in range(520)
    )
    # the memberships (the scope), then the page of comments joined with their claims and deleters
    with django_assert_num_queries(2):
        response = api(reviewer).get(f"/api/v1/comments/?page_size={page_size}&claim={claim.pk}")
    assert len(response.json()["results"]) == page_size


def test_the_comments_endpoints_are_in_the_schema_with_if_match(db):
    schema = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/comments/"])
    assert {"get", "patch", "delete"} <= set(paths["/api/v1/comments/{id}/"])
    for method in ("patch", "delete"):
        operation = paths["/api/v1/comments/{id}/"][method]
        assert any(p["name"] == "If-Match" and p["required"] for p in operation["parameters"])
        assert {"412", "428", "403", "404"} <= set(operation["responses"])
    filters = {p["name"] for p in paths["/api/v1/comments/"]["get"]["parameters"]}
    assert {"claim", "project", "updated_after", "cursor"} <= filters
    assert set(schema["components"]["schemas"]["CommentCreateRequest"]["properties"]) == {"claim", "body"}
