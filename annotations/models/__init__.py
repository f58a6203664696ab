"""Domain models, one module per area; everything is re-exported here so callers import from
``annotations.models``. New areas add a module beside ``core`` and one import line below."""

from __future__ import annotations

from .assignments import Assignment, AssignmentQuerySet, queue_after, review_queue, unassigned_articles
from .core import (
    ROLE_RANK,
    RTL_LANGUAGES,
    SYNCED_ENTITIES,
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
from .invitations import Invitation, InvitationQuerySet, hash_token
from .visibility import HIDDEN, blind_project_ids, hidden_status_q, status_hidden_for

__all__ = [
    "HIDDEN",
    "Assignment",
    "AssignmentQuerySet",
    "Invitation",
    "InvitationQuerySet",
    "blind_project_ids",
    "hash_token",
    "hidden_status_q",
    "status_hidden_for",
    "unassigned_articles",
    "queue_after",
    "review_queue",
    "RTL_LANGUAGES",
    "ROLE_RANK",
    "SYNCED_ENTITIES",
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
    "member_project_ids",
    "status_from_labels",
]
