"""The project dashboard and /api/v1/projects/{id}/stats/: figures, permissions, query counts."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from annotations import services
from annotations.models import Claim, Verdict
from annotations.views.dashboard import duration_text


def dashboard(project) -> str:
    return reverse("project_dashboard", args=[project.slug])


def stats_url(project) -> str:
    return reverse("api-project-stats", args=[project.pk])


def reviewed(article, reviewer, reviewer2):
    """Two claims: one confirmed by both reviewers, one disputed/confirmed (a conflict); one unreviewed."""
    a = services.claim_create(article=article, created_by=reviewer, quote="1,200 containers")
    b = services.claim_create(article=article, created_by=reviewer, quote="the night shift")
    c = services.claim_create(article=article, created_by=reviewer, quote="Officials denied")
    for claim, (la, lb) in [(a, ("confirmed", "confirmed")), (b, ("disputed", "confirmed"))]:
        services.verdict_submit(claim=claim, reviewer=reviewer, label=la, rationale="r", base_version=None)
        services.verdict_submit(claim=claim, reviewer=reviewer2, label=lb, rationale="r", base_version=None)
    return a, b, c


def test_the_stats_api_gives_every_figure(project, article, editor, reviewer, reviewer2):
    a, b, c = reviewed(article, reviewer, reviewer2)
    now = timezone.now()
    # Claim a waited 1 h, claim b 3 h for its first verdict; c has none.
    Claim.objects.filter(pk=a.pk).update(created_at=now - datetime.timedelta(hours=1))
    Claim.objects.filter(pk=b.pk).update(created_at=now - datetime.timedelta(hours=3))
    Verdict.objects.filter(claim__in=[a, b]).update(created_at=now)
    api = APIClient()
    api.force_authenticate(editor)
    data = api.get(stats_url(project)).json()
    days = data["claims_by_status"]["days"]
    assert days[-1]["total"] == 3
    assert (days[-1]["confirmed"], days[-1]["conflict"], days[-1]["needs_review"]) == (1, 1, 1)
    weekly = data["verdicts_per_reviewer"]
    assert [r["reviewer"] for r in weekly["reviewers"]] == ["rita-reviewer", "rob-reviewer"]
    assert [sum(r["counts"]) for r in weekly["reviewers"]] == [2, 2]
    wait = data["time_to_first_verdict"]
    assert wait["n"] == 2
    # Nearest rank over [1 h, 3 h]: the median is the first value (share 0.5), p90 the second.
    assert abs(wait["median_seconds"] - 3600) < 5 and abs(wait["p90_seconds"] - 3 * 3600) < 5
    agreement = data["agreement"]
    assert agreement["claims_with_two_or_more_verdicts"] == 2
    assert agreement["fleiss_kappa"]["n"] == 2 and agreement["fleiss_kappa"]["raters"] == 2
    assert agreement["cohen_kappa"] == []  # 2 shared claims < 10
    assert data["time_to_decision"]["n"] == 0 and data["open_assignments"] == []


def test_the_days_accumulate_claims_marked_on_earlier_days(project, article, editor, reviewer):
    a = services.claim_create(article=article, created_by=reviewer, quote="1,200 containers")
    services.claim_create(article=article, created_by=reviewer, quote="the night shift")
    Claim.objects.filter(pk=a.pk).update(created_at=timezone.now() - datetime.timedelta(days=2))
    api = APIClient()
    api.force_authenticate(editor)
    days = api.get(stats_url(project)).json()["claims_by_status"]["days"]
    assert [d["total"] for d in days] == [1, 2]


def test_reviewers_get_403_and_outsiders_404_on_the_page_and_the_api(client, project, reviewer, outsider):
    api = APIClient()
    api.force_authenticate(reviewer)
    assert api.get(stats_url(project)).status_code == 403
    api.force_authenticate(outsider)
    assert api.get(stats_url(project)).status_code == 404
    client.force_login(reviewer)
    assert client.get(dashboard(project)).status_code == 403
    client.force_login(outsider)
    assert client.get(dashboard(project)).status_code == 404


def test_the_dashboard_renders_svg_charts_with_data_tables(client, project, article, editor, reviewer, reviewer2):
    reviewed(article, reviewer, reviewer2)
    client.force_login(editor)
    response = client.get(dashboard(project))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") == 3  # status, weekly, speed (no pair heat map, decision or assignment yet)
    assert 'class="st-conflict"' in html and "style=" not in html
    assert "Data table: claims by status per day" in html
    assert "Krippendorff" in html and "Fleiss" in html


def test_the_pair_heat_map_and_confusion_matrix_appear_with_ten_shared_claims(
    client, project, article, editor, reviewer, reviewer2
):
    body = article.body
    claims = Claim.objects.bulk_create(
        Claim(project=project, article=article, start=i, end=i + 4, quote=body[i : i + 4]) for i in range(10)
    )
    Verdict.objects.bulk_create(
        [Verdict(claim=c, reviewer=reviewer, label="confirmed", rationale="r") for c in claims]
        + [
            Verdict(claim=c, reviewer=reviewer2, label="confirmed" if i < 8 else "disputed", rationale="r")
            for i, c in enumerate(claims)
        ]
    )
    client.force_login(editor)
    html = client.get(dashboard(project)).content.decode()
    assert html.count("<svg") == 4
    assert "Confusion matrix" in html and "80 %" in html


def test_query_counts_are_pinned_and_do_not_grow_with_the_claims(
    client, project, article, editor, reviewer, reviewer2, django_assert_num_queries
):
    reviewed(article, reviewer, reviewer2)
    client.force_login(editor)
    # session, user, membership+project, claims by day, verdicts by week, wait percentiles,
    # decision wait percentiles, open assignments per reviewer,
    # agreement: claims per label pattern + label pairs per reviewer pair
    with django_assert_num_queries(10):
        client.get(dashboard(project))
    body = article.body
    more = Claim.objects.bulk_create(
        Claim(project=project, article=article, start=i, end=i + 3, quote=body[i : i + 3]) for i in range(40)
    )
    Verdict.objects.bulk_create(Verdict(claim=c, reviewer=reviewer, label="unverified") for c in more)
    with django_assert_num_queries(10):
        client.get(dashboard(project))
    api = APIClient()
    api.force_authenticate(editor)
    # project, editor role check, memberships, then the chart queries (5 + 2 for agreement)
    with django_assert_num_queries(10):
        assert api.get(stats_url(project)).status_code == 200


def test_durations_read_as_people_say_them():
    assert duration_text(None) == "—"
    assert duration_text(45) == "45 s"
    assert duration_text(3 * 3600 + 20 * 60) == "3 h 20 min"
    assert duration_text(2 * 86400 + 4 * 3600) == "2 d 4 h"
