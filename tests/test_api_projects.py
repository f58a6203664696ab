"""/api/v1/projects/: list, retrieve, create."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from annotations import services
from annotations.models import Membership, Project


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_member_lists_only_their_projects_with_their_role_and_progress(reviewer, project, claim, outsider):
    response = api(reviewer).get("/api/v1/projects/")

    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["id"] == project.pk
    assert row["role"] == "reviewer"
    assert (row["article_count"], row["claim_count"], row["needs_review_count"]) == (1, 1, 1)


def test_an_outsider_gets_404_for_another_project(project, outsider):
    assert api(outsider).get(f"/api/v1/projects/{project.pk}/").status_code == 404


def test_a_member_retrieves_their_project(editor, project):
    response = api(editor).get(f"/api/v1/projects/{project.pk}/")

    assert response.status_code == 200
    assert response.json()["role"] == "editor"


def test_anyone_signed_in_creates_a_project_and_becomes_its_admin(outsider):
    response = api(outsider).post("/api/v1/projects/", {"name": "Elections 2026"}, format="json")

    assert response.status_code == 201
    body = response.json()
    assert (body["name"], body["slug"], body["role"]) == ("Elections 2026", "elections-2026", "admin")
    assert Membership.objects.get(project_id=body["id"], user=outsider).role == "admin"


def test_anonymous_requests_are_401(project):
    assert APIClient().get("/api/v1/projects/").status_code == 401
    assert APIClient().post("/api/v1/projects/", {"name": "x"}, format="json").status_code == 401
    assert Project.objects.count() == 1


def test_a_project_without_a_name_is_400(reviewer):
    response = api(reviewer).post("/api/v1/projects/", {"name": "  "}, format="json")

    assert response.status_code == 400
    assert "name" in response.json()


def test_mass_assignment_of_owner_or_id_is_refused(reviewer, outsider):
    before = Project.objects.count()

    response = api(reviewer).post(
        "/api/v1/projects/", {"name": "Mine", "created_by": outsider.pk, "id": 1, "role": "admin"}, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"created_by", "id", "role"}
    assert Project.objects.count() == before


def test_a_taken_slug_silently_becomes_a_free_one(reviewer, project):
    # Saying "taken" would let anyone probe for other organisations' project names (tests/test_probing.py).
    response = api(reviewer).post("/api/v1/projects/", {"name": "Mine", "slug": project.slug}, format="json")

    assert response.status_code == 201
    assert response.json()["slug"] == f"{project.slug}-2"


def test_an_admin_renames_a_project_and_changes_its_description(admin_user_, project):
    response = api(admin_user_).patch(
        f"/api/v1/projects/{project.pk}/", {"name": "Harbour & coast desk", "description": "Ports"}, format="json"
    )

    assert response.status_code == 200
    assert (response.json()["name"], response.json()["slug"]) == ("Harbour & coast desk", "harbour-desk")
    project.refresh_from_db()
    assert (project.name, project.description) == ("Harbour & coast desk", "Ports")


@pytest.mark.parametrize("persona", ["editor", "reviewer"])
def test_only_admins_change_a_project(request, project, persona):
    response = api(request.getfixturevalue(persona)).patch(
        f"/api/v1/projects/{project.pk}/", {"name": "Mine now"}, format="json"
    )

    assert response.status_code == 403
    assert Project.objects.get(pk=project.pk).name == "Harbour desk"


def test_an_outsider_cannot_change_a_project(project, outsider):
    assert api(outsider).patch(f"/api/v1/projects/{project.pk}/", {"name": "x"}, format="json").status_code == 404


@pytest.mark.parametrize("body", [{"name": " "}, {"name": None}, {"slug": "new-slug"}, {"name": "a\x00b"}])
def test_invalid_project_changes_are_400(admin_user_, project, body):
    response = api(admin_user_).patch(f"/api/v1/projects/{project.pk}/", body, format="json")

    assert response.status_code == 400
    project.refresh_from_db()
    assert (project.name, project.slug) == ("Harbour desk", "harbour-desk")


def test_projects_are_not_deleted_through_the_api(admin_user_, project):
    assert api(admin_user_).delete(f"/api/v1/projects/{project.pk}/").status_code == 405
    assert Project.objects.filter(pk=project.pk).exists()


def test_the_list_costs_three_queries_however_many_projects(reviewer, django_assert_num_queries):
    for i in range(12):
        project = services.project_create(name=f"Desk {i}", created_by=reviewer)
        services.article_create(project=project, imported_by=reviewer, title="t", body=f"body {i}")

    # memberships, the page of projects with role and progress counts as subqueries, their rating scales
    with django_assert_num_queries(3):
        response = api(reviewer).get("/api/v1/projects/?page_size=500")
    assert len(response.json()["results"]) == 13  # and the fixture project
    with django_assert_num_queries(3):
        api(reviewer).get("/api/v1/projects/?page_size=5")
