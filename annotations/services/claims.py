"""Claims: spans of an article marked, edited and deleted, and their derived status."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import BigIntegerField, QuerySet, Value
from django.utils import timezone

from ..models import Article, Claim, HistoryEvent, Membership, Role, Verdict, Webhook, status_from_labels
from ..models.core import AnyUser
from .common import (
    UNSET,
    AlreadyExists,
    _check_texts,
    _require_role_as_read,
    check_version,
    context_around,
    membership_of,
    resolve_span,
    signed_in,
    user_of,
)
from .history import claim_snapshot, deletion_events, history_record
from .webhooks import claim_event_data, emit_event

# A new span this close to an existing claim is probably the same claim marked twice.
DUPLICATE_OVERLAP = 0.8


class DuplicateClaim(AlreadyExists):
    """The span equals or overlaps an existing claim of the article by ≥ ``DUPLICATE_OVERLAP``."""

    def __init__(self, existing: Claim, overlap: float) -> None:
        self.overlap = overlap
        super().__init__(existing, f"Already marked as claim {existing.pk} ({round(overlap * 100)}% the same text).")


def span_overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Shared length of two spans over the longer one's: 1.0 for equal spans, 0.0 for disjoint ones."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return max(shared, 0) / max(a[1] - a[0], b[1] - b[0])


def _overlapping(article: Article, start: int, end: int) -> QuerySet[Any]:
    """``(id, start, end)`` of the article's claims that share text with the span."""
    claims = Claim.objects.filter(article=article, start__lt=end, end__gt=start).order_by()
    return claims.values_list("id", "start", "end")


def _most_like(rows: Iterable[tuple[int, int, int]], start: int, end: int) -> tuple[Claim, float] | None:
    scored = [(span_overlap((start, end), (s, e)), pk, s, e) for pk, s, e in rows]
    best = max(scored, key=lambda row: (row[0], -row[1]), default=None)
    if best is None or best[0] < DUPLICATE_OVERLAP:
        return None
    overlap, pk, s, e = best
    # As ``.only("id", "start", "end")`` would load it: any other field is read when first used.
    return Claim.from_db("default", ["id", "start", "end"], [pk, s, e]), overlap


def _duplicate_and_webhooks(article: Article, start: int, end: int) -> tuple[tuple[Claim, float] | None, bool]:
    """The existing claim of ``article`` most like the span, if it overlaps it by ≥ 80%, and whether the
    project has an active webhook, in one query (a UNION: a row of NULL id per webhook), so that
    ``emit_event`` need not look for subscribers when there are none."""
    hooks = Webhook.objects.filter(project_id=article.project_id, active=True).order_by()
    marks = hooks.values_list(Value(None, output_field=BigIntegerField()), Value(0), Value(0))
    rows = list(marks.union(_overlapping(article, start, end), all=True))
    claims = [row for row in rows if row[0] is not None]
    return _most_like(claims, start, end), len(claims) < len(rows)


def _lock_claim(claim: Claim, *, with_body: bool = True) -> Claim:
    """Re-read ``claim`` under a row lock (a no-op on SQLite, whose IMMEDIATE transactions serialise).

    The claim's article and project rows are locked with it (``FOR UPDATE`` covers every joined row);
    ``with_body=False`` leaves the article's body unread, for the writes that do not move the span.
    """
    locked = Claim.objects.select_for_update().select_related("article", "project")
    if not with_body:
        locked = locked.defer("article__body")
    return locked.get(pk=claim.pk)


@transaction.atomic
def claim_create(
    *,
    article: Article,
    created_by: AnyUser,
    start: Any = None,
    end: Any = None,
    quote: Any = None,
    statement: str = "",
    claimant: str = "",
    confirm_duplicate: bool = False,
) -> Claim:
    """Mark a span of ``article`` as a claim (by offsets in code points, or by a quote to locate).

    A span that equals or overlaps an existing claim by ≥ 80% raises ``DuplicateClaim`` unless the
    caller confirms with ``confirm_duplicate=True``.
    """
    # No row is locked here: the memberships the request read for the article's lookup are as good as a
    # fresh read (and save the query).
    _require_role_as_read(created_by, article.project, Role.REVIEWER)
    statement = "" if statement is None else statement
    claimant = "" if claimant is None else claimant
    _check_texts({"statement": statement, "claimant": claimant, "quote": quote})
    start, end = resolve_span(article.body, start=start, end=end, quote=quote)
    maybe_subscribed = True
    if not confirm_duplicate:
        duplicate, maybe_subscribed = _duplicate_and_webhooks(article, start, end)
        if duplicate is not None:
            raise DuplicateClaim(*duplicate)
    prefix, suffix = context_around(article.body, start, end)
    claim = Claim(
        project_id=article.project_id,
        article=article,
        start=start,
        end=end,
        quote=article.body[start:end],
        prefix=prefix,
        suffix=suffix,
        statement=statement.strip(),
        claimant=claimant.strip(),
        created_by=signed_in(created_by),
    )
    # The check constraints (start < end, a valid status) hold by construction here and the database
    # enforces them anyway; validating them in Python cost two queries (and two savepoints) per claim.
    claim.full_clean(exclude=["project", "article", "created_by"], validate_constraints=False)
    claim.save()
    history_record(
        project=article.project,
        entity=HistoryEvent.Entity.CLAIM,
        action=HistoryEvent.Action.CREATE,
        actor=created_by,
        article_id=article.pk,
        claim_id=claim.pk,
        version=claim.version,
        after=claim_snapshot(claim),
    )
    emit_event(article.project, "claim.created", lambda: claim_event_data(claim), maybe_subscribed=maybe_subscribed)
    return claim


def can_edit_claim(user: AnyUser, claim: Claim, *, membership: Membership | None = None) -> bool:
    """Editors and admins may edit any claim; a reviewer only the claims they marked.

    Superusers (the Django admin) may edit any claim too; the edit is still versioned and recorded.
    ``membership`` is the user's membership in the claim's project, for a caller that has it already.
    """
    if getattr(user, "is_superuser", False):
        return True
    membership = membership or membership_of(user, claim.project)
    if membership is None:
        return False
    return membership.has_role(Role.EDITOR) or claim.created_by_id == user.pk


def can_delete_claim(
    user: AnyUser,
    claim: Claim,
    *,
    membership: Membership | None = None,
    others_reviewed: bool | None = None,
) -> bool:
    """Editors and admins may delete any claim; a reviewer the claims they marked, until someone else
    has given a verdict on it (``others_reviewed``, looked up when not given)."""
    membership = membership or membership_of(user, claim.project)
    if membership is None:
        return False
    if membership.has_role(Role.EDITOR):
        return True
    if claim.created_by_id != user.pk:
        return False
    if others_reviewed is None:
        others_reviewed = claim.verdicts.exclude(reviewer=signed_in(user)).exists()
    return not others_reviewed


@transaction.atomic
def claim_update(
    *,
    claim: Claim,
    actor: AnyUser,
    expected_version: int | None,
    statement: Any = UNSET,
    claimant: Any = UNSET,
    start: Any = UNSET,
    end: Any = UNSET,
    quote: Any = UNSET,
) -> Claim:
    """Change a claim's statement, claimant or span; refuse if it changed since ``expected_version``."""
    current = _lock_claim(claim)
    if not can_edit_claim(actor, current):
        raise PermissionDenied("Only editors, admins and the reviewer who marked it may edit this claim.")
    check_version(current, expected_version)
    before = claim_snapshot(current)
    changes = {k: v for k, v in {"statement": statement, "claimant": claimant}.items() if v is not UNSET}
    _check_texts({k: ("" if v is None else v) for k, v in changes.items()})
    for name, value in changes.items():
        setattr(current, name, ("" if value is None else value).strip())
    if start is not UNSET or end is not UNSET or quote is not UNSET:
        new_start = current.start if start is UNSET else start
        new_end = current.end if end is UNSET else end
        new_quote = None if quote is UNSET else quote
        if quote is not UNSET and start is UNSET and end is UNSET:
            new_start = new_end = None  # locate the new quote
        current.start, current.end = resolve_span(current.article.body, start=new_start, end=new_end, quote=new_quote)
        current.quote = current.article.body[current.start : current.end]
        current.prefix, current.suffix = context_around(current.article.body, current.start, current.end)
    after = claim_snapshot(current)
    if after == before:
        return current
    current.version += 1
    current.full_clean(exclude=["project", "article", "created_by"])
    current.save()
    history_record(
        project=current.project,
        entity=HistoryEvent.Entity.CLAIM,
        action=HistoryEvent.Action.UPDATE,
        actor=actor,
        article_id=current.article_id,
        claim_id=current.pk,
        version=current.version,
        before=before,
        after=after,
    )
    emit_event(current.project, "claim.updated", lambda: claim_event_data(current))
    return current


@transaction.atomic
def claim_delete(*, claim: Claim, actor: AnyUser, expected_version: int | None) -> None:
    """Delete a claim and its verdicts, recording each deletion in history."""
    current = _lock_claim(claim)
    if not can_delete_claim(actor, current):
        raise PermissionDenied(
            "Only editors and admins may delete this claim (reviewers may delete their own claims "
            "until someone else has given a verdict on them)."
        )
    check_version(current, expected_version)
    events = deletion_events(
        project=current.project,
        actor=user_of(actor),
        article_id=current.article_id,
        claims=[current],
        verdicts=current.verdicts.select_related("reviewer"),
    )
    HistoryEvent.objects.bulk_create(events)
    emit_event(current.project, "claim.deleted", lambda: claim_event_data(current))
    current.verdicts.all().delete()
    current.delete()


def claim_refresh_status(claim: Claim) -> str:
    """Recompute ``claim.status`` from its verdicts (call inside the transaction that changed them)."""
    labels = set(Verdict.objects.filter(claim_id=claim.pk).order_by().values_list("label", flat=True))
    return claim_set_status(claim, status_from_labels(labels))


def claim_set_status(claim: Claim, status: str) -> str:
    """Store ``status`` (computed by the caller from the claim's verdicts, under the claim's lock)."""
    Claim.objects.filter(pk=claim.pk).update(status=status, updated_at=timezone.now())
    claim.status = status
    return status
