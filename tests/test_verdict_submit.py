"""Verdicts: one per reviewer per claim, rationale rules, versions, and the claim status they imply."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from annotations import services
from annotations.models import Claim, ClaimStatus, Verdict, status_from_labels

EVIDENCE = [{"url": "https://example.org/minutes", "title": "Port minutes", "excerpt": "1,200", "stance": "supports"}]


def test_verdict_is_recorded_with_evidence_and_version_one(claim, reviewer):
    verdict = services.verdict_create(
        claim=claim, reviewer=reviewer, label="confirmed", rationale="Port log", evidence=EVIDENCE
    )
    verdict.refresh_from_db()
    assert (verdict.label, verdict.version, verdict.evidence) == ("confirmed", 1, EVIDENCE)


def test_second_verdict_by_same_reviewer_is_refused_by_service(claim, reviewer):
    first = services.verdict_create(claim=claim, reviewer=reviewer, label="unverified")
    with pytest.raises(services.AlreadyExists) as exc:
        services.verdict_create(claim=claim, reviewer=reviewer, label="disputed", rationale="No")
    assert exc.value.existing.pk == first.pk
    assert Verdict.objects.get(pk=first.pk).label == "unverified"


def test_database_refuses_a_second_verdict_per_reviewer_per_claim(claim, reviewer):
    services.verdict_create(claim=claim, reviewer=reviewer, label="unverified")
    with pytest.raises(IntegrityError), transaction.atomic():
        Verdict.objects.create(claim=claim, reviewer=reviewer, label="unverified")


@pytest.mark.parametrize("label", ["confirmed", "disputed"])
def test_rationale_is_required_for_confirmed_and_disputed(claim, reviewer, label):
    with pytest.raises(ValidationError) as exc:
        services.verdict_create(claim=claim, reviewer=reviewer, label=label, rationale="   ")
    assert "rationale" in exc.value.message_dict
    assert not Verdict.objects.exists()


def test_rationale_is_optional_for_unverified(claim, reviewer):
    assert services.verdict_create(claim=claim, reviewer=reviewer, label="unverified").rationale == ""


def test_database_refuses_confirmed_without_rationale(claim, reviewer):
    with pytest.raises(IntegrityError), transaction.atomic():
        Verdict.objects.create(claim=claim, reviewer=reviewer, label="confirmed", rationale="")


def test_database_refuses_unknown_label(claim, reviewer):
    with pytest.raises(IntegrityError), transaction.atomic():
        Verdict.objects.create(claim=claim, reviewer=reviewer, label="true", rationale="x")


def test_unknown_label_is_a_field_error(claim, reviewer):
    with pytest.raises(ValidationError) as exc:
        services.verdict_create(claim=claim, reviewer=reviewer, label="mostly-true", rationale="x")
    assert "label" in exc.value.message_dict


@pytest.mark.parametrize(
    "evidence",
    [
        [{"title": "no url"}],
        [{"url": "javascript:alert(1)"}],
        [{"url": "https://example.org", "stance": "maybe"}],
        [{"url": "https://example.org", "extra": 1}],
        ["https://example.org"],
        {"url": "https://example.org"},
        [{"url": "https://example.org", "title": "nul\x00"}],
    ],
)
def test_invalid_evidence_is_refused_with_a_message(claim, reviewer, evidence):
    with pytest.raises(ValidationError) as exc:
        services.verdict_create(claim=claim, reviewer=reviewer, label="unverified", evidence=evidence)
    assert exc.value.message_dict["evidence"]


def test_evidence_stance_defaults_to_context(claim, reviewer):
    verdict = services.verdict_create(
        claim=claim, reviewer=reviewer, label="unverified", evidence=[{"url": "https://example.org/a"}]
    )
    assert verdict.evidence == [{"url": "https://example.org/a", "title": "", "excerpt": "", "stance": "context"}]


def test_update_bumps_version_and_stale_version_is_refused(claim, reviewer):
    verdict = services.verdict_create(claim=claim, reviewer=reviewer, label="unverified")
    updated = services.verdict_update(
        verdict=verdict, actor=reviewer, expected_version=1, label="confirmed", rationale="Found the log"
    )
    assert updated.version == 2
    with pytest.raises(services.VersionConflict) as exc:
        services.verdict_update(verdict=verdict, actor=reviewer, expected_version=1, label="disputed", rationale="x")
    assert exc.value.current.version == 2
    assert Verdict.objects.get(pk=verdict.pk).label == "confirmed"


def test_reviewer_cannot_change_another_reviewers_verdict(claim, reviewer, reviewer2, editor):
    verdict = services.verdict_create(claim=claim, reviewer=reviewer, label="unverified")
    for other in (reviewer2, editor):
        with pytest.raises(PermissionDenied):
            services.verdict_update(
                verdict=verdict, actor=other, expected_version=None, label="disputed", rationale="x"
            )
    assert Verdict.objects.get(pk=verdict.pk).label == "unverified"


def test_outsider_cannot_give_a_verdict(claim, outsider):
    with pytest.raises(PermissionDenied):
        services.verdict_create(claim=claim, reviewer=outsider, label="unverified")


def test_submit_from_a_stale_form_is_a_conflict_and_keeps_the_stored_verdict(claim, reviewer):
    services.verdict_submit(claim=claim, reviewer=reviewer, label="unverified", base_version=None)
    # A second window loaded before the first save shows "no verdict yet".
    with pytest.raises(services.VersionConflict) as exc:
        services.verdict_submit(claim=claim, reviewer=reviewer, label="disputed", rationale="x", base_version=None)
    assert exc.value.current.label == "unverified"
    services.verdict_submit(claim=claim, reviewer=reviewer, label="disputed", rationale="x", base_version=1)
    assert Verdict.objects.get(claim=claim, reviewer=reviewer).version == 2


@pytest.mark.parametrize(
    ("labels", "status"),
    [
        ([], ClaimStatus.NEEDS_REVIEW),
        (["confirmed"], ClaimStatus.CONFIRMED),
        (["disputed", "disputed"], ClaimStatus.DISPUTED),
        (["unverified"], ClaimStatus.UNVERIFIED),
        (["confirmed", "unverified"], ClaimStatus.CONFLICT),
    ],
)
def test_status_from_labels(labels, status):
    assert status_from_labels(labels) == status


def test_claim_status_follows_its_verdicts(claim, reviewer, reviewer2):
    assert Claim.objects.get(pk=claim.pk).status == "needs_review"
    mine = services.verdict_create(claim=claim, reviewer=reviewer, label="confirmed", rationale="log")
    assert Claim.objects.get(pk=claim.pk).status == "confirmed"
    theirs = services.verdict_create(claim=claim, reviewer=reviewer2, label="disputed", rationale="no")
    assert Claim.objects.get(pk=claim.pk).status == "conflict"
    services.verdict_update(verdict=theirs, actor=reviewer2, expected_version=1, label="confirmed", rationale="ok")
    assert Claim.objects.get(pk=claim.pk).status == "confirmed"
    services.verdict_delete(verdict=mine, actor=reviewer, expected_version=1)
    services.verdict_delete(verdict=theirs, actor=reviewer2, expected_version=2)
    assert Claim.objects.get(pk=claim.pk).status == "needs_review"


def test_status_counts_need_no_query_per_article(project, article, arabic_article, reviewer, django_assert_num_queries):
    services.claim_create(article=article, created_by=reviewer, quote="Officials denied")
    c = services.claim_create(article=arabic_article, created_by=reviewer, quote="لا إصابات")
    services.verdict_create(claim=c, reviewer=reviewer, label="unverified")
    ids = [article.pk, arabic_article.pk, 10**9]  # the last has no claims
    # The reviewer's memberships (blind review; a request reads them once for all its queries), then one
    # grouped query over the articles' claims, whatever the number of articles.
    with django_assert_num_queries(2):
        counts = Claim.objects.status_counts_by_article(ids, reviewer)
    assert counts == {article.pk: {"needs_review": 1}, arabic_article.pk: {"unverified": 1}, 10**9: {}}


@pytest.mark.parametrize(
    ("earlier", "label"),
    [
        ([], "confirmed"),
        (["confirmed"], "confirmed"),
        (["confirmed"], "disputed"),
        (["unverified", "unverified"], "unverified"),
        (["confirmed", "disputed"], "confirmed"),
    ],
)
def test_a_new_verdict_sets_the_status_a_full_recount_of_the_claims_verdicts_gives(
    claim, reviewer, reviewer2, editor, earlier, label
):
    """verdict_create computes the status from the verdicts it read under the claim's lock plus its own,
    instead of reading the labels again: it must agree with claim_refresh_status."""
    for user, earlier_label in zip([reviewer2, editor], earlier, strict=False):
        services.verdict_create(claim=claim, reviewer=user, label=earlier_label, rationale="Because.")
    before = Claim.objects.get(pk=claim.pk).updated_at
    services.verdict_create(claim=claim, reviewer=reviewer, label=label, rationale="Because.")
    stored = Claim.objects.get(pk=claim.pk)
    assert stored.status == claim.status == status_from_labels([*earlier, label])
    assert stored.updated_at > before
    assert services.claim_refresh_status(stored) == stored.status
