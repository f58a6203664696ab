"""Verdicts: one per reviewer per claim, versioned, every change recorded."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import BigIntegerField, Exists, OuterRef, Value

from ..models import Claim, HistoryEvent, Membership, Project, Role, Verdict, Webhook, status_from_labels
from ..models.core import AnyUser
from .claims import _lock_claim, claim_refresh_status, claim_set_status
from .common import (
    UNSET,
    AlreadyExists,
    VersionConflict,
    _require_rank,
    check_version,
    clean_verdict_fields,
    membership_of,
    signed_in,
)
from .history import history_record, verdict_snapshot
from .webhooks import emit_event, verdict_event_data


def _lock_claim_rows(claim: Claim) -> tuple[Project, bool]:
    """Lock ``claim`` with its article and project rows, the rows ``_lock_claim`` locks, reading only what
    ``verdict_create`` needs: the project (id and name) and whether it has an active webhook. The claim's
    own fields are not read again: its project and article never change, and the status is recomputed.
    ``Claim.DoesNotExist`` if it was deleted."""
    hooks = Webhook.objects.filter(project_id=OuterRef("project_id"), active=True)
    locked = Claim.objects.select_for_update().filter(pk=claim.pk)
    # "article__project_id" joins the article, so that FOR UPDATE (every joined row) locks it too.
    name, _, has_webhooks = locked.values_list("project__name", "article__project_id", Exists(hooks)).get()
    return Project.from_db(DEFAULT_DB_ALIAS, ["id", "name"], [claim.project_id, name]), has_webhooks


def _role_and_verdicts(user: AnyUser, claim: Claim) -> tuple[str | None, dict[int, str]]:
    """In one query: ``user``'s role in the claim's project (None if not a member), and every verdict on
    the claim as {reviewer id: label}. Run under the claim's lock, which membership changes (the project's
    row) and every verdict write take too, so both are current until the transaction ends."""
    if not isinstance(user, User):
        return None, {}
    role = Membership.objects.filter(project_id=claim.project_id, user_id=user.pk).values_list(
        Value(None, output_field=BigIntegerField()), "role"
    )
    verdicts = Verdict.objects.filter(claim_id=claim.pk).values_list("reviewer_id", "label")
    rows = role.order_by().union(verdicts.order_by(), all=True)
    member_role = next((text for reviewer_id, text in rows if reviewer_id is None), None)
    return member_role, {reviewer_id: text for reviewer_id, text in rows if reviewer_id is not None}


@transaction.atomic
def verdict_create(
    *, claim: Claim, reviewer: AnyUser, label: Any, rationale: Any = "", evidence: Any = None
) -> Verdict:
    """Record ``reviewer``'s verdict on ``claim``; ``AlreadyExists`` if they gave one already."""
    project, maybe_subscribed = _lock_claim_rows(claim)
    role, given = _role_and_verdicts(reviewer, claim)
    _require_rank(role, project, Role.REVIEWER)
    label, rationale, evidence = clean_verdict_fields(label=label, rationale=rationale, evidence=evidence)
    if signed_in(reviewer).pk in given:
        existing = Verdict.objects.filter(claim=claim, reviewer=signed_in(reviewer)).first()
        raise AlreadyExists(existing, "You have already given a verdict on this claim: change that one instead.")
    verdict = Verdict(
        project_id=claim.project_id,
        claim=claim,
        reviewer=signed_in(reviewer),
        label=label,
        rationale=rationale,
        evidence=evidence,
    )
    # No savepoint around the INSERT: under the claim's lock no other verdict on it can be written, so
    # ``given`` is the last word (the unique constraint still holds, and the concurrency tests race it).
    verdict.save()
    claim_set_status(claim, status_from_labels({*given.values(), label}))
    history_record(
        project=project,
        entity=HistoryEvent.Entity.VERDICT,
        action=HistoryEvent.Action.CREATE,
        actor=reviewer,
        article_id=claim.article_id,
        claim_id=claim.pk,
        verdict_id=verdict.pk,
        version=verdict.version,
        after=verdict_snapshot(verdict),
    )
    emit_event(project, "verdict.created", lambda: verdict_event_data(verdict), maybe_subscribed=maybe_subscribed)
    return verdict


def _lock_verdict(verdict: Verdict) -> Verdict:
    return Verdict.objects.select_for_update().select_related("reviewer", "claim", "claim__project").get(pk=verdict.pk)


@transaction.atomic
def verdict_update(
    *,
    verdict: Verdict,
    actor: AnyUser,
    expected_version: int | None,
    label: Any = UNSET,
    rationale: Any = UNSET,
    evidence: Any = UNSET,
) -> Verdict:
    """Change a verdict (only its reviewer may); ``VersionConflict`` if it changed since ``expected_version``."""
    claim = _lock_claim(verdict.claim, with_body=False)
    try:
        current = _lock_verdict(verdict)
    except Verdict.DoesNotExist:
        raise VersionConflict(None, "This verdict was deleted since you loaded it.") from None
    if current.reviewer_id != actor.pk or membership_of(actor, claim.project) is None:
        raise PermissionDenied("Reviewers may change only their own verdicts.")
    check_version(current, expected_version)
    before = verdict_snapshot(current)
    label, rationale, evidence = clean_verdict_fields(
        label=current.label if label is UNSET else label,
        rationale=current.rationale if rationale is UNSET else rationale,
        evidence=current.evidence if evidence is UNSET else evidence,
    )
    current.label, current.rationale, current.evidence = label, rationale, evidence
    after = verdict_snapshot(current)
    if after == before:
        return current
    current.version += 1
    current.save()
    claim_refresh_status(claim)
    history_record(
        project=claim.project,
        entity=HistoryEvent.Entity.VERDICT,
        action=HistoryEvent.Action.UPDATE,
        actor=actor,
        article_id=claim.article_id,
        claim_id=claim.pk,
        verdict_id=current.pk,
        version=current.version,
        before=before,
        after=after,
    )
    emit_event(claim.project, "verdict.updated", lambda: verdict_event_data(current))
    return current


@transaction.atomic
def verdict_delete(*, verdict: Verdict, actor: AnyUser, expected_version: int | None) -> None:
    """Delete a verdict (its reviewer, or an editor/admin), leaving a history record."""
    claim = _lock_claim(verdict.claim, with_body=False)
    try:
        current = _lock_verdict(verdict)
    except Verdict.DoesNotExist:
        raise VersionConflict(None, "This verdict was already deleted.") from None
    membership = membership_of(actor, claim.project)
    if membership is None or not (current.reviewer_id == actor.pk or membership.has_role(Role.EDITOR)):
        raise PermissionDenied("Only the verdict's reviewer, an editor or an admin may delete it.")
    check_version(current, expected_version)
    history_record(
        project=claim.project,
        entity=HistoryEvent.Entity.VERDICT,
        action=HistoryEvent.Action.DELETE,
        actor=actor,
        article_id=claim.article_id,
        claim_id=claim.pk,
        verdict_id=current.pk,
        version=current.version,
        before=verdict_snapshot(current),
    )
    emit_event(claim.project, "verdict.deleted", lambda: verdict_event_data(current))
    current.delete()
    claim_refresh_status(claim)


@transaction.atomic
def verdict_submit(
    *,
    claim: Claim,
    reviewer: AnyUser,
    label: Any,
    rationale: Any = "",
    evidence: Any = None,
    base_version: int | None,
) -> Verdict:
    """Create or update ``reviewer``'s verdict as a form does: ``base_version`` is the version the
    form was loaded with (None: the form showed no verdict). Any change since → ``VersionConflict``."""
    existing = Verdict.objects.filter(claim=claim, reviewer=signed_in(reviewer)).first()
    if existing is None:
        if base_version is not None:
            raise VersionConflict(None, "Your verdict was deleted since you loaded this form.")
        try:
            return verdict_create(claim=claim, reviewer=reviewer, label=label, rationale=rationale, evidence=evidence)
        except AlreadyExists as exc:
            raise VersionConflict(exc.existing) from exc
    if base_version is None:
        raise VersionConflict(existing, "You gave a verdict on this claim in another window since you loaded it.")
    return verdict_update(
        verdict=existing,
        actor=reviewer,
        expected_version=base_version,
        label=label,
        rationale=rationale,
        evidence=evidence,
    )
