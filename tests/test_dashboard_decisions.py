"""Dashboard figures for decisions and assignments: time from claim to published decision, open
assignments per reviewer; the page and /api/v1/projects/{id}/stats/ give the same hand-computed values."""

# ruff: noqa: F401, F811 (fixtures imported from tests.decision_fixtures are used as arguments)
from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from annotations import services
from annotations.models import Claim, Decision

from .conftest import ENGLISH_BODY
from .decision_fixtures import draft, editor2, published


def stats(project, editor) -> dict:
    api = APIClient()
    api.force_authenticate(editor)
    return api.get(reverse("api-project-stats", args=[project.pk])).json()


def test_time_to_decision_counts_published_decisions_only(project, article, editor, editor2, reviewer):
    quotes = ["1,200 containers", "the night shift", "Officials denied", "were moved overnight"]
    claims = [services.claim_create(article=article, created_by=reviewer, quote=q) for q in quotes]
    for claim in claims[:3]:
        published(claim, editor, editor2)
    draft(claims[3], editor)  # a draft is no decision yet
    now = timezone.now()
    # Claims marked 2 h, 10 h and 4 h before their decision was published.
    for claim, hours in zip(claims, [2, 10, 4, 1], strict=True):
        Claim.objects.filter(pk=claim.pk).update(created_at=now - datetime.timedelta(hours=hours))
    Decision.objects.filter(claim__in=claims[:3]).update(published_at=now)
    wait = stats(project, editor)["time_to_decision"]
    # Nearest rank over [2 h, 4 h, 10 h]: the median is 4 h (share 2/3 ≥ 0.5), p90 is 10 h.
    assert wait["n"] == 3
    assert abs(wait["median_seconds"] - 4 * 3600) < 5 and abs(wait["p90_seconds"] - 10 * 3600) < 5


def test_time_to_decision_is_empty_without_a_published_decision(project, claim, editor):
    draft(claim, editor)
    assert stats(project, editor)["time_to_decision"] == {"n": 0, "median_seconds": None, "p90_seconds": None}


def test_open_assignments_per_reviewer_with_overdue_ones(project, editor, reviewer, reviewer2, admin_user_):
    articles = [
        services.article_create(
            project=project,
            imported_by=admin_user_,
            title=f"Article {i}",
            body=f"{ENGLISH_BODY} {i}",
            source="Harbour Times",
        )
        for i in range(3)
    ]
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    a = [
        services.assignment_create(article=articles[0], reviewer=reviewer, actor=editor, due_date=yesterday),
        services.assignment_create(article=articles[1], reviewer=reviewer, actor=editor, due_date=tomorrow),
        services.assignment_create(article=articles[2], reviewer=reviewer, actor=editor),
        services.assignment_create(article=articles[0], reviewer=reviewer2, actor=editor, due_date=yesterday),
        services.assignment_create(article=articles[1], reviewer=reviewer2, actor=editor, due_date=yesterday),
    ]
    services.assignment_complete(assignment=a[4], actor=reviewer2)  # done: no longer open, nor overdue
    assert stats(project, editor)["open_assignments"] == [
        {"reviewer": "rita-reviewer", "open": 3, "overdue": 1},
        {"reviewer": "rob-reviewer", "open": 1, "overdue": 1},
    ]


def test_the_dashboard_shows_both_figures_as_chart_and_table(client, project, article, editor, editor2, reviewer):
    claim = services.claim_create(article=article, created_by=reviewer, quote="1,200 containers")
    published(claim, editor, editor2)
    Claim.objects.filter(pk=claim.pk).update(created_at=timezone.now() - datetime.timedelta(hours=3, minutes=20))
    Decision.objects.filter(claim=claim).update(published_at=timezone.now())
    services.assignment_create(article=article, reviewer=reviewer, actor=editor)
    client.force_login(editor)
    html = client.get(reverse("project_dashboard", args=[project.slug])).content.decode()
    assert "Hours from claim to published decision" in html and "Open assignments per reviewer" in html
    table = html[html.index('id="decision-wait"') :]
    assert "3 h 20 min" in table[: table.index("</table>")]
    table = html[html.index('id="open-assignments"') :]
    table = table[: table.index("</table>")]
    assert "rita-reviewer" in table and '<td data-label="Open">1</td>' in table
