"""The article reader (claims, verdicts, history) and the review queue.

Every page is rendered whole by the server, so the forms work without JavaScript; ``static/js/app.js``
submits them with ``fetch`` and swaps the changed regions in place. Stale forms never overwrite:
a ``VersionConflict`` re-renders the form with what the reviewer typed next to the stored version.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from .. import services
from ..forms import (
    ClaimCreateForm,
    ClaimEditForm,
    EvidenceFormSet,
    VerdictForm,
    VersionForm,
    add_service_errors,
    evidence_items,
)
from ..models import (
    HIDDEN,
    Article,
    Claim,
    ClaimStatus,
    HistoryEvent,
    Label,
    Membership,
    Project,
    Role,
    Verdict,
    queue_after,
    single_key_shortcuts_on,
)
from ..models import review_queue as review_queue_claims
from ..sentences import sentence_around
from .assignments import reviewer_choices
from .common import int_or_none, member_project
from .panel_extras import extra_panel_context


def claim_url(claim: Claim, project: Project) -> str:
    return reverse("article_detail", args=[project.slug, claim.article_id]) + f"?claim={claim.pk}#claim-panel"


def verdict_forms(verdict: Verdict | None) -> tuple[VerdictForm, Any]:
    """Unbound forms showing ``verdict`` (or an empty verdict)."""
    if verdict is None:
        return VerdictForm(), EvidenceFormSet(prefix="evidence")
    form = VerdictForm(
        initial={"label": verdict.label, "rationale": verdict.rationale, "base_version": verdict.version}
    )
    return form, EvidenceFormSet(prefix="evidence", initial=verdict.evidence)


def panel_context(
    request: HttpRequest,
    project: Project,
    membership: Membership,
    claim: Claim,
    *,
    verdict_form: VerdictForm | None = None,
    evidence_formset: Any = None,
    verdict_conflict: services.VersionConflict | None = None,
    claim_form: ClaimEditForm | None = None,
    claim_conflict: services.VersionConflict | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """Everything the claim panel shows: the claim, my verdict form, the others' verdicts, the history."""
    verdicts = list(claim.verdicts.select_related("reviewer").order_by("reviewer__username"))  # 1 query
    mine = next((v for v in verdicts if v.reviewer_id == request.user.pk), None)
    other_verdicts = [v for v in verdicts if v is not mine]
    # Blind review (``claim`` comes from ``with_visible_status``): others' work stays out of the page.
    others_hidden = claim.shown_status == HIDDEN  # type: ignore[attr-defined]
    others_reviewed = bool(other_verdicts)
    if verdict_form is None:
        verdict_form, evidence_formset = verdict_forms(mine)
    if claim_form is None:
        claim_form = ClaimEditForm.for_claim(claim)
    history = list(HistoryEvent.objects.filter(project=project).for_claim(claim.pk))  # 1 query
    if others_hidden:
        other_verdicts = []
        history = [e for e in history if e.entity != HistoryEvent.Entity.VERDICT or e.actor_id == request.user.pk]
    return {
        "claim": claim,
        "my_verdict": mine,
        "other_verdicts": other_verdicts,
        "others_hidden": others_hidden,
        "history": history,
        "last_claim_change": next((e for e in reversed(history) if e.entity == HistoryEvent.Entity.CLAIM), None),
        "verdict_form": verdict_form,
        "evidence_formset": evidence_formset,
        "verdict_conflict": verdict_conflict,
        "claim_form": claim_form,
        "claim_conflict": claim_conflict,
        "can_edit_claim": services.can_edit_claim(request.user, claim, membership=membership),
        "can_delete_claim": services.can_delete_claim(
            request.user, claim, membership=membership, others_reviewed=others_reviewed
        ),
        "labels": Label.choices,
        **extra_panel_context(request, project, membership, claim, verdicts=verdicts, **extra),
    }


def render_reader(
    request: HttpRequest,
    project: Project,
    membership: Membership,
    article: Article,
    *,
    selected_id: int | None = None,
    mark_form: ClaimCreateForm | None = None,
    duplicate: services.DuplicateClaim | None = None,
    status: int = 200,
    **panel: Any,
) -> HttpResponse:
    # 1 query, every claim of the article, with the status blind review lets this user see
    claims = list(article.claims.with_visible_status(request.user).select_related("created_by", "decision__rating"))
    selected = next((c for c in claims if c.pk == selected_id), None)
    if selected_id is not None and selected is None:
        raise Http404("No such claim in this article.")
    # "Next claim" (shortcut n): the one after the open claim, in reading order, wrapping around.
    after = claims.index(selected) + 1 if selected is not None else 0
    next_claim = (claims[after:] + claims[:after])[0] if claims else None
    # Absolute: error pages are rendered at the URL the form was posted to.
    article_url = reverse("article_detail", args=[project.slug, article.pk])
    context = {
        "project": project,
        "membership": membership,
        "article": article,
        "claims": claims,
        "selected": selected,
        "next_claim": next_claim,
        "mark_form": mark_form or ClaimCreateForm(),
        "duplicate": duplicate,
        "statuses": ClaimStatus.choices,
        "article_url": article_url,
        "single_keys": single_key_shortcuts_on(membership.user),
        "reader_data": {
            "claims": [{"id": c.pk, "start": c.start, "end": c.end, "status": c.shown_status} for c in claims],  # type: ignore[attr-defined]
            "articleUrl": article_url,
        },
    }
    # Who reviews this article (1 query); editors also get the members to assign (1 query).
    assignments = list(article.assignments.select_related("reviewer").order_by("reviewer__username"))
    context["assignments"] = assignments
    context["my_assignment"] = next((a for a in assignments if a.reviewer_id == request.user.pk), None)
    if membership.has_role(Role.EDITOR):
        context["reviewers"] = reviewer_choices(project)
    if selected is not None:
        context.update(panel_context(request, project, membership, selected, **panel))
    return render(request, "annotations/article_detail.html", context, status=status)


def claim_gone(request: HttpRequest, project: Project, claim: Claim, typed: str = "") -> HttpResponse:
    """The claim was deleted by someone else between loading it and saving: say so, keep the text."""
    message = "This claim was deleted by someone else in the meantime, so nothing was saved."
    if typed.strip():
        message += f" What you wrote: “{typed.strip()}”"
    messages.error(request, message)
    return redirect("article_detail", slug=project.slug, pk=claim.article_id)


def _article(project: Project, pk: int) -> Article:
    return get_object_or_404(Article.objects.in_project(project), pk=pk)


def _claim(project: Project, claim_id: int) -> Claim:
    return get_object_or_404(Claim.objects.in_project(project).select_related("article", "created_by"), pk=claim_id)


@login_required
def article_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The article with its claims highlighted; ``?claim=<id>`` opens that claim's panel."""
    project, membership = member_project(request, slug, all_memberships=True)
    article = _article(project, pk)
    selected = request.GET.get("claim")
    selected_id = int_or_none(selected)
    if selected and selected_id is None:
        raise Http404("No such claim.")
    return render_reader(request, project, membership, article, selected_id=selected_id)


@login_required
@require_POST
def claim_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Mark a span of the article as a claim."""
    project, membership = member_project(request, slug)
    article = _article(project, pk)
    form = ClaimCreateForm(request.POST)
    duplicate = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            claim = services.claim_create(
                article=article,
                created_by=request.user,
                start=data["start"],
                end=data["end"],
                quote=data["quote"],
                statement=data["statement"],
                claimant=data["claimant"],
                confirm_duplicate=data["confirm_duplicate"],
            )
        except services.DuplicateClaim as exc:
            duplicate = exc  # the form shows the warning, a link to it and "Save as a second claim"
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Claim marked: “{claim}”.")
            return redirect(claim_url(claim, project))
    return render_reader(
        request, project, membership, article, mark_form=form, duplicate=duplicate, status=409 if duplicate else 400
    )


@login_required
@require_POST
def claim_update(request: HttpRequest, slug: str, claim_id: int) -> HttpResponse:
    """Change a claim's statement and claimant (editors, admins, and the reviewer who marked it)."""
    project, membership = member_project(request, slug)
    claim = _claim(project, claim_id)
    form = ClaimEditForm(request.POST)
    conflict = None
    if form.is_valid():
        data = form.cleaned_data
        changed = form.changed_values()
        try:
            services.claim_update(
                claim=claim,
                actor=request.user,
                expected_version=data["version"],
                statement=changed.get("statement", services.UNSET),
                claimant=changed.get("claimant", services.UNSET),
            )
        except Claim.DoesNotExist:
            return claim_gone(request, project, claim, data["statement"])
        except services.VersionConflict as exc:
            conflict = exc
            # Keep what was typed; "Keep mine" re-submits only the user's changes against the stored version.
            form = form.rebased(exc.current)
            claim = exc.current
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Claim saved.")
            return redirect(claim_url(claim, project))
    return render_reader(
        request,
        project,
        membership,
        claim.article,
        selected_id=claim.pk,
        claim_form=form,
        claim_conflict=conflict,
        status=409 if conflict else 400,
    )


@login_required
@require_POST
def claim_delete(request: HttpRequest, slug: str, claim_id: int) -> HttpResponse:
    """Delete a claim and its verdicts (the deletion is recorded in history)."""
    project, membership = member_project(request, slug)
    claim = _claim(project, claim_id)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The claim was not deleted: reload the page and try again.")
        return redirect(claim_url(claim, project))
    try:
        services.claim_delete(claim=claim, actor=request.user, expected_version=form.cleaned_data["version"])
    except Claim.DoesNotExist:
        return claim_gone(request, project, claim)
    except services.VersionConflict:
        messages.error(request, "The claim changed since you loaded it, so it was not deleted. Check it and try again.")
        return redirect(claim_url(claim, project))
    messages.success(request, f"Claim deleted: “{claim}”. The deletion is kept in the project history.")
    return redirect("article_detail", slug=project.slug, pk=claim.article_id)


@login_required
@require_POST
def verdict_submit(request: HttpRequest, slug: str, claim_id: int) -> HttpResponse:
    """Create or change the reviewer's own verdict on a claim."""
    project, membership = member_project(request, slug)
    claim = _claim(project, claim_id)
    in_queue = request.POST.get("from") == "queue"
    form = VerdictForm(request.POST)
    formset = EvidenceFormSet(request.POST, prefix="evidence")
    conflict = None
    if form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        try:
            services.verdict_submit(
                claim=claim,
                reviewer=request.user,
                label=data["label"],
                rationale=data["rationale"],
                evidence=evidence_items(formset),
                base_version=data["base_version"],
            )
        except Claim.DoesNotExist:
            return claim_gone(request, project, claim, data["rationale"])
        except services.VersionConflict as exc:
            conflict = exc
            # Keep what was typed; "Keep mine" now re-submits against the stored version.
            posted = request.POST.copy()
            posted["base_version"] = str(exc.current.version) if exc.current is not None else ""
            form, formset = VerdictForm(posted), EvidenceFormSet(posted, prefix="evidence")
            form.is_valid(), formset.is_valid()
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Verdict saved.")
            if in_queue:
                return redirect(reverse("review_queue", args=[project.slug]) + f"?after={claim.pk}")
            return redirect(claim_url(claim, project))
    panel: dict[str, Any] = {"verdict_form": form, "evidence_formset": formset, "verdict_conflict": conflict}
    status = 409 if conflict else 400
    if in_queue:
        return render_queue(request, project, membership, claim, status=status, **panel)
    return render_reader(request, project, membership, claim.article, selected_id=claim.pk, status=status, **panel)


def render_queue(
    request: HttpRequest,
    project: Project,
    membership: Membership,
    claim: Claim | None,
    *,
    status: int = 200,
    **panel: Any,
) -> HttpResponse:
    pending = Claim.objects.in_project(project).needing_verdict_from(request.user)
    context: dict[str, Any] = {
        "project": project,
        "membership": membership,
        "claim": claim,
        "remaining": pending.count(),  # 1 query
        "single_keys": single_key_shortcuts_on(membership.user),
    }
    if claim is not None:
        verdict_form, formset = panel.get("verdict_form"), panel.get("evidence_formset")
        if verdict_form is None:
            verdict_form, formset = verdict_forms(None)
        # The status as this user may see it (blind review): annotated by the queue, else 1 query.
        shown = getattr(claim, "shown_status", None)
        if shown is None:
            rows = Claim.objects.filter(pk=claim.pk).with_visible_status(request.user).values_list("shown_status")  # type: ignore[misc]  # an annotation
            shown = (rows.first() or (HIDDEN,))[0]
        context.update(
            {
                "article": claim.article,
                "shown_status": shown,
                "sentence": sentence_around(claim.article.body, claim.start, claim.end),
                "verdict_form": verdict_form,
                "evidence_formset": formset,
                "verdict_conflict": panel.get("verdict_conflict"),
                "claim_link": claim_url(claim, project),
            }
        )
    return render(request, "annotations/review_queue.html", context, status=status)


@login_required
def review_queue(request: HttpRequest, slug: str) -> HttpResponse:
    """The next claim that still needs the user's verdict, in queue order (``models.review_queue``);
    ``?after=<id>`` skips on past that claim, wrapping around at the end."""
    project, membership = member_project(request, slug)
    conflicts_last = membership.has_role(Role.EDITOR)
    pending = (
        review_queue_claims(project, request.user, conflicts_last=conflicts_last)
        .with_visible_status(request.user)
        .select_related("article", "created_by")
    )
    after = int_or_none(request.GET.get("after"))
    claim = None
    if after is not None:
        claim = queue_after(pending, project, request.user, after, conflicts_last=conflicts_last).first()
    if claim is None:  # from the start (wrapping around after the last one)
        claim = pending.first()
    return render_queue(request, project, membership, claim)
