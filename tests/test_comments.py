"""Claim discussion: who may post, edit and delete comments, the 15-minute window, history, scoping."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from annotations import services
from annotations.models import Comment, HistoryEvent


def later(minutes: float):
    """Freeze the clock ``minutes`` from now (patching Django's clock, which the services read)."""
    return mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(minutes=minutes))


def test_a_member_posts_a_comment_and_it_is_in_the_history(claim, reviewer2):
    comment = services.comment_create(claim=claim, author=reviewer2, body="  The port log says 1,100.\r\n ")
    assert comment.body == "The port log says 1,100."
    assert comment.project_id == claim.project_id
    assert comment.author_username == "rob-reviewer"
    [event] = HistoryEvent.objects.filter(entity="comment")
    assert (event.action, event.claim_id, event.actor, event.version) == ("create", claim.pk, reviewer2, 1)
    assert event.after["body"] == "The port log says 1,100."


def test_an_outsider_cannot_post(claim, outsider):
    with pytest.raises(PermissionDenied):
        services.comment_create(claim=claim, author=outsider, body="hello")
    assert not Comment.objects.exists()


@pytest.mark.parametrize("body", ["", "   \n ", "x" * 20_001, "nul\x00here", 12])
def test_empty_too_long_or_unstorable_bodies_are_refused(claim, reviewer, body):
    with pytest.raises(ValidationError) as exc:
        services.comment_create(claim=claim, author=reviewer, body=body)
    assert "body" in exc.value.message_dict


def test_the_longest_allowed_comment_is_20000_characters(claim, reviewer):
    assert len(services.comment_create(claim=claim, author=reviewer, body="x" * 20_000).body) == 20_000


def test_the_author_edits_within_15_minutes_and_the_history_keeps_both_texts(claim, reviewer):
    comment = services.comment_create(claim=claim, author=reviewer, body="First thought")
    with later(14):
        edited = services.comment_update(comment=comment, actor=reviewer, expected_version=1, body="Second thought")
    assert (edited.body, edited.version) == ("Second thought", 2)
    assert edited.edited_at is not None
    event = HistoryEvent.objects.get(entity="comment", action="update")
    assert (event.before["body"], event.after["body"], event.version) == ("First thought", "Second thought", 2)


def test_the_author_cannot_edit_or_delete_after_15_minutes(claim, reviewer):
    comment = services.comment_create(claim=claim, author=reviewer, body="First thought")
    with later(16):
        with pytest.raises(PermissionDenied):
            services.comment_update(comment=comment, actor=reviewer, expected_version=1, body="Too late")
        with pytest.raises(PermissionDenied):
            services.comment_delete(comment=comment, actor=reviewer, expected_version=1)
    comment.refresh_from_db()
    assert (comment.body, comment.deleted_at) == ("First thought", None)


def test_nobody_else_edits_a_comment_not_even_an_admin(claim, reviewer, reviewer2, editor, admin_user_):
    comment = services.comment_create(claim=claim, author=reviewer, body="Mine")
    for other in (reviewer2, editor, admin_user_):
        with pytest.raises(PermissionDenied):
            services.comment_update(comment=comment, actor=other, expected_version=1, body="Theirs")


def test_another_reviewer_cannot_delete_but_an_editor_can_any_time(claim, reviewer, reviewer2, editor):
    comment = services.comment_create(claim=claim, author=reviewer, body="Heated words")
    with pytest.raises(PermissionDenied):
        services.comment_delete(comment=comment, actor=reviewer2, expected_version=1)
    with later(60 * 24):
        deleted = services.comment_delete(comment=comment, actor=editor, expected_version=1)
    assert deleted.is_deleted and deleted.body == "" and deleted.deleted_by == editor
    event = HistoryEvent.objects.get(entity="comment", action="delete")
    assert event.before["body"] == "Heated words" and event.actor == editor


def test_the_author_deletes_within_the_window(claim, reviewer):
    comment = services.comment_create(claim=claim, author=reviewer, body="Oops")
    with later(5):
        services.comment_delete(comment=comment, actor=reviewer, expected_version=1)
    assert Comment.objects.get(pk=comment.pk).is_deleted


def test_a_stale_version_is_a_conflict(claim, reviewer):
    comment = services.comment_create(claim=claim, author=reviewer, body="One")
    services.comment_update(comment=comment, actor=reviewer, expected_version=1, body="Two")
    with pytest.raises(services.VersionConflict) as exc:
        services.comment_update(comment=comment, actor=reviewer, expected_version=1, body="Three")
    assert exc.value.current.body == "Two"


def test_a_deleted_comment_cannot_be_deleted_again_or_edited(claim, reviewer, editor):
    comment = services.comment_create(claim=claim, author=reviewer, body="Gone soon")
    services.comment_delete(comment=comment, actor=editor, expected_version=1)
    with pytest.raises(services.VersionConflict):
        services.comment_delete(comment=comment, actor=editor, expected_version=None)
    with pytest.raises(PermissionDenied):
        services.comment_update(comment=comment, actor=reviewer, expected_version=None, body="Back")


def test_comments_are_scoped_to_members(claim, reviewer, outsider):
    services.comment_create(claim=claim, author=reviewer, body="Members only")
    assert Comment.objects.for_user(reviewer).count() == 1
    assert Comment.objects.for_user(outsider).count() == 0
