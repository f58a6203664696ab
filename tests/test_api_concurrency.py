"""No lost updates: concurrent writers holding the same ETag, on PostgreSQL with real transactions."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from annotations import services
from annotations.models import Claim, Role, Verdict, status_from_labels
from tests.conftest import make_user

pytestmark = pytest.mark.django_db(transaction=True)

WRITERS = 6


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def race(requests) -> list[int]:
    """Run each request in its own thread (and database connection), all released at once."""
    barrier = threading.Barrier(len(requests))
    statuses: list[int] = []

    def run(send) -> None:
        try:
            barrier.wait()
            statuses.append(send().status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(send,)) for send in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(statuses)


def test_concurrent_claim_edits_with_one_etag_let_exactly_one_win(require_postgres, editor, claim):
    def edit(n: int):
        return lambda: api(editor).patch(
            f"/api/v1/claims/{claim.pk}/", {"statement": f"edit {n}"}, format="json", HTTP_IF_MATCH='"1"'
        )

    statuses = race([edit(n) for n in range(WRITERS)])

    assert statuses == [200] + [412] * (WRITERS - 1)
    claim = Claim.objects.get(pk=claim.pk)
    assert claim.version == 2
    assert claim.statement.startswith("edit ")


def test_concurrent_verdict_edits_with_one_etag_let_exactly_one_win(require_postgres, reviewer2, claim):
    verdict = services.verdict_create(claim=claim, reviewer=reviewer2, label="unverified")

    def edit(n: int):
        return lambda: api(reviewer2).patch(
            f"/api/v1/verdicts/{verdict.pk}/",
            {"label": "disputed", "rationale": f"reason {n}"},
            format="json",
            HTTP_IF_MATCH='"1"',
        )

    statuses = race([edit(n) for n in range(WRITERS)])

    assert statuses == [200] + [412] * (WRITERS - 1)
    assert Verdict.objects.get(pk=verdict.pk).version == 2


def test_concurrent_first_verdicts_by_one_reviewer_create_one_and_409_the_rest(require_postgres, reviewer2, claim):
    def create():
        return api(reviewer2).post("/api/v1/verdicts/", {"claim": claim.pk, "label": "unverified"}, format="json")

    statuses = race([create for _ in range(WRITERS)])

    assert statuses == [201] + [409] * (WRITERS - 1)
    assert Verdict.objects.filter(claim=claim).count() == 1


def test_concurrent_verdicts_by_different_reviewers_leave_the_status_all_of_them_imply(
    require_postgres, project, claim
):
    """verdict_create computes the status from the verdicts it reads under the claim's lock: racing
    reviewers must still leave the status a recount of every verdict gives."""
    reviewers = [make_user(f"racer-{n}") for n in range(WRITERS)]
    for user in reviewers:
        services.membership_set(project=project, user=user, role=Role.REVIEWER, actor=services.SYSTEM)
    labels = ["confirmed" if n % 2 else "disputed" for n in range(WRITERS)]

    def create(user, label):
        return lambda: api(user).post(
            "/api/v1/verdicts/", {"claim": claim.pk, "label": label, "rationale": "Seen."}, format="json"
        )

    statuses = race([create(user, label) for user, label in zip(reviewers, labels, strict=True)])

    assert statuses == [201] * WRITERS
    stored = Claim.objects.get(pk=claim.pk)
    assert stored.status == status_from_labels(labels) == "conflict"
    assert services.claim_refresh_status(stored) == "conflict"


@pytest.mark.parametrize("locked", ["claim", "article", "project"])
def test_a_new_verdict_waits_for_its_claims_article_and_projects_rows(require_postgres, claim, reviewer2, locked):
    """verdict_create locks the rows _lock_claim locks: the claim (every verdict write), its article, and its
    project (membership changes lock it, so a reviewer being removed cannot slip a verdict in)."""
    from django.db import OperationalError, transaction

    row = {"claim": claim, "article": claim.article, "project": claim.project}[locked]
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        try:
            with transaction.atomic():
                list(type(row).objects.select_for_update().filter(pk=row.pk).values_list("pk", flat=True))
                held.set()
                release.wait(10)
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(10)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '300ms'")
            with pytest.raises(OperationalError, match="lock"):
                services.verdict_create(claim=claim, reviewer=reviewer2, label="unverified")
    finally:
        release.set()
        holder.join()
    assert services.verdict_create(claim=claim, reviewer=reviewer2, label="unverified").claim_id == claim.pk
