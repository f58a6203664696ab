"""Migration 0010_perf copies each verdict's project from its claim."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.mark.django_db(transaction=True)
def test_existing_verdicts_get_their_claims_project():
    executor = MigrationExecutor(connection)
    executor.migrate([("annotations", "0009_outside")])
    old = executor.loader.project_state([("annotations", "0009_outside")]).apps
    user = old.get_model("auth", "User").objects.create(username="migrated")
    Project, Article = old.get_model("annotations", "Project"), old.get_model("annotations", "Article")
    Claim, Verdict = old.get_model("annotations", "Claim"), old.get_model("annotations", "Verdict")
    verdicts = {}
    for name in ("one", "two"):
        project = Project.objects.create(name=name, slug=name)
        article = Article.objects.create(project=project, title=name, body="Some text.", body_sha256=name)
        claim = Claim.objects.create(project=project, article=article, start=0, end=4, quote="Some")
        verdicts[Verdict.objects.create(claim=claim, reviewer=user, label="unverified").pk] = project.pk

    executor = MigrationExecutor(connection)
    executor.migrate([("annotations", "0010_perf")])
    new = executor.loader.project_state([("annotations", "0010_perf")]).apps
    rows = dict(new.get_model("annotations", "Verdict").objects.values_list("pk", "project_id"))

    assert rows == verdicts
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_bulk_created_verdicts_get_their_claims_project(claim, reviewer, reviewer2):
    from annotations.models import Verdict

    Verdict.objects.bulk_create(
        [
            Verdict(claim=claim, reviewer=reviewer, label="unverified"),
            Verdict(claim_id=claim.pk, reviewer=reviewer2, label="unverified"),
        ]
    )
    assert set(Verdict.objects.values_list("project_id", flat=True)) == {claim.project_id}
