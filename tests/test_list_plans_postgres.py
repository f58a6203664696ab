"""At bench-like size, no list page plans a sequential scan over claims or verdicts (PostgreSQL).

The benchmark data (``bench_seed``: 40,000 claims, 80,000 verdicts, analysed) plus a second
project, then every list endpoint with each single filter, the project page and the reader are
requested; each SELECT they ran is EXPLAINed and its plan must reach claims and verdicts through an
index. A sequential scan there means a page whose cost grows with the table (a missing index, an
``IN`` where ``EXISTS`` belongs, or a filter the planner misjudges without statistics).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from annotations import services
from annotations.models import Article, Claim, Project

WATCHED = {"annotations_claim", "annotations_verdict"}


@pytest.fixture
def bench(require_postgres, outsider):
    call_command("bench_seed", articles=2000, claims_per_article=20, reviewers=2, stdout=open("/dev/null", "w"))  # noqa: SIM115
    project = Project.objects.get(slug="bench")
    user = User.objects.get(username="bench")
    other = Project.objects.exclude(pk=project.pk).get()
    article = Article.objects.filter(project=other).get()
    services.claim_create(article=article, created_by=outsider, quote="Other body")
    services.membership_set(project=other, user=user, role="reviewer", actor=services.SYSTEM)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return project, user


def nodes(plan: dict) -> Iterator[dict]:
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


def sequential_scans(sql: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        (plan,) = cursor.fetchone()
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return [n["Relation Name"] for n in nodes(plan[0]["Plan"]) if n["Node Type"] == "Seq Scan"]


def cases(project: Project) -> list[tuple[str, dict]]:
    article = Article.objects.filter(project=project).order_by("-id").values_list("id", flat=True)[5]
    claim = Claim.objects.filter(project=project).order_by("-id").values_list("id", flat=True)[5]
    recent = "2000-01-01T00:00:00Z"
    claims = [{}, {"project": project.pk}, {"article": article}, {"status": "conflict"}, {"label": "disputed"},
              {"reviewer": "bench-r1"}, {"claimant": "mayor"}, {"search": "cranes"},
              {"updated_after": recent}]  # fmt: skip
    verdicts = [{}, {"project": project.pk}, {"article": article}, {"claim": claim}, {"status": "conflict"},
                {"label": "disputed"}, {"reviewer": "bench-r1"}, {"claimant": "mayor"}, {"search": "table"},
                {"updated_after": recent}]  # fmt: skip
    articles = [{}, {"project": project.pk}, {"status": "conflict"}, {"search": "cranes"}, {"language": "en"}]
    return [
        *(("/api/v1/claims/", {**f, "page_size": 50}) for f in claims),
        *(("/api/v1/verdicts/", {**f, "page_size": 50}) for f in verdicts),
        *(("/api/v1/articles/", {**f, "page_size": 50}) for f in articles),
        (f"/p/{project.slug}/", {}),
        (f"/p/{project.slug}/", {"page": 3}),
        (f"/p/{project.slug}/articles/{article}/", {}),
    ]


@pytest.mark.postgres
@pytest.mark.parametrize("viewer", ["admin", "blind reviewer"])
def test_no_list_page_scans_claims_or_verdicts_sequentially(bench, client, viewer):
    project, user = bench
    if viewer == "blind reviewer":
        # Blind review adds a probe for "no verdict of mine yet" to every list; with 40,000 verdicts
        # of this reviewer's own, it must stay a per-row index probe, not a hash of all of them.
        Project.objects.filter(pk=project.pk).update(blind_review=True)
        user = User.objects.get(username="bench-r1")
        assert user.verdicts.count() >= 40_000
    api = APIClient()
    api.force_authenticate(user)
    client.force_login(user)
    checked, offenders = 0, []
    for path, params in cases(project):
        with CaptureQueriesContext(connection) as captured:
            response = (api if path.startswith("/api/") else client).get(path, params)
        assert response.status_code == 200, (path, params, response.content[:200])
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.startswith("SELECT") or not any(table in sql for table in WATCHED):
                continue
            checked += 1
            scanned = WATCHED.intersection(sequential_scans(sql))
            if scanned:
                offenders.append(f"{path} {params}: Seq Scan on {', '.join(sorted(scanned))}\n  {sql[:300]}")
    assert checked >= 20  # every claims and verdicts page, the article status filter and the web pages
    assert not offenders, "\n".join(offenders)


@pytest.mark.postgres
def test_the_check_sees_a_sequential_scan_when_there_is_one(bench):
    # The detector itself: a query that must read every claim is reported.
    assert "annotations_claim" in sequential_scans("SELECT count(*) FROM annotations_claim WHERE length(quote) > 3")


@pytest.mark.postgres
def test_the_claims_page_reads_its_default_order_from_an_index(bench, client):
    # Last change, newest first: with every claim of the seed changed at the same moment, anything but the
    # (project, -updated_at, -id) index sorts all the project's claims for each page.
    project, user = bench
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/p/{project.slug}/claims/")
    assert response.status_code == 200
    [page_sql] = [
        q["sql"] for q in captured.captured_queries if 'ORDER BY "annotations_claim"."updated_at" DESC' in q["sql"]
    ]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + page_sql)
        (plan,) = cursor.fetchone()
    plan = json.loads(plan) if isinstance(plan, str) else plan
    kinds = {n["Node Type"] for n in nodes(plan[0]["Plan"])}
    assert "Sort" not in kinds and "Incremental Sort" not in kinds, kinds
