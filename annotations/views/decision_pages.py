"""Project pages of the editorial workflow: the editors' Decisions desk, the Corrections feed, the
Methodology page and the admins' Rating scale page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from .. import services
from ..forms import add_service_errors
from ..forms_decisions import EditorialSettingsForm, RatingItemForm
from ..models import Claim, ClaimStatus, Correction, Label, Membership, Project, RatingItem, Role, Verdict
from ..services.rating_order import rating_move
from .common import member_project

PER_PAGE = 50

# The tabs of the Decisions page: (key, title, what it lists).
TABS = [
    ("conflicts", "Conflicts", "Reviewers disagree and no decision is published yet."),
    ("ready", "Ready to decide", "Reviewers agree and nobody has drafted a decision."),
    ("drafts", "Drafts awaiting publication", "Drafted decisions that another editor should publish."),
    ("published", "Published", "Rulings the desk has published (including withdrawn ones)."),
    ("due", "Due for re-review", "Published rulings whose review date has come."),
]
AGREED = [ClaimStatus.CONFIRMED, ClaimStatus.DISPUTED, ClaimStatus.UNVERIFIED]


def tab_filters() -> dict[str, Q]:
    """The condition on claims for each tab (also used to count them in one query)."""
    today = timezone.localdate()
    return {
        "conflicts": Q(status=ClaimStatus.CONFLICT, decision_state__in=["none", "draft"]),
        "ready": Q(status__in=AGREED, decision_state="none"),
        "drafts": Q(decision_state="draft"),
        "published": Q(decision_state__in=["published", "void"]),
        "due": Q(decision_state="published", decision__review_due__lte=today),
    }


def claims_with_verdicts(queryset: QuerySet[Claim]) -> QuerySet[Claim]:
    """Claims with their verdicts (and reviewers) prefetched: one query for a whole page."""
    return queryset.prefetch_related(
        Prefetch("verdicts", queryset=Verdict.objects.select_related("reviewer").order_by("reviewer__username"))
    )


def _require_editor(membership: Membership) -> None:
    if not membership.has_role(Role.EDITOR):
        raise PermissionDenied("The decisions desk is for editors and admins.")


def _require_admin(membership: Membership) -> None:
    if not membership.has_role(Role.ADMIN):
        raise PermissionDenied("Only the project's admins edit its rating scale.")


@login_required
def decisions_desk(request: HttpRequest, slug: str) -> HttpResponse:
    """Claims across the project's articles that need (or have) a desk decision, by tab, 50 a page."""
    project, membership = member_project(request, slug)
    _require_editor(membership)
    filters = tab_filters()
    tab = request.GET.get("tab") or "conflicts"
    status = 200
    if tab not in filters:
        tab, status = "conflicts", 400
    claims = Claim.objects.in_project(project)
    counts = claims.aggregate(**{key: Count("id", filter=condition) for key, condition in filters.items()})  # 1 query
    order = ["decision__review_due", "id"] if tab == "due" else ["-article__created_at", "article_id", "start", "id"]
    listed = claims_with_verdicts(claims.filter(filters[tab]).select_related("article", "decision__rating")).order_by(
        *order
    )
    page = Paginator(listed, PER_PAGE).get_page(request.GET.get("page"))  # count + page + verdicts
    context = {
        "project": project,
        "membership": membership,
        "tabs": [(key, title, help_text, counts[key]) for key, title, help_text in TABS],
        "tab": tab,
        "page": page,
    }
    return render(request, "annotations/decisions_desk.html", context, status=status)


@login_required
def corrections_feed(request: HttpRequest, slug: str) -> HttpResponse:
    """Every public correction of the project's decisions, newest first (every member)."""
    project, membership = member_project(request, slug)
    corrections = (
        Correction.objects.filter(project=project)
        .select_related("author", "decision", "decision__rating", "decision__claim", "decision__claim__article")
        .order_by("-created_at", "-id")
    )
    page = Paginator(corrections, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "annotations/corrections_feed.html",
        {"project": project, "membership": membership, "page": page},
    )


SETTINGS_FIELDS = ("corrections_policy", "rereview_days", "four_eyes", "public_base_url")


@login_required
@require_http_methods(["GET", "POST"])
def methodology(request: HttpRequest, slug: str) -> HttpResponse:
    """The desk's rating scale with descriptions, its decision rules and its corrections policy; admins
    also change the editorial settings here."""
    project, membership = member_project(request, slug)
    is_admin = membership.has_role(Role.ADMIN)
    form = None
    status = 200
    if request.method == "POST":
        _require_admin(membership)
        form = EditorialSettingsForm(request.POST)
        if form.is_valid():
            try:
                services.project_update(
                    project=project, actor=request.user, **{k: form.cleaned_data[k] for k in SETTINGS_FIELDS}
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, "Editorial settings saved.")
                return redirect("methodology", slug=project.slug)
        status = 400
    if is_admin and form is None:
        form = EditorialSettingsForm(initial={k: getattr(project, k) for k in SETTINGS_FIELDS})
    ratings = list(RatingItem.objects.filter(project=project).order_by("order", "id"))
    context = {
        "project": project,
        "membership": membership,
        "ratings": [r for r in ratings if not r.retired],
        "retired": [r for r in ratings if r.retired],
        "is_admin": is_admin,
        "settings_form": form,
    }
    return render(request, "annotations/methodology.html", context, status=status)


def _scale_page(request: HttpRequest, project: Project, membership: Membership, **extra: Any) -> HttpResponse:
    status = extra.pop("status", 200)
    ratings = list(
        RatingItem.objects.filter(project=project).annotate(decision_count=Count("decisions")).order_by("order", "id")
    )
    edit = extra.pop("edit", None)
    for rating in ratings:  # the ignores: a per-row form for the template, not a model field
        if edit is not None and edit.prefix == f"r{rating.pk}":
            rating.form = edit  # type: ignore[attr-defined]
        else:
            rating.form = RatingItemForm(instance_values=rating, prefix=f"r{rating.pk}")  # type: ignore[attr-defined]
    context = {
        "project": project,
        "membership": membership,
        "ratings": ratings,
        "add_form": extra.pop("add_form", None) or RatingItemForm(prefix="new"),
        "verdicts": Label.choices,
        **extra,
    }
    return render(request, "annotations/rating_scale.html", context, status=status)


def _rating_fields(form: RatingItemForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {k: data[k] for k in ("name", "verdict", "value", "description", "retired")}


@login_required
@require_http_methods(["GET", "POST"])
def rating_scale(request: HttpRequest, slug: str) -> HttpResponse:
    """The project's rating scale (admins): list, add."""
    project, membership = member_project(request, slug)
    _require_admin(membership)
    if request.method == "GET":
        return _scale_page(request, project, membership)
    form = RatingItemForm(request.POST, prefix="new")
    if form.is_valid():
        try:
            rating = services.rating_create(project=project, actor=request.user, **_rating_fields(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Added “{rating.name}” to the scale.")
            return redirect("rating_scale", slug=project.slug)
    return _scale_page(request, project, membership, add_form=form, status=400)


def _rating(project: Project, rating_id: int) -> RatingItem:
    return get_object_or_404(RatingItem.objects.filter(project=project), pk=rating_id)


@login_required
@require_POST
def rating_change(request: HttpRequest, slug: str, rating_id: int) -> HttpResponse:
    """Change one item of the scale (admins)."""
    project, membership = member_project(request, slug)
    _require_admin(membership)
    rating = _rating(project, rating_id)
    form = RatingItemForm(request.POST, prefix=f"r{rating.pk}")
    if form.is_valid():
        try:
            services.rating_update(rating=rating, actor=request.user, **_rating_fields(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Saved “{form.cleaned_data['name']}”.")
            return redirect("rating_scale", slug=project.slug)
    return _scale_page(request, project, membership, edit=form, status=400)


@login_required
@require_POST
def rating_remove(request: HttpRequest, slug: str, rating_id: int) -> HttpResponse:
    """Delete an item of the scale (admins); refused with the reason while decisions use it."""
    project, membership = member_project(request, slug)
    _require_admin(membership)
    rating = _rating(project, rating_id)
    try:
        services.rating_delete(rating=rating, actor=request.user)
    except ValidationError as exc:
        return _scale_page(
            request,
            project,
            membership,
            errors=[f"“{rating.name}” was not deleted. {m}" for m in exc.messages],
            status=400,
        )
    messages.success(request, f"Deleted “{rating.name}” from the scale.")
    return redirect("rating_scale", slug=project.slug)


@login_required
@require_POST
def rating_reorder(request: HttpRequest, slug: str, rating_id: int) -> HttpResponse:
    """Move an item one place up or down the scale (admins)."""
    project, membership = member_project(request, slug)
    _require_admin(membership)
    rating = _rating(project, rating_id)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        return _scale_page(request, project, membership, errors=["Choose up or down."], status=400)
    rating_move(rating=rating, actor=request.user, direction=direction)
    return redirect("rating_scale", slug=project.slug)
