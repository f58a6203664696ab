"""Exports stream from chunked reads: a fixed number of queries whatever the size, nothing built in memory."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext

from annotations.exports import FORMATS, common
from annotations.models import Verdict
from tests.export_fixtures import EXPORT_URL, export

pytestmark = pytest.mark.django_db


def seeded(articles: int) -> User:
    call_command("bench_seed", articles=articles, claims_per_article=5, reviewers=2, stdout=None)
    return User.objects.get(username="bench")


def consume(response) -> bytes:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_queries_do_not_grow_with_the_number_of_verdicts(client, django_assert_num_queries, fmt):
    user = seeded(articles=2)  # 10 claims, 20 verdicts
    client.force_login(user)
    # session, user (authentication), memberships (the scope), 1 export query read in chunks (a server-side cursor on
    # PostgreSQL; the claim's verdicts come in the same query, by a join or json_agg).
    with django_assert_num_queries(4):
        small = consume(export(client, fmt))
    seeded(articles=200)  # 1010 claims, 2020 verdicts
    with django_assert_num_queries(4):
        large = consume(export(client, fmt))
    assert len(large) > 50 * len(small)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_records_are_whole_across_chunk_boundaries(client, monkeypatch, fmt):
    """With tiny database chunks and send buffers, a claim's verdicts still end up in one record."""
    user = seeded(articles=3)
    client.force_login(user)
    expected = consume(export(client, fmt))
    monkeypatch.setattr(common, "CHUNK_SIZE", 3)
    monkeypatch.setattr(common, "FLUSH_CHARS", 10)
    response = export(client, fmt)
    pieces = list(response.streaming_content)
    assert len(pieces) > 10  # really sent piece by piece
    assert b"".join(pieces) == expected


def test_per_claim_records_carry_all_their_verdicts(client):
    user = seeded(articles=3)
    client.force_login(user)
    records = [json.loads(line) for line in consume(export(client, "jsonl")).decode().splitlines()]
    assert len(records) == 15
    assert sum(len(r["verdicts"]) for r in records) == Verdict.objects.count() == 30
    assert all(len(r["verdicts"]) == 2 for r in records)


def test_rows_are_read_with_a_chunked_iterator(monkeypatch, client):
    """Both queries go through QuerySet.iterator(chunk_size=…), never list() or len()."""
    from django.db.models.query import QuerySet

    seen = []
    original = QuerySet.iterator

    def spy(self, chunk_size=None):
        seen.append(chunk_size)
        return original(self, chunk_size=chunk_size)

    monkeypatch.setattr(QuerySet, "iterator", spy)
    client.force_login(seeded(articles=1))
    for fmt in FORMATS:
        consume(export(client, fmt))
    assert seen == [common.CHUNK_SIZE] * len(FORMATS)


def test_head_answers_with_the_headers_and_runs_no_export_query():
    """Servers iterate a HEAD response's body too (and drop it), so the view must not give one."""
    from rest_framework.test import APIRequestFactory, force_authenticate

    from annotations.api.exports import VerdictExportView

    request = APIRequestFactory().head(EXPORT_URL, {"format": "csv"})
    force_authenticate(request, user=seeded(articles=1))
    with CaptureQueriesContext(connection) as captured:
        response = VerdictExportView.as_view()(request)
        assert consume(response) == b""
    # Only the caller's memberships are read (to scope the query); the export query itself never runs.
    assert captured.captured_queries
    assert not [q["sql"] for q in captured.captured_queries if "annotations_verdict" in q["sql"]]
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith('.csv"')
