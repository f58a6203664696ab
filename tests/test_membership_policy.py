"""The membership policy, pinned role × action × channel (web page and API), and enforced by the services.

Admins manage everyone; editors add and remove reviewers only; nobody changes their own role (anyone may
leave); a project always keeps an admin. The rule lives in ``services.membership_set``/``membership_remove``;
the web views and the API only turn its ``PermissionDenied`` into a 403.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from annotations import services
from annotations.models import Article, HistoryEvent, Membership, Role
from tests.conftest import make_user

# action             admin  editor  reviewer   (may a member with this role do it to someone else / to themselves?)
POLICY_TABLE = """
add reviewer         yes    yes     no
add editor           yes    no      no
add admin            yes    no      no
reviewer->editor     yes    no      no
reviewer->admin      yes    no      no
editor->reviewer     yes    no      no
editor->admin        yes    no      no
admin->editor        yes    no      no
admin->reviewer      yes    no      no
remove reviewer      yes    yes     no
remove editor        yes    no      no
remove admin         yes    no      no
change own role      no     no      no
leave                yes    yes     yes
"""
ACTOR_ROLES = ("admin", "editor", "reviewer")
POLICY = {
    (action.strip(), role): answer == "yes"
    for line in POLICY_TABLE.strip().splitlines()
    for action, answers in [(line[:21], line[21:].split())]
    for role, answer in zip(ACTOR_ROLES, answers, strict=True)
}


@dataclass
class Desk:
    """A project with two members of each role and a user who is not a member yet."""

    project: object
    members: dict[str, list[User]]
    newcomer: User


@pytest.fixture
def desk(db) -> Desk:
    admin = make_user("adam-admin")
    project = services.project_create(name="Policy desk", created_by=admin)
    members: dict[str, list[User]] = {"admin": [admin]}
    for role in ACTOR_ROLES:
        while len(members.setdefault(role, [])) < 2:
            user = make_user(f"{role}-{len(members[role])}")
            services.membership_set(project=project, user=user, role=role, actor=services.SYSTEM)
            members[role].append(user)
    return Desk(project, members, make_user("nina-new"))


def role_of(desk: Desk, user: User) -> str | None:
    membership = Membership.objects.filter(project=desk.project, user=user).first()
    return membership.role if membership else None


def plan(desk: Desk, action: str, actor: User, actor_role: str) -> tuple[str, User, str | None]:
    """(kind, target, new role) for ``action``; targets are never the actor unless the action says so."""
    other = {role: desk.members[role][1] for role in ACTOR_ROLES}
    if action.startswith("add "):
        return "add", desk.newcomer, action.removeprefix("add ")
    if action.startswith("remove "):
        return "remove", other[action.removeprefix("remove ")], None
    if action == "leave":
        return "remove", actor, None
    if action == "change own role":
        return "set", actor, Role.REVIEWER if actor_role != Role.REVIEWER else Role.EDITOR
    current, new = action.split("->")
    return "set", other[current], new


def do_on_the_web(desk: Desk, actor: User, kind: str, target: User, role: str | None) -> int:
    client = Client()
    client.force_login(actor)
    slug = desk.project.slug
    if kind == "add":
        return client.post(
            reverse("project_members", args=[slug]), {"username": target.username, "role": role}
        ).status_code
    url = reverse("project_member_change", args=[slug, target.pk])
    data = {"action": "remove"} if kind == "remove" else {"role": role}
    return client.post(url, data).status_code


def do_in_the_api(desk: Desk, actor: User, kind: str, target: User, role: str | None) -> int:
    client = APIClient()
    client.force_authenticate(actor)
    base = f"/api/v1/projects/{desk.project.pk}/members/"
    if kind == "add":
        return client.post(base, {"username": target.username, "role": role}, format="json").status_code
    if kind == "remove":
        return client.delete(f"{base}{target.username}/").status_code
    return client.patch(f"{base}{target.username}/", {"role": role}, format="json").status_code


SUCCESS = {"web": {302}, "api": {200, 201, 204}}


@pytest.mark.parametrize("channel", ["web", "api"])
@pytest.mark.parametrize("actor_role", ACTOR_ROLES)
@pytest.mark.parametrize("action", sorted({a for a, _ in POLICY}))
def test_the_membership_policy_is_the_same_on_the_web_and_in_the_api(desk, action, actor_role, channel):
    actor = desk.members[actor_role][0]
    kind, target, role = plan(desk, action, actor, actor_role)
    before = role_of(desk, target)

    status = (do_on_the_web if channel == "web" else do_in_the_api)(desk, actor, kind, target, role)

    if POLICY[(action, actor_role)]:
        assert status in SUCCESS[channel], f"{actor_role} should be allowed to {action} ({channel}: {status})"
        assert role_of(desk, target) == role
    else:
        assert status == 403, f"{actor_role} should be refused to {action} ({channel}: {status})"
        assert role_of(desk, target) == before


def test_the_table_covers_every_action_for_every_role():
    assert len(POLICY) == 14 * len(ACTOR_ROLES)


# --- the services themselves -----------------------------------------------------------------------


def under_privileged_calls(desk: Desk) -> list[tuple[str, object, dict]]:
    """(description, service, kwargs) — each must raise PermissionDenied and change nothing."""
    project = desk.project
    editor, reviewer = desk.members["editor"][0], desk.members["reviewer"][0]
    other_admin, other_editor = desk.members["admin"][1], desk.members["editor"][1]
    article = {"title": "Refused", "body": "A body nobody may import."}
    return [
        (
            "reviewer adds a reviewer",
            services.membership_set,
            {"project": project, "user": desk.newcomer, "role": Role.REVIEWER, "actor": reviewer},
        ),
        (
            "editor adds an editor",
            services.membership_set,
            {"project": project, "user": desk.newcomer, "role": Role.EDITOR, "actor": editor},
        ),
        (
            "editor demotes an admin",
            services.membership_set,
            {"project": project, "user": other_admin, "role": Role.REVIEWER, "actor": editor},
        ),
        (
            "admin changes their own role",
            services.membership_set,
            {
                "project": project,
                "user": desk.members["admin"][0],
                "role": Role.EDITOR,
                "actor": desk.members["admin"][0],
            },
        ),
        (
            "outsider adds themselves",
            services.membership_set,
            {"project": project, "user": desk.newcomer, "role": Role.ADMIN, "actor": desk.newcomer},
        ),
        (
            "anonymous adds someone",
            services.membership_set,
            {"project": project, "user": desk.newcomer, "role": Role.REVIEWER, "actor": AnonymousUser()},
        ),
        (
            "no actor at all",
            services.membership_set,
            {"project": project, "user": desk.newcomer, "role": Role.REVIEWER, "actor": None},
        ),
        (
            "reviewer removes a reviewer",
            services.membership_remove,
            {"project": project, "user": desk.members["reviewer"][1], "actor": reviewer},
        ),
        (
            "editor removes an editor",
            services.membership_remove,
            {"project": project, "user": other_editor, "actor": editor},
        ),
        (
            "editor removes an admin",
            services.membership_remove,
            {"project": project, "user": other_admin, "actor": editor},
        ),
        (
            "outsider removes a member",
            services.membership_remove,
            {"project": project, "user": reviewer, "actor": desk.newcomer},
        ),
        (
            "reviewer creates an article",
            services.article_create,
            {"project": project, "imported_by": reviewer, **article},
        ),
        (
            "outsider creates an article",
            services.article_create,
            {"project": project, "imported_by": desk.newcomer, **article},
        ),
        (
            "no importer creates an article",
            services.article_create,
            {"project": project, "imported_by": None, **article},
        ),
        (
            "reviewer imports articles",
            services.article_import,
            {"project": project, "imported_by": reviewer, "items": [article]},
        ),
        (
            "outsider imports articles",
            services.article_import,
            {"project": project, "imported_by": desk.newcomer, "items": [article]},
        ),
    ]


def test_each_service_refuses_an_under_privileged_actor(desk):
    memberships = set(Membership.objects.values_list("project_id", "user_id", "role"))
    history = HistoryEvent.objects.count()
    calls = under_privileged_calls(desk)
    for description, service, kwargs in calls:
        with pytest.raises(PermissionDenied):
            service(**kwargs)
        assert set(Membership.objects.values_list("project_id", "user_id", "role")) == memberships, description
    assert not Article.objects.exists()
    assert HistoryEvent.objects.count() == history
    assert {s for _, s, _ in calls} == {
        services.membership_set,
        services.membership_remove,
        services.article_create,
        services.article_import,
    }


def test_editors_and_admins_import_articles_and_the_system_actor_records_no_user(desk):
    editor = desk.members["editor"][0]
    by_editor = services.article_create(project=desk.project, imported_by=editor, title="A", body="Body A.")
    [result] = services.article_import(
        project=desk.project, imported_by=services.SYSTEM, items=[{"title": "B", "body": "Body B."}]
    )
    assert by_editor.imported_by == editor
    assert result.outcome == "created" and result.article.imported_by is None
    assert HistoryEvent.objects.get(article_id=result.article.pk).actor is None


def test_membership_changes_are_recorded_in_history(desk):
    admin, newcomer = desk.members["admin"][0], desk.newcomer
    services.membership_set(project=desk.project, user=newcomer, role=Role.REVIEWER, actor=admin)
    services.membership_set(project=desk.project, user=newcomer, role=Role.EDITOR, actor=admin)
    services.membership_set(project=desk.project, user=newcomer, role=Role.EDITOR, actor=admin)  # no change
    services.membership_remove(project=desk.project, user=newcomer, actor=admin)

    events = HistoryEvent.objects.filter(entity="membership", after__username="nina-new") | HistoryEvent.objects.filter(
        entity="membership", before__username="nina-new"
    )
    rows = [
        (e.action, e.actor_username, (e.before or {}).get("role"), (e.after or {}).get("role"))
        for e in events.order_by("id")
    ]
    assert rows == [
        ("create", "adam-admin", None, "reviewer"),
        ("update", "adam-admin", "reviewer", "editor"),
        ("delete", "adam-admin", "editor", None),
    ]
    # Membership history is not a sync tombstone.
    assert not HistoryEvent.objects.deletions().filter(entity="membership").exists()


def test_the_system_actor_still_keeps_an_admin(desk):
    for admin in desk.members["admin"][1:]:
        services.membership_remove(project=desk.project, user=admin, actor=services.SYSTEM)

    with pytest.raises(ValidationError):
        services.membership_set(
            project=desk.project, user=desk.members["admin"][0], role=Role.EDITOR, actor=services.SYSTEM
        )
    with pytest.raises(ValidationError):
        services.membership_remove(project=desk.project, user=desk.members["admin"][0], actor=services.SYSTEM)
