"""Home: the user's projects with progress (articles, claims, share reviewed, conflicts)."""

from __future__ import annotations

from django.urls import reverse

from annotations import services
from annotations.models import Role
from tests.conftest import make_user


def test_home_shows_the_users_projects_with_their_progress(client, reviewer, reviewer2, article, outsider):
    first = services.claim_create(article=article, created_by=reviewer, quote="1,200 containers were moved overnight")
    services.claim_create(article=article, created_by=reviewer, quote="the night shift had been cut by half")
    third = services.claim_create(article=article, created_by=reviewer, quote="Officials denied")
    services.verdict_submit(claim=first, reviewer=reviewer, label="confirmed", rationale="Log", base_version=None)
    services.verdict_submit(claim=third, reviewer=reviewer, label="confirmed", rationale="Yes", base_version=None)
    services.verdict_submit(claim=third, reviewer=reviewer2, label="disputed", rationale="No", base_version=None)
    client.force_login(reviewer)

    response = client.get(reverse("home"))

    assert response.status_code == 200
    [row] = response.context["projects"]
    assert (row.article_count, row.claim_count, row.reviewed_count, row.conflict_count) == (1, 3, 2, 1)
    html = response.content.decode()
    assert "67%" in html and "(2 of 3)" in html
    assert "⚠ 1" in html  # conflicts with an icon, not colour alone
    assert "Other desk" not in html  # the outsider's project


def test_home_says_so_when_the_user_has_no_project(client, db):
    user = make_user("newcomer")
    client.force_login(user)
    assert "not a member of any project" in client.get(reverse("home")).content.decode()


def test_home_query_count_does_not_grow_with_projects(client, reviewer, project, django_assert_num_queries):
    client.force_login(reviewer)
    # session, user, memberships, projects with their counts (one query with subqueries), my open assignments
    with django_assert_num_queries(5):
        client.get(reverse("home"))
    for i in range(5):
        other = services.project_create(name=f"Desk {i}", created_by=make_user(f"owner{i}"))
        services.membership_set(project=other, user=reviewer, role=Role.REVIEWER, actor=services.SYSTEM)
    with django_assert_num_queries(5):
        response = client.get(reverse("home"))
    assert len(response.context["projects"]) == 6
