"""The article import is set-based: a constant number of queries however many items, with the
per-item report, duplicate detection (against the project and within the import) and history kept."""

from __future__ import annotations

import pytest

from annotations import services
from annotations.models import Article, HistoryEvent
from annotations.services import articles as article_services
from tests.conftest import ENGLISH_BODY


def items(n: int, tag: str = "") -> list[dict]:
    return [{"title": f"Item {tag}{i}", "body": f"Body {tag}{i}: the port moved containers."} for i in range(n)]


@pytest.mark.parametrize("n", [10, 1200])
def test_the_queries_do_not_grow_with_the_articles(project, editor, django_assert_num_queries, n):
    # The importer's membership (the editor role check), savepoint and release of the import, one
    # lookup of the existing hashes, the savepoint around the inserts and its release, one statement for
    # all the articles (COPY on PostgreSQL, executemany on SQLite), one lookup of their new ids, and one
    # statement for all their history records.
    with django_assert_num_queries(1 + 2 + 1 + 2 + 1 + 1 + 1):
        results = services.article_import(project=project, items=items(n), imported_by=editor)
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


def test_a_concurrent_insert_found_late_in_a_large_import_still_falls_back(project, editor, monkeypatch):
    batch = items(1500, "late")
    # The raced body comes after the first part of the rows has been sent (bulk_insert.CHUNK_ROWS).
    raced = services.article_create(project=project, imported_by=editor, **batch[1200])
    monkeypatch.setattr(article_services, "_existing_articles", lambda project, digests: {})

    results = services.article_import(project=project, items=batch, imported_by=editor)

    assert [r.outcome for r in results].count("created") == 1499
    assert results[1200].outcome == "duplicate" and results[1200].article.pk == raced.pk
    assert Article.objects.filter(project=project).count() == 1500
    assert HistoryEvent.objects.filter(project=project, entity="article", action="create").count() == 1500
