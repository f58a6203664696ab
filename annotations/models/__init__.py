"""Domain models, one module per area; everything is re-exported here so callers import from
``annotations.models``. New areas add a module beside ``core`` and one import line below."""

from __future__ import annotations

from .core import (
    ROLE_RANK,
    RTL_LANGUAGES,
    Article,
    ArticleQuerySet,
    Claim,
    ClaimQuerySet,
    ClaimStatus,
    HistoryEvent,
    HistoryQuerySet,
    Label,
    Membership,
    MembershipQuerySet,
    Project,
    ProjectQuerySet,
    Role,
    Stance,
    Verdict,
    VerdictQuerySet,
    member_project_ids,
    status_from_labels,
)
from .imports import ImportItem, ImportJob, ImportJobQuerySet
from .webhooks import WEBHOOK_EVENTS, Delivery, DeliveryAttempt, Webhook, WebhookQuerySet

__all__ = [
    "RTL_LANGUAGES",
    "ROLE_RANK",
    "Article",
    "ArticleQuerySet",
    "Claim",
    "ClaimQuerySet",
    "ClaimStatus",
    "HistoryEvent",
    "HistoryQuerySet",
    "Label",
    "Membership",
    "MembershipQuerySet",
    "Project",
    "ProjectQuerySet",
    "Role",
    "Stance",
    "Verdict",
    "VerdictQuerySet",
    "ImportItem",
    "ImportJob",
    "ImportJobQuerySet",
    "WEBHOOK_EVENTS",
    "Delivery",
    "DeliveryAttempt",
    "Webhook",
    "WebhookQuerySet",
    "member_project_ids",
    "status_from_labels",
]
