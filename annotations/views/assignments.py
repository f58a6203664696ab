"""Assignments in the browser: bulk assign, assign from the article page, take next, mark done."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .. import services
from ..desk_forms import AssignForm
from ..models import Article, Assignment, Membership, Project, Role
from .common import member_project


def reviewer_choices(project: Project) -> list[tuple[int, str]]:
    """Every member may be assigned work (editors review too), by username."""
    members = Membership.objects.filter(project=project).select_related("user").order_by("user__username")
    return [(m.user_id, m.user.get_username()) for m in members]


def _back(request: HttpRequest, project: Project) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(project.get_absolute_url())


@login_required
@require_POST
def assign(request: HttpRequest, slug: str) -> HttpResponse:
    """Assign the selected articles to the selected reviewers (editors and admins)."""
    project, membership = member_project(request, slug)
    if not membership.has_role(Role.EDITOR):
        raise PermissionDenied("Only editors and admins assign work.")
    ids = [int(v) for v in request.POST.getlist("articles") if v.isdigit()]
    articles = list(Article.objects.in_project(project).filter(pk__in=ids).only("id", "title", "project_id"))
    form = AssignForm(request.POST, articles=[(a.pk, a.title) for a in articles], reviewers=reviewer_choices(project))
    if not form.is_valid():
        for field, errors in form.errors.items():
            name = "Select at least one article" if field == "articles" else field.replace("_", " ").capitalize()
            messages.error(request, f"Nothing assigned. {name}: {' '.join(str(e) for e in errors)}")
        return _back(request, project)
    User = get_user_model()
    reviewers = list(User.objects.filter(pk__in=form.cleaned_data["reviewers"]).order_by("username"))
    chosen = [a for a in articles if a.pk in set(form.cleaned_data["articles"])]
    try:
        created, skipped = services.assignment_bulk_create(
            project=project,
            articles=chosen,
            reviewers=reviewers,
            actor=request.user,
            due_date=form.cleaned_data["due_date"],
        )
    except ValidationError as exc:
        messages.error(request, "Nothing assigned: " + " ".join(exc.messages))
        return _back(request, project)
    if created:
        messages.success(request, f"{len(created)} assignment{'s' if len(created) != 1 else ''} made.")
    for message in skipped:
        messages.info(request, message)
    return _back(request, project)


def _assignment(project: Project, pk: int) -> Assignment:
    return get_object_or_404(Assignment.objects.filter(project=project).select_related("project", "article"), pk=pk)


@login_required
@require_POST
def assignment_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project, _ = member_project(request, slug)
    assignment = _assignment(project, pk)
    services.assignment_delete(assignment=assignment, actor=request.user)
    messages.success(request, "Assignment withdrawn.")
    return _back(request, project)


@login_required
@require_POST
def assignment_done(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    project, _ = member_project(request, slug)
    assignment = _assignment(project, pk)
    done = request.POST.get("done", "1") != "0"
    services.assignment_complete(assignment=assignment, actor=request.user, done=done)
    messages.success(request, "Marked done." if done else "Opened again.")
    return _back(request, project)


@login_required
@require_POST
def take_next(request: HttpRequest, slug: str) -> HttpResponse:
    """Hand the user the next unassigned article and open it."""
    project, _ = member_project(request, slug)
    assignment = services.assignment_take_next(project=project, reviewer=request.user)
    if assignment is None:
        messages.info(request, "Nothing left to take: every article has its reviewers.")
        return redirect(project.get_absolute_url())
    messages.success(request, f"“{assignment.article.title}” is now assigned to you.")
    return redirect(reverse("article_detail", args=[project.slug, assignment.article_id]))
