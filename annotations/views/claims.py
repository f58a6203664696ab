"""The Claims page: every claim of a project across its articles, filtered, sorted and paged."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..filters import ClaimPageFilter
from ..models import Claim, ClaimDecisionState, ClaimStatus, Label, Membership, Role, Verdict
from .common import member_project

CLAIMS_PER_PAGE = 50
SORTS = [
    ("-changed", "Last change, newest first"),
    ("changed", "Last change, oldest first"),
    ("-created", "Newest claims first"),
    ("created", "Oldest claims first"),
    ("status", "Status"),
    ("claimant", "Claimant"),
    ("article", "Article"),
]


@login_required
def claim_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Every claim of the project with my verdict; filters by status, label, reviewer, claimant, text."""
    project, membership = member_project(request, slug)  # 1 query
    mine = Verdict.objects.filter(claim=OuterRef("pk"), reviewer_id=request.user.pk).values("label")[:1]
    claims = (
        Claim.objects.in_project(project)
        .select_related("article")
        .only(
            "id",
            "quote",
            "statement",
            "claimant",
            "status",
            "updated_at",
            "created_at",
            "decision_state",
            "article_id",
            "article__title",
            "article__language",
        )
        .annotate(my_label=Subquery(mine))
        .with_visible_status(request.user)  # blind review: "hidden" until the caller gave a verdict
        .order_by("-updated_at", "-id")
    )
    query = request.GET.copy()
    if not query.get("sort"):
        query["sort"] = "-changed"
    filterset = ClaimPageFilter(query, queryset=claims, request=request)
    status = 200 if filterset.is_valid() else 400
    rows = filterset.qs if status == 200 else claims.none()
    # Sorting by a non-unique column: the id keeps pages stable.
    rows = rows.order_by(*rows.query.order_by, "-id") if rows.query.order_by else rows
    page = Paginator(rows, CLAIMS_PER_PAGE).get_page(request.GET.get("page"))  # 1 count + 1 page query
    reviewers = Membership.objects.filter(project=project).values_list("user__username", flat=True)  # 1 query
    query.pop("page", None)
    context = {
        "project": project,
        "membership": membership,
        "filter_form": filterset.form,
        "page": page,
        "statuses": ClaimStatus.choices,
        "labels": Label.choices,
        "sorts": SORTS,
        "reviewers": sorted(reviewers),
        # Reviewers read only their own assignments: the "Assigned to" choice offers just themselves.
        "assignees": sorted(reviewers) if membership.has_role(Role.EDITOR) else [request.user.get_username()],
        "decision_states": ClaimDecisionState.choices,
        "query_string": query.urlencode(),
        "current": {
            key: request.GET.get(key, "")
            for key in ("status", "label", "reviewer", "assigned", "decision_state", "claimant", "search")
        },
        "sort": query.get("sort"),
        "article_filter": request.GET.get("article", ""),
    }
    return render(request, "annotations/claim_list.html", context, status=status)
