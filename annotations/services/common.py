"""Validation shared by the services, the exceptions they raise, and role checks."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any, cast

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from verifier.lib.storable import text_problem
from verifier.lib.text import long_text_problem

from ..models import ROLE_RANK, Label, Membership, Project, Role, Stance
from ..models.core import AnyUser, memberships_of

UNSET: Any = object()  # "leave this field as it is" in partial updates


class SystemActor:
    """The actor of trusted code that no signed-in person drives: management commands run by an operator
    (``import_articles`` without ``--user``, ``load_demo``), data fixtures. Services skip the role check for it
    and record no user. Views and the API always pass ``request.user``, never this."""

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = SystemActor()

# Who does a write: a signed-in user (role-checked), or ``SYSTEM``.
Actor = AnyUser | SystemActor


MAX_EVIDENCE_ITEMS = 50


class VersionConflict(Exception):
    """The object changed since the caller read it (stale ``version`` / ``If-Match``)."""

    def __init__(self, current: Any, message: str = "") -> None:  # the object as it is now, or None
        self.current = current
        super().__init__(message or "This was changed by someone else since you loaded it.")


def check_version(current: Any, expected_version: int | None) -> None:
    """``VersionConflict`` unless ``current`` (a versioned row read under lock: claim, verdict, decision,
    comment) is still at ``expected_version``
    (None: the caller does not check, e.g. a form without a version)."""
    if expected_version is not None and current.version != expected_version:
        raise VersionConflict(current)


class AlreadyExists(Exception):
    """The object the caller wants to create exists already (``existing`` is it)."""

    def __init__(self, existing: Any, message: str) -> None:
        self.existing = existing
        super().__init__(message)


class DuplicateArticle(AlreadyExists):
    """The same body was already imported into this project."""


def normalise_line_endings(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``; nothing else changes."""
    if "\r" not in text:  # most text: one fast scan instead of two replace passes (20,000 per bulk import)
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


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


# How many occurrences a "which one did you mean?" message lists; one more tells "more than that".
QUOTE_HITS_SHOWN = 20


def locate_quote(body: str, quote: str, *, limit: int = QUOTE_HITS_SHOWN + 1) -> list[int]:
    """The first ``limit`` start offsets (code points) at which ``quote`` occurs in ``body``, overlaps included.

    Stopping at ``limit`` keeps the lookup linear: CPython's ``str.find`` is linear in the text it
    scans (two-way search for long needles), and each search resumes one past the previous hit, so a
    periodic body cannot make it collect a quadratic number of overlapping matches.
    """
    if not quote:
        return []
    found: list[int] = []
    i = body.find(quote)
    while i != -1 and len(found) < limit:
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
            where = ", ".join(f"{h}–{h + len(quote)}" for h in hits[:QUOTE_HITS_SHOWN])
            times = f"more than {QUOTE_HITS_SHOWN}" if len(hits) > QUOTE_HITS_SHOWN else str(len(hits))
            raise ValidationError(
                {"quote": [f"This text occurs {times} times (offsets {where}); give start and end to choose one."]}
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
    elif text_problem(rationale) or long_text_problem(rationale):
        errors["rationale"] = [str(text_problem(rationale) or long_text_problem(rationale))]
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
            read = parse_datetime(value.strip()) or (
                datetime.combine(d, datetime.min.time()) if (d := parse_date(value.strip())) else None
            )
        except ValueError:
            read = None
        if read is None:
            raise ValidationError({"published_at": ["Use an ISO 8601 date or date-time, e.g. 2024-03-18."]})
        parsed = read
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


def membership_of(user: AnyUser, project: Project) -> Membership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    # One row at most (unique per project and user): no ordering, so no join with auth_user for the
    # model's ``user__username`` ordering.
    return Membership.objects.filter(project=project, user=signed_in(user)).order_by().first()


def user_of(actor: Actor | None) -> User | None:
    """The user to record for ``actor`` (none for ``SYSTEM``; the role checks have refused anonymous ones)."""
    return actor if isinstance(actor, User) else None


def signed_in(user: AnyUser) -> User:
    """``user`` as the signed-in ``User`` a model field can hold. The role checks refuse anonymous users
    before any write; this refuses them too, so the type is exact rather than cast."""
    if not isinstance(user, User):
        raise PermissionDenied("Sign in first.")
    return user


def _require_actor_role(actor: Actor | None, project: Project, role: str) -> None:
    """Refuse unless ``actor`` is ``SYSTEM`` or a user with at least ``role`` in ``project``."""
    if not isinstance(actor, SystemActor):
        _require_role(actor, project, role)


def _require_rank(member_role: str | None, project: Project, role: str) -> None:
    """Refuse unless ``member_role`` (None: not a member) is at least ``role``: the one rule and message of
    every role check."""
    if member_role is None or ROLE_RANK[Role(member_role)] < ROLE_RANK[Role(role)]:
        raise PermissionDenied(f"This needs the {role} role in {project}.")


def _require_role_as_read(user: AnyUser | None, project: Project, role: str) -> None:
    """``_require_role`` from the user's memberships as this request read them for its scoped lookups
    (``memberships_of``: one query per request, none here), for a write that holds no lock the check could
    rely on. A membership changed earlier in the request is seen (the cache is emptied); one changed by
    another request a moment ago is the same race a fresh ``SELECT`` in a READ COMMITTED transaction has.
    Outside a request (commands, tests) it reads the database."""
    roles = {pid: r for pid, r, _ in memberships_of(user)} if isinstance(user, AbstractBaseUser) else {}
    _require_rank(roles.get(project.pk), project, role)


def _require_role(user: AnyUser | None, project: Project, role: str) -> Membership:
    membership = membership_of(user, project) if isinstance(user, AbstractBaseUser) else None
    _require_rank(membership.role if membership is not None else None, project, role)
    return cast(Membership, membership)  # _require_rank refused a missing one
