"""The reviewer web pages (server-rendered; ``static/js/app.js`` enhances them)."""

from .claims import claim_list
from .dashboard import project_dashboard
from .preferences import shortcut_preference
from .projects import home, project_detail, project_member_change, project_members
from .reader import article_detail, claim_create, claim_delete, claim_update, review_queue, verdict_submit

__all__ = [
    "article_detail",
    "claim_create",
    "claim_delete",
    "claim_list",
    "claim_update",
    "home",
    "project_dashboard",
    "project_detail",
    "project_member_change",
    "project_members",
    "review_queue",
    "shortcut_preference",
    "verdict_submit",
]
