"""Every write to the domain goes through these functions.

Each is keyword-only, runs in a transaction, validates before it saves, and records what it
changed in the append-only ``HistoryEvent`` log. Validation problems raise Django's
``ValidationError`` with a dict of field messages, which forms and the API turn into form errors
and HTTP 400 responses. Concurrency and uniqueness problems raise the exceptions below.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import slugify

from .models import (
    ROLE_RANK,
    Article,
    Claim,
    HistoryEvent,
    Label,
    Membership,
    Project,
    Role,
    Stance,
    Verdict,
    status_from_labels,
)

UNSET: Any = object()  # "leave this field as it is" in partial updates
MAX_EVIDENCE_ITEMS = 50


class VersionConflict(Exception):
    """The object changed since the caller read it (stale ``version`` / ``If-Match``)."""

    def __init__(self, current: Claim | Verdict | None, message: str = "") -> None:
        self.current = current
        super().__init__(message or "This was changed by someone else since you loaded it.")


class AlreadyExists(Exception):
    """The object the caller wants to create exists already (``existing`` is it)."""

    def __init__(self, existing: Any, message: str) -> None:
        self.existing = existing
        super().__init__(message)


class DuplicateArticle(AlreadyExists):
    """The same body was already imported into this project."""


# ---------------------------------------------------------------------------------------------
# Validation helpers


def normalise_line_endings(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``; nothing else changes."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored as text on every backend, or None."""
    if "\x00" in value:
        return "Contains a NUL character (\\x00), which cannot be stored."
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "Contains an unpaired surrogate, which is not valid Unicode text."
    return None


def _check_texts(values: Mapping[str, Any]) -> None:
    errors = {}
    for name, value in values.items():
        if value is None:
            continue
        if not isinstance(value, str):
            errors[name] = ["Must be text."]
            continue
        problem = text_problem(value)
        if problem:
            errors[name] = [problem]
    if errors:
        raise ValidationError(errors)


def body_sha256(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def context_around(body: str, start: int, end: int) -> tuple[str, str]:
    """W3C TextQuoteSelector prefix and suffix: up to VERIFIER_CONTEXT_CHARS code points each side."""
    n = settings.VERIFIER_CONTEXT_CHARS
    return body[max(0, start - n) : start], body[end : end + n]


def locate_quote(body: str, quote: str) -> list[int]:
    """Every start offset (code points) at which ``quote`` occurs in ``body``, overlaps included."""
    if not quote:
        return []
    found, i = [], body.find(quote)
    while i != -1:
        found.append(i)
        i = body.find(quote, i + 1)
    return found


def resolve_span(body: str, *, start: Any = None, end: Any = None, quote: Any = None) -> tuple[int, int]:
    """Check offsets (code points, end exclusive) and/or locate ``quote``; return ``(start, end)``."""
    if quote is not None and not isinstance(quote, str):
        raise ValidationError({"quote": ["Must be text."]})
    if start is None and end is None:
        if not quote:
            raise ValidationError({"quote": ["Give start and end offsets, or the exact quote to locate."]})
        hits = locate_quote(body, quote)
        if not hits:
            raise ValidationError({"quote": ["This text does not occur in the article."]})
        if len(hits) > 1:
            where = ", ".join(f"{h}–{h + len(quote)}" for h in hits[:20])
            raise ValidationError(
                {"quote": [f"This text occurs {len(hits)} times (offsets {where}); give start and end to choose one."]}
            )
        return hits[0], hits[0] + len(quote)

    errors: dict[str, list[str]] = {}
    for name, value in (("start", start), ("end", end)):
        if value is None:
            errors[name] = ["This field is required when the other offset is given."]
        elif isinstance(value, bool) or not isinstance(value, int):
            errors[name] = ["Must be a whole number (an offset in Unicode code points)."]
    if errors:
        raise ValidationError(errors)
    n = len(body)
    if start < 0 or start > n:
        errors["start"] = [f"Must be between 0 and {n} (the article is {n} code points long)."]
    if end < 0 or end > n:
        errors["end"] = [f"Must be between 0 and {n} (the article is {n} code points long)."]
    if not errors and start >= end:
        errors["end"] = ["Must be greater than start: a claim covers at least one character."]
    if errors:
        raise ValidationError(errors)
    if not body[start:end].strip():
        raise ValidationError({"end": ["The span contains only white space."]})
    if quote is not None and body[start:end] != quote:
        raise ValidationError(
            {"quote": [f"Does not match the article text at {start}–{end}, which reads {body[start:end]!r}."]}
        )
    return start, end


def clean_evidence(items: Any) -> list[dict[str, str]]:
    """Validate evidence items; return them with every key present (``stance`` defaults to context)."""
    if items is None:
        return []
    if not isinstance(items, list):
        raise ValidationError({"evidence": ["Must be a list of evidence items."]})
    if len(items) > MAX_EVIDENCE_ITEMS:
        raise ValidationError({"evidence": [f"At most {MAX_EVIDENCE_ITEMS} evidence items."]})
    allowed = {"url", "title", "excerpt", "stance"}
    limits = {"url": 2000, "title": 500, "excerpt": 5000}
    url_ok = URLValidator(schemes=["http", "https"])
    cleaned, problems = [], []
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            problems.append(f"Item {i}: must be an object with url, title, excerpt and stance.")
            continue
        unknown = sorted(set(item) - allowed)
        if unknown:
            problems.append(f"Item {i}: unknown field(s) {', '.join(unknown)}.")
        values = {}
        for key in ("url", "title", "excerpt"):
            value = item.get(key, "")
            if value is None:
                value = ""
            if not isinstance(value, str):
                problems.append(f"Item {i}: {key} must be text.")
                continue
            value = value.strip() if key == "url" else value
            if len(value) > limits[key]:
                problems.append(f"Item {i}: {key} is longer than {limits[key]} characters.")
            elif text_problem(value):
                problems.append(f"Item {i}: {key}: {text_problem(value)}")
            values[key] = value
        if "url" in values:
            if not values["url"]:
                problems.append(f"Item {i}: url is required.")
            else:
                try:
                    url_ok(values["url"])
                except ValidationError:
                    problems.append(f"Item {i}: url must be an http or https address.")
        stance = item.get("stance") or Stance.CONTEXT
        if stance not in Stance.values:
            problems.append(f"Item {i}: stance must be one of {', '.join(Stance.values)}.")
        values["stance"] = stance
        cleaned.append(values)
    if problems:
        raise ValidationError({"evidence": problems})
    return cleaned


def clean_verdict_fields(*, label: Any, rationale: Any, evidence: Any) -> tuple[str, str, list[dict[str, str]]]:
    errors: dict[str, list[str]] = {}
    if label not in Label.values:
        errors["label"] = [f"Must be one of {', '.join(Label.values)}."]
    if rationale is None:
        rationale = ""
    if not isinstance(rationale, str):
        errors["rationale"] = ["Must be text."]
    elif text_problem(rationale):
        errors["rationale"] = [text_problem(rationale)]
    elif label in (Label.CONFIRMED, Label.DISPUTED) and not rationale.strip():
        errors["rationale"] = [f"Explain why the claim is {label}: a rationale is required."]
    try:
        evidence = clean_evidence(evidence)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return label, rationale, evidence


def clean_published_at(value: Any) -> datetime | None:
    """An ISO 8601 date or date-time as an aware UTC datetime (naive ones are in TIME_ZONE)."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        try:
            parsed = parse_datetime(value.strip()) or (
                datetime.combine(d, datetime.min.time()) if (d := parse_date(value.strip())) else None
            )
        except ValueError:
            parsed = None
        if parsed is None:
            raise ValidationError({"published_at": ["Use an ISO 8601 date or date-time, e.g. 2024-03-18."]})
    else:
        raise ValidationError({"published_at": ["Use an ISO 8601 date or date-time, e.g. 2024-03-18."]})
    try:
        if timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed, timezone.get_default_timezone())
        # Stored in UTC: PostgreSQL refuses offsets beyond ±15:59, and an instant whose UTC falls
        # outside years 1–9999 cannot be stored anywhere.
        return parsed.astimezone(UTC)
    except (OverflowError, ValueError):
        raise ValidationError({"published_at": ["This date is out of range (years 1–9999 in UTC)."]}) from None


# ---------------------------------------------------------------------------------------------
# History


def _username(user: AbstractBaseUser | None) -> str:
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


def article_snapshot(article: Article) -> dict[str, Any]:
    return {"title": article.title, "url": article.url, "source": article.source, "sha256": article.body_sha256}


def history_record(
    *,
    project: Project,
    entity: str,
    action: str,
    actor: AbstractBaseUser | None,
    article_id: int | None = None,
    claim_id: int | None = None,
    verdict_id: int | None = None,
    version: int | None = None,
    before: dict | None = None,
    after: dict | None = None,
) -> HistoryEvent:
    """Append one record to the history log."""
    return HistoryEvent.objects.create(
        project=project,
        entity=entity,
        action=action,
        actor=actor,
        actor_username=_username(actor),
        article_id=article_id,
        claim_id=claim_id,
        verdict_id=verdict_id,
        version=version,
        before=before,
        after=after,
    )


# ---------------------------------------------------------------------------------------------
# Projects and members


@transaction.atomic
def project_create(*, name: str, created_by: AbstractBaseUser | None, slug: str = "", description: str = "") -> Project:
    """Create a project; its creator (if any: imports may run without a user) becomes its admin."""
    _check_texts({"name": name, "slug": slug, "description": description})
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": ["A project needs a name."]})
    slug = slug.strip() or slugify(name)[:90] or "project"
    if Project.objects.filter(slug=slug).exists():
        if slug != slugify(name)[:90]:
            raise ValidationError({"slug": [f"The slug “{slug}” is taken."]})
        base, n = slug, 2
        while Project.objects.filter(slug=f"{base}-{n}").exists():
            n += 1
        slug = f"{base}-{n}"
    project = Project(name=name, slug=slug, description=description, created_by=created_by)
    try:
        project.full_clean()
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc
    project.save()
    if created_by is not None:
        Membership.objects.create(project=project, user=created_by, role=Role.ADMIN)
    return project


@transaction.atomic
def membership_set(
    *, project: Project, user: AbstractBaseUser, role: str, actor: AbstractBaseUser | None
) -> Membership:
    """Add ``user`` to ``project`` with ``role``, or change their role."""
    if role not in Role.values:
        raise ValidationError({"role": [f"Must be one of {', '.join(Role.values)}."]})
    membership = Membership.objects.select_for_update().filter(project=project, user=user).first()
    if membership is None:
        return Membership.objects.create(project=project, user=user, role=role)
    if membership.role == Role.ADMIN and role != Role.ADMIN:
        _refuse_last_admin(project, membership)
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    return membership


@transaction.atomic
def membership_remove(*, project: Project, user: AbstractBaseUser, actor: AbstractBaseUser | None) -> None:
    """Remove ``user`` from ``project`` (their verdicts stay, attributed to them)."""
    membership = Membership.objects.select_for_update().filter(project=project, user=user).first()
    if membership is None:
        raise ValidationError({"username": [f"{user.get_username()} is not a member of this project."]})
    if membership.role == Role.ADMIN:
        _refuse_last_admin(project, membership)
    membership.delete()


def _refuse_last_admin(project: Project, membership: Membership) -> None:
    others = Membership.objects.filter(project=project, role=Role.ADMIN).exclude(pk=membership.pk)
    if not others.exists():
        raise ValidationError({"role": ["A project needs at least one admin: make someone else admin first."]})


def membership_of(user: AbstractBaseUser, project: Project) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.filter(project=project, user=user).first()


def _require_role(user: AbstractBaseUser, project: Project, role: str) -> Membership:
    membership = membership_of(user, project)
    if membership is None or ROLE_RANK[Role(membership.role)] < ROLE_RANK[Role(role)]:
        raise PermissionDenied(f"This needs the {role} role in {project}.")
    return membership


# ---------------------------------------------------------------------------------------------
# Articles


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
    if "title" in values and not values["title"]:
        errors["title"] = ["An article needs a title."]
    if "title" in values and "\n" in values["title"]:
        errors["title"] = ["The title must be a single line."]
    try:
        values["published_at"] = clean_published_at(data.get("published_at"))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    article = Article(**values)
    try:
        article.clean_fields(exclude=["project", "body_sha256", "imported_by"])
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc
    return values


@transaction.atomic
def article_create(*, project: Project, imported_by: AbstractBaseUser | None, **fields: Any) -> Article:
    """Import one article; refuse a body already imported into ``project`` (``DuplicateArticle``)."""
    values = clean_article_fields(fields)
    digest = body_sha256(values["body"])
    existing = Article.objects.filter(project=project, body_sha256=digest).first()
    if existing is not None:
        raise DuplicateArticle(
            existing, f"The same text was already imported as article #{existing.pk} “{existing.title}”."
        )
    article = Article(project=project, imported_by=imported_by, body_sha256=digest, **values)
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError as exc:  # a concurrent import of the same body won the race
        existing = Article.objects.filter(project=project, body_sha256=digest).first()
        if existing is None:
            raise
        raise DuplicateArticle(
            existing, f"The same text was already imported as article #{existing.pk} “{existing.title}”."
        ) from exc
    history_record(
        project=project,
        entity=HistoryEvent.Entity.ARTICLE,
        action=HistoryEvent.Action.CREATE,
        actor=imported_by,
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


def article_import(
    *, project: Project, items: Iterable[Any], imported_by: AbstractBaseUser | None
) -> list[ImportResult]:
    """Import many articles; each succeeds or fails alone. Returns one result per item."""
    results = []
    for index, item in enumerate(items):
        try:
            with transaction.atomic():
                article = article_create(project=project, imported_by=imported_by, **_as_kwargs(item))
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
def article_delete(*, article: Article, actor: AbstractBaseUser) -> None:
    """Delete an article with its claims and verdicts, leaving a tombstone for each."""
    _require_role(actor, article.project, Role.EDITOR)
    project = article.project
    events = []
    verdicts = Verdict.objects.filter(claim__article=article).select_related("reviewer")
    for verdict in verdicts:
        events.append(
            HistoryEvent(
                project=project,
                entity="verdict",
                action="delete",
                actor=actor,
                actor_username=_username(actor),
                article_id=article.pk,
                claim_id=verdict.claim_id,
                verdict_id=verdict.pk,
                version=verdict.version,
                before=verdict_snapshot(verdict),
            )
        )
    for claim in Claim.objects.filter(article=article):
        events.append(
            HistoryEvent(
                project=project,
                entity="claim",
                action="delete",
                actor=actor,
                actor_username=_username(actor),
                article_id=article.pk,
                claim_id=claim.pk,
                version=claim.version,
                before=claim_snapshot(claim),
            )
        )
    events.append(
        HistoryEvent(
            project=project,
            entity="article",
            action="delete",
            actor=actor,
            actor_username=_username(actor),
            article_id=article.pk,
            before=article_snapshot(article),
        )
    )
    HistoryEvent.objects.bulk_create(events)
    Verdict.objects.filter(claim__article=article).delete()
    article.delete()


# ---------------------------------------------------------------------------------------------
# Claims


def _lock_claim(claim: Claim) -> Claim:
    """Re-read ``claim`` under a row lock (a no-op on SQLite, whose IMMEDIATE transactions serialise)."""
    return Claim.objects.select_for_update().select_related("article", "project").get(pk=claim.pk)


@transaction.atomic
def claim_create(
    *,
    article: Article,
    created_by: AbstractBaseUser,
    start: Any = None,
    end: Any = None,
    quote: Any = None,
    statement: str = "",
    claimant: str = "",
) -> Claim:
    """Mark a span of ``article`` as a claim (by offsets in code points, or by a quote to locate)."""
    _require_role(created_by, article.project, Role.REVIEWER)
    statement = "" if statement is None else statement
    claimant = "" if claimant is None else claimant
    _check_texts({"statement": statement, "claimant": claimant, "quote": quote})
    start, end = resolve_span(article.body, start=start, end=end, quote=quote)
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
        created_by=created_by,
    )
    claim.full_clean(exclude=["project", "article", "created_by"])
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
    return claim


def can_edit_claim(user: AbstractBaseUser, claim: Claim) -> bool:
    """Editors and admins may edit any claim; a reviewer only the claims they marked.

    Superusers (the Django admin) may edit any claim too; the edit is still versioned and recorded.
    """
    if getattr(user, "is_superuser", False):
        return True
    membership = membership_of(user, claim.project)
    if membership is None:
        return False
    return membership.has_role(Role.EDITOR) or claim.created_by_id == user.pk


@transaction.atomic
def claim_update(
    *,
    claim: Claim,
    actor: AbstractBaseUser,
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
    if expected_version is not None and current.version != expected_version:
        raise VersionConflict(current)
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
    return current


@transaction.atomic
def claim_delete(*, claim: Claim, actor: AbstractBaseUser, expected_version: int | None) -> None:
    """Delete a claim and its verdicts, recording each deletion in history."""
    current = _lock_claim(claim)
    membership = membership_of(actor, current.project)
    others_verdicts = current.verdicts.exclude(reviewer=actor).exists()
    if membership is None or not (
        membership.has_role(Role.EDITOR) or (current.created_by_id == actor.pk and not others_verdicts)
    ):
        raise PermissionDenied(
            "Only editors and admins may delete this claim (reviewers may delete their own claims "
            "until someone else has given a verdict on them)."
        )
    if expected_version is not None and current.version != expected_version:
        raise VersionConflict(current)
    events = [
        HistoryEvent(
            project=current.project,
            entity="verdict",
            action="delete",
            actor=actor,
            actor_username=_username(actor),
            article_id=current.article_id,
            claim_id=current.pk,
            verdict_id=verdict.pk,
            version=verdict.version,
            before=verdict_snapshot(verdict),
        )
        for verdict in current.verdicts.select_related("reviewer")
    ]
    events.append(
        HistoryEvent(
            project=current.project,
            entity="claim",
            action="delete",
            actor=actor,
            actor_username=_username(actor),
            article_id=current.article_id,
            claim_id=current.pk,
            version=current.version,
            before=claim_snapshot(current),
        )
    )
    HistoryEvent.objects.bulk_create(events)
    current.verdicts.all().delete()
    current.delete()


def claim_refresh_status(claim: Claim) -> str:
    """Recompute ``claim.status`` from its verdicts (call inside the transaction that changed them)."""
    labels = set(Verdict.objects.filter(claim_id=claim.pk).values_list("label", flat=True))
    status = status_from_labels(labels)
    Claim.objects.filter(pk=claim.pk).update(status=status, updated_at=timezone.now())
    claim.status = status
    return status


# ---------------------------------------------------------------------------------------------
# Verdicts


@transaction.atomic
def verdict_create(
    *, claim: Claim, reviewer: AbstractBaseUser, label: Any, rationale: Any = "", evidence: Any = None
) -> Verdict:
    """Record ``reviewer``'s verdict on ``claim``; ``AlreadyExists`` if they gave one already."""
    current = _lock_claim(claim)
    _require_role(reviewer, current.project, Role.REVIEWER)
    label, rationale, evidence = clean_verdict_fields(label=label, rationale=rationale, evidence=evidence)
    existing = Verdict.objects.filter(claim=current, reviewer=reviewer).first()
    if existing is not None:
        raise AlreadyExists(existing, "You have already given a verdict on this claim: change that one instead.")
    verdict = Verdict(claim=current, reviewer=reviewer, label=label, rationale=rationale, evidence=evidence)
    try:
        with transaction.atomic():
            verdict.save()
    except IntegrityError as exc:  # the database constraint is the last word on uniqueness
        existing = Verdict.objects.filter(claim=current, reviewer=reviewer).first()
        if existing is None:
            raise
        raise AlreadyExists(existing, "You have already given a verdict on this claim.") from exc
    claim_refresh_status(current)
    claim.status = current.status
    history_record(
        project=current.project,
        entity=HistoryEvent.Entity.VERDICT,
        action=HistoryEvent.Action.CREATE,
        actor=reviewer,
        article_id=current.article_id,
        claim_id=current.pk,
        verdict_id=verdict.pk,
        version=verdict.version,
        after=verdict_snapshot(verdict),
    )
    return verdict


def _lock_verdict(verdict: Verdict) -> Verdict:
    return Verdict.objects.select_for_update().select_related("reviewer", "claim", "claim__project").get(pk=verdict.pk)


@transaction.atomic
def verdict_update(
    *,
    verdict: Verdict,
    actor: AbstractBaseUser,
    expected_version: int | None,
    label: Any = UNSET,
    rationale: Any = UNSET,
    evidence: Any = UNSET,
) -> Verdict:
    """Change a verdict (only its reviewer may); ``VersionConflict`` if it changed since ``expected_version``."""
    claim = _lock_claim(verdict.claim)
    try:
        current = _lock_verdict(verdict)
    except Verdict.DoesNotExist:
        raise VersionConflict(None, "This verdict was deleted since you loaded it.") from None
    if current.reviewer_id != actor.pk or membership_of(actor, claim.project) is None:
        raise PermissionDenied("Reviewers may change only their own verdicts.")
    if expected_version is not None and current.version != expected_version:
        raise VersionConflict(current)
    before = verdict_snapshot(current)
    label, rationale, evidence = clean_verdict_fields(
        label=current.label if label is UNSET else label,
        rationale=current.rationale if rationale is UNSET else rationale,
        evidence=current.evidence if evidence is UNSET else evidence,
    )
    current.label, current.rationale, current.evidence = label, rationale, evidence
    after = verdict_snapshot(current)
    if after == before:
        return current
    current.version += 1
    current.save()
    claim_refresh_status(claim)
    history_record(
        project=claim.project,
        entity=HistoryEvent.Entity.VERDICT,
        action=HistoryEvent.Action.UPDATE,
        actor=actor,
        article_id=claim.article_id,
        claim_id=claim.pk,
        verdict_id=current.pk,
        version=current.version,
        before=before,
        after=after,
    )
    return current


@transaction.atomic
def verdict_delete(*, verdict: Verdict, actor: AbstractBaseUser, expected_version: int | None) -> None:
    """Delete a verdict (its reviewer, or an editor/admin), leaving a history record."""
    claim = _lock_claim(verdict.claim)
    try:
        current = _lock_verdict(verdict)
    except Verdict.DoesNotExist:
        raise VersionConflict(None, "This verdict was already deleted.") from None
    membership = membership_of(actor, claim.project)
    if membership is None or not (current.reviewer_id == actor.pk or membership.has_role(Role.EDITOR)):
        raise PermissionDenied("Only the verdict's reviewer, an editor or an admin may delete it.")
    if expected_version is not None and current.version != expected_version:
        raise VersionConflict(current)
    history_record(
        project=claim.project,
        entity=HistoryEvent.Entity.VERDICT,
        action=HistoryEvent.Action.DELETE,
        actor=actor,
        article_id=claim.article_id,
        claim_id=claim.pk,
        verdict_id=current.pk,
        version=current.version,
        before=verdict_snapshot(current),
    )
    current.delete()
    claim_refresh_status(claim)


@transaction.atomic
def verdict_submit(
    *,
    claim: Claim,
    reviewer: AbstractBaseUser,
    label: Any,
    rationale: Any = "",
    evidence: Any = None,
    base_version: int | None,
) -> Verdict:
    """Create or update ``reviewer``'s verdict as a form does: ``base_version`` is the version the
    form was loaded with (None: the form showed no verdict). Any change since → ``VersionConflict``."""
    existing = Verdict.objects.filter(claim=claim, reviewer=reviewer).first()
    if existing is None:
        if base_version is not None:
            raise VersionConflict(None, "Your verdict was deleted since you loaded this form.")
        try:
            return verdict_create(claim=claim, reviewer=reviewer, label=label, rationale=rationale, evidence=evidence)
        except AlreadyExists as exc:
            raise VersionConflict(exc.existing) from exc
    if base_version is None:
        raise VersionConflict(existing, "You gave a verdict on this claim in another window since you loaded it.")
    return verdict_update(
        verdict=existing,
        actor=reviewer,
        expected_version=base_version,
        label=label,
        rationale=rationale,
        evidence=evidence,
    )


@transaction.atomic
def project_update(
    *, project: Project, actor: AbstractBaseUser, name: Any = UNSET, description: Any = UNSET
) -> Project:
    """Rename a project or change its description (admins only)."""
    _require_role(actor, project, Role.ADMIN)
    given = {"name": name, "description": description}
    changes = {k: ("" if v is None else v) for k, v in given.items() if v is not UNSET}
    _check_texts(changes)
    if "name" in changes:
        changes["name"] = changes["name"].strip()
        if not changes["name"]:
            raise ValidationError({"name": ["A project needs a name."]})
    for field_name, value in changes.items():
        setattr(project, field_name, value)
    try:
        project.full_clean(exclude=["created_by", "slug"])
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc
    project.save()
    return project
