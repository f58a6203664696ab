"""Project administration: editors and admins add members by username, change roles, remove members."""

from __future__ import annotations

from django.urls import reverse

from annotations import services
from annotations.models import Membership, Role
from tests.conftest import make_user


def members_url(project) -> str:
    return reverse("project_members", args=[project.slug])


def change_url(project, user) -> str:
    return reverse("project_member_change", args=[project.slug, user.pk])


def role_of(project, user) -> str | None:
    membership = Membership.objects.filter(project=project, user=user).first()
    return membership.role if membership else None


def test_an_admin_adds_an_existing_user_by_username_with_a_role(client, admin_user_, project):
    newcomer = make_user("nina-new")
    client.force_login(admin_user_)
    response = client.post(members_url(project), {"username": "nina-new", "role": "editor"})
    assert response.status_code == 302
    assert role_of(project, newcomer) == Role.EDITOR
    assert "Added nina-new as editor." in client.get(members_url(project)).content.decode()


def test_an_admin_changes_a_role_and_removes_a_member(client, admin_user_, reviewer, project):
    client.force_login(admin_user_)
    assert client.post(change_url(project, reviewer), {"role": "admin"}).status_code == 302
    assert role_of(project, reviewer) == Role.ADMIN
    assert client.post(change_url(project, reviewer), {"action": "remove"}).status_code == 302
    assert role_of(project, reviewer) is None


def test_an_unknown_username_is_a_form_error(client, admin_user_, project):
    client.force_login(admin_user_)
    response = client.post(members_url(project), {"username": "nobody", "role": "reviewer"})
    assert response.status_code == 400
    assert "No account can be added under this name" in response.content.decode()


def test_adding_someone_who_is_already_a_member_is_a_form_error(client, admin_user_, reviewer, project):
    client.force_login(admin_user_)
    response = client.post(members_url(project), {"username": reviewer.username, "role": "editor"})
    assert response.status_code == 400
    assert "already a member" in response.content.decode()
    assert role_of(project, reviewer) == Role.REVIEWER


def test_the_last_admin_cannot_leave_or_demote_themselves(client, admin_user_, project):
    client.force_login(admin_user_)
    response = client.post(change_url(project, admin_user_), {"action": "remove"})
    assert response.status_code == 400
    assert "A project needs at least one admin" in response.content.decode()
    response = client.post(change_url(project, admin_user_), {"role": "reviewer"})
    assert response.status_code == 403
    assert "Nobody changes their own role" in response.content.decode()
    assert role_of(project, admin_user_) == Role.ADMIN


def test_a_bad_role_is_an_error_not_a_500(client, admin_user_, reviewer, project):
    client.force_login(admin_user_)
    assert client.post(change_url(project, reviewer), {"role": "owner"}).status_code == 400
    assert client.post(members_url(project), {"username": reviewer.username, "role": "owner"}).status_code == 400
    assert role_of(project, reviewer) == Role.REVIEWER


def test_an_editor_adds_reviewers_but_may_not_grant_a_role_or_touch_admins(client, editor, admin_user_, project):
    make_user("nina-new")
    make_user("ned-new")
    client.force_login(editor)
    page = client.get(members_url(project)).content.decode()
    assert '<option value="reviewer"' in page and '<option value="editor"' not in page  # editors add reviewers only
    assert client.post(members_url(project), {"username": "nina-new", "role": "reviewer"}).status_code == 302
    response = client.post(members_url(project), {"username": "ned-new", "role": "editor"})
    assert response.status_code == 403
    assert "Editors add and remove reviewers only" in response.content.decode()
    assert client.post(change_url(project, admin_user_), {"role": "reviewer"}).status_code == 403
    assert client.post(change_url(project, admin_user_), {"action": "remove"}).status_code == 403
    assert role_of(project, admin_user_) == Role.ADMIN


def test_a_member_leaves_a_project(client, editor, project):
    client.force_login(editor)
    response = client.post(change_url(project, editor), {"action": "remove"})
    assert response.status_code == 302 and response.url == reverse("home")
    assert role_of(project, editor) is None


def test_a_reviewer_may_not_manage_members(client, reviewer, reviewer2, project):
    client.force_login(reviewer)
    assert client.get(members_url(project)).status_code == 403
    assert client.post(change_url(project, reviewer2), {"action": "remove"}).status_code == 403
    assert role_of(project, reviewer2) == Role.REVIEWER


def test_an_outsider_gets_404(client, outsider, reviewer, project):
    client.force_login(outsider)
    assert client.get(members_url(project)).status_code == 404
    assert client.post(change_url(project, reviewer), {"action": "remove"}).status_code == 404
    assert role_of(project, reviewer) == Role.REVIEWER


def test_the_members_page_query_count_does_not_grow_with_members(
    client, admin_user_, project, django_assert_num_queries
):
    client.force_login(admin_user_)
    # session, user, membership+project, members with their users, pending invitations with their users
    with django_assert_num_queries(5):
        client.get(members_url(project))
    for i in range(5):
        services.membership_set(project=project, user=make_user(f"extra{i}"), role=Role.REVIEWER, actor=services.SYSTEM)
    with django_assert_num_queries(5):
        client.get(members_url(project))
