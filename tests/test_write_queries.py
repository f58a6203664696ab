"""Single claim and verdict POSTs cost a pinned number of queries, and answer what a GET then reads."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from rest_framework.test import APIClient

from accounts.services import token_create
from annotations import services
from annotations.models import Article, Claim


def token_client(user) -> APIClient:
    _, raw = token_create(user=user, name="writes")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    client.get("/api/v1/auth/tokens/")  # the token's last_used_at is written once, then not per request
    return client


def test_a_claim_post_takes_eight_queries_and_answers_what_a_get_reads(
    reviewer, article, django_assert_max_num_queries
):
    client = token_client(reviewer)
    # token, the caller's memberships (the article's scope, and the role check), article (with its project),
    # begin (a savepoint in the test's transaction), the article's claims near the span (the duplicate
    # warning) and the project's active webhooks in one UNION, INSERT claim, INSERT history, commit (release).
    # It took 15 before: the project read lazily and two check constraints validated in Python, each with its
    # savepoint; then 11: the membership read again for the role check, the webhooks looked up on their own,
    # and the claim read back for its status.
    with django_assert_max_num_queries(8):
        response = client.post("/api/v1/claims/", {"article": article.pk, "quote": "1,200 containers"}, format="json")
    assert response.status_code == 201
    read = client.get(f"/api/v1/claims/{response.json()['id']}/")
    assert read.content == response.content  # byte for byte
    assert read["ETag"] == response["ETag"]


@pytest.mark.parametrize(("blind", "member", "status"), [(True, "reviewer", "hidden"), (True, "editor", "needs_review"),
                                                         (False, "reviewer", "needs_review")])  # fmt: skip
def test_a_claim_post_answers_the_status_blind_review_lets_the_caller_see(
    project, admin_user_, article, reviewer, editor, blind, member, status
):
    """The POST computes the status without reading the claim back: it must say what a GET says."""
    services.project_update(project=project, actor=admin_user_, blind_review=blind)
    client = token_client(reviewer if member == "reviewer" else editor)
    response = client.post(
        "/api/v1/claims/", {"article": article.pk, "quote": "night shift", "statement": " Cut. "}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["status"] == status
    read = client.get(f"/api/v1/claims/{response.json()['id']}/")
    assert read.content == response.content
    assert read["ETag"] == response["ETag"]


def test_a_claim_post_by_a_member_removed_during_the_request_is_refused(project, admin_user_, article, reviewer):
    """The role check reads the request's memberships; a removal earlier in the same request empties them."""
    from annotations.middleware import MembershipsPerRequest

    def view(request):
        assert Article.objects.for_user(reviewer).filter(pk=article.pk).exists()  # memberships read and kept
        services.membership_remove(project=project, user=reviewer, actor=admin_user_)
        with pytest.raises(PermissionDenied):
            services.claim_create(article=article, created_by=reviewer, quote="night shift")
        return None

    MembershipsPerRequest(view)(RequestFactory().get("/"))
    assert not Claim.objects.filter(article=article).exists()


def test_a_verdict_post_takes_ten_queries_and_answers_what_a_get_reads(reviewer, claim, django_assert_max_num_queries):
    client = token_client(reviewer)
    # token, the caller's memberships (the claim's scope), claim, begin (a savepoint in the test's transaction),
    # claim locked with its article and project and whether the project has webhooks, the caller's role and
    # the claim's verdicts (one UNION), INSERT verdict, UPDATE claim status, INSERT history, commit (release).
    # It took 15 before: the role, the existing verdict and the labels read one by one, a savepoint around the
    # INSERT, the webhooks looked up.
    with django_assert_max_num_queries(10):
        response = client.post(
            "/api/v1/verdicts/", {"claim": claim.pk, "label": "confirmed", "rationale": "Matches."}, format="json"
        )
    assert response.status_code == 201
    read = client.get(f"/api/v1/verdicts/{response.json()['id']}/")
    assert read.content == response.content  # byte for byte
    assert read["ETag"] == response["ETag"]
