"""Home, the project page and project membership administration."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from .. import services
from ..desk_forms import InviteForm
from ..filters import ArticleFilter
from ..forms import MemberAddForm, MemberRoleForm, add_service_errors
from ..models import HIDDEN, Article, Assignment, Claim, ClaimStatus, Invitation, Membership, Project, Role
from ..templatetags.reader import status_icon
from .assignments import reviewer_choices
from .common import id_url, member_project
from .paging import CappedPaginator

ARTICLES_PER_PAGE = 25


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The user's projects with their progress."""
    projects = list(Project.objects.for_user(request.user).with_progress(user=request.user))
    for project in projects:
        # The ignores below: with_progress() annotations and per-row template attributes, not model fields.
        # A claim leaves "needs review" with its first verdict; blind review hides some statuses.
        project.reviewed_count = project.claim_count - project.needs_review_count - project.hidden_count  # type: ignore[attr-defined]
        project.reviewed_percent = (  # type: ignore[attr-defined]
            round(100 * project.reviewed_count / project.claim_count) if project.claim_count else 0  # type: ignore[attr-defined]
        )
    my_work = list(Assignment.objects.my_work(request.user))  # 1 query
    return render(request, "annotations/home.html", {"projects": projects, "my_work": my_work})


@login_required
def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Articles of a project: search, filter by claim status, counts by status, pages."""
    project, membership = member_project(request, slug, all_memberships=True)
    # A list per article (to_attr): ``article.assignments.all`` built a queryset for every row.
    assignments = Prefetch(
        "assignments", queryset=Assignment.objects.select_related("reviewer").order_by("id"), to_attr="assignment_list"
    )
    articles = Article.objects.in_project(project).defer("body")
    articles = articles.prefetch_related(assignments).order_by("-created_at", "-id")
    filterset = ArticleFilter(request.GET, queryset=articles, request=request)
    status = 200
    if not filterset.is_valid():
        status = 400
    page = CappedPaginator(filterset.qs, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "project": project,
        "membership": membership,
        "filter_form": filterset.form,
        "page": page,
        # 1 query: the page's claims counted by status
        "rows": article_rows(page.object_list, project, request.user, selectable=membership.has_role(Role.EDITOR)),
        "statuses": ClaimStatus.choices,
        "query_string": query.urlencode(),
        "is_editor": membership.has_role(Role.EDITOR),
        "my_work": list(Assignment.objects.my_work(request.user).filter(project=project)),  # 1 query
        "exports": export_links(project, filterset.form.cleaned_data if status == 200 else {}),
    }
    if context["is_editor"]:
        context["reviewers"] = reviewer_choices(project)  # 1 query
    return render(request, "annotations/project_detail.html", context, status=status)


# The status badges of an article row: (status, what the badge says after the count).
ROW_BADGES = [(status.value, str(status.label).lower()) for status in ClaimStatus]
BADGE_LINK = '<a class="badge st-{}" href="{}">{} {} {}</a>'


ARTICLE_ROW = """  <tr>
    {select}<td><a href="{url}" dir="auto">{title}</a></td>
    <td>{source}</td>
    <td>{assigned}</td>
    <td>{claims}</td>
    <td class="counts">
      {badges}
    </td>
  </tr>
"""
SELECT_CELL = (
    '<td><input type="checkbox" name="articles" value="{pk}" id="select-{pk}">'
    '<label class="sr-only" for="select-{pk}">Select {title}</label></td>'
)
NOBODY = mark_safe('<span class="muted">—</span>')


def article_rows(articles: Any, project: Project, user: Any, *, selectable: bool) -> SafeString:
    """The table rows of the page's articles, built here (every value escaped by ``format_html``) rather than
    by a template loop whose tags, filters and tests per row cost more than the rest of the page; the claim
    counts by status come from one grouped query (``Claim.objects.status_counts_by_article``), with
    ``hidden`` for the claims blind review hides from ``user``; ``selectable`` adds the editors' checkbox.
    """
    article_url = id_url("article_detail", project.slug)
    claims_page = reverse("claim_list", args=[project.slug])
    articles = list(articles)
    by_article = Claim.objects.status_counts_by_article([a.pk for a in articles], user)  # 1 query
    rows = []
    for article in articles:
        counts = by_article[article.pk]
        claim_count = sum(counts.values())
        claims_url = f"{claims_page}?article={article.pk}"
        badges = [
            format_html(BADGE_LINK, status, f"{claims_url}&status={status}", status_icon(status), count, text)
            for status, text in ROW_BADGES
            if (count := counts.get(status))
        ]
        if hidden := counts.get(HIDDEN):
            badges.append(
                format_html(
                    '<span class="badge st-{}">{} {} hidden until you review</span>',
                    HIDDEN,
                    status_icon(HIDDEN),
                    hidden,
                )
            )
        assigned = [
            format_html("{}{}", a.reviewer.username, " ✓" if a.done_at else "") for a in article.assignment_list
        ]
        rows.append(
            format_html(
                ARTICLE_ROW,
                select=format_html(SELECT_CELL, pk=article.pk, title=article.title) if selectable else "",
                url=article_url(article.pk),
                title=article.title,
                source=article.source or "—",
                assigned=mark_safe(", ".join(assigned)) if assigned else NOBODY,  # format_html output
                claims=format_html('<a href="{}">{}</a>', claims_url, claim_count) if claim_count else 0,
                badges=mark_safe("\n      ".join(badges)),  # every badge is format_html output
            )
        )
    return mark_safe("".join(rows))  # every row is format_html output


# The ``format`` values of /api/v1/export/verdicts/ (its API contract), as the menu names them.
EXPORT_FORMATS = [
    ("jsonl", "JSON Lines, one claim per line"),
    ("json", "JSON, one array of claims"),
    ("csv", "CSV, one row per verdict"),
    ("claimreview", "schema.org ClaimReview (settled claims)"),
    ("webannotation", "W3C Web Annotation, one per verdict"),
    ("fever", "FEVER-style JSON Lines, one per verdict"),
]


def export_links(project: Project, filters: dict) -> list[tuple[str, str]]:
    """The export API for this project in every format, carrying the page's claim-status filter."""
    from urllib.parse import urlencode

    base = reverse("export_verdicts")
    query = {"project": project.pk}
    if filters.get("status"):
        query["status"] = filters["status"]
    return [(label, f"{base}?{urlencode({'format': name, **query})}") for name, label in EXPORT_FORMATS]


def _members_page(request: HttpRequest, project: Project, membership: Membership, **extra: Any) -> HttpResponse:
    status = extra.pop("status", 200)
    members = list(Membership.objects.filter(project=project).select_related("user").order_by("user__username"))
    for member in members:  # which controls to offer: the services' own rule, asked without a query
        is_self = member.user_id == membership.user_id

        def allowed(new_role: str | None, member: Membership = member, is_self: bool = is_self) -> bool:
            refusal = services.membership_refusal(
                actor_role=membership.role, is_self=is_self, current_role=member.role, new_role=new_role
            )
            return refusal is None

        # Per-row attributes for the template, not model fields (hence the ignores).
        member.role_choices = [(v, label) for v, label in Role.choices if v == member.role or allowed(v)]  # type: ignore[attr-defined]
        member.may_change_role = len(member.role_choices) > 1  # type: ignore[attr-defined]
        member.may_remove = allowed(None)  # type: ignore[attr-defined]
        member.is_self = is_self  # type: ignore[attr-defined]
    add_roles = [
        (v, label)
        for v, label in Role.choices
        if services.membership_refusal(actor_role=membership.role, is_self=False, current_role=None, new_role=v) is None
    ]
    is_admin = membership.has_role(Role.ADMIN)
    invitations = Invitation.objects.filter(project=project).pending().select_related("user") if is_admin else []
    context = {
        "project": project,
        "membership": membership,
        "members": members,
        "add_roles": add_roles,
        "roles": Role.choices,
        "is_admin": is_admin,
        "add_form": extra.pop("add_form", None) or MemberAddForm(),
        "invite_form": extra.pop("invite_form", None) or InviteForm(),
        "invitations": invitations,
        **extra,
    }
    return render(request, "annotations/project_members.html", context, status=status)


def _members_page_refusal(membership: Membership) -> str | None:
    """The members page is for those who may add someone (editors and admins, by the services' rule)."""
    return services.membership_refusal(
        actor_role=membership.role, is_self=False, current_role=None, new_role=Role.REVIEWER
    )


def _require_manager(membership: Membership) -> None:
    refusal = _members_page_refusal(membership)
    if refusal:
        raise PermissionDenied(refusal)


@login_required
@require_http_methods(["GET", "POST"])
def project_members(request: HttpRequest, slug: str) -> HttpResponse:
    """List the members; add an existing user by username with a role."""
    project, membership = member_project(request, slug)
    _require_manager(membership)
    if request.method == "GET":
        return _members_page(request, project, membership)
    form = MemberAddForm(request.POST)
    status = 400
    if form.is_valid():
        user, role = form.cleaned_data["username"], form.cleaned_data["role"]
        if Membership.objects.filter(project=project, user=user).exists():
            form.add_error("username", f"{user.get_username()} is already a member: change their role below.")
        else:
            try:
                services.membership_set(project=project, user=user, role=role, actor=request.user)
            except ValidationError as exc:
                add_service_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error("role", str(exc))
                status = 403
            else:
                messages.success(request, f"Added {user.get_username()} as {Role(role).label.lower()}.")
                return redirect("project_members", slug=project.slug)
    return _members_page(request, project, membership, add_form=form, status=status)


@login_required
@require_POST
def project_member_change(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    """Change a member's role (``role``) or remove them (``action=remove``); the service decides who may."""
    project, membership = member_project(request, slug)
    target = get_object_or_404(Membership.objects.filter(project=project).select_related("user"), user_id=user_id)
    name = target.user.get_username()
    removing = request.POST.get("action") == "remove"
    form = MemberRoleForm(request.POST)
    errors: list[str] = []
    status = 400
    if not removing and not form.is_valid():
        errors = [f"{name}: {m}" for m in form.errors.get("role", ["Choose a role."])]
    else:
        try:
            if removing:
                services.membership_remove(project=project, user=target.user, actor=request.user)
            else:
                services.membership_set(
                    project=project, user=target.user, role=form.cleaned_data["role"], actor=request.user
                )
        except ValidationError as exc:
            errors = [f"{name}: {m}" for m in exc.messages]
        except PermissionDenied as exc:
            errors, status = [f"{name}: {exc}"], 403
    if errors:
        if _members_page_refusal(membership):
            raise PermissionDenied(errors[0])  # reviewers have no members page to show the message on
        return _members_page(request, project, membership, errors=errors, status=status)
    if removing:
        messages.success(request, f"Removed {name} from {project.name}.")
        if target.user_id == request.user.pk:
            return redirect("home")
    else:
        messages.success(request, f"{name} is now {Role(form.cleaned_data['role']).label.lower()}.")
    return redirect("project_members", slug=project.slug)
