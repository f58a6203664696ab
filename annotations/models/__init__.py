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
from .preferences import UserPreference, single_key_shortcuts_on

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
    "UserPreference",
    "Verdict",
    "VerdictQuerySet",
    "member_project_ids",
    "single_key_shortcuts_on",
    "status_from_labels",
]
