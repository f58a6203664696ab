"""The claim discussion in the reader's panel: post, edit (author, 15 minutes), delete.

Like the other panel forms these work without JavaScript and are sent with ``fetch`` by app.js when
it runs. A refused or stale save re-renders the panel with what was typed still in the form.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from .. import services
from ..forms import VersionForm, add_service_errors
from ..forms_decisions import CommentEditForm, CommentForm
from ..models import Claim, Comment, Project
from .common import member_project
from .reader import claim_gone, claim_url, render_reader


def _comment(project: Project, comment_id: int) -> Comment:
    return get_object_or_404(
        Comment.objects.filter(project=project).select_related("claim", "claim__article"), pk=comment_id
    )


def _thread_url(claim: Claim, project: Project) -> str:
    return claim_url(claim, project).replace("#claim-panel", "#comments")


@login_required
@require_POST
def comment_create(request: HttpRequest, slug: str, claim_id: int) -> HttpResponse:
    """Post a comment on a claim (any member)."""
    project, membership = member_project(request, slug)
    claim = get_object_or_404(Claim.objects.in_project(project).select_related("article"), pk=claim_id)
    form = CommentForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.comment_create(claim=claim, author=request.user, body=form.cleaned_data["body"])
        except Claim.DoesNotExist:
            return claim_gone(request, project, claim, form.cleaned_data["body"])
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            status = 403
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Comment posted.")
            return redirect(_thread_url(claim, project))
    return render_reader(
        request, project, membership, claim.article, selected_id=claim.pk, comment_form=form, status=status
    )


@login_required
@require_POST
def comment_update(request: HttpRequest, slug: str, comment_id: int) -> HttpResponse:
    """Change the text of one's own comment (within 15 minutes of posting it)."""
    project, membership = member_project(request, slug)
    comment = _comment(project, comment_id)
    form = CommentEditForm(request.POST, comment_id=comment.pk)
    conflict = None
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.comment_update(
                comment=comment, actor=request.user, expected_version=data["version"], body=data["body"]
            )
        except services.VersionConflict as exc:
            conflict, status = exc, 409
            if exc.current is not None:
                # Keep what was typed; saving again now overwrites the stored version.
                posted = request.POST.copy()
                posted["version"] = str(exc.current.version)
                form = CommentEditForm(posted, comment_id=comment.pk)
                form.is_valid()
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            status = 403
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Comment saved.")
            return redirect(_thread_url(comment.claim, project))
    edit = {"id": comment.pk, "form": form, "conflict": conflict}
    return render_reader(
        request,
        project,
        membership,
        comment.claim.article,
        selected_id=comment.claim_id,
        comment_edit=edit,
        status=status,
    )


@login_required
@require_POST
def comment_delete(request: HttpRequest, slug: str, comment_id: int) -> HttpResponse:
    """Delete a comment: one's own within 15 minutes, or any as an editor or admin."""
    project, _membership = member_project(request, slug)
    comment = _comment(project, comment_id)
    form = VersionForm(request.POST)
    back = _thread_url(comment.claim, project)
    if not form.is_valid():
        messages.error(request, "The comment was not deleted: reload the page and try again.")
        return redirect(back)
    try:
        services.comment_delete(comment=comment, actor=request.user, expected_version=form.cleaned_data["version"])
    except services.VersionConflict:
        messages.error(request, "The comment changed or was deleted since you loaded it, so it was not deleted.")
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Comment deleted. Its text is kept in the claim history.")
    return redirect(back)
