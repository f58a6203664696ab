"""Articles: validation of imported fields, import with duplicate detection, deletion."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Field

from verifier.lib.storable import text_problem
from verifier.lib.text import language_tag_problem

from ..models import Article, Claim, HistoryEvent, Project, Role, Verdict
from ..models.core import AnyUser
from .common import (
    Actor,
    DuplicateArticle,
    _require_actor_role,
    _require_role,
    body_sha256,
    clean_published_at,
    normalise_line_endings,
    user_of,
)
from .history import article_snapshot, deletion_events, history_event, history_record

ARTICLE_TEXT_FIELDS = ("title", "source", "author", "language", "original_language")


ARTICLE_URL_FIELDS = ("url", "original_url")


ARTICLE_FIELDS = (*ARTICLE_TEXT_FIELDS, *ARTICLE_URL_FIELDS, "body", "published_at")


def clean_article_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    """Validate one article's fields (as imported from JSON, a form or the API)."""
    if not isinstance(data, Mapping):
        raise ValidationError({"non_field_errors": ["An article must be an object with title and body."]})
    unknown = sorted(set(data) - set(ARTICLE_FIELDS) - {"project"})
    errors: dict[str, list[str]] = {}
    if unknown:
        errors["non_field_errors"] = [f"Unknown field(s): {', '.join(unknown)}."]
    values: dict[str, Any] = {}
    for name in (*ARTICLE_TEXT_FIELDS, *ARTICLE_URL_FIELDS, "body"):
        value = data.get(name, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            errors[name] = ["Must be text."]
            continue
        problem = text_problem(value)
        if problem:
            errors[name] = [problem]
            continue
        values[name] = value if name == "body" else value.strip()
    if "body" in values:
        values["body"] = normalise_line_endings(values["body"])
        if not values["body"].strip():
            errors["body"] = ["The article body is empty."]
        elif len(values["body"]) > settings.VERIFIER_ARTICLE_MAX_CHARS:
            errors["body"] = [f"The article body is longer than {settings.VERIFIER_ARTICLE_MAX_CHARS} characters."]
    for name in ("language", "original_language"):
        problem = language_tag_problem(values.get(name, ""))
        if problem:
            errors[name] = [problem]
    if "title" in values and not values["title"]:
        errors["title"] = ["An article needs a title."]
    if "title" in values and "\n" in values["title"]:
        errors["title"] = ["The title must be a single line."]
    try:
        values["published_at"] = clean_published_at(data.get("published_at"))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    # The model fields' own validators (lengths, URL shape) on what was given: what ``clean_fields``
    # would run, without building a model instance per imported item.
    for name, value in values.items():
        if name in errors or value in ("", None):
            continue
        try:
            cast(Field[Any, Any], Article._meta.get_field(name)).run_validators(value)  # a concrete field
        except ValidationError as exc:
            errors[name] = exc.messages
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def article_create(
    *,
    project: Project,
    imported_by: Actor,
    fetched_at: datetime | None = None,
    final_url: str = "",
    **fields: Any,
) -> Article:
    """Import one article (editors and admins, or ``SYSTEM``); refuse a body already imported into
    ``project`` (``DuplicateArticle``).

    ``fetched_at`` and ``final_url`` record where an article fetched by URL came from (set by the
    import-by-URL task only, never from user input)."""
    _require_actor_role(imported_by, project, Role.EDITOR)
    return _article_create(
        project=project, importer=user_of(imported_by), fields=fields, fetched_at=fetched_at, final_url=final_url
    )


def _article_create(
    *,
    project: Project,
    importer: AnyUser | None,
    fields: Mapping[str, Any],
    fetched_at: datetime | None = None,
    final_url: str = "",
) -> Article:
    """``article_create`` once the role is checked (``article_import`` checks it once for all items)."""
    values = clean_article_fields(fields)
    values.update(fetched_at=fetched_at, final_url=final_url[:2000])
    digest = body_sha256(values["body"])
    existing = Article.objects.filter(project=project, body_sha256=digest).first()
    if existing is not None:
        raise DuplicateArticle(existing, _duplicate_message(existing))
    article = Article(project=project, imported_by=user_of(importer), body_sha256=digest, **values)
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError as exc:  # a concurrent import of the same body won the race
        existing = Article.objects.filter(project=project, body_sha256=digest).first()
        if existing is None:
            raise
        raise DuplicateArticle(existing, _duplicate_message(existing)) from exc
    history_record(
        project=project,
        entity=HistoryEvent.Entity.ARTICLE,
        action=HistoryEvent.Action.CREATE,
        actor=importer,
        article_id=article.pk,
        after=article_snapshot(article),
    )
    return article


@dataclass
class ImportResult:
    """The outcome for one imported item: ``created``, ``duplicate`` or ``rejected``."""

    index: int
    outcome: str
    article: Article | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)
    message: str = ""


# Rows per INSERT and per ``IN (…)`` lookup: under SQLite's limit on bound parameters.
IMPORT_BATCH = 500


def _duplicate_message(existing: Article) -> str:
    return f"The same text was already imported as article #{existing.pk} “{existing.title}”."


@transaction.atomic
def article_import(*, project: Project, items: Iterable[Any], imported_by: Actor) -> list[ImportResult]:
    """Import many articles (editors and admins, or ``SYSTEM``); each succeeds or fails alone.
    Returns one result per item.

    Set-based: every item is validated in Python, the bodies already in the project are found with
    one query per 500 hashes, and the new articles and their history records are written with
    ``bulk_create``. A body repeated within the items is a duplicate of its first occurrence. If a
    concurrent import inserts one of the same bodies meanwhile, the unique constraint refuses the
    batch and the items are imported one by one instead, with the same outcomes.
    """
    _require_actor_role(imported_by, project, Role.EDITOR)
    importer = user_of(imported_by)
    items = list(items)
    results: list[ImportResult] = []
    pending: list[tuple[ImportResult, Article]] = []
    for index, item in enumerate(items):
        try:
            values = clean_article_fields(_as_kwargs(item))
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
            results.append(ImportResult(index, "rejected", errors=errors, message=_first_message(errors)))
            continue
        article = Article(project=project, imported_by=importer, body_sha256=body_sha256(values["body"]), **values)
        result = ImportResult(index, "created", article)
        results.append(result)
        pending.append((result, article))
    existing = _existing_articles(project, [article.body_sha256 for _, article in pending])
    new: list[Article] = []
    for result, article in pending:
        first = existing.get(article.body_sha256)
        if first is not None:
            result.outcome, result.article, result.message = "duplicate", first, _duplicate_message(first)
        else:
            existing[article.body_sha256] = article  # later copies in this import are its duplicates
            new.append(article)
    try:
        with transaction.atomic():
            Article.objects.bulk_create(new, batch_size=IMPORT_BATCH)
    except IntegrityError:  # a concurrent import of one of these bodies won the race
        return _import_one_by_one(project=project, items=items, importer=importer)
    for result, _ in pending:  # duplicates within the import point at an article saved just now
        if result.outcome == "duplicate" and result.article is not None:
            result.message = _duplicate_message(result.article)
    HistoryEvent.objects.bulk_create(
        [
            history_event(
                project=project,
                entity=HistoryEvent.Entity.ARTICLE,
                action=HistoryEvent.Action.CREATE,
                actor=importer,
                article_id=article.pk,
                after=article_snapshot(article),
            )
            for article in new
        ],
        batch_size=IMPORT_BATCH,
    )
    return results


def _existing_articles(project: Project, digests: list[str]) -> dict[str, Article]:
    """The project's articles with these body hashes, by hash (one query per 500 hashes)."""
    digests = list(dict.fromkeys(digests))
    existing: dict[str, Article] = {}
    for lo in range(0, len(digests), IMPORT_BATCH):
        found = Article.objects.filter(project=project, body_sha256__in=digests[lo : lo + IMPORT_BATCH])
        existing.update((a.body_sha256, a) for a in found.only("id", "title", "body_sha256", "project_id"))
    return existing


def _import_one_by_one(*, project: Project, items: Iterable[Any], importer: AnyUser | None) -> list[ImportResult]:
    results = []
    for index, item in enumerate(items):
        try:
            with transaction.atomic():
                article = _article_create(project=project, importer=importer, fields=_as_kwargs(item))
        except DuplicateArticle as exc:
            results.append(ImportResult(index, "duplicate", exc.existing, message=str(exc)))
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
            results.append(ImportResult(index, "rejected", errors=errors, message=_first_message(errors)))
        else:
            results.append(ImportResult(index, "created", article))
    return results


def _as_kwargs(item: Any) -> dict[str, Any]:
    if not isinstance(item, Mapping):
        raise ValidationError({"non_field_errors": ["An article must be an object with title and body."]})
    unknown = sorted(k for k in item if not isinstance(k, str) or not k.isidentifier())
    if unknown:
        raise ValidationError({"non_field_errors": [f"Unknown field(s): {', '.join(map(str, unknown))}."]})
    return {k: v for k, v in item.items() if k != "project"}


def _first_message(errors: Mapping[str, list[str]]) -> str:
    return "; ".join(
        f"{name}: {' '.join(msgs)}" if name != "non_field_errors" else " ".join(msgs) for name, msgs in errors.items()
    )


@transaction.atomic
def article_delete(*, article: Article, actor: AnyUser) -> None:
    """Delete an article with its claims and verdicts, leaving a tombstone for each."""
    _require_role(actor, article.project, Role.EDITOR)
    project = article.project
    events = deletion_events(
        project=project,
        actor=user_of(actor),
        article_id=article.pk,
        claims=Claim.objects.filter(article=article),
        verdicts=Verdict.objects.filter(claim__article=article).select_related("reviewer"),
    )
    events.append(
        history_event(
            project=project,
            entity=HistoryEvent.Entity.ARTICLE,
            action=HistoryEvent.Action.DELETE,
            actor=user_of(actor),
            article_id=article.pk,
            before=article_snapshot(article),
        )
    )
    HistoryEvent.objects.bulk_create(events)
    Verdict.objects.filter(claim__article=article).delete()
    article.delete()
