"""Every create, update and delete of a claim or verdict leaves an append-only history record."""

from __future__ import annotations

import pytest

from annotations import services
from annotations.models import HistoryEvent, Verdict


def events(claim_id):
    return [(e.entity, e.action, e.actor_username) for e in HistoryEvent.objects.for_claim(claim_id)]


def test_verdict_create_update_delete_are_recorded_with_old_and_new_values(claim, reviewer):
    verdict = services.verdict_create(claim=claim, reviewer=reviewer, label="unverified")
    services.verdict_update(verdict=verdict, actor=reviewer, expected_version=1, label="confirmed", rationale="Log")
    services.verdict_delete(verdict=verdict, actor=reviewer, expected_version=2)
    assert events(claim.pk) == [
        ("claim", "create", "rita-reviewer"),
        ("verdict", "create", "rita-reviewer"),
        ("verdict", "update", "rita-reviewer"),
        ("verdict", "delete", "rita-reviewer"),
    ]
    update = HistoryEvent.objects.get(verdict_id=verdict.pk, action="update")
    assert update.before["label"] == "unverified" and update.after["label"] == "confirmed"
    assert ("label", "unverified", "confirmed") in update.changes
    deletion = HistoryEvent.objects.get(verdict_id=verdict.pk, action="delete")
    assert deletion.before["rationale"] == "Log" and deletion.after is None and deletion.version == 2


def test_claim_update_and_editor_delete_are_recorded(claim, reviewer, reviewer2, editor):
    services.claim_update(claim=claim, actor=reviewer, expected_version=1, statement="1,200 containers moved")
    services.verdict_create(claim=claim, reviewer=reviewer2, label="unverified")
    services.claim_delete(claim=claim, actor=editor, expected_version=2)
    assert events(claim.pk)[-3:] == [
        ("verdict", "create", "rob-reviewer"),
        ("verdict", "delete", "erin-editor"),
        ("claim", "delete", "erin-editor"),
    ]
    update = HistoryEvent.objects.get(claim_id=claim.pk, entity="claim", action="update")
    assert update.changes == [("statement", "", "1,200 containers moved")]


def test_reviewer_cannot_delete_a_claim_someone_else_has_reviewed(claim, reviewer, reviewer2):
    from django.core.exceptions import PermissionDenied

    services.verdict_create(claim=claim, reviewer=reviewer2, label="unverified")
    with pytest.raises(PermissionDenied):
        services.claim_delete(claim=claim, actor=reviewer, expected_version=None)


def test_stale_claim_edit_is_refused(claim, reviewer, editor):
    services.claim_update(claim=claim, actor=editor, expected_version=1, claimant="Port authority")
    with pytest.raises(services.VersionConflict):
        services.claim_update(claim=claim, actor=reviewer, expected_version=1, claimant="Union")
    claim.refresh_from_db()
    assert claim.claimant == "Port authority"


def test_unchanged_update_records_nothing(claim, reviewer):
    before = HistoryEvent.objects.count()
    services.claim_update(claim=claim, actor=reviewer, expected_version=1, statement="")
    assert HistoryEvent.objects.count() == before


def test_history_records_cannot_be_changed_or_deleted(claim):
    event = HistoryEvent.objects.for_claim(claim.pk).first()
    event.actor_username = "someone-else"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()


def test_article_delete_leaves_tombstones_for_everything_in_it(article, claim, reviewer, editor):
    verdict = services.verdict_create(claim=claim, reviewer=reviewer, label="unverified")
    article_id, claim_id, verdict_id = article.pk, claim.pk, verdict.pk
    services.article_delete(article=article, actor=editor)
    tombstones = {(e.entity, e.article_id, e.claim_id, e.verdict_id) for e in HistoryEvent.objects.deletions()}
    assert tombstones == {
        ("verdict", article_id, claim_id, verdict_id),
        ("claim", article_id, claim_id, None),
        ("article", article_id, None, None),
    }
    assert not Verdict.objects.filter(pk=verdict_id).exists()
