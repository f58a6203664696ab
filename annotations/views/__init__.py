"""The reviewer web pages (server-rendered; ``static/js/app.js`` enhances them)."""

from .claims import claim_list
from .comments import comment_create, comment_delete, comment_update
from .dashboard import project_dashboard
from .decision_pages import (
    corrections_feed,
    decisions_desk,
    methodology,
    rating_change,
    rating_remove,
    rating_reorder,
    rating_scale,
)
from .decisions import correction_create, decision_delete, decision_publish, decision_save
from .preferences import shortcut_preference
from .projects import home, project_detail, project_member_change, project_members
from .reader import article_detail, claim_create, claim_delete, claim_update, review_queue, verdict_submit

__all__ = [
    "article_detail",
    "claim_create",
    "claim_delete",
    "claim_list",
    "claim_update",
    "comment_create",
    "comment_delete",
    "comment_update",
    "correction_create",
    "corrections_feed",
    "decisions_desk",
    "methodology",
    "rating_change",
    "rating_remove",
    "rating_reorder",
    "rating_scale",
    "decision_delete",
    "decision_publish",
    "decision_save",
    "home",
    "project_dashboard",
    "project_detail",
    "project_member_change",
    "project_members",
    "review_queue",
    "shortcut_preference",
    "verdict_submit",
]
