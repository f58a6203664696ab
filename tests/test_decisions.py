"""Decisions: who decides and publishes (four-eyes), drafts, versions, corrections, history, claim state."""
# ruff: noqa: F401, F811 (fixtures imported from tests.decision_fixtures are used as arguments)

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from annotations import services
from annotations.models import Claim, Correction, Decision, HistoryEvent

from .decision_fixtures import draft, editor2, judged_claim, published, scale  # pytest fixtures and helpers


def claim_state(claim) -> str:
    return Claim.objects.get(pk=claim.pk).decision_state


def test_an_editor_drafts_a_decision_and_the_claim_shows_it(judged_claim, editor):
    assert claim_state(judged_claim) == "none"
    decision = draft(judged_claim, editor)
    assert decision.state == "draft" and decision.version == 1
    assert decision.decided_by == editor
    assert decision.as_of == timezone.localdate()
    assert decision.review_due is None  # a disputed rating is not due for re-review
    assert claim_state(judged_claim) == "draft"
    event = HistoryEvent.objects.get(entity="decision", action="create")
    assert event.decision_id == decision.pk and event.claim_id == judged_claim.pk
    assert event.after["rating_name"] == "Disputed"


def test_an_unverified_ruling_is_due_for_re_review_after_the_projects_days(judged_claim, editor, project, admin_user_):
    services.project_update(project=project, actor=admin_user_, rereview_days=10)
    judged_claim.project.refresh_from_db()
    decision = draft(judged_claim, editor, "Unverified", as_of="2026-01-05")
    assert decision.review_due == datetime.date(2026, 1, 15)
    decision = services.decision_update(
        decision=decision, actor=editor, expected_version=1, rating=scale(project)["Confirmed"].pk
    )
    assert decision.review_due is None  # the default follows the rating
    decision = services.decision_update(decision=decision, actor=editor, expected_version=2, review_due="2026-03-01")
    assert decision.review_due == datetime.date(2026, 3, 1)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"explanation": "  "}, "explanation"),
        ({"explanation": "x" * 20_001}, "explanation"),
        ({"public_evidence": [{"url": "javascript:alert(1)"}]}, "public_evidence"),
        ({"public_evidence": "not a list"}, "public_evidence"),
        ({"as_of": "yesterday"}, "as_of"),
        ({"as_of": "2026-02-02", "review_due": "2026-02-01"}, "review_due"),
    ],
)
def test_bad_fields_are_refused_naming_the_field(judged_claim, editor, fields, field):
    with pytest.raises(ValidationError) as caught:
        draft(judged_claim, editor, **fields)
    assert field in caught.value.message_dict
    assert not Decision.objects.exists()


def test_a_rating_of_another_project_is_refused(judged_claim, editor, outsider):
    from annotations.models import RatingItem

    foreign = RatingItem.objects.exclude(project=judged_claim.project).first()
    with pytest.raises(ValidationError):
        services.decision_create(claim=judged_claim, actor=editor, rating=foreign.pk, explanation="x")


def test_reviewers_and_outsiders_cannot_decide(judged_claim, reviewer, outsider):
    for actor in (reviewer, outsider):
        with pytest.raises(PermissionDenied):
            draft(judged_claim, actor)


def test_four_eyes_the_claims_only_reviewer_cannot_decide(claim, editor, editor2, project, admin_user_):
    services.verdict_create(claim=claim, reviewer=editor, label="confirmed", rationale="Seen it")
    assert services.decide_refusal(editor, claim)
    with pytest.raises(PermissionDenied, match="Four-eyes"):
        draft(claim, editor, "Confirmed")
    draft(claim, editor2, "Confirmed")  # someone else may


def test_without_four_eyes_the_only_reviewer_decides_and_publishes(claim, editor, project, admin_user_):
    services.project_update(project=project, actor=admin_user_, four_eyes=False)
    claim.project.refresh_from_db()
    services.verdict_create(claim=claim, reviewer=editor, label="confirmed", rationale="Seen it")
    decision = draft(claim, editor, "Confirmed")
    decision = services.decision_publish(decision=decision, actor=editor, expected_version=1)
    assert decision.state == "published"


def test_four_eyes_the_decider_cannot_publish_someone_else_does(judged_claim, editor, editor2, reviewer):
    decision = draft(judged_claim, editor)
    assert "Four-eyes" in services.publish_refusal(editor, decision)
    with pytest.raises(PermissionDenied, match="Four-eyes"):
        services.decision_publish(decision=decision, actor=editor, expected_version=1)
    with pytest.raises(PermissionDenied):
        services.decision_publish(decision=decision, actor=reviewer, expected_version=1)
    assert services.publish_refusal(editor2, decision) is None
    decision = services.decision_publish(decision=decision, actor=editor2, expected_version=1)
    assert decision.state == "published" and decision.version == 2
    assert decision.published_by == editor2 and decision.published_at is not None
    assert claim_state(judged_claim) == "published"
    event = HistoryEvent.objects.filter(entity="decision", action="update").get()
    assert (event.before["state"], event.after["state"]) == ("draft", "published")


def test_a_stale_version_is_a_conflict(judged_claim, editor, editor2):
    decision = draft(judged_claim, editor)
    services.decision_update(decision=decision, actor=editor2, expected_version=1, explanation="Newer")
    with pytest.raises(services.VersionConflict):
        services.decision_update(decision=decision, actor=editor, expected_version=1, explanation="Older")
    with pytest.raises(services.VersionConflict):
        services.decision_publish(decision=decision, actor=editor, expected_version=1)
    with pytest.raises(services.VersionConflict):
        services.decision_delete(decision=decision, actor=editor, expected_version=1)


def test_a_second_decision_on_a_claim_already_exists(judged_claim, editor, editor2):
    first = draft(judged_claim, editor)
    with pytest.raises(services.AlreadyExists) as caught:
        draft(judged_claim, editor2)
    assert caught.value.existing == first


def test_a_draft_is_deleted_with_a_tombstone_and_the_claim_has_no_decision_again(judged_claim, editor, reviewer):
    decision = draft(judged_claim, editor)
    with pytest.raises(PermissionDenied):
        services.decision_delete(decision=decision, actor=reviewer, expected_version=1)
    services.decision_delete(decision=decision, actor=editor, expected_version=1)
    assert not Decision.objects.exists()
    assert claim_state(judged_claim) == "none"
    tombstone = HistoryEvent.objects.deletions().get(entity="decision")
    assert tombstone.decision_id == decision.pk


def test_a_published_decision_is_neither_edited_nor_deleted(judged_claim, editor, editor2):
    decision = published(judged_claim, editor, editor2)
    with pytest.raises(services.DecisionStateConflict, match="correction"):
        services.decision_update(decision=decision, actor=editor, expected_version=2, explanation="Sneaky")
    with pytest.raises(services.DecisionStateConflict):
        services.decision_delete(decision=decision, actor=editor, expected_version=2)
    with pytest.raises(services.DecisionStateConflict, match="already published"):
        services.decision_publish(decision=decision, actor=editor2, expected_version=2)


def test_a_rating_change_keeps_old_and_new_and_moves_the_version(judged_claim, editor, editor2, project):
    decision = published(judged_claim, editor, editor2)
    before = Decision.objects.get(pk=decision.pk).modified_at
    correction = services.correction_create(
        decision=decision,
        actor=editor,
        kind="rating_change",
        note="New records",
        rating=scale(project)["Unverified"].pk,
    )
    decision.refresh_from_db()
    assert decision.rating.name == "Unverified" and decision.version == 3 and decision.modified_at > before
    assert decision.review_due == decision.as_of + datetime.timedelta(days=30)
    assert correction.old_values["rating_name"] == "Disputed"
    assert correction.new_values["rating_name"] == "Unverified"
    assert correction.author == editor and correction.note == "New records"
    event = HistoryEvent.objects.get(entity="correction")
    assert event.decision_id == decision.pk and event.after["kind"] == "rating_change"


@pytest.mark.parametrize("kind", ["correction", "update"])
def test_corrections_and_updates_change_the_explanation_and_public_evidence(judged_claim, editor, editor2, kind):
    decision = published(judged_claim, editor, editor2)
    evidence = [{"url": "https://example.org/log", "title": "Port log"}]
    correction = services.correction_create(
        decision=decision, actor=editor2, kind=kind, note="Typo", explanation="Fixed text", public_evidence=evidence
    )
    decision.refresh_from_db()
    assert decision.explanation == "Fixed text"
    assert decision.public_evidence == [
        {"url": "https://example.org/log", "title": "Port log", "excerpt": "", "stance": "context"}
    ]
    assert correction.old_values == {"explanation": "The port log shows 900 containers.", "public_evidence": []}
    assert correction.new_values["explanation"] == "Fixed text"


def test_a_clarification_is_a_note_only(judged_claim, editor, editor2, project):
    decision = published(judged_claim, editor, editor2)
    with pytest.raises(ValidationError):
        services.correction_create(decision=decision, actor=editor, kind="clarification", note="n", explanation="x")
    with pytest.raises(ValidationError):
        services.correction_create(decision=decision, actor=editor, kind="clarification", note=" ")
    correction = services.correction_create(decision=decision, actor=editor, kind="clarification", note="We mean TEUs")
    assert correction.old_values == correction.new_values == {}
    decision.refresh_from_db()
    assert decision.version == 3 and decision.state == "published"


def test_a_rating_change_needs_a_different_rating(judged_claim, editor, editor2, project):
    decision = published(judged_claim, editor, editor2)
    for rating in (None, scale(project)["Disputed"].pk):
        with pytest.raises(ValidationError):
            kwargs = {} if rating is None else {"rating": rating}
            services.correction_create(decision=decision, actor=editor, kind="rating_change", note="n", **kwargs)
    with pytest.raises(ValidationError):
        services.correction_create(decision=decision, actor=editor, kind="retraction", note="n")


def test_void_withdraws_the_ruling_and_nothing_corrects_it_after(judged_claim, editor, editor2):
    decision = published(judged_claim, editor, editor2)
    services.correction_create(decision=decision, actor=editor2, kind="void", note="Wrong claim")
    decision.refresh_from_db()
    assert decision.state == "void"
    assert claim_state(judged_claim) == "void"
    assert not Decision.objects.public().exists()
    with pytest.raises(services.DecisionStateConflict):
        services.correction_create(decision=decision, actor=editor2, kind="clarification", note="More")
    assert Correction.objects.get().new_values == {"state": "void"}


def test_drafts_are_not_corrected_and_reviewers_do_not_correct(judged_claim, editor, editor2, reviewer):
    decision = draft(judged_claim, editor)
    with pytest.raises(services.DecisionStateConflict):
        services.correction_create(decision=decision, actor=editor, kind="clarification", note="n")
    decision = services.decision_publish(decision=decision, actor=editor2, expected_version=1)
    with pytest.raises(PermissionDenied):
        services.correction_create(decision=decision, actor=reviewer, kind="clarification", note="n")


def test_reviewer_verdicts_stay_as_they_are(judged_claim, editor, editor2):
    published(judged_claim, editor, editor2)
    claim = Claim.objects.get(pk=judged_claim.pk)
    assert claim.status == "conflict"
    assert sorted(claim.verdicts.values_list("label", flat=True)) == ["confirmed", "disputed"]


def test_four_eyes_whoever_rewrites_a_draft_becomes_its_decider_and_cannot_publish_it(judged_claim, editor, editor2):
    decision = draft(judged_claim, editor)
    decision = services.decision_update(
        decision=decision, actor=editor2, expected_version=decision.version, explanation="Rewritten by Eddie."
    )
    assert decision.decided_by == editor2
    with pytest.raises(PermissionDenied, match="Four-eyes"):
        services.decision_publish(decision=decision, actor=editor2, expected_version=decision.version)
    published_decision = services.decision_publish(decision=decision, actor=editor, expected_version=decision.version)
    assert (published_decision.state, published_decision.published_by) == ("published", editor)


def test_an_unchanged_save_keeps_the_decider(judged_claim, editor, editor2):
    decision = draft(judged_claim, editor)
    same = services.decision_update(
        decision=decision, actor=editor2, expected_version=decision.version, explanation=decision.explanation
    )
    assert same.decided_by == editor and same.version == decision.version
