"""Every write to the domain goes through these functions.

Each is keyword-only, runs in a transaction, validates before it saves, and records what it
changed in the append-only ``HistoryEvent`` log. Validation problems raise Django's
``ValidationError`` with a dict of field messages, which forms and the API turn into form errors
and HTTP 400 responses. Concurrency and uniqueness problems raise ``VersionConflict`` and
``AlreadyExists``; a caller without the role raises ``PermissionDenied``.

Callers import the package (``from annotations import services``); the modules split it by entity.
"""

from .articles import (
    ARTICLE_FIELDS,
    ImportResult,
    article_create,
    article_delete,
    article_import,
    clean_article_fields,
)
from .claims import can_delete_claim, can_edit_claim, claim_create, claim_delete, claim_refresh_status, claim_update
from .common import (
    UNSET,
    AlreadyExists,
    DuplicateArticle,
    VersionConflict,
    body_sha256,
    clean_evidence,
    clean_published_at,
    clean_verdict_fields,
    context_around,
    locate_quote,
    membership_of,
    normalise_line_endings,
    resolve_span,
    text_problem,
)
from .history import article_snapshot, claim_snapshot, history_record, verdict_snapshot
from .imports import clean_import_urls, import_item_fetch, import_job_create, import_job_process
from .projects import membership_remove, membership_set, project_create, project_update
from .verdicts import verdict_create, verdict_delete, verdict_submit, verdict_update
from .webhooks import (
    delivery_attempt,
    delivery_redeliver,
    emit_event,
    webhook_create,
    webhook_delete,
    webhook_rotate_secret,
    webhook_update,
)

__all__ = [
    "ARTICLE_FIELDS",
    "UNSET",
    "AlreadyExists",
    "DuplicateArticle",
    "ImportResult",
    "VersionConflict",
    "article_create",
    "article_delete",
    "article_import",
    "article_snapshot",
    "body_sha256",
    "can_delete_claim",
    "can_edit_claim",
    "claim_create",
    "claim_delete",
    "claim_refresh_status",
    "claim_snapshot",
    "claim_update",
    "clean_article_fields",
    "clean_evidence",
    "clean_published_at",
    "clean_verdict_fields",
    "context_around",
    "history_record",
    "delivery_attempt",
    "delivery_redeliver",
    "emit_event",
    "webhook_create",
    "webhook_delete",
    "webhook_rotate_secret",
    "webhook_update",
    "clean_import_urls",
    "import_item_fetch",
    "import_job_create",
    "import_job_process",
    "locate_quote",
    "membership_of",
    "membership_remove",
    "membership_set",
    "normalise_line_endings",
    "project_create",
    "project_update",
    "resolve_span",
    "text_problem",
    "verdict_create",
    "verdict_delete",
    "verdict_snapshot",
    "verdict_submit",
    "verdict_update",
]
