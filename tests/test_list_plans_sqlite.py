"""On SQLite, every API list page walks its rows in id order and stops after the page (SQLite's planner).

The benchmark data (``bench_seed``: 4,000 claims, 8,000 verdicts, analysed as the app does when a
connection opens) for a user who belongs to
three projects, as the benchmark's user does: the scope is then ``project_id IN (…)``, which no
``(project, id)`` index can return in id order. Every list endpoint is requested with each single
filter and each SELECT it ran is planned with its real parameters (``EXPLAIN QUERY PLAN``). A page
must not sort what it read (``USE TEMP B-TREE FOR ORDER BY``: every matching row is read before
the first 50 are kept), build a Bloom filter (a pass over every claim), or scan the claims to
serve a verdict page: each of those costs grows with the table (at 200,000 claims, 70–220 ms).
Filters by article or by claim are the exception: they sort the verdicts of one article.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from rest_framework.test import APIClient

from annotations import services
from annotations.models import Article, Claim, Project
from annotations.sqlite_statistics import analyze_if_outgrown, needs_analyze

WATCHED = ("annotations_claim", "annotations_verdict")
# Filters whose page is the (few) verdicts of one article or claim: sorting those is bounded.
BOUNDED = {"article", "claim"}


@pytest.fixture
def bench(db, outsider):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's planner only (the other database has its own plans test)")
    call_command("bench_seed", articles=200, claims_per_article=20, reviewers=2, no_analyze=True, stdout=io.StringIO())
    project = Project.objects.get(slug="bench")
    user = User.objects.get(username="bench")
    for name in ("Bench import 1", "Bench import 2"):  # what bench.worker prepare leaves behind
        services.project_create(name=name, created_by=user)
    other = Project.objects.exclude(pk=project.pk).filter(created_by__username="oscar-outsider").get()
    services.claim_create(article=Article.objects.get(project=other), created_by=other.created_by, quote="Other body")
    # The statistics the app gathers by itself when a connection opens (annotations.sqlite_statistics).
    assert needs_analyze(connection)
    analyze_if_outgrown(sender=None, connection=connection)
    assert not needs_analyze(connection)
    return project, user


def plan(sql: str, params: tuple) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return [row[3] for row in cursor.fetchall()]


def offences(steps: list[str], *, bounded: bool, verdicts: bool) -> list[str]:
    """The steps whose cost grows with the table. ``SCAN annotations_verdict`` (a page of verdicts) and
    ``SCAN annotations_claim`` (a page of claims) walk the rows in id order and stop after the page."""
    found = [s for s in steps if "BLOOM FILTER" in s]
    if not bounded:
        found += [s for s in steps if s == "USE TEMP B-TREE FOR ORDER BY"]
    if verdicts:
        found += [s for s in steps if s.startswith("SCAN annotations_claim")]
    return found


def cases(project: Project) -> list[tuple[str, dict]]:
    article = Article.objects.filter(project=project).order_by("-id").values_list("id", flat=True)[5]
    claim = Claim.objects.filter(project=project).order_by("-id").values_list("id", flat=True)[5]
    recent = "2000-01-01T00:00:00Z"
    claims = [{}, {"project": project.pk}, {"article": article}, {"status": "conflict"}, {"label": "disputed"},
              {"reviewer": "bench-r1"}, {"claimant": "mayor"}, {"search": "cranes"}, {"decision_state": "published"},
              {"updated_after": recent}]  # fmt: skip
    verdicts = [{}, {"project": project.pk}, {"article": article}, {"claim": claim}, {"status": "conflict"},
                {"status": "needs_review"}, {"label": "disputed"}, {"reviewer": "bench-r1"}, {"reviewer": "nobody"},
                {"claimant": "mayor"}, {"search": "table"}, {"decision_state": "published"},
                {"updated_after": recent}]  # fmt: skip
    articles = [{}, {"project": project.pk}, {"status": "conflict"}, {"search": "cranes"}, {"language": "en"}]
    return [
        *(("/api/v1/claims/", f) for f in claims),
        *(("/api/v1/verdicts/", f) for f in verdicts),
        *(("/api/v1/articles/", f) for f in articles),
    ]


def run_cases(project: Project, user: User) -> tuple[int, list[str]]:
    api = APIClient()
    api.force_authenticate(user)
    ran: list[tuple[str, tuple]] = []

    def record(execute: Callable, sql: str, params: tuple, many: bool, context: dict) -> object:
        ran.append((sql, params))
        return execute(sql, params, many, context)

    checked, found = 0, []
    for path, params in cases(project):
        ran.clear()
        with connection.execute_wrapper(record):
            response = api.get(path, {**params, "page_size": 50})
        assert response.status_code == 200, (path, params, response.content[:200])
        for sql, sql_params in ran:
            if not sql.startswith("SELECT") or not any(table in sql for table in WATCHED):
                continue
            checked += 1
            steps = plan(sql, sql_params)
            bad = offences(steps, bounded=bool(BOUNDED & params.keys()), verdicts=path == "/api/v1/verdicts/")
            if bad:
                found.append(f"{path} {params}: {'; '.join(bad)}\n  {sql[:300]}")
    return checked, found


@pytest.mark.parametrize("viewer", ["admin", "blind reviewer"])
def test_no_list_page_sorts_or_scans_what_grows_with_the_table(bench, viewer):
    project, user = bench
    if viewer == "blind reviewer":
        Project.objects.filter(pk=project.pk).update(blind_review=True)
        user = User.objects.get(username="bench-r1")
        for name in ("Reviewer's own 1", "Reviewer's own 2"):
            services.project_create(name=name, created_by=user)
    checked, found = run_cases(project, user)
    assert checked >= 24  # every claims and verdicts page (23), and the articles' status filter
    assert not found, "\n".join(found)


def test_the_check_sees_a_sort_and_a_scan_of_claims(bench):
    # The detector itself, on the shape the verdict filters had: the claim's status in the join.
    project, _ = bench
    sql = (
        'SELECT "annotations_verdict"."id" FROM "annotations_verdict" INNER JOIN "annotations_claim" '
        'ON ("annotations_verdict"."claim_id" = "annotations_claim"."id") WHERE "annotations_verdict"."project_id" '
        'IN (%s, %s, %s) AND "annotations_claim"."decision_state" = %s ORDER BY "annotations_verdict"."id" LIMIT 51'
    )
    ids = tuple(Project.objects.order_by("id").values_list("id", flat=True)[:3])
    assert offences(plan(sql, (*ids, "published")), bounded=False, verdicts=True)
