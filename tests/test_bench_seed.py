"""`manage.py bench_seed` bulk-inserts valid benchmark data and can grow it."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from annotations.models import Article, Claim, Membership, Project, Role, Verdict, status_from_labels

pytestmark = pytest.mark.django_db


def test_it_creates_articles_claims_and_one_verdict_per_reviewer_per_claim(django_assert_max_num_queries):
    # Per batch of articles: 1 insert of articles, 1 of claims, 1 of verdicts, 1 of decisions; plus the
    # project, its rating scale, its reviewers and their memberships (about 4 queries per reviewer) and
    # the final counts. 48 is far below the 4 × 6 × 4 = 96 that inserting claims one by one would take.
    with django_assert_max_num_queries(48):
        call_command("bench_seed", articles=6, claims_per_article=4, reviewers=3)
    project = Project.objects.get(slug="bench")
    assert Article.objects.filter(project=project).count() == 6
    assert Claim.objects.filter(project=project).count() == 24
    assert Verdict.objects.filter(claim__project=project).count() == 72
    roles = dict(Membership.objects.filter(project=project).values_list("user__username", "role"))
    assert roles == {"bench": Role.ADMIN, "bench-r1": Role.REVIEWER, "bench-r2": Role.REVIEWER}


def test_seeded_claims_are_consistent_with_their_articles_and_verdicts():
    call_command("bench_seed", articles=3, claims_per_article=12, reviewers=3)
    labels: dict[int, list[str]] = {}
    for claim_id, label in Verdict.objects.values_list("claim_id", "label"):
        labels.setdefault(claim_id, []).append(label)
    statuses = set()
    for claim in Claim.objects.select_related("article"):
        body = claim.article.body
        assert body[claim.start : claim.end] == claim.quote
        assert body[: claim.start].endswith(claim.prefix)
        assert body[claim.end :].startswith(claim.suffix)
        assert claim.status == status_from_labels(labels[claim.pk])
        statuses.add(claim.status)
    assert "conflict" in statuses and len(statuses) >= 3
    assert not Verdict.objects.exclude(label="unverified").filter(rationale="").exists()


def test_running_it_again_appends_to_the_same_project():
    call_command("bench_seed", articles=2, claims_per_article=3, reviewers=2)
    call_command("bench_seed", articles=3, claims_per_article=3, reviewers=2)
    assert Project.objects.filter(slug="bench").count() == 1
    assert Article.objects.count() == 5
    assert Verdict.objects.count() == 30


def test_impossible_sizes_are_refused():
    with pytest.raises(CommandError):
        call_command("bench_seed", articles=-1)
    with pytest.raises(CommandError):
        call_command("bench_seed", reviewers=0)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_seed_vacuums_every_table_it_wrote_and_checkpoints(require_postgres):
    """A benchmark after seeding measures a settled database: no autovacuum of the decisions it wrote,
    no checkpointer still flushing them (both made every timed request slower)."""
    from django.db import connection

    def checkpoints() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT checkpoints_req FROM pg_stat_bgwriter")
            return cursor.fetchone()[0]

    before = checkpoints()
    call_command("bench_seed", articles=2, claims_per_article=2, reviewers=1, stdout=None)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT relname FROM pg_stat_user_tables WHERE last_vacuum IS NOT NULL AND relname IN (%s, %s, %s, %s)",
            ["annotations_article", "annotations_claim", "annotations_verdict", "annotations_decision"],
        )
        vacuumed = {name for (name,) in cursor.fetchall()}
    assert vacuumed == {"annotations_article", "annotations_claim", "annotations_verdict", "annotations_decision"}
    assert checkpoints() > before
