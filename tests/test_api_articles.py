"""/api/v1/articles/: list, retrieve, create, delete, filters."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from annotations import services
from annotations.models import Article, HistoryEvent
from tests.conftest import ENGLISH_BODY


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def new_article(project, **extra) -> dict:
    return {"project": project.pk, "title": "Dock strike ends", "body": "The strike at the docks ended today.", **extra}


def test_a_member_lists_the_articles_of_their_projects_only(reviewer, article, outsider):
    response = api(reviewer).get("/api/v1/articles/")

    assert response.status_code == 200
    assert [a["id"] for a in response.json()["results"]] == [article.pk]
    assert response.json()["results"][0]["body"] == ENGLISH_BODY


def test_an_outsider_gets_404_for_another_projects_article(article, outsider):
    client = api(outsider)

    assert client.get(f"/api/v1/articles/{article.pk}/").status_code == 404
    assert client.delete(f"/api/v1/articles/{article.pk}/").status_code == 404
    assert Article.objects.filter(pk=article.pk).exists()


def test_an_editor_creates_an_article(editor, project):
    response = api(editor).post(
        "/api/v1/articles/",
        new_article(
            project,
            url="https://example.org/strike",
            source="Harbour Times",
            author="A. Writer",
            published_at="2026-03-18",
            language="en",
        ),
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    assert body["project"] == project.pk
    assert body["imported_by"] == "erin-editor"
    assert body["published_at"].startswith("2026-03-18")
    assert response["Location"].endswith(f"/api/v1/articles/{body['id']}/")


def test_a_reviewer_may_not_create_articles(reviewer, project):
    response = api(reviewer).post("/api/v1/articles/", new_article(project), format="json")

    assert response.status_code == 403
    assert Article.objects.count() == 0


def test_an_article_in_someone_elses_project_is_refused(editor, outsider):
    other = outsider.memberships.get().project

    response = api(editor).post("/api/v1/articles/", new_article(other), format="json")

    assert response.status_code == 400
    assert "project" in response.json()
    assert not Article.objects.filter(title="Dock strike ends").exists()


def test_a_project_is_required(editor):
    response = api(editor).post("/api/v1/articles/", {"title": "x", "body": "y"}, format="json")

    assert response.status_code == 400
    assert "project" in response.json()


@pytest.mark.parametrize("field", ["imported_by", "body_sha256", "id", "created_at"])
def test_mass_assignment_of_server_fields_is_refused(editor, project, field):
    response = api(editor).post("/api/v1/articles/", new_article(project, **{field: "x"}), format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert Article.objects.count() == 0


def test_the_same_body_twice_is_409_pointing_at_the_existing_article(editor, article, project):
    response = api(editor).post(
        "/api/v1/articles/", {"project": project.pk, "title": "Copy", "body": ENGLISH_BODY}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["id"] == article.pk
    assert response["Location"].endswith(f"/api/v1/articles/{article.pk}/")
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "bad"),
    [
        ({"title": ""}, "title"),
        ({"body": "   "}, "body"),
        ({"published_at": "last Tuesday"}, "published_at"),
        ({"url": "not a url"}, "url"),
        ({"title": 5}, "title"),
        ({"body": ["a"]}, "body"),
    ],
)
def test_invalid_fields_are_400(editor, project, fields, bad):
    response = api(editor).post("/api/v1/articles/", new_article(project, **fields), format="json")

    assert response.status_code == 400
    assert bad in response.json()


def test_an_editor_deletes_an_article_leaving_tombstones(editor, article, claim):
    response = api(editor).delete(f"/api/v1/articles/{article.pk}/")

    assert response.status_code == 204
    assert not Article.objects.filter(pk=article.pk).exists()
    assert set(HistoryEvent.objects.deletions().values_list("entity", flat=True)) == {"article", "claim"}


def test_a_reviewer_may_not_delete_an_article(reviewer, article):
    assert api(reviewer).delete(f"/api/v1/articles/{article.pk}/").status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


def test_articles_cannot_be_edited(editor, article):
    assert api(editor).patch(f"/api/v1/articles/{article.pk}/", {"title": "x"}, format="json").status_code == 405


def test_articles_filter_by_project_language_search_and_status(reviewer, article, arabic_article, claim, project):
    client = api(reviewer)

    def ids(query: str) -> set[int]:
        response = client.get(f"/api/v1/articles/?{query}")
        assert response.status_code == 200
        return {a["id"] for a in response.json()["results"]}

    assert ids(f"project={project.pk}") == {article.pk, arabic_article.pk}
    assert ids("language=AR") == {arabic_article.pk}
    assert ids("search=containers") == {article.pk}
    assert ids("status=needs_review") == {article.pk}
    assert ids("status=confirmed") == set()
    assert client.get("/api/v1/articles/?status=bogus").status_code == 400
    assert client.get("/api/v1/articles/?updated_after=yesterday").status_code == 400


@pytest.mark.parametrize("page_size", [10, 500])
def test_the_list_costs_the_same_whatever_the_page_size(reviewer, project, page_size, django_assert_num_queries):
    Article.objects.bulk_create(
        Article(project=project, title=f"A{i}", body=f"Body {i}", body_sha256=f"{i:064d}") for i in range(600)
    )

    # the memberships (the scope), then the page of articles joined with the importing user
    with django_assert_num_queries(2):
        response = api(reviewer).get(f"/api/v1/articles/?page_size={page_size}")
    assert len(response.json()["results"]) == page_size


def test_deleting_an_article_leaves_a_tombstone_for_each_of_its_claims(editor, article, reviewer):
    for quote in ("port authority", "night shift", "safety inspection"):
        services.claim_create(article=article, created_by=reviewer, quote=quote)

    assert api(editor).delete(f"/api/v1/articles/{article.pk}/").status_code == 204
    assert HistoryEvent.objects.deletions().filter(entity="claim").count() == 3


@pytest.mark.parametrize(
    ("published_at", "stored"),
    [
        ("2020-01-01T00:00:00+23:00", "2019-12-31T01:00:00Z"),  # beyond PostgreSQL's ±15:59 offsets
        ("2026-03-18T09:30:00+05:30", "2026-03-18T04:00:00Z"),
        ("2026-03-18", "2026-03-18T00:00:00Z"),
        ("9999-12-31T23:59:59-05:00", None),  # year 10000 in UTC
        ("0001-01-01T00:00:00+05:00", None),  # before year 1 in UTC
    ],
)
def test_publication_dates_are_stored_in_utc_or_refused_when_out_of_range(editor, project, published_at, stored):
    response = api(editor).post(
        "/api/v1/articles/",
        new_article(project, published_at=published_at, body=f"Body {published_at}"),
        format="json",
    )

    if stored is None:
        assert response.status_code == 400
        assert "published_at" in response.json()
        assert Article.objects.count() == 0
    else:
        assert response.status_code == 201
        assert response.json()["published_at"] == stored
