"""The editor's decision box in the reader's claim panel: save a draft, publish, delete a draft,
file a correction. Each re-renders the panel with what was typed when the save is refused or stale."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from .. import services
from ..forms import add_service_errors, evidence_items
from ..forms_decisions import PublishForm
from ..models import Claim, Decision, Membership, Project, RatingItem
from .common import member_project
from .panel_extras import correction_form, decision_forms, evidence_candidates
from .reader import claim_gone, render_reader


def _decision_url(claim: Claim | int, project: Project, article_id: int) -> str:
    from django.urls import reverse

    claim_id = claim if isinstance(claim, int) else claim.pk
    return reverse("article_detail", args=[project.slug, article_id]) + f"?claim={claim_id}#decision"


def _ratings(project: Project) -> list[RatingItem]:
    return list(RatingItem.objects.filter(project=project).order_by("order", "id"))


def _refuse_reviewers(membership: Membership) -> None:
    if not membership.has_role("editor"):
        raise PermissionDenied("Only editors and admins make decisions.")


def _public_evidence(form: Any, formset: Any, claim: Claim) -> list[dict[str, str]]:
    """The ticked reviewers' items (looked up again now) followed by the items added by hand."""
    chosen = set(form.cleaned_data["publish_evidence"])
    verdicts = list(claim.verdicts.select_related("reviewer").order_by("reviewer__username"))
    items = [item for key, item, _v in evidence_candidates(verdicts) if key in chosen]
    return items + [item for item in evidence_items(formset) if item not in items]


@login_required
@require_POST
def decision_save(request: HttpRequest, slug: str, claim_id: int) -> HttpResponse:
    """Create the claim's draft decision, or change it (``version`` = the draft the form showed)."""
    project, membership = member_project(request, slug)
    _refuse_reviewers(membership)
    claim = get_object_or_404(Claim.objects.in_project(project).select_related("article", "project"), pk=claim_id)
    verdicts = list(claim.verdicts.select_related("reviewer").order_by("reviewer__username"))
    ratings = _ratings(project)
    existing = Decision.objects.filter(claim=claim).select_related("rating").first()
    form, formset = decision_forms(existing, ratings, verdicts, data=request.POST)
    conflict: Any = None
    status = 400
    if form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        fields = {
            "rating": data["rating"],
            "explanation": data["explanation"],
            "public_evidence": _public_evidence(form, formset, claim),
            "as_of": data["as_of"],
        }
        if data["review_due"] is not None:
            fields["review_due"] = data["review_due"]
        try:
            if data["version"] is None:
                if existing is not None:
                    raise services.VersionConflict(existing, "A decision on this claim was drafted meanwhile.")
                services.decision_create(claim=claim, actor=request.user, **fields)
            else:
                if existing is None:
                    raise services.VersionConflict(None, "The draft was deleted since you loaded it.")
                services.decision_update(
                    decision=existing, actor=request.user, expected_version=data["version"], **fields
                )
        except Claim.DoesNotExist:
            return claim_gone(request, project, claim, data["explanation"])
        except services.AlreadyExists as exc:
            conflict, status = services.VersionConflict(exc.existing, str(exc)), 409
        except services.VersionConflict as exc:
            conflict, status = exc, 409
        except services.DecisionStateConflict as exc:
            form.add_error(None, str(exc))
            status = 409
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            status = 403
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Decision saved as a draft.")
            return redirect(_decision_url(claim, project, claim.article_id))
    if conflict is not None:
        # Keep what was typed; saving again now overwrites the stored draft knowingly.
        posted = request.POST.copy()
        posted["version"] = str(conflict.current.version) if conflict.current is not None else ""
        form, formset = decision_forms(existing, ratings, verdicts, data=posted)
        form.is_valid(), formset.is_valid()
    panel = {"decision_form": form, "evidence_formset": formset, "decision_conflict": conflict}
    return render_reader(request, project, membership, claim.article, selected_id=claim.pk, status=status, **panel)


def _draft(project: Project, decision_id: int) -> Decision:
    return get_object_or_404(
        Decision.objects.filter(project=project).select_related("claim", "claim__article", "project", "rating"),
        pk=decision_id,
    )


@login_required
@require_POST
def decision_publish(request: HttpRequest, slug: str, decision_id: int) -> HttpResponse:
    """Publish the draft the page showed (four-eyes: not by the editor who made it)."""
    project, membership = member_project(request, slug)
    _refuse_reviewers(membership)
    decision = _draft(project, decision_id)
    back = _decision_url(decision.claim, project, decision.claim.article_id)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Not published: reload the page and try again.")
        return redirect(back)
    try:
        services.decision_publish(decision=decision, actor=request.user, expected_version=form.cleaned_data["version"])
    except services.VersionConflict as exc:
        messages.error(
            request,
            "Not published: the draft changed since you loaded it. Read it again below, then publish."
            if exc.current is not None
            else "Not published: the draft was deleted meanwhile.",
        )
    except (PermissionDenied, services.DecisionStateConflict) as exc:
        messages.error(request, f"Not published: {exc}")
    else:
        messages.success(request, "Decision published.")
    return redirect(back)


@login_required
@require_POST
def decision_delete(request: HttpRequest, slug: str, decision_id: int) -> HttpResponse:
    """Delete a draft (its deletion is kept in the history)."""
    project, membership = member_project(request, slug)
    _refuse_reviewers(membership)
    decision = _draft(project, decision_id)
    back = _decision_url(decision.claim, project, decision.claim.article_id)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Not deleted: reload the page and try again.")
        return redirect(back)
    try:
        services.decision_delete(decision=decision, actor=request.user, expected_version=form.cleaned_data["version"])
    except services.VersionConflict:
        messages.error(request, "Not deleted: the draft changed or was deleted since you loaded it.")
    except (PermissionDenied, services.DecisionStateConflict) as exc:
        messages.error(request, f"Not deleted: {exc}")
    else:
        messages.success(request, "Draft decision deleted. The deletion is kept in the history.")
    return redirect(back)


@login_required
@require_POST
def correction_create(request: HttpRequest, slug: str, decision_id: int) -> HttpResponse:
    """File a public correction of a published decision."""
    project, membership = member_project(request, slug)
    _refuse_reviewers(membership)
    decision = _draft(project, decision_id)
    claim = decision.claim
    form = correction_form(decision, _ratings(project), data=request.POST)
    conflict: Any = None
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        fields: dict[str, Any] = {}
        if data["kind"] == "rating_change" and data["rating"] is not None:
            fields["rating"] = data["rating"]
        if data["kind"] in ("correction", "update") and data["explanation"].strip():
            fields["explanation"] = data["explanation"]
        try:
            services.correction_create(
                decision=decision,
                actor=request.user,
                kind=data["kind"],
                note=data["note"],
                expected_version=data["version"],
                **fields,
            )
        except services.VersionConflict as exc:
            conflict, status = exc, 409
            posted = request.POST.copy()
            posted["version"] = str(exc.current.version) if exc.current is not None else ""
            form = correction_form(decision, _ratings(project), data=posted)
            form.is_valid()
        except services.DecisionStateConflict as exc:
            form.add_error(None, str(exc))
            status = 409
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
            status = 403
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Correction published.")
            return redirect(_decision_url(claim, project, claim.article_id))
    panel = {"correction": form, "correction_conflict": conflict}
    return render_reader(request, project, membership, claim.article, selected_id=claim.pk, status=status, **panel)
