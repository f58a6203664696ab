"""The export only ever contains the caller's projects, filtered like the API lists; bad input is a 400."""

# ruff: noqa: F401, F811 (fixtures imported from tests.export_fixtures are used as arguments)

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from annotations import services
from annotations.exports import FORMATS
from annotations.models import Claim, Label
from tests.export_fixtures import EXPORT_URL, body_of, export, other_project_verdict, verdicts  # pytest fixtures

ALL_FORMATS = list(FORMATS)


def claim_ids(client, fmt: str = "jsonl", **params) -> list[int]:
    response = export(client, fmt, **params)
    assert response.status_code == 200, response.content
    text = body_of(response)
    if fmt == "jsonl":
        return [json.loads(line)["claim"]["id"] for line in text.splitlines()]
    return sorted({int(row["claim_id"]) for row in csv.DictReader(io.StringIO(text, newline=""))})


def publish_both(claim, other_claim, editor, admin, outsider) -> None:
    """Published decisions in both projects (the outsider's project without four-eyes: they are alone)."""
    for the_claim, decider, publisher in ((claim, editor, admin), (other_claim, outsider, outsider)):
        project = the_claim.project
        project.four_eyes = decider != publisher
        project.save(update_fields=["four_eyes"])
        rating = project.rating_items.get(name="Confirmed")
        decision = services.decision_create(claim=the_claim, actor=decider, rating=rating, explanation="Public text")
        services.decision_publish(decision=decision, actor=publisher, expected_version=1)


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_no_format_contains_another_projects_data(
    client, reviewer, editor, admin_user_, outsider, verdicts, other_project_verdict, fmt
):
    publish_both(verdicts[0], other_project_verdict.claim, editor, admin_user_, outsider)
    client.force_login(reviewer)
    mine = body_of(export(client, fmt))
    assert "1,200 containers" in mine
    assert "Other body" not in mine  # the outsider's claim
    client.force_login(outsider)
    theirs = body_of(export(client, fmt))
    assert "Other body" in theirs
    for text in ("Port moves", "1,200 containers", "rita-reviewer", "الحريق"):
        assert text not in theirs


def test_an_outsider_asking_for_our_project_gets_nothing(client, project, outsider, verdicts):
    client.force_login(outsider)
    assert claim_ids(client, project=project.pk) == []
    assert claim_ids(client, "csv", project=project.pk) == []


@pytest.mark.parametrize("fmt", ALL_FORMATS)
def test_anonymous_callers_are_refused(client, verdicts, fmt):
    response = export(client, fmt)
    assert response.status_code in (401, 403)
    assert not response.streaming


def test_project_article_and_claimant_filters_select_claims(client, reviewer, verdicts, other_project_verdict):
    claim, arabic = verdicts
    client.force_login(reviewer)
    assert claim_ids(client, project=claim.project_id) == [claim.pk, arabic.pk]
    assert claim_ids(client, article=arabic.article_id) == [arabic.pk]
    assert claim_ids(client, "csv", article=arabic.article_id) == [arabic.pk]
    assert claim_ids(client, claimant="متحدث") == [arabic.pk]
    assert claim_ids(client, "csv", claimant="متحدث") == [arabic.pk]


def test_label_reviewer_and_search_filters_select_claims_and_verdicts(client, reviewer, verdicts):
    claim, arabic = verdicts
    client.force_login(reviewer)
    assert claim_ids(client, label="disputed") == [arabic.pk]
    assert claim_ids(client, "csv", label="disputed") == [arabic.pk]
    assert claim_ids(client, reviewer="rob-reviewer") == [claim.pk]
    rows = list(csv.DictReader(io.StringIO(body_of(export(client, "csv", reviewer="rob-reviewer")), newline="")))
    assert [r["reviewer"] for r in rows] == ["rob-reviewer"]
    assert claim_ids(client, search="containers") == [claim.pk]
    assert claim_ids(client, "csv", search="مبنيين") == [arabic.pk]  # the rationale is searched too


def test_status_filter(client, reviewer, verdicts, article):
    claim, arabic = verdicts
    pending = services.claim_create(article=article, created_by=reviewer, quote="Officials denied")
    client.force_login(reviewer)
    assert claim_ids(client, status="confirmed") == [claim.pk]
    assert claim_ids(client, status="disputed") == [arabic.pk]
    assert claim_ids(client, status="needs_review") == [pending.pk]
    assert claim_ids(client, "csv", status="disputed") == [arabic.pk]


def test_updated_after_returns_only_what_changed_since(client, reviewer, reviewer2, verdicts):
    claim, arabic = verdicts
    cutoff = timezone.now()
    services.verdict_create(claim=arabic, reviewer=reviewer2, label=Label.DISPUTED, rationale="Agreed.")
    client.force_login(reviewer)
    assert claim_ids(client, updated_after=cutoff.isoformat()) == [arabic.pk]
    rows = list(csv.DictReader(io.StringIO(body_of(export(client, "csv", updated_after=cutoff.isoformat())))))
    assert [(int(r["claim_id"]), r["reviewer"]) for r in rows] == [(arabic.pk, "rob-reviewer")]
    earlier = (cutoff - timedelta(days=1)).isoformat()
    assert claim_ids(client, updated_after=earlier) == [claim.pk, arabic.pk]
    assert Claim.objects.get(pk=arabic.pk).updated_at > cutoff


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"format": "xml"}, "format"),
        ({}, "format"),
        ({"format": "jsonl", "updated_after": "last tuesday"}, "updated_after"),
        ({"format": "csv", "updated_after": "2026-13-45"}, "updated_after"),
        ({"format": "jsonl", "status": "maybe"}, "status"),
        ({"format": "csv", "label": "true-ish"}, "label"),
        ({"format": "claimreview", "project": "harbour"}, "project"),
        ({"format": "fever", "article": "the first"}, "article"),
        ({"format": "jsonl", "project": "99999999999999999999"}, "project"),
        ({"format": "csv", "article": "1.5"}, "article"),
        ({"format": "webannotation", "updated_after": "0001-01-01T00:00:00+01:00"}, "updated_after"),
    ],
)
def test_bad_format_or_filter_value_is_a_400_with_a_message(client, reviewer, verdicts, params, field):
    client.force_login(reviewer)
    response = client.get(EXPORT_URL, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    messages = response.json()[field]
    assert messages and all(isinstance(m, str) and m for m in messages)


def test_the_format_parameter_is_not_taken_for_drf_content_negotiation(client, reviewer, verdicts):
    client.force_login(reviewer)
    response = client.get(EXPORT_URL, {"format": "csv"}, HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_api_tokens_work_like_sessions_and_stay_scoped(client, reviewer, outsider, verdicts, other_project_verdict):
    from accounts.services import token_create

    _, mine = token_create(user=reviewer, name="cms")
    _, theirs = token_create(user=outsider, name="cms")
    response = client.get(EXPORT_URL, {"format": "jsonl"}, HTTP_AUTHORIZATION=f"Token {mine}")
    assert [json.loads(line)["claim"]["id"] for line in body_of(response).splitlines()] == [c.pk for c in verdicts]
    response = client.get(EXPORT_URL, {"format": "csv"}, HTTP_AUTHORIZATION=f"Token {theirs}")
    assert "1,200 containers" not in body_of(response)
    response = client.get(EXPORT_URL, {"format": "csv"}, HTTP_AUTHORIZATION="Token vrf_wrong_token")
    assert response.status_code == 401
