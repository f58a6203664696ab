"""Every write to the domain goes through these functions.

Each is keyword-only, runs in a transaction and validates before it saves. Writes of articles, claims,
verdicts and memberships are recorded in the append-only ``HistoryEvent`` log (``project_create`` and
``project_update`` record only the creator's membership, not the project's own fields; a status
recomputed by ``claim_refresh_status`` is part of the verdict change that caused it). Who may do what
is checked here (``PermissionDenied``), not in the views; trusted code that no person drives passes
``actor=SYSTEM``. Validation problems raise Django's
``ValidationError`` with a dict of field messages, which forms and the API turn into form errors
and HTTP 400 responses. Concurrency and uniqueness problems raise ``VersionConflict`` and
``AlreadyExists``; a caller without the role raises ``PermissionDenied``.

Callers import the package (``from annotations import services``); the modules split it by entity.
"""

from verifier.lib.storable import text_problem

from .article_files import article_add, article_import_file
from .articles import (
    ARTICLE_FIELDS,
    ImportResult,
    article_create,
    article_delete,
    article_import,
)
from .assignments import (
    assignment_bulk_create,
    assignment_complete,
    assignment_create,
    assignment_delete,
    assignment_take_next,
)
from .claims import (
    DuplicateClaim,
    can_delete_claim,
    can_edit_claim,
    claim_create,
    claim_delete,
    claim_refresh_status,
    claim_update,
)
from .comments import (
    COMMENT_EDIT_WINDOW,
    can_delete_comment,
    can_edit_comment,
    comment_create,
    comment_delete,
    comment_update,
)
from .common import (
    SYSTEM,
    UNSET,
    Actor,
    AlreadyExists,
    DuplicateArticle,
    SystemActor,
    VersionConflict,
    body_sha256,
    clean_evidence,
    clean_published_at,
    context_around,
    locate_quote,
    membership_of,
    normalise_line_endings,
    resolve_span,
)
from .decisions import (
    DecisionStateConflict,
    correction_create,
    decide_refusal,
    decision_create,
    decision_delete,
    decision_publish,
    decision_snapshot,
    decision_update,
    default_review_due,
    publish_refusal,
)
from .history import history_record
from .imports import clean_import_urls, import_item_fetch, import_job_create, import_job_process
from .invitations import (
    invitation_accept,
    invitation_create,
    invitation_needs_password,
    invitation_reissue,
    invitation_revoke,
)
from .preferences import preference_set
from .projects import (
    clean_language,
    membership_refusal,
    membership_remove,
    membership_set,
    project_create,
    project_update,
)
from .ratings import (
    DEFAULT_SCALE,
    default_scale_create,
    rating_create,
    rating_delete,
    rating_retire,
    rating_snapshot,
    rating_update,
)
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
    "SYSTEM",
    "article_add",
    "article_import_file",
    "assignment_bulk_create",
    "assignment_complete",
    "assignment_create",
    "assignment_delete",
    "assignment_take_next",
    "clean_language",
    "invitation_accept",
    "invitation_create",
    "invitation_needs_password",
    "invitation_reissue",
    "invitation_revoke",
    "DEFAULT_SCALE",
    "DecisionStateConflict",
    "correction_create",
    "decide_refusal",
    "decision_create",
    "decision_delete",
    "decision_publish",
    "decision_snapshot",
    "decision_update",
    "default_review_due",
    "default_scale_create",
    "publish_refusal",
    "rating_create",
    "rating_delete",
    "rating_retire",
    "rating_snapshot",
    "rating_update",
    "ARTICLE_FIELDS",
    "COMMENT_EDIT_WINDOW",
    "UNSET",
    "Actor",
    "AlreadyExists",
    "DuplicateArticle",
    "DuplicateClaim",
    "ImportResult",
    "SystemActor",
    "VersionConflict",
    "article_create",
    "article_delete",
    "article_import",
    "body_sha256",
    "can_delete_claim",
    "can_delete_comment",
    "can_edit_claim",
    "can_edit_comment",
    "claim_create",
    "claim_delete",
    "claim_refresh_status",
    "claim_update",
    "clean_evidence",
    "clean_published_at",
    "clean_verdict_fields",
    "comment_create",
    "comment_delete",
    "comment_update",
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
    "membership_refusal",
    "membership_remove",
    "membership_set",
    "normalise_line_endings",
    "preference_set",
    "project_create",
    "project_update",
    "resolve_span",
    "text_problem",
    "verdict_create",
    "verdict_delete",
    "verdict_submit",
    "verdict_update",
]
