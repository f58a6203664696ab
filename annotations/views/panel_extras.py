"""What the claim panel shows beyond the claim and the verdicts: the discussion thread (and, once
decisions land, the editor's decision box). ``reader.panel_context`` merges this in, so the reader
module needs one line for all of it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .. import services
from ..forms_decisions import CommentEditForm, CommentForm
from ..models import Claim, Comment, Membership, Project


def comments_context(
    request: HttpRequest,
    membership: Membership,
    claim: Claim,
    *,
    comment_form: CommentForm | None = None,
    comment_edit: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The claim's thread (1 query), each comment with what the user may do to it."""
    comments = list(Comment.objects.on_claim(claim).select_related("deleted_by"))
    for comment in comments:
        comment.can_edit = services.can_edit_comment(request.user, comment, membership=membership)
        comment.can_delete = services.can_delete_comment(request.user, comment, membership=membership)
        if comment_edit and comment_edit["id"] == comment.pk:
            comment.edit_form = comment_edit["form"]
            comment.edit_conflict = comment_edit.get("conflict")
            comment.edit_open = True
        elif comment.can_edit:
            comment.edit_form = CommentEditForm(
                initial={"body": comment.body, "version": comment.version}, comment_id=comment.pk
            )
    return {"comments": comments, "comment_form": comment_form or CommentForm()}


def extra_panel_context(
    request: HttpRequest, project: Project, membership: Membership, claim: Claim, **extra: Any
) -> dict[str, Any]:
    """Context for the panel's include templates (``_comments.html``, ``_decision_box.html``)."""
    return comments_context(
        request, membership, claim, comment_form=extra.get("comment_form"), comment_edit=extra.get("comment_edit")
    )
