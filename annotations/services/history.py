"""The append-only history log: snapshots of objects and the records of each change."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import User

from ..models import Article, Claim, Decision, HistoryEvent, Project, Verdict


def _username(user: User | None) -> str:
    return user.get_username() if user is not None else ""


def claim_snapshot(claim: Claim) -> dict[str, Any]:
    return {
        "article": claim.article_id,
        "start": claim.start,
        "end": claim.end,
        "quote": claim.quote,
        "statement": claim.statement,
        "claimant": claim.claimant,
    }


def verdict_snapshot(verdict: Verdict) -> dict[str, Any]:
    return {
        "claim": verdict.claim_id,
        "reviewer": verdict.reviewer.get_username(),
        "label": verdict.label,
        "rationale": verdict.rationale,
        "evidence": verdict.evidence,
    }


def article_snapshot(article: Article | Mapping[str, Any]) -> dict[str, Any]:
    """What the history keeps of an article: from the instance, or from its field values by name."""
    if isinstance(article, Mapping):
        return {
            "title": article["title"],
            "url": article["url"],
            "source": article["source"],
            "sha256": article["body_sha256"],
        }
    return {"title": article.title, "url": article.url, "source": article.source, "sha256": article.body_sha256}


def history_event(*, project: Project, actor: User | None, **fields: Any) -> HistoryEvent:
    """An unsaved history record (save one with ``history_record``, or ``bulk_create`` several); the
    arguments as for ``history_values``, whose values it holds, with ``project`` and ``actor`` loaded."""
    event = HistoryEvent(**history_values(project=project, actor=actor, **fields))
    event.project, event.actor = project, actor
    return event


def history_values(
    *,
    project: Project,
    entity: str,
    action: str,
    actor: User | None,
    article_id: int | None = None,
    claim_id: int | None = None,
    verdict_id: int | None = None,
    decision_id: int | None = None,
    version: int | None = None,
    before: dict | None = None,
    after: dict | None = None,
) -> dict[str, Any]:
    """The attribute values of one history record, by attribute name (``project_id``, ``actor_id``): what
    ``history_event`` builds its record from, and what ``bulk_insert.insert_rows`` writes without one
    (``created_at`` is then the caller's)."""
    return {
        "project_id": project.pk,
        "entity": entity,
        "action": action,
        "actor_id": actor.pk if actor is not None else None,
        "actor_username": _username(actor),
        "article_id": article_id,
        "claim_id": claim_id,
        "verdict_id": verdict_id,
        "decision_id": decision_id,
        "version": version,
        "before": before,
        "after": after,
    }


def history_record(**fields: Any) -> HistoryEvent:
    """Append one record to the history log (arguments as for ``history_event``)."""
    event = history_event(**fields)
    event.save()
    return event


def deletion_events(
    *,
    project: Project,
    actor: User | None,
    article_id: int,
    claims: Iterable[Claim],
    verdicts: Iterable[Verdict],
) -> list[HistoryEvent]:
    """Tombstones for claims of one article, their verdicts (``verdicts`` with ``reviewer`` loaded)
    and their decisions (which the claims take with them)."""
    delete = HistoryEvent.Action.DELETE
    claims = list(claims)
    decisions = Decision.objects.filter(claim_id__in=[c.pk for c in claims]).select_related("rating")
    events = [
        history_event(
            project=project,
            entity=HistoryEvent.Entity.DECISION,
            action=delete,
            actor=actor,
            article_id=article_id,
            claim_id=decision.claim_id,
            decision_id=decision.pk,
            version=decision.version,
            before={"claim": decision.claim_id, "state": decision.state, "rating_name": decision.rating.name},
        )
        for decision in decisions
    ]
    events += [
        history_event(
            project=project,
            entity=HistoryEvent.Entity.VERDICT,
            action=delete,
            actor=actor,
            article_id=article_id,
            claim_id=verdict.claim_id,
            verdict_id=verdict.pk,
            version=verdict.version,
            before=verdict_snapshot(verdict),
        )
        for verdict in verdicts
    ]
    events += [
        history_event(
            project=project,
            entity=HistoryEvent.Entity.CLAIM,
            action=delete,
            actor=actor,
            article_id=article_id,
            claim_id=claim.pk,
            version=claim.version,
            before=claim_snapshot(claim),
        )
        for claim in claims
    ]
    return events
