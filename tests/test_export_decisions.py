"""Decisions in the jsonl/json/csv exports, the decision_state filter on every format, and claim links."""

# ruff: noqa: F401, F811 (fixtures imported from tests.export_fixtures / decision_fixtures are used as arguments)

from __future__ import annotations

import csv
import io
import json

import pytest
from django.db import connection

from annotations import services
from annotations.exports import FORMATS, formats, postgres
from annotations.exports.common import CSV_HEADER, Context, Links, claim_rows, verdict_rows
from annotations.models import Claim, Label, Verdict
from tests.decision_fixtures import draft, editor2, published, scale  # pytest fixtures and helpers
from tests.export_fixtures import body_of, export, verdicts  # pytest fixtures


def records(client, fmt: str = "jsonl", **params) -> list[dict]:
    return [json.loads(line) for line in body_of(export(client, fmt, **params)).splitlines()]


def csv_rows(client, **params) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body_of(export(client, "csv", **params)), newline="")))


@pytest.fixture
def decided(verdicts, editor, editor2, project):
    """The English claim with a published, corrected decision; the Arabic one with a draft."""
    claim, arabic = verdicts
    evidence = [{"url": "https://example.org/public", "title": "Public log", "stance": "refutes"}]
    decision = published(
        claim, editor, editor2, "Disputed", explanation="=Public explanation", public_evidence=evidence
    )
    services.correction_create(
        decision=decision,
        actor=editor,
        kind="rating_change",
        note="New figures",
        rating=scale(project)["Unverified"].pk,
    )
    services.correction_create(decision=decision, actor=editor2, kind="clarification", note="TEU = container")
    draft(arabic, editor, "Confirmed", as_of="2026-11-02", review_due="2026-12-24")
    decision.refresh_from_db()
    return claim, arabic, decision


def test_jsonl_records_carry_the_decision_with_its_corrections(client, reviewer, decided):
    claim, arabic, decision = decided
    client.force_login(reviewer)
    english, arabic_record = records(client)
    assert english["claim"]["decision_state"] == "published"
    got = english["decision"]
    assert {k: got[k] for k in ("id", "state", "rating", "verdict", "value", "explanation")} == {
        "id": decision.pk, "state": "published", "rating": "Unverified", "verdict": "unverified", "value": 2,
        "explanation": "=Public explanation",
    }  # fmt: skip
    assert got["public_evidence"] == [
        {"url": "https://example.org/public", "title": "Public log", "excerpt": "", "stance": "refutes"}
    ]
    assert got["as_of"] == decision.as_of.isoformat() and got["review_due"] == decision.review_due.isoformat()
    assert got["published_at"] == decision.published_at.isoformat().replace("+00:00", "Z")
    assert got["modified_at"] == decision.modified_at.isoformat().replace("+00:00", "Z")
    assert [(c["kind"], c["note"], c["author"]) for c in got["corrections"]] == [
        ("rating_change", "New figures", "erin-editor"), ("clarification", "TEU = container", "eddie-editor"),
    ]  # fmt: skip
    assert got["corrections"][0]["old_values"]["rating_name"] == "Disputed"
    assert got["corrections"][0]["new_values"]["rating_name"] == "Unverified"
    assert got["corrections"][0]["created_at"].endswith("Z")
    assert arabic_record["decision"]["state"] == "draft" and arabic_record["decision"]["published_at"] is None
    assert arabic_record["decision"]["review_due"] == "2026-12-24" and arabic_record["decision"]["corrections"] == []
    assert records(client, decision_state="none") == []


def test_claims_without_a_decision_have_decision_null(client, reviewer, verdicts):
    client.force_login(reviewer)
    assert [r["decision"] for r in records(client)] == [None, None]
    assert json.loads(body_of(export(client, "json")))[0]["decision"] is None


def test_csv_rows_carry_the_decision_columns(client, reviewer, decided):
    claim, arabic, decision = decided
    client.force_login(reviewer)
    rows = csv_rows(client)
    assert list(rows[0]) == CSV_HEADER
    english = [r for r in rows if r["claim_id"] == str(claim.pk)]
    assert len(english) == 2  # one row per verdict, each with the claim's decision
    row = english[0]
    assert (row["decision_state"], row["decision_rating"], row["decision_verdict"], row["decision_value"]) == (
        "published", "Unverified", "unverified", "2",
    )  # fmt: skip
    assert row["decision_explanation"] == "'=Public explanation"  # neutralised like every text cell
    assert row["decision_as_of"] == decision.as_of.isoformat()
    assert row["decision_published_at"] == decision.published_at.isoformat().replace("+00:00", "Z")
    (arabic_row,) = [r for r in rows if r["claim_id"] == str(arabic.pk)]
    assert (arabic_row["decision_state"], arabic_row["decision_published_at"]) == ("draft", "")


def test_csv_rows_without_a_decision_have_empty_decision_cells(client, reviewer, verdicts):
    client.force_login(reviewer)
    row = csv_rows(client)[0]
    assert row["decision_state"] == "none"
    assert all(row[c] == "" for c in CSV_HEADER if c.startswith("decision_") and c != "decision_state")


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_the_decision_state_filter_works_on_every_format(client, reviewer, decided, fmt):
    claim, arabic, _ = decided
    client.force_login(reviewer)
    published_only = body_of(export(client, fmt, decision_state="published"))
    drafts_only = body_of(export(client, fmt, decision_state="draft"))
    assert "1,200 containers" in published_only and "الحريق" not in published_only
    if fmt != "claimreview":  # which publishes nothing but published decisions
        assert "الحريق" in drafts_only
    assert "1,200 containers" not in drafts_only
    assert export(client, fmt, decision_state="maybe").status_code == 400


def test_a_slug_containing_the_link_placeholder_digits_gets_right_links(client, admin_user_, reviewer2):
    project = services.project_create(name="Desk", slug="desk-9876543210-x", created_by=admin_user_)
    article = services.article_create(project=project, imported_by=admin_user_, title="T", body="A claim in a body.")
    claim = services.claim_create(article=article, created_by=admin_user_, quote="A claim")
    services.verdict_create(claim=claim, reviewer=admin_user_, label=Label.UNVERIFIED)
    expected = f"https://fc.example{article.get_absolute_url()}#claim-{claim.pk}"
    assert "9876543210" in expected
    ctx = Context(links=Links("https://fc.example/"), organization={}, request_url="https://x/")
    by_python = json.loads("".join(formats.write_jsonl(claim_rows(Claim.objects.filter(pk=claim.pk)), ctx)))
    assert by_python["claim"]["url"] == expected
    python_csv = "".join(formats.write_csv(verdict_rows(Verdict.objects.filter(claim=claim)), ctx))
    assert f'"{expected}"' in python_csv
    if connection.vendor == "postgresql":  # the database-built lines say the same
        by_database = json.loads("".join(postgres.write_jsonl(Claim.objects.filter(pk=claim.pk), ctx)))
        assert by_database["claim"]["url"] == expected
        assert "".join(postgres.write_csv(Verdict.objects.filter(claim=claim), ctx)) == python_csv
