"""Claim discussion: members comment; authors edit or delete their own for a short while; editors
and admins delete any. Every write is recorded in the history (entity ``comment``)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from verifier.lib.storable import text_problem

from ..models import COMMENT_MAX_CHARS, Claim, Comment, HistoryEvent, Membership, Role
from ..models.core import AnyUser
from .claims import _lock_claim
from .common import VersionConflict, _require_role, check_version, membership_of, normalise_line_endings, signed_in
from .history import history_record

# How long after posting its author may still change or delete a comment.
COMMENT_EDIT_WINDOW = timedelta(minutes=15)


def comment_snapshot(comment: Comment) -> dict[str, Any]:
    return {"comment": comment.pk, "author": comment.author_username, "body": comment.body}


def clean_comment_body(body: Any) -> str:
    """The comment text (line endings normalised, outer white space stripped); at most 20,000 characters."""
    if not isinstance(body, str):
        raise ValidationError({"body": ["Must be text."]})
    problem = text_problem(body)
    if problem:
        raise ValidationError({"body": [problem]})
    text = normalise_line_endings(body).strip()
    if not text:
        raise ValidationError({"body": ["Write something: a comment cannot be empty."]})
    if len(text) > COMMENT_MAX_CHARS:
        raise ValidationError({"body": [f"At most {COMMENT_MAX_CHARS:,} characters (this one has {len(text):,})."]})
    return text


def _within_window(comment: Comment) -> bool:
    return timezone.now() - comment.created_at <= COMMENT_EDIT_WINDOW


def can_edit_comment(user: AnyUser, comment: Comment, *, membership: Membership | None) -> bool:
    """The author, still a member, within 15 minutes of posting, and the comment not deleted."""
    return (
        membership is not None
        and not comment.is_deleted
        and comment.author_id is not None
        and comment.author_id == user.pk
        and _within_window(comment)
    )


def can_delete_comment(user: AnyUser, comment: Comment, *, membership: Membership | None) -> bool:
    """Editors and admins any time; the author within 15 minutes of posting."""
    if membership is None or comment.is_deleted:
        return False
    return membership.has_role(Role.EDITOR) or can_edit_comment(user, comment, membership=membership)


def _lock_comment(comment: Comment) -> Comment:
    try:
        return Comment.objects.select_for_update().select_related("claim", "project").get(pk=comment.pk)
    except Comment.DoesNotExist:
        raise VersionConflict(None, "This comment no longer exists.") from None


@transaction.atomic
def comment_create(*, claim: Claim, author: AnyUser, body: Any) -> Comment:
    """Post ``author``'s comment on ``claim`` (any member of its project)."""
    current = _lock_claim(claim)
    _require_role(author, current.project, Role.REVIEWER)
    body = clean_comment_body(body)
    comment = Comment.objects.create(
        project=current.project,
        claim=current,
        author=signed_in(author),
        author_username=author.get_username(),
        body=body,
    )
    history_record(
        project=current.project,
        entity=HistoryEvent.Entity.COMMENT,
        action=HistoryEvent.Action.CREATE,
        actor=author,
        article_id=current.article_id,
        claim_id=current.pk,
        version=comment.version,
        after=comment_snapshot(comment),
    )
    return comment


@transaction.atomic
def comment_update(*, comment: Comment, actor: AnyUser, expected_version: int | None, body: Any) -> Comment:
    """Change a comment's text: only its author, within 15 minutes of posting."""
    current = _lock_comment(comment)
    membership = membership_of(actor, current.project)
    if not can_edit_comment(actor, current, membership=membership):
        raise PermissionDenied(
            "Only the author may change a comment, within 15 minutes of posting it; post a new comment instead."
        )
    check_version(current, expected_version)
    body = clean_comment_body(body)
    if body == current.body:
        return current
    before = comment_snapshot(current)
    current.body = body
    current.version += 1
    current.edited_at = timezone.now()
    current.save()
    history_record(
        project=current.project,
        entity=HistoryEvent.Entity.COMMENT,
        action=HistoryEvent.Action.UPDATE,
        actor=actor,
        article_id=current.claim.article_id,
        claim_id=current.claim_id,
        version=current.version,
        before=before,
        after=comment_snapshot(current),
    )
    return current


@transaction.atomic
def comment_delete(*, comment: Comment, actor: AnyUser, expected_version: int | None) -> Comment:
    """Delete a comment (its author within 15 minutes, or an editor/admin): the thread keeps a
    tombstone, the history keeps the text."""
    current = _lock_comment(comment)
    if current.is_deleted:
        raise VersionConflict(None, "This comment was already deleted.")
    membership = membership_of(actor, current.project)
    if not can_delete_comment(actor, current, membership=membership):
        raise PermissionDenied(
            "Only an editor or an admin may delete this comment (its author may, within 15 minutes of posting)."
        )
    check_version(current, expected_version)
    before = comment_snapshot(current)
    current.body = ""
    current.version += 1
    current.deleted_at = timezone.now()
    current.deleted_by = signed_in(actor)
    current.save()
    history_record(
        project=current.project,
        entity=HistoryEvent.Entity.COMMENT,
        action=HistoryEvent.Action.DELETE,
        actor=actor,
        article_id=current.claim.article_id,
        claim_id=current.claim_id,
        version=current.version,
        before=before,
    )
    return current
