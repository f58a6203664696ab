"""Articles: validation of imported fields, import with duplicate detection, deletion."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from functools import cache
from operator import itemgetter
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, URLValidator
from django.db import IntegrityError, connection, transaction
from django.db.models import BooleanField, Field, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from verifier.lib.storable import text_problem
from verifier.lib.text import language_tag_problem

from ..models import Article, Claim, HistoryEvent, Project, Role, Verdict
from ..models.core import AnyUser
from .bulk_insert import gc_paused, insert_rows
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
from .history import article_snapshot, deletion_events, history_event, history_record, history_values

ARTICLE_TEXT_FIELDS = ("title", "source", "author", "language", "original_language")


ARTICLE_URL_FIELDS = ("url", "original_url")


ARTICLE_FIELDS = (*ARTICLE_TEXT_FIELDS, *ARTICLE_URL_FIELDS, "body", "published_at")


_ALLOWED_KEYS = frozenset({*ARTICLE_FIELDS, "project"})


def clean_article_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    """Validate one article's fields (as imported from JSON, a form or the API)."""
    if not isinstance(data, Mapping):
        raise ValidationError({"non_field_errors": ["An article must be an object with title and body."]})
    unknown = data.keys() - _ALLOWED_KEYS
    errors: dict[str, list[str]] = {}
    if unknown:
        errors["non_field_errors"] = [f"Unknown field(s): {', '.join(sorted(unknown))}."]
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
        values["body"] = body = normalise_line_endings(values["body"])
        if not body or body.isspace():
            errors["body"] = ["The article body is empty."]
        elif len(body) > settings.VERIFIER_ARTICLE_MAX_CHARS:
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
        if name in errors or value in ("", None) or _validators_pass(name, value):
            continue
        try:
            _article_field(name).run_validators(value)
        except ValidationError as exc:
            errors[name] = exc.messages
    if errors:
        raise ValidationError(errors)
    return values


@cache
def _article_field(name: str) -> Field[Any, Any]:
    return cast(Field[Any, Any], Article._meta.get_field(name))  # a concrete field


@cache
def _validator_kinds(name: str) -> tuple[type, ...]:
    return tuple(type(v) for v in _article_field(name).validators)


def _validators_pass(name: str, value: Any) -> bool:
    """True when the validators of the field ``name`` certainly accept ``value``, known without running
    them all; False means "run them" (``run_validators``, for its exact messages)."""
    kinds = _validator_kinds(name)
    if not kinds:
        return True
    validators = _article_field(name).validators
    if kinds == (MaxLengthValidator,):
        limit = cast(MaxLengthValidator, validators[0]).limit_value
        return isinstance(value, str) and isinstance(limit, int) and len(value) <= limit
    if kinds == (URLValidator, MaxLengthValidator):
        return isinstance(value, str) and _url_passes(
            name, value, cast(URLValidator, validators[0]), cast(MaxLengthValidator, validators[1])
        )
    return False


# After the first "://", the URL up to the first of "/?#": scheme and authority (user, host, port).
_URL_AUTHORITY = re.compile(r"[^:]*://[^/?#]*")
_WHITE_SPACE = re.compile(r"\s")
_GOOD_URL_PREFIXES: dict[tuple[str, str], bool] = {}


def _url_passes(name: str, value: str, url_ok: URLValidator, length_ok: MaxLengthValidator) -> bool:
    """True when the validators of the URL field ``name`` certainly accept ``value``, known from an earlier
    URL with the same scheme and authority; False means "run them".

    ``URLValidator`` costs 15-30 µs a URL (its regex), 10,000 URLs per import. For ``value`` = P + R, with
    P the scheme and authority and R empty or starting with one of "/?#" and holding no white space, it
    accepts ``value`` whenever it accepts P and ``value`` is not too long: its scheme check reads the text
    before the first "://" (in P); ``urlsplit`` gives both the same netloc (up to the first "/?#" after
    "//"), from which the IPv6 and host-length checks are made; and its regex, having matched P, matches
    P + R through its optional path part ``[/?#][^\\s]*``. So each distinct P is validated once (remembered
    whether it passed) and R is only searched for white space. ``tests/test_import_fast_path.py`` compares
    this with the validators on generated URLs."""
    limit = length_ok.limit_value
    if not isinstance(limit, int) or len(value) > limit or len(value) > url_ok.max_length:
        return False
    match = _URL_AUTHORITY.match(value)
    if match is None or _WHITE_SPACE.search(value, match.end()):
        return False
    key = (name, match.group())
    known = _GOOD_URL_PREFIXES.get(key)
    if known is None:
        try:
            url_ok(key[1])
        except ValidationError:
            known = False
        else:
            known = True
        if len(_GOOD_URL_PREFIXES) >= 10_000:
            _GOOD_URL_PREFIXES.clear()
        _GOOD_URL_PREFIXES[key] = known
    return known


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


class _NewArticle:
    """An article the import inserts: its attribute values, and its model instance once asked for.

    Building 10,000 ``Article`` instances cost about a quarter of a second, and the API reports ids only."""

    __slots__ = ("_article", "values")

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values  # attribute names (``project_id``), as ``insert_rows`` takes them
        self._article: Article | None = None

    @property
    def pk(self) -> int:
        return cast(int, self.values["id"])

    @property
    def title(self) -> str:
        return cast(str, self.values["title"])

    def article(self, project: Project, importer: AnyUser | None) -> Article:
        """The saved article, as ``bulk_create`` would have left the instance."""
        if self._article is None:
            values = {k: v for k, v in self.values.items() if k not in ("project_id", "imported_by_id")}
            article = Article(project=project, imported_by=user_of(importer), **values)
            article._state.adding, article._state.db = False, connection.alias
            self._article = article
        return self._article


class ImportResult:
    """The outcome for one imported item: ``created``, ``duplicate`` or ``rejected``.

    ``article`` is the created article or the one this item duplicates (for a new one, the instance is
    built on first use); ``article_id`` its id, without building it."""

    def __init__(
        self,
        index: int,
        outcome: str,
        article: Article | None = None,
        errors: dict[str, list[str]] | None = None,
        message: str = "",
    ) -> None:
        self.index, self.outcome, self.message = index, outcome, message
        self.errors: dict[str, list[str]] = errors if errors is not None else {}
        self._article = article
        self._new: tuple[_NewArticle, Project, AnyUser | None] | None = None

    @property
    def article(self) -> Article | None:
        if self._new is not None:
            new, project, importer = self._new
            return new.article(project, importer)
        return self._article

    @article.setter
    def article(self, article: Article | None) -> None:
        self._article, self._new = article, None

    @property
    def article_id(self) -> int | None:
        if self._new is not None:
            return self._new[0].pk
        return self._article.pk if self._article is not None else None

    def __repr__(self) -> str:
        return f"ImportResult(index={self.index}, outcome={self.outcome!r}, article_id={self.article_id})"


def _duplicate_message(existing: Article | _NewArticle) -> str:
    return f"The same text was already imported as article #{existing.pk} “{existing.title}”."


@gc_paused()
@transaction.atomic
def article_import(*, project: Project, items: Iterable[Any], imported_by: Actor) -> list[ImportResult]:
    """Import many articles (editors and admins, or ``SYSTEM``); each succeeds or fails alone.
    Returns one result per item.

    Set-based: the bodies already in the project are found with one query, then every item is
    validated in Python while the new articles are written (one statement, ``bulk_insert``: on
    PostgreSQL the database stores each part as it comes while the next is validated), then their
    history records (one statement). A body repeated within the items is a duplicate of its first
    valid occurrence. If a concurrent import inserts one of the same bodies meanwhile, the unique
    constraint refuses the batch and the items are imported one by one instead, with the same outcomes.
    """
    _require_actor_role(imported_by, project, Role.EDITOR)
    importer = user_of(imported_by)
    items = list(items)
    # The hash of each item's body as it will be stored (line endings normalised, as clean_article_fields
    # does), for the one lookup of the project's articles; None where there is no text body to store.
    digests = [_body_digest(item) for item in items]
    first: dict[str, Article | _NewArticle] = {}
    first.update(_existing_articles(project, [d for d in digests if d is not None]))
    results: list[ImportResult] = []
    new: list[_NewArticle] = []
    # Every attribute of a new article: the item's, the import's, the model's defaults for the rest (a
    # callable default, which Article has none of, would be called once per article as the ORM does).
    now = timezone.now()
    fields = [f for f in Article._meta.concrete_fields if not f.primary_key]
    columns = [f.attname for f in fields]
    per_article = [f for f in fields if f.has_default() and callable(f.default)]
    common = {
        **{f.attname: f.get_default() for f in fields},
        "project_id": project.pk,
        "imported_by_id": importer.pk if importer is not None else None,
        "created_at": now,
        "updated_at": now,
    }

    def new_rows() -> Iterator[tuple[Any, ...]]:
        """Validate the items in order, recording each outcome; yield the row of each new article."""
        row = itemgetter(*columns)
        for index, item in enumerate(items):
            try:
                values = clean_article_fields(_as_kwargs(item))
            except ValidationError as exc:
                errors = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
                results.append(ImportResult(index, "rejected", errors=errors, message=_first_message(errors)))
                continue
            values["body_sha256"] = digest = cast(str, digests[index])  # a valid item has a text body
            result = ImportResult(index, "created")
            results.append(result)
            original = first.get(digest)
            if original is None:  # later copies in this import are its duplicates
                defaults = {f.attname: f.get_default() for f in per_article}
                first[digest] = article = _NewArticle({**common, **defaults, **values})
                new.append(article)
                result._new = (article, project, importer)
                yield row(article.values)
            else:
                result.outcome = "duplicate"
                if isinstance(original, _NewArticle):
                    result._new = (original, project, importer)
                else:
                    result.article = original

    try:
        with transaction.atomic():
            insert_rows(Article, columns, new_rows())
            ids = _ids_by_digest(project, [article.values["body_sha256"] for article in new])
    except IntegrityError:  # a concurrent import of one of these bodies won the race
        return _import_one_by_one(project=project, items=items, importer=importer)
    for article in new:
        article.values["id"] = ids[article.values["body_sha256"]]
    for result in results:  # duplicates name the article they repeat, saved just now or before
        if result.outcome == "duplicate":
            original = result._new[0] if result._new is not None else result._article
            result.message = _duplicate_message(cast(Article | _NewArticle, original))
    created = history_values(
        project=project, entity=HistoryEvent.Entity.ARTICLE, action=HistoryEvent.Action.CREATE, actor=importer
    )
    history_columns = [*created, "created_at"]
    history_row = itemgetter(*history_columns)
    insert_rows(
        HistoryEvent,
        history_columns,
        (
            history_row(
                {**created, "article_id": article.pk, "after": article_snapshot(article.values), "created_at": now}
            )
            for article in new
        ),
    )
    return results


def _body_digest(item: Any) -> str | None:
    body = item.get("body") if isinstance(item, Mapping) else None
    return body_sha256(normalise_line_endings(body)) if isinstance(body, str) else None


def _with_digests(project: Project, digests: list[str]) -> QuerySet[Article]:
    """The project's articles whose body hash is one of ``digests``, the hashes sent as one parameter
    (``IN (…)`` with one parameter each needed a query per 500 hashes, under SQLite's limit)."""
    articles = Article.objects.filter(project=project)
    if connection.vendor == "postgresql":
        # "= ANY" of one constant array (string_to_array of a constant is folded when planned): probed in
        # the (project, body_sha256) index or hashed. "IN (SELECT unnest(…))" was planned as a nested loop
        # over the project's articles, re-reading the array for each one: 7 s for 10,000 hashes.
        column = f"{connection.ops.quote_name(Article._meta.db_table)}.{connection.ops.quote_name('body_sha256')}"
        matches = RawSQL(f"{column} = ANY(string_to_array(%s, ','))", [",".join(digests)], BooleanField())  # noqa: S611
        return articles.filter(matches)  # hex digests: no commas
    return articles.filter(body_sha256__in=RawSQL("SELECT value FROM json_each(%s)", [json.dumps(digests)]))


def _existing_articles(project: Project, digests: list[str]) -> dict[str, Article]:
    """The project's articles with these body hashes, by hash (one query)."""
    digests = list(dict.fromkeys(digests))
    if not digests:
        return {}
    found = _with_digests(project, digests).only("id", "title", "body_sha256", "project_id")
    return {a.body_sha256: a for a in found}


def _ids_by_digest(project: Project, digests: list[str]) -> dict[str, int]:
    """The ids of the project's articles with these body hashes (those just inserted), by hash."""
    if not digests:
        return {}
    return dict(_with_digests(project, digests).values_list("body_sha256", "id"))


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
