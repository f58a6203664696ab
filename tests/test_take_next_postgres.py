"""Take next under real concurrency: many reviewers press it at once, no article is handed out twice."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connection

from annotations import services
from annotations.models import Assignment, Role
from tests.conftest import make_user

CLIENTS = 12
ARTICLES = 8


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_take_next_never_hands_out_an_article_twice(require_postgres, project, admin_user_):
    for i in range(ARTICLES):
        services.article_create(project=project, imported_by=admin_user_, title=f"A{i}", body=f"Article body {i}.")
    reviewers = [make_user(f"racer{i}") for i in range(CLIENTS)]
    for user in reviewers:
        services.membership_set(project=project, user=user, role=Role.REVIEWER, actor=services.SYSTEM)
    barrier = threading.Barrier(CLIENTS)
    got: list[int | None] = []
    errors: list[BaseException] = []

    def take(user) -> None:
        try:
            barrier.wait(timeout=20)
            assignment = services.assignment_take_next(project=project, reviewer=user)
            got.append(assignment.article_id if assignment else None)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=take, args=(user,)) for user in reviewers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    handed = [a for a in got if a is not None]
    assert len(got) == CLIENTS
    assert len(handed) == ARTICLES  # every article handed out, the other callers got nothing
    assert Counter(handed).most_common(1)[0][1] == 1  # and none twice
    assert Assignment.objects.count() == ARTICLES


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_with_two_reviews_required_each_article_goes_to_two_different_reviewers(require_postgres, project, admin_user_):
    services.project_update(project=project, actor=admin_user_, reviews_required=2)
    project.refresh_from_db()
    for i in range(3):
        services.article_create(project=project, imported_by=admin_user_, title=f"B{i}", body=f"Second body {i}.")
    reviewers = [make_user(f"pair{i}") for i in range(8)]
    for user in reviewers:
        services.membership_set(project=project, user=user, role=Role.REVIEWER, actor=services.SYSTEM)
    barrier = threading.Barrier(len(reviewers))

    def take(user) -> None:
        try:
            barrier.wait(timeout=20)
            services.assignment_take_next(project=project, reviewer=user)
        finally:
            connection.close()

    threads = [threading.Thread(target=take, args=(user,)) for user in reviewers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    per_article = Counter(Assignment.objects.values_list("article_id", flat=True))
    assert sorted(per_article.values()) == [2, 2, 2]
