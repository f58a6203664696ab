"""Decisions: an editor's ruling on a claim, published under four-eyes, changed only by corrections.

States: ``draft`` (edited or deleted freely by editors, versioned) → ``published`` (changed only by
``correction_create``) → ``void`` (withdrawn by a ``void`` correction). ``Claim.decision_state``
mirrors the state in the same transaction. Every write appends a history record.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date

from verifier.lib.storable import text_problem

from ..models import (
    Claim,
    ClaimDecisionState,
    Correction,
    CorrectionKind,
    Decision,
    DecisionState,
    HistoryEvent,
    Label,
    Membership,
    RatingItem,
    Role,
    Verdict,
)
from ..models.core import AnyUser
from .claims import _lock_claim
from .common import UNSET, AlreadyExists, VersionConflict, check_version, clean_evidence, membership_of, signed_in
from .history import history_record
from .webhooks import decision_event_data, emit_event

MAX_TEXT = 20_000


class DecisionStateConflict(Exception):
    """The decision's state does not allow this (e.g. editing a published decision): HTTP 409."""

    def __init__(self, current: Decision, message: str) -> None:
        self.current = current
        super().__init__(message)


# --- who may do what ---------------------------------------------------------------------------


def _editor_membership(user: AnyUser, project: Any) -> Membership:
    membership = membership_of(user, project)
    if membership is None or not membership.has_role(Role.EDITOR):
        raise PermissionDenied("Only editors and admins make decisions.")
    return membership


def decide_refusal(user: AnyUser, claim: Claim) -> str | None:
    """Why ``user`` may not decide on ``claim`` (None if they may): role, then four-eyes."""
    membership = membership_of(user, claim.project)
    if membership is None or not membership.has_role(Role.EDITOR):
        return "Only editors and admins make decisions."
    if claim.project.four_eyes:
        reviewers = set(Verdict.objects.filter(claim_id=claim.pk).values_list("reviewer_id", flat=True))
        if reviewers == {user.pk}:
            return "Four-eyes rule: you are this claim's only reviewer, so someone else decides."
    return None


def publish_refusal(user: AnyUser, decision: Decision) -> str | None:
    """Why ``user`` may not publish ``decision`` (None if they may): role, state, then four-eyes."""
    membership = membership_of(user, decision.project)
    if membership is None or not membership.has_role(Role.EDITOR):
        return "Only editors and admins publish decisions."
    if decision.state != DecisionState.DRAFT:
        return "This decision is already published."
    if decision.project.four_eyes and decision.decided_by_id == user.pk:
        return "Four-eyes rule: the decision is published by someone other than the editor who made it."
    return None


# --- validation ----------------------------------------------------------------------------------


def _clean_text(name: str, value: Any, *, required: bool) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError({name: ["Must be text."]})
    if text_problem(value):
        raise ValidationError({name: [text_problem(value)]})
    if len(value) > MAX_TEXT:
        raise ValidationError({name: [f"At most {MAX_TEXT} characters."]})
    if required and not value.strip():
        raise ValidationError({name: ["This is required: it is published."]})
    return value.strip()


def _clean_public_evidence(items: Any) -> list[dict[str, str]]:
    try:
        return clean_evidence(items)
    except ValidationError as exc:
        raise ValidationError({"public_evidence": exc.message_dict["evidence"]}) from None


def _clean_date(name: str, value: Any, *, allow_none: bool) -> date | None:
    if value in (None, ""):
        if allow_none:
            return None
        raise ValidationError({name: ["A date is required (YYYY-MM-DD)."]})
    if isinstance(value, date):
        return value
    parsed = None
    if isinstance(value, str):
        try:
            parsed = parse_date(value.strip())
        except ValueError:
            parsed = None
    if parsed is None:
        raise ValidationError({name: ["Use an ISO 8601 date, e.g. 2026-12-01."]})
    return parsed


def _clean_rating(value: Any, project_id: int, *, current: RatingItem | None = None) -> RatingItem:
    """A rating item of the project's scale, by item or id; retired items only if already in use."""
    rating: RatingItem | None
    if isinstance(value, RatingItem):
        rating = value
    elif isinstance(value, int) and not isinstance(value, bool):
        rating = RatingItem.objects.filter(pk=value).first()
    else:
        raise ValidationError({"rating": ["Give the id of an item of the project's rating scale."]})
    if rating is None or rating.project_id != project_id:
        raise ValidationError({"rating": ["Not an item of this project's rating scale."]})
    if rating.retired and (current is None or current.pk != rating.pk):
        raise ValidationError({"rating": [f"“{rating.name}” is retired: choose another rating."]})
    return rating


def default_review_due(rating: RatingItem, as_of: date, rereview_days: int) -> date | None:
    """Unverified rulings fall due for re-review ``rereview_days`` after ``as_of``; others never."""
    if rating.verdict != Label.UNVERIFIED:
        return None
    try:
        return as_of + timedelta(days=rereview_days)
    except OverflowError:
        raise ValidationError({"review_due": ["The re-review date would be after the year 9999."]}) from None


def _check_dates(as_of: date, review_due: date | None) -> None:
    if review_due is not None and review_due < as_of:
        raise ValidationError({"review_due": ["Cannot be before the as-of date."]})


def decision_snapshot(decision: Decision) -> dict[str, Any]:
    """The decision's values as JSON (for history and corrections)."""
    return {
        "claim": decision.claim_id,
        "rating": decision.rating_id,
        "rating_name": decision.rating.name,
        "verdict": decision.rating.verdict,
        "explanation": decision.explanation,
        "public_evidence": decision.public_evidence,
        "as_of": decision.as_of.isoformat(),
        "review_due": decision.review_due.isoformat() if decision.review_due else None,
        "state": decision.state,
        "decided_by": decision.decided_by.get_username() if decision.decided_by else None,
        "published_by": decision.published_by.get_username() if decision.published_by else None,
        "published_at": decision.published_at.isoformat() if decision.published_at else None,
    }


# --- writes --------------------------------------------------------------------------------------


def _set_claim_state(claim: Claim, state: str) -> None:
    """Mirror the decision state on the claim (and bump its ``updated_at`` for incremental sync)."""
    Claim.objects.filter(pk=claim.pk).update(decision_state=state, updated_at=timezone.now())
    claim.decision_state = state


def _record(decision: Decision, actor: AnyUser, action: str, before: dict | None, after: dict | None) -> None:
    history_record(
        project=decision.project,
        entity=HistoryEvent.Entity.DECISION,
        action=action,
        actor=actor,
        article_id=decision.claim.article_id,
        claim_id=decision.claim_id,
        decision_id=decision.pk,
        version=decision.version,
        before=before,
        after=after,
    )


def _lock_decision(decision: Decision) -> Decision:
    try:
        return (
            Decision.objects.select_for_update(of=("self",))
            .select_related("project", "claim", "rating", "decided_by", "published_by")
            .get(pk=decision.pk)
        )
    except Decision.DoesNotExist:
        raise VersionConflict(None, "This decision was deleted since you loaded it.") from None


@transaction.atomic
def decision_create(
    *,
    claim: Claim,
    actor: AnyUser,
    rating: Any,
    explanation: Any,
    public_evidence: Any = None,
    as_of: Any = None,
    review_due: Any = UNSET,
) -> Decision:
    """Draft the desk's decision on ``claim`` (editors and admins; four-eyes: not the only reviewer).

    ``as_of`` defaults to today; ``review_due`` to ``as_of`` + the project's ``rereview_days`` when the
    rating means unverified. ``AlreadyExists`` if the claim has a decision.
    """
    current = _lock_claim(claim)
    _editor_membership(actor, current.project)
    refusal = decide_refusal(actor, current)
    if refusal:
        raise PermissionDenied(refusal)
    existing = Decision.objects.filter(claim=current).first()
    if existing is not None:
        raise AlreadyExists(existing, "This claim has a decision already: change that one (or correct it).")
    rating_item = _clean_rating(rating, current.project_id)
    as_of_date = _clean_date("as_of", as_of, allow_none=True) or timezone.localdate()
    if review_due is UNSET:
        due = default_review_due(rating_item, as_of_date, current.project.rereview_days)
    else:
        due = _clean_date("review_due", review_due, allow_none=True)
    _check_dates(as_of_date, due)
    decision = Decision(
        project=current.project,
        claim=current,
        rating=rating_item,
        explanation=_clean_text("explanation", explanation, required=True),
        public_evidence=_clean_public_evidence(public_evidence),
        as_of=as_of_date,
        review_due=due,
        decided_by=signed_in(actor),
    )
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError as exc:
        existing = Decision.objects.filter(claim=current).first()
        if existing is None:
            raise
        raise AlreadyExists(existing, "This claim has a decision already.") from exc
    _set_claim_state(current, ClaimDecisionState.DRAFT)
    claim.decision_state = current.decision_state
    _record(decision, actor, HistoryEvent.Action.CREATE, None, decision_snapshot(decision))
    return decision


@transaction.atomic
def decision_update(
    *,
    decision: Decision,
    actor: AnyUser,
    expected_version: int | None,
    rating: Any = UNSET,
    explanation: Any = UNSET,
    public_evidence: Any = UNSET,
    as_of: Any = UNSET,
    review_due: Any = UNSET,
) -> Decision:
    """Change a draft (editors and admins). A published decision → ``DecisionStateConflict``."""
    current = _lock_decision(decision)
    _editor_membership(actor, current.project)
    if current.state != DecisionState.DRAFT:
        raise DecisionStateConflict(current, "This decision is published: file a correction to change it.")
    check_version(current, expected_version)
    before = decision_snapshot(current)
    old_default = default_review_due(current.rating, current.as_of, current.project.rereview_days)
    if rating is not UNSET:
        current.rating = _clean_rating(rating, current.project_id, current=current.rating)
    if explanation is not UNSET:
        current.explanation = _clean_text("explanation", explanation, required=True)
    if public_evidence is not UNSET:
        current.public_evidence = _clean_public_evidence(public_evidence)
    if as_of is not UNSET:
        current.as_of = _clean_date("as_of", as_of, allow_none=True) or timezone.localdate()
    if review_due is not UNSET:
        current.review_due = _clean_date("review_due", review_due, allow_none=True)
    elif current.review_due == old_default:  # still the default: follow the new rating / as-of date
        current.review_due = default_review_due(current.rating, current.as_of, current.project.rereview_days)
    _check_dates(current.as_of, current.review_due)
    after = decision_snapshot(current)
    if after == before:
        return current
    # Whoever last shaped the draft is its decider: under four-eyes someone else must publish it, so an
    # editor cannot rewrite a colleague's draft and then publish it alone.
    refusal = decide_refusal(actor, current.claim)
    if refusal:
        raise PermissionDenied(refusal)
    current.decided_by = signed_in(actor)
    current.version += 1
    current.save()
    _record(current, actor, HistoryEvent.Action.UPDATE, before, decision_snapshot(current))
    return current


@transaction.atomic
def decision_delete(*, decision: Decision, actor: AnyUser, expected_version: int | None) -> None:
    """Delete a draft (editors and admins), leaving a tombstone; a published one → ``DecisionStateConflict``."""
    current = _lock_decision(decision)
    _editor_membership(actor, current.project)
    if current.state != DecisionState.DRAFT:
        raise DecisionStateConflict(current, "This decision is published: file a correction (e.g. void) instead.")
    check_version(current, expected_version)
    _record(current, actor, HistoryEvent.Action.DELETE, decision_snapshot(current), None)
    claim = current.claim
    current.delete()
    _set_claim_state(claim, ClaimDecisionState.NONE)


@transaction.atomic
def decision_publish(*, decision: Decision, actor: AnyUser, expected_version: int | None) -> Decision:
    """Publish a draft (editors and admins; under four-eyes not its decider)."""
    current = _lock_decision(decision)
    _editor_membership(actor, current.project)
    if current.state != DecisionState.DRAFT:
        raise DecisionStateConflict(current, "This decision is already published.")
    refusal = publish_refusal(actor, current)
    if refusal:
        raise PermissionDenied(refusal)
    check_version(current, expected_version)
    before = decision_snapshot(current)
    current.state = DecisionState.PUBLISHED
    current.published_by = actor  # type: ignore[assignment]
    current.published_at = timezone.now()
    current.version += 1
    current.save()
    _set_claim_state(current.claim, ClaimDecisionState.PUBLISHED)
    _record(current, actor, HistoryEvent.Action.UPDATE, before, decision_snapshot(current))
    emit_event(current.project, "decision.published", lambda: decision_event_data(current))
    return current


@transaction.atomic
def correction_create(
    *,
    decision: Decision,
    actor: AnyUser,
    kind: Any,
    note: Any,
    rating: Any = UNSET,
    explanation: Any = UNSET,
    public_evidence: Any = UNSET,
    expected_version: int | None = None,
) -> Correction:
    """File a public correction of a published decision (editors and admins).

    ``rating_change`` needs a new ``rating``; ``correction``/``update`` may carry a new ``explanation``
    and/or ``public_evidence``; ``clarification`` is a note only; ``void`` withdraws the ruling. The
    correction keeps the old and new values; the decision's ``version`` and ``modified_at`` move on.
    """
    current = _lock_decision(decision)
    _editor_membership(actor, current.project)
    if current.state != DecisionState.PUBLISHED:
        message = "Only published decisions are corrected" + (
            ": publish or edit this draft instead." if current.state == DecisionState.DRAFT else "; this one is void."
        )
        raise DecisionStateConflict(current, message)
    check_version(current, expected_version)
    if kind not in CorrectionKind.values:
        raise ValidationError({"kind": [f"Must be one of {', '.join(CorrectionKind.values)}."]})
    note_text = _clean_text("note", note, required=True)
    allowed = {
        CorrectionKind.RATING_CHANGE: {"rating"},
        CorrectionKind.CORRECTION: {"explanation", "public_evidence"},
        CorrectionKind.UPDATE: {"explanation", "public_evidence"},
        CorrectionKind.CLARIFICATION: set(),
        CorrectionKind.VOID: set(),
    }[CorrectionKind(kind)]
    given = {"rating": rating, "explanation": explanation, "public_evidence": public_evidence}
    given = {k: v for k, v in given.items() if v is not UNSET}
    refused = sorted(set(given) - allowed)
    if refused:
        raise ValidationError({k: [f"A {kind} correction cannot change this."] for k in refused})
    before = decision_snapshot(current)
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    if kind == CorrectionKind.RATING_CHANGE:
        if "rating" not in given:
            raise ValidationError({"rating": ["A rating change needs the new rating."]})
        new_rating = _clean_rating(given["rating"], current.project_id)
        if new_rating.pk == current.rating_id:
            raise ValidationError({"rating": ["This is the current rating already."]})
        old_due = default_review_due(current.rating, current.as_of, current.project.rereview_days)
        old.update(rating=current.rating_id, rating_name=current.rating.name, verdict=current.rating.verdict)
        current.rating = new_rating
        new.update(rating=new_rating.pk, rating_name=new_rating.name, verdict=new_rating.verdict)
        if current.review_due == old_due:
            due = default_review_due(new_rating, current.as_of, current.project.rereview_days)
            old["review_due"], new["review_due"] = before["review_due"], due.isoformat() if due else None
            current.review_due = due
    if "explanation" in given:
        old["explanation"] = current.explanation
        current.explanation = new["explanation"] = _clean_text("explanation", given["explanation"], required=True)
    if "public_evidence" in given:
        old["public_evidence"] = current.public_evidence
        current.public_evidence = new["public_evidence"] = _clean_public_evidence(given["public_evidence"])
    if kind == CorrectionKind.VOID:
        old["state"], new["state"] = current.state, DecisionState.VOID
        current.state = DecisionState.VOID
    current.version += 1
    current.save()
    correction = Correction.objects.create(
        project=current.project,
        decision=current,
        kind=kind,
        note=note_text,
        author=signed_in(actor),
        old_values=old,
        new_values=new,
    )
    if kind == CorrectionKind.VOID:
        _set_claim_state(current.claim, ClaimDecisionState.VOID)
    else:  # the claim's sync timestamp moves with its decision
        Claim.objects.filter(pk=current.claim_id).update(updated_at=timezone.now())
    history_record(
        project=current.project,
        entity=HistoryEvent.Entity.CORRECTION,
        action=HistoryEvent.Action.CREATE,
        actor=actor,
        article_id=current.claim.article_id,
        claim_id=current.claim_id,
        decision_id=current.pk,
        version=current.version,
        before=before,
        after={**decision_snapshot(current), "correction": correction.pk, "kind": kind, "note": note_text},
    )
    emit_event(current.project, "decision.corrected", lambda: decision_event_data(current))
    return correction
