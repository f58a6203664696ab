"""The article import is set-based: a constant number of queries however many items, with the
per-item report, duplicate detection (against the project and within the import) and history kept."""

from __future__ import annotations

import math

import pytest
from django.db import connection

from annotations import services
from annotations.models import Article, HistoryEvent
from annotations.services import articles as article_services
from tests.conftest import ENGLISH_BODY


def items(n: int, tag: str = "") -> list[dict]:
    return [{"title": f"Item {tag}{i}", "body": f"Body {tag}{i}: the port moved containers."} for i in range(n)]


def batches(n: int, model, size: int = article_services.IMPORT_BATCH) -> int:
    """How many INSERTs ``bulk_create`` needs for n rows (SQLite also caps rows by bound parameters)."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    per_insert = min(size, connection.ops.bulk_batch_size(fields, [None] * n))
    return math.ceil(n / per_insert)


@pytest.mark.parametrize("n", [10, 1200])
def test_the_queries_grow_by_batches_not_by_articles(project, editor, django_assert_max_num_queries, n):
    # Savepoint and release of the import, one lookup of existing hashes per 500, the savepoint
    # around the inserts and its release, then the article INSERTs and the history INSERTs in batches.
    # (plus one: the importer's membership, for the editor role check)
    expected = 1 + 2 + math.ceil(n / 500) + 2 + batches(n, Article) + batches(n, HistoryEvent)
    with django_assert_max_num_queries(expected):
        results = services.article_import(project=project, items=items(n), imported_by=editor)
    assert n < 1000 or expected < n / 10  # set-based: far fewer queries than rows
    assert [r.outcome for r in results] == ["created"] * n
    assert Article.objects.filter(project=project).count() == n


def test_every_created_article_gets_its_history_record(project, editor):
    results = services.article_import(project=project, items=items(3), imported_by=editor)
    created = {r.article.pk for r in results}
    events = HistoryEvent.objects.filter(project=project, entity="article", action="create")
    assert set(events.values_list("article_id", flat=True)) == created
    assert {e.actor_username for e in events} == {editor.username}
    assert all(e.after["sha256"] for e in events)


def test_duplicates_of_the_project_and_within_the_import_are_reported(project, editor, article):
    batch = [
        {"title": "Copy of the existing one", "body": ENGLISH_BODY},
        {"title": "New", "body": "A brand new text."},
        {"title": "Same text again", "body": "A brand new text."},
        {"title": "", "body": "No title"},
    ]
    results = services.article_import(project=project, items=batch, imported_by=editor)
    assert [r.outcome for r in results] == ["duplicate", "created", "duplicate", "rejected"]
    assert results[0].article.pk == article.pk
    assert results[2].article.pk == results[1].article.pk
    assert f"#{results[1].article.pk}" in results[2].message
    assert "title" in results[3].errors
    assert Article.objects.filter(project=project).count() == 2
    assert HistoryEvent.objects.filter(project=project, entity="article", action="create").count() == 2


def test_a_concurrent_insert_of_the_same_body_falls_back_to_one_by_one(project, editor, monkeypatch):
    batch = items(3)
    # Another import commits the second body after our lookup of existing hashes and before our insert.
    raced = services.article_create(project=project, imported_by=editor, **batch[1])
    monkeypatch.setattr(article_services, "_existing_articles", lambda project, digests: {})

    results = services.article_import(project=project, items=batch, imported_by=editor)

    assert [r.outcome for r in results] == ["created", "duplicate", "created"]
    assert results[1].article.pk == raced.pk
    assert Article.objects.filter(project=project).count() == 3
    assert HistoryEvent.objects.filter(project=project, entity="article", action="create").count() == 3
