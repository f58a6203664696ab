"""No lost updates: concurrent writers holding the same ETag, on PostgreSQL with real transactions."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from annotations import services
from annotations.models import Claim, Verdict

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
