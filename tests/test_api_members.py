"""/api/v1/projects/{id}/members/: admins add, change and remove members (the whole policy, role by role,
is pinned in test_membership_policy.py)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from annotations.models import Membership
from tests.conftest import make_user


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def members_url(project) -> str:
    return f"/api/v1/projects/{project.pk}/members/"


def test_any_member_lists_the_members(reviewer, editor, project, django_assert_num_queries):
    # the project lookup, the role check is skipped for reads, the members with their users
    with django_assert_num_queries(3):
        response = api(reviewer).get(members_url(project))

    assert response.status_code == 200
    assert {(m["username"], m["role"]) for m in response.json()} == {
        ("alice-admin", "admin"),
        ("erin-editor", "editor"),
        ("rita-reviewer", "reviewer"),
    }


def test_an_outsider_gets_404(project, outsider):
    client = api(outsider)

    assert client.get(members_url(project)).status_code == 404
    assert client.post(members_url(project), {"username": "oscar-outsider"}, format="json").status_code == 404
    assert client.get(f"{members_url(project)}alice-admin/").status_code == 404
    assert not Membership.objects.filter(project=project, user=outsider).exists()


def test_an_admin_adds_a_member_with_a_role(admin_user_, project):
    newcomer = make_user("nina-new")

    response = api(admin_user_).post(members_url(project), {"username": "nina-new", "role": "editor"}, format="json")

    assert response.status_code == 201
    assert response.json()["role"] == "editor"
    assert Membership.objects.get(project=project, user=newcomer).role == "editor"


@pytest.mark.parametrize("persona", ["editor", "reviewer"])
def test_editors_and_reviewers_may_not_touch_an_admin(request, project, persona):
    make_user("nina-new")
    client = api(request.getfixturevalue(persona))

    response = client.post(members_url(project), {"username": "nina-new", "role": "admin"}, format="json")
    assert response.status_code == 403
    assert client.patch(f"{members_url(project)}alice-admin/", {"role": "reviewer"}, format="json").status_code == 403
    assert client.delete(f"{members_url(project)}alice-admin/").status_code == 403
    assert Membership.objects.get(project=project, user__username="alice-admin").role == "admin"
    assert not Membership.objects.filter(user__username="nina-new").exists()


def test_adding_an_unknown_user_or_role_is_400(admin_user_, project):
    client = api(admin_user_)

    assert "username" in client.post(members_url(project), {"username": "ghost"}, format="json").json()
    make_user("nina-new")
    response = client.post(members_url(project), {"username": "nina-new", "role": "owner"}, format="json")
    assert response.status_code == 400
    assert "role" in response.json()


def test_adding_an_existing_member_is_409(admin_user_, reviewer, project):
    response = api(admin_user_).post(
        members_url(project), {"username": "rita-reviewer", "role": "admin"}, format="json"
    )

    assert response.status_code == 409
    assert Membership.objects.get(project=project, user=reviewer).role == "reviewer"


def test_an_admin_changes_a_role(admin_user_, reviewer, project):
    response = api(admin_user_).patch(f"{members_url(project)}rita-reviewer/", {"role": "editor"}, format="json")

    assert response.status_code == 200
    assert Membership.objects.get(project=project, user=reviewer).role == "editor"


def test_an_admin_removes_a_member(admin_user_, reviewer, project):
    response = api(admin_user_).delete(f"{members_url(project)}rita-reviewer/")

    assert response.status_code == 204
    assert not Membership.objects.filter(project=project, user=reviewer).exists()
    assert api(reviewer).get(f"/api/v1/projects/{project.pk}/").status_code == 404


def test_the_last_admin_cannot_leave_or_demote_themselves(admin_user_, project):
    client = api(admin_user_)

    response = client.delete(f"{members_url(project)}alice-admin/")
    assert response.status_code == 400
    assert "at least one admin" in response.json()["role"][0]
    response = client.patch(f"{members_url(project)}alice-admin/", {"role": "editor"}, format="json")
    assert response.status_code == 403  # nobody changes their own role, last admin or not
    assert Membership.objects.get(project=project, user=admin_user_).role == "admin"


def test_a_non_member_username_in_the_url_is_404(admin_user_, project, outsider):
    assert api(admin_user_).delete(f"{members_url(project)}oscar-outsider/").status_code == 404


def test_mass_assignment_in_member_bodies_is_refused(admin_user_, reviewer, project):
    client = api(admin_user_)

    response = client.patch(
        f"{members_url(project)}rita-reviewer/", {"role": "editor", "project": 999, "user": 1}, format="json"
    )

    assert response.status_code == 400
    assert Membership.objects.get(project=project, user=reviewer).role == "reviewer"


def test_a_username_with_a_nul_character_in_the_url_is_404(admin_user_, project):
    client = api(admin_user_)

    assert client.get(f"{members_url(project)}a%00b/").status_code == 404
    assert client.patch(f"{members_url(project)}a%00b/", {"role": "editor"}, format="json").status_code == 404
    assert client.delete(f"{members_url(project)}a%00b/").status_code == 404
