"""Cursor pagination of the API lists: complete, stable under inserts, page_size ≤ 500, fixed query counts."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from annotations.models import Claim, HistoryEvent, Verdict


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def add_claims(article, user, n: int) -> list[Claim]:
    claims = [
        Claim(
            project_id=article.project_id,
            article=article,
            start=i % 50,
            end=i % 50 + 5,
            quote=article.body[i % 50 : i % 50 + 5],
            created_by=user,
        )
        for i in range(n)
    ]
    return Claim.objects.bulk_create(claims)


def add_verdicts(claims, user) -> None:
    Verdict.objects.bulk_create(
        Verdict(project_id=c.project_id, claim=c, reviewer=user, label="unverified") for c in claims
    )


def walk(client: APIClient, url: str) -> list[int]:
    ids = []
    while url:
        response = client.get(url)
        assert response.status_code == 200
        ids += [row["id"] for row in response.json()["results"]]
        url = response.json()["next"]
    return ids


@pytest.mark.parametrize("page_size", [10, 500])
def test_claim_lists_cost_the_same_whatever_the_page_size(reviewer, article, page_size, django_assert_num_queries):
    add_claims(article, reviewer, 520)

    # the memberships (the scope), then the page of claims joined with their creators
    with django_assert_num_queries(2):
        response = api(reviewer).get(f"/api/v1/claims/?page_size={page_size}&status=needs_review")
    assert len(response.json()["results"]) == page_size


@pytest.mark.parametrize("page_size", [10, 500])
def test_verdict_lists_cost_the_same_whatever_the_page_size(reviewer, article, page_size, django_assert_num_queries):
    add_verdicts(add_claims(article, reviewer, 520), reviewer)

    # the memberships (the scope), then the page of verdicts joined with their reviewers and claims
    with django_assert_num_queries(2):
        response = api(reviewer).get(f"/api/v1/verdicts/?page_size={page_size}&reviewer=rita-reviewer")
    assert len(response.json()["results"]) == page_size
    assert response.json()["results"][0]["reviewer"] == "rita-reviewer"


@pytest.mark.parametrize("page_size", [10, 500])
def test_deletion_lists_cost_the_same_whatever_the_page_size(reviewer, project, page_size, django_assert_num_queries):
    HistoryEvent.objects.bulk_create(
        HistoryEvent(project=project, entity="claim", action="delete", claim_id=i) for i in range(520)
    )

    # the memberships (the scope), then the page of tombstones
    with django_assert_num_queries(2):
        response = api(reviewer).get(f"/api/v1/deletions/?page_size={page_size}")
    assert len(response.json()["results"]) == page_size


def test_page_size_is_capped_at_500(reviewer, article):
    add_claims(article, reviewer, 510)

    response = api(reviewer).get("/api/v1/claims/?page_size=100000")

    assert len(response.json()["results"]) == 500
    assert response.json()["next"]


def test_following_next_visits_every_claim_exactly_once_in_id_order(reviewer, article):
    claims = add_claims(article, reviewer, 57)

    ids = walk(api(reviewer), "/api/v1/claims/?page_size=10")

    assert ids == sorted(c.pk for c in claims)


def test_pages_are_stable_while_others_insert(reviewer, article):
    first_batch = add_claims(article, reviewer, 25)
    client = api(reviewer)
    page = client.get("/api/v1/claims/?page_size=10").json()
    seen = [row["id"] for row in page["results"]]

    later = add_claims(article, reviewer, 7)  # a concurrent writer adds claims between our requests
    seen += walk(client, page["next"])

    assert seen == sorted(c.pk for c in first_batch + later)
    assert len(seen) == len(set(seen))


def test_a_tampered_cursor_is_400_naming_the_cursor(reviewer, article):
    add_claims(article, reviewer, 3)

    response = api(reviewer).get("/api/v1/claims/?cursor=%21%21not-base64")

    assert response.status_code == 400
    assert "cursor" in response.json()
