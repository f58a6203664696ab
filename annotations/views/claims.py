"""The Claims page: every claim of a project across its articles, filtered, sorted and paged."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.timezone import localtime

from ..filters import ClaimPageFilter
from ..models import Claim, ClaimDecisionState, ClaimStatus, Label, Membership, Project, Role, Verdict
from ..templatetags.reader import status_icon, status_label
from .common import id_url, member_project
from .paging import CappedPaginator

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


DECISION_LABELS = dict(ClaimDecisionState.choices)
# One row of the claims table. Built by format_html (every value escaped) once per row: as template
# tags, filters and tests, the 50 rows cost most of the page's time.
CLAIM_ROW = """  <tr>
    <td data-label="Quote"><a href="{url}" dir="auto"{lang}>{quote}</a></td>
    <td data-label="Statement" dir="auto">{statement}</td>
    <td data-label="Claimant"><bdi>{claimant}</bdi></td>
    <td data-label="Article"><bdi>{title}</bdi></td>
    <td data-label="Status"><span class="badge st-{status}">{status_icon} {status_label}</span></td>
    <td data-label="My verdict">{mine}</td>
    <td data-label="Decision">{decision}</td>
    <td data-label="Last change"><time datetime="{changed_iso}">{changed}</time></td>
  </tr>
"""
NO_VERDICT = mark_safe('<span class="muted">none yet</span>')


def claim_row(claim: Claim, url: str) -> SafeString:
    """The table row of ``claim`` (from the page's queryset: ``shown_status``, ``my_label``, its article)."""
    shown, mine, changed = claim.shown_status, claim.my_label, localtime(claim.updated_at)  # type: ignore[attr-defined]  # annotations
    language = claim.article.language
    state = claim.decision_state
    state_label = DECISION_LABELS.get(state, state)
    return format_html(
        CLAIM_ROW,
        url=url,
        lang=format_html(' lang="{}"', language) if language else "",
        quote=str(claim),
        statement=claim.statement or "—",
        claimant=claim.claimant or "—",
        title=claim.article.title,
        status=shown,
        status_icon=status_icon(shown),
        status_label=status_label(shown),
        mine=format_html('<span class="badge st-{}">{} {}</span>', mine, status_icon(mine), capfirst(mine))
        if mine
        else NO_VERDICT,
        decision=format_html('<span class="muted">{}</span>', state_label)
        if state == ClaimDecisionState.NONE
        else format_html('<span class="badge dec-{}">{}</span>', state, state_label),
        changed_iso=date_format(changed, "c"),
        changed=date_format(changed, "j M Y H:i"),
    )


def claim_rows(claims: Iterable[Claim], project: Project) -> SafeString:
    """The rows of the page's claims, each linking to the claim in the reader."""
    article_url = id_url("article_detail", project.slug)
    rows = (claim_row(c, f"{article_url(c.article_id)}?claim={c.pk}#claim-panel") for c in claims)
    return mark_safe("".join(rows))  # every row is format_html output


@login_required
def claim_list(request: HttpRequest, slug: str) -> HttpResponse:
    """Every claim of the project with my verdict; filters by status, label, reviewer, claimant, text."""
    project, membership = member_project(request, slug, all_memberships=True)  # 1 query, all my memberships
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
    page = CappedPaginator(rows, CLAIMS_PER_PAGE).get_page(request.GET.get("page"))  # 1 count + 1 page query
    reviewers = Membership.objects.filter(project=project).values_list("user__username", flat=True)  # 1 query
    query.pop("page", None)
    context = {
        "project": project,
        "membership": membership,
        "filter_form": filterset.form,
        "page": page,
        "rows": claim_rows(page.object_list, project),
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
