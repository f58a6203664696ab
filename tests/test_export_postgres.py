"""On PostgreSQL the database builds the jsonl, json and csv lines: they must say what Python writes."""

# ruff: noqa: F401, F811 (fixtures imported from tests.export_fixtures are used as arguments)

from __future__ import annotations

import json

from annotations import services
from annotations.exports import formats, postgres
from annotations.exports.common import Context, Links, claim_rows, verdict_rows
from annotations.models import Claim, Label, Role, Verdict
from tests.conftest import make_user
from tests.export_fixtures import evidence, verdicts  # pytest fixtures

CONTEXT = Context(links=Links("https://factcheck.example.net"), organization={}, request_url="https://x/")


def tricky(article, reviewer, reviewer2) -> None:
    claim = services.claim_create(
        article=article, created_by=reviewer, quote="Officials denied", claimant='-"Quoted", the union',
        statement="=1+1\nsecond line",
    )  # fmt: skip
    services.verdict_create(
        claim=claim, reviewer=reviewer, label=Label.DISPUTED, rationale='@once, "twice"\r\nthrice',
        evidence=[evidence("https://example.org/a?q=1&b=%22x%22")],
    )  # fmt: skip
    services.verdict_create(claim=claim, reviewer=reviewer2, label=Label.UNVERIFIED, rationale="\tindented")
    services.claim_create(article=article, created_by=reviewer, quote="night shift")  # no verdicts
    # Decisions: a published one with corrections (Arabic, quotes, a formula), a draft, none elsewhere.
    editor, other = make_user("ed-a"), make_user("ed-b")
    for user in (editor, other):
        services.membership_set(project=article.project, user=user, role=Role.EDITOR, actor=services.SYSTEM)
    ratings = {r.name: r for r in article.project.rating_items.all()}
    decision = services.decision_create(
        claim=claim, actor=editor, rating=ratings["Disputed"], explanation='=«ثلاثة» "quoted"\r\nline',
        public_evidence=[evidence("https://example.org/ruling")],
    )  # fmt: skip
    decision = services.decision_publish(decision=decision, actor=other, expected_version=1)
    services.correction_create(
        decision=decision, actor=editor, kind="rating_change", note="نعم", rating=ratings["Unverified"].pk
    )
    services.correction_create(decision=decision, actor=other, kind="update", note="n", explanation="Better")
    first = Claim.objects.order_by("id").first()
    if first.pk != claim.pk:
        services.decision_create(claim=first, actor=other, rating=ratings["Confirmed"], explanation="Draft")


def test_csv_lines_built_by_postgresql_are_byte_for_byte_those_python_writes(
    require_postgres, verdicts, article, reviewer, reviewer2
):
    tricky(article, reviewer, reviewer2)
    by_database = "".join(postgres.write_csv(Verdict.objects.all(), CONTEXT))
    by_python = "".join(formats.write_csv(verdict_rows(Verdict.objects.all()), CONTEXT))
    assert by_database == by_python
    assert by_database.count("\r\n") >= 6
    assert "'=1+1" in by_database and "'@once" in by_database and "'\tindented" in by_database


def test_json_records_built_by_postgresql_equal_those_python_writes(
    require_postgres, verdicts, article, reviewer, reviewer2
):
    tricky(article, reviewer, reviewer2)
    by_database = "".join(postgres.write_jsonl(Claim.objects.all(), CONTEXT)).splitlines()
    by_python = "".join(formats.write_jsonl(claim_rows(Claim.objects.all()), CONTEXT)).splitlines()
    assert len(by_database) == len(by_python) == Claim.objects.count()
    assert [json.loads(line) for line in by_database] == [json.loads(line) for line in by_python]
    array = json.loads("".join(postgres.write_json(Claim.objects.all(), CONTEXT)))
    assert array == [json.loads(line) for line in by_python]
