"""Nobody learns from an answer whether another project's slug or a username exists (issue 10, finding 7)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from rest_framework.test import APIClient

from annotations import services
from annotations.models import Membership, Project
from tests.conftest import make_user


def api(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_creating_a_project_with_another_organisations_slug_answers_as_for_a_free_one(reviewer, outsider):
    theirs = Project.objects.get(memberships__user=outsider)
    taken = api(reviewer).post("/api/v1/projects/", {"name": "Probe", "slug": theirs.slug}, format="json")
    free = api(reviewer).post("/api/v1/projects/", {"name": "Probe", "slug": "never-used-slug"}, format="json")

    assert taken.status_code == free.status_code == 201
    assert set(taken.json()) == set(free.json())
    assert taken.json()["slug"] not in {theirs.slug, ""}
    body = taken.content.decode()
    assert theirs.name not in body and "taken" not in body
    # Nothing of theirs changed, and the prober is admin of their own new project only.
    theirs.refresh_from_db()
    assert not Membership.objects.filter(project=theirs, user=reviewer).exists()


def test_derived_slugs_skip_every_taken_one(admin_user_):
    first = services.project_create(name="Desk", created_by=admin_user_)
    second = services.project_create(name="Other", slug="desk", created_by=admin_user_)
    third = services.project_create(name="Desk", created_by=admin_user_)
    assert [first.slug, second.slug, third.slug] == ["desk", "desk-2", "desk-3"]


@pytest.fixture
def inactive(db) -> User:
    user = make_user("ivan-inactive")
    user.is_active = False
    user.save()
    return user


def test_the_api_answers_the_same_for_an_unknown_and_an_inactive_username(admin_user_, project, inactive):
    client = api(admin_user_)
    url = f"/api/v1/projects/{project.pk}/members/"
    unknown = client.post(url, {"username": "nobody-at-all", "role": "reviewer"}, format="json")
    existing = client.post(url, {"username": inactive.username, "role": "reviewer"}, format="json")

    assert unknown.status_code == existing.status_code == 400
    assert unknown.content == existing.content
    assert not Membership.objects.filter(project=project, user=inactive).exists()


def test_the_web_form_answers_the_same_for_an_unknown_and_an_inactive_username(admin_user_, project, inactive):
    client = Client()
    client.force_login(admin_user_)
    url = f"/p/{project.slug}/members/"
    unknown = client.post(url, {"username": "nobody-at-all", "role": "reviewer"})
    existing = client.post(url, {"username": inactive.username, "role": "reviewer"})

    assert unknown.status_code == existing.status_code == 400
    strip = [("nobody-at-all", "NAME"), (inactive.username, "NAME")]

    def page(response) -> str:
        html = response.content.decode()
        for value, placeholder in strip:
            html = html.replace(value, placeholder)
        # The CSRF token differs per response; the rest must not.
        return "\n".join(line for line in html.splitlines() if "csrfmiddlewaretoken" not in line)

    assert page(unknown) == page(existing)
    assert not Membership.objects.filter(project=project, user=inactive).exists()
