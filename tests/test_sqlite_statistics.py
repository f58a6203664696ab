"""SQLite's planner statistics are gathered when a connection opens and the tables have outgrown them."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.backends.signals import connection_created

from annotations.sqlite_statistics import GROWTH, analyze_if_outgrown, needs_analyze


@pytest.fixture
def sqlite(db):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only (the other database's autovacuum analyses by itself)")


def seed(articles: int) -> None:
    call_command(
        "bench_seed", articles=articles, claims_per_article=10, reviewers=2, no_analyze=True, stdout=io.StringIO()
    )


def verdict_statistics() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if not cursor.fetchall():
            return []
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'annotations_verdict' ORDER BY idx")
        return [stat for (stat,) in cursor.fetchall()]


def test_the_receiver_listens_for_new_connections():
    assert any("annotations-sqlite-statistics" in str(receiver[0]) for receiver in connection_created.receivers)


def test_small_tables_are_left_alone(sqlite):
    seed(articles=2)  # 20 claims, 40 verdicts

    assert not needs_analyze(connection)
    analyze_if_outgrown(sender=None, connection=connection)
    assert verdict_statistics() == []


def test_unanalysed_tables_are_analysed_once(sqlite):
    seed(articles=60)  # 600 claims, 1,200 verdicts
    assert verdict_statistics() == []
    assert needs_analyze(connection)

    analyze_if_outgrown(sender=None, connection=connection)

    stats = verdict_statistics()
    assert stats and all(stat.split()[0] == "1200" for stat in stats)
    assert not needs_analyze(connection)


def test_tables_that_grew_twenty_five_fold_are_analysed_again(sqlite):
    seed(articles=60)
    analyze_if_outgrown(sender=None, connection=connection)
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM annotations_verdict")  # how needs_analyze counts the rows
        (rows,) = cursor.fetchone()

    def analysed_with(count: int) -> None:  # as if analysed when there were fewer verdicts
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE sqlite_stat1 SET stat = %s || substr(stat, instr(stat, ' ')) WHERE tbl = 'annotations_verdict'",
                [str(count)],
            )

    analysed_with(rows // GROWTH + 1)
    assert not needs_analyze(connection)
    analysed_with(rows // GROWTH)
    assert needs_analyze(connection)

    analyze_if_outgrown(sender=None, connection=connection)
    assert all(stat.split()[0] == "1200" for stat in verdict_statistics())


def test_postgresql_is_left_to_autovacuum(db, monkeypatch):
    if connection.vendor == "sqlite":
        monkeypatch.setattr(connection, "vendor", "postgresql")
    called = []
    monkeypatch.setattr("annotations.sqlite_statistics.needs_analyze", lambda c: called.append(c) or True)

    analyze_if_outgrown(sender=None, connection=connection)

    assert called == []
