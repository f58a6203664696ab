"""What the claim panel shows beyond the claim and the verdicts: the discussion thread and the
editor's decision box. ``reader.panel_context`` merges this in, so the reader needs one line for it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .. import services
from ..forms import EvidenceFormSet
from ..forms_decisions import CommentEditForm, CommentForm, CorrectionForm, DecisionForm, PublishForm
from ..models import Claim, Comment, CorrectionKind, Decision, DecisionState, Membership, Project, RatingItem, Verdict

PUBLIC_EVIDENCE_PREFIX = "pubev"


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
    for comment in comments:  # the ignores: per-row attributes for the template, not model fields
        comment.can_edit = services.can_edit_comment(request.user, comment, membership=membership)  # type: ignore[attr-defined]
        comment.can_delete = services.can_delete_comment(request.user, comment, membership=membership)  # type: ignore[attr-defined]
        if comment_edit and comment_edit["id"] == comment.pk:
            comment.edit_form = comment_edit["form"]  # type: ignore[attr-defined]
            comment.edit_conflict = comment_edit.get("conflict")  # type: ignore[attr-defined]
            comment.edit_open = True  # type: ignore[attr-defined]
        elif comment.can_edit:  # type: ignore[attr-defined]
            comment.edit_form = CommentEditForm(  # type: ignore[attr-defined]
                initial={"body": comment.body, "version": comment.version}, comment_id=comment.pk
            )
    return {"comments": comments, "comment_form": comment_form or CommentForm()}


# --- the decision box ----------------------------------------------------------------------------


def evidence_candidates(verdicts: list[Verdict]) -> list[tuple[str, dict[str, str], Verdict]]:
    """Every reviewer's evidence item, keyed ``"<verdict id>:<index>"`` for the publish ticks."""
    return [(f"{v.pk}:{i}", item, v) for v in verdicts for i, item in enumerate(v.evidence)]


def rating_choices(ratings: list[RatingItem], current: RatingItem | None = None) -> list[tuple[int, str]]:
    """Items a decision may pick: those not retired, plus the current one if it was retired since."""
    return [(r.pk, r.name) for r in ratings if not r.retired or (current is not None and r.pk == current.pk)]


def decision_forms(
    decision: Decision | None, ratings: list[RatingItem], verdicts: list[Verdict], data: Any = None
) -> tuple[DecisionForm, Any]:
    """The draft form and the extra-evidence formset, bound to ``data`` or showing ``decision``."""
    candidates = evidence_candidates(verdicts)
    choices = [
        (key, f"{item.get('title') or item['url']} ({item['stance']}, from {v.reviewer.username})")
        for key, item, v in candidates
    ]
    allowed = rating_choices(ratings, decision.rating if decision else None)
    if data is not None:
        form = DecisionForm(data, ratings=allowed, evidence=choices)
        return form, EvidenceFormSet(data, prefix=PUBLIC_EVIDENCE_PREFIX)
    if decision is None:
        return DecisionForm(ratings=allowed, evidence=choices), EvidenceFormSet(prefix=PUBLIC_EVIDENCE_PREFIX)
    ticked = [key for key, item, _v in candidates if item in decision.public_evidence]
    ticked_items = [item for key, item, _v in candidates if key in ticked]
    extra = [item for item in decision.public_evidence if item not in ticked_items]
    form = DecisionForm(
        initial={
            "rating": decision.rating_id,
            "explanation": decision.explanation,
            "publish_evidence": ticked,
            "as_of": decision.as_of,
            "review_due": decision.review_due,
            "version": decision.version,
        },
        ratings=allowed,
        evidence=choices,
    )
    return form, EvidenceFormSet(prefix=PUBLIC_EVIDENCE_PREFIX, initial=extra)


def correction_form(decision: Decision, ratings: list[RatingItem], data: Any = None) -> CorrectionForm:
    kinds, allowed = list(CorrectionKind.choices), rating_choices(ratings)
    if data is not None:
        return CorrectionForm(data, kinds=kinds, ratings=allowed)
    return CorrectionForm(initial={"version": decision.version}, kinds=kinds, ratings=allowed)


def decision_context(
    request: HttpRequest,
    project: Project,
    membership: Membership,
    claim: Claim,
    verdicts: list[Verdict],
    *,
    decision_form: DecisionForm | None = None,
    evidence_formset: Any = None,
    decision_conflict: Any = None,
    correction: CorrectionForm | None = None,
    correction_conflict: Any = None,
) -> dict[str, Any]:
    """The claim's decision (1 query) with its corrections (1 query once published); for editors also
    the scale (1 query), the forms, and why they may not decide or publish (the services' own checks)."""
    claim.project = project  # the services read the project's settings: no query for it
    decision = Decision.objects.filter(claim=claim).select_related("rating", "decided_by", "published_by").first()
    context: dict[str, Any] = {"decision": decision, "is_editor": membership.has_role("editor")}
    if decision is not None:
        decision.project = project
        decision.claim = claim
        if decision.state != DecisionState.DRAFT:
            context["corrections"] = list(decision.corrections.select_related("author").order_by("created_at", "id"))
    if not context["is_editor"]:
        return context
    ratings = list(RatingItem.objects.filter(project=project).order_by("order", "id"))
    context["rating_items"] = ratings
    context["decision_conflict"] = decision_conflict
    context["correction_conflict"] = correction_conflict
    if decision is None:
        context["decide_refusal"] = services.decide_refusal(request.user, claim)
    elif decision.state == DecisionState.DRAFT:
        context["publish_refusal"] = services.publish_refusal(request.user, decision)
        context["publish_form"] = PublishForm(initial={"version": decision.version})
    if decision is None or decision.state == DecisionState.DRAFT or decision_form is not None:
        if decision_form is None:
            decision_form, evidence_formset = decision_forms(
                decision if decision and decision.state == DecisionState.DRAFT else None, ratings, verdicts
            )
        context["decision_form"] = decision_form
        context["decision_evidence_formset"] = evidence_formset
        context["rating_descriptions"] = {r.pk: r for r in ratings}
    # A refused correction comes back with its error and the typed note, even if the decision was voided
    # meanwhile (its correction form would be gone otherwise, and with it what was typed).
    if decision is not None and (decision.state == DecisionState.PUBLISHED or correction is not None):
        context["correction_form"] = correction or correction_form(decision, ratings)
    return context


def extra_panel_context(
    request: HttpRequest,
    project: Project,
    membership: Membership,
    claim: Claim,
    *,
    verdicts: list[Verdict],
    **extra: Any,
) -> dict[str, Any]:
    """Context for the panel's include templates (``_comments.html``, ``_decision_box.html``)."""
    comment_keys = ("comment_form", "comment_edit")
    return {
        **comments_context(request, membership, claim, **{k: extra[k] for k in comment_keys if k in extra}),
        **decision_context(
            request,
            project,
            membership,
            claim,
            verdicts,
            **{k: v for k, v in extra.items() if k not in comment_keys},
        ),
    }
