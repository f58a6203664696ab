"""Two admins demoting or removing each other at the same moment never leave a project without an admin.

Runs on PostgreSQL with real transactions in two threads (SQLite's IMMEDIATE transactions serialise writers
anyway). Without the project-row lock in ``membership_set``/``membership_remove`` both changes pass the
last-admin check, which each reads before the other commits, and the project ends with no admin.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from annotations import services
from annotations.models import Membership, Project, Role
from tests.conftest import make_user

ROUNDS = 20


def race(first: Callable[[], object], second: Callable[[], object]) -> list[str]:
    """Run both at once (a barrier releases them together); the outcome of each."""
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def run(change: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            change()
            outcomes.append("done")
        except (PermissionDenied, ValidationError) as exc:
            outcomes.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(change,)) for change in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return outcomes


def two_admins(n: int, ann: User, bob: User) -> Project:
    project = services.project_create(name=f"Race {n}", created_by=ann)
    services.membership_set(project=project, user=bob, role=Role.ADMIN, actor=ann)
    return project


def admins(project: Project) -> int:
    return Membership.objects.filter(project=project, role=Role.ADMIN).count()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_mutual_demotion_never_leaves_a_project_without_an_admin(require_postgres):
    ann, bob = make_user("ann-admin"), make_user("bob-admin")
    for n in range(ROUNDS):
        project = two_admins(n, ann, bob)

        outcomes = race(
            lambda p=project: services.membership_set(project=p, user=bob, role=Role.EDITOR, actor=ann),
            lambda p=project: services.membership_set(project=p, user=ann, role=Role.EDITOR, actor=bob),
        )

        assert len(outcomes) == 2 and outcomes.count("done") == 1, (n, outcomes)
        assert admins(project) == 1, f"round {n}: {outcomes}"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_mutual_removal_never_leaves_a_project_without_an_admin(require_postgres):
    ann, bob = make_user("ann-admin"), make_user("bob-admin")
    for n in range(ROUNDS):
        project = two_admins(n, ann, bob)

        outcomes = race(
            lambda p=project: services.membership_remove(project=p, user=bob, actor=ann),
            lambda p=project: services.membership_remove(project=p, user=ann, actor=bob),
        )

        assert len(outcomes) == 2 and outcomes.count("done") == 1, (n, outcomes)
        assert admins(project) == 1, f"round {n}: {outcomes}"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_admins_leaving_at_once_leave_one_admin(require_postgres):
    ann, bob = make_user("ann-admin"), make_user("bob-admin")
    for n in range(ROUNDS):
        project = two_admins(n, ann, bob)

        outcomes = race(
            lambda p=project: services.membership_remove(project=p, user=ann, actor=ann),
            lambda p=project: services.membership_remove(project=p, user=bob, actor=bob),
        )

        assert sorted(outcomes) == ["ValidationError", "done"], (n, outcomes)
        assert admins(project) == 1, f"round {n}: {outcomes}"
