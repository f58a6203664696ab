"""Single claim and verdict POSTs cost a pinned number of queries, and answer what a GET then reads."""

from __future__ import annotations

from rest_framework.test import APIClient

from accounts.services import token_create


def token_client(user) -> APIClient:
    _, raw = token_create(user=user, name="writes")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    client.get("/api/v1/auth/tokens/")  # the token's last_used_at is written once, then not per request
    return client


def test_a_claim_post_takes_eleven_queries_and_answers_what_a_get_reads(
    reviewer, article, django_assert_max_num_queries
):
    client = token_client(reviewer)
    # token, article (with its project), begin (a savepoint in the test's transaction), membership,
    # the article's claims near the span (the duplicate warning), INSERT claim, INSERT history, the
    # project's webhooks, commit (release), the caller's memberships (the scope of the read-back), the claim
    # read back through that scope (its status as blind review lets the caller see it). It took 15 before:
    # the project read lazily and two check constraints validated in Python, each with its savepoint.
    with django_assert_max_num_queries(11):
        response = client.post("/api/v1/claims/", {"article": article.pk, "quote": "1,200 containers"}, format="json")
    assert response.status_code == 201
    read = client.get(f"/api/v1/claims/{response.json()['id']}/")
    assert read.json() == response.json()
    assert read["ETag"] == response["ETag"]


def test_a_verdict_post_takes_at_most_fifteen_queries_and_answers_what_a_get_reads(
    reviewer, claim, django_assert_max_num_queries
):
    client = token_client(reviewer)
    # token, claim, [begin], claim locked with article and project, membership, existing verdict?,
    # savepoint, INSERT, release, the claim's labels, UPDATE claim status, INSERT history, the project's
    # webhooks, [commit], the caller's memberships (the scope of the read-back)
    with django_assert_max_num_queries(15):
        response = client.post(
            "/api/v1/verdicts/", {"claim": claim.pk, "label": "confirmed", "rationale": "Matches."}, format="json"
        )
    assert response.status_code == 201
    read = client.get(f"/api/v1/verdicts/{response.json()['id']}/")
    assert read.json() == response.json()
    assert read["ETag"] == response["ETag"]
