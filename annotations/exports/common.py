"""What both export writers share: the row queries and their column layout, links, and small helpers.

``formats`` (records built in Python) and ``postgres`` (lines built by PostgreSQL) import from here and
from nothing else in this package; ``exports/__init__`` picks one of them per format and database.

Every export is a single query read with ``.iterator(chunk_size=...)`` (a server-side cursor on
PostgreSQL), so memory stays flat whatever the number of verdicts. Per-claim formats read claims
LEFT JOINed with their decision and verdicts, ordered by claim, and group consecutive rows: one query,
never one query per claim. Every row has the same column layout (the constants below).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import F, Func, Max, Min, OuterRef, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Cast
from django.urls import reverse

from ..models import Correction, RatingItem

CHUNK_SIZE = 1000  # rows per database round trip (a row is a verdict, or a whole claim on PostgreSQL)
FLUSH_CHARS = 64 * 1024  # characters gathered before a piece of the body is sent

# Column layout of every export row: the claim's columns, its decision's (None without a decision),
# then the verdict's (None for a claim without verdicts in the per-claim query; absent in decision rows).
CLAIM_ID, ARTICLE_ID, TITLE, ARTICLE_URL, SOURCE, LANGUAGE, SLUG = range(7)
START, END, QUOTE, PREFIX, SUFFIX, STATEMENT, CLAIMANT, STATUS = range(7, 15)
DECISION_STATE, DECISION_ID, RATING_NAME, RATING_VERDICT, RATING_VALUE, EXPLANATION = range(15, 21)
PUBLIC_EVIDENCE, AS_OF, REVIEW_DUE, PUBLISHED_AT, MODIFIED_AT, CORRECTIONS = range(21, 27)
VERDICT_ID, REVIEWER, LABEL, RATIONALE, EVIDENCE, UPDATED_AT = range(27, 33)
# Decision rows (ClaimReview) carry these instead of verdict columns.
SCALE_MIN, SCALE_MAX, LAST_CORRECTION, PUBLIC_BASE_URL = range(27, 31)

_CLAIM_COLUMNS = [
    "id", "article_id", "article__title", "article__url", "article__source", "article__language", "project__slug",
    "start", "end", "quote", "prefix", "suffix", "statement", "claimant", "status", "decision_state",
]  # fmt: skip
_DECISION_COLUMNS = [
    "id", "rating__name", "rating__verdict", "rating__value", "explanation", "public_evidence", "as_of", "review_due",
    "published_at", "modified_at",
]  # fmt: skip
_VERDICT_COLUMNS = ["id", "reviewer__username", "label", "rationale", "evidence", "updated_at"]


class CorrectionsJSON(Func):
    """A decision's corrections as one JSON array (oldest first; ``[]`` for none), from one subquery.

    ``created_at`` is ISO 8601 on PostgreSQL and SQLite's stored text on SQLite (``iso_text`` makes
    them equal). With ``as_text`` the array is text, otherwise (PostgreSQL only) a ``json`` value.
    """

    output_field = TextField()

    def __init__(self, decision_id: Any, as_text: bool = True) -> None:
        super().__init__(decision_id)
        self.as_text = as_text

    def _tables(self) -> tuple[str, str]:
        return Correction._meta.db_table, get_user_model()._meta.db_table

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, tuple]:
        sql, params = compiler.compile(self.source_expressions[0])
        correction, user = self._tables()
        query = (
            # Table names come from the models and the id through the compiler: no input reaches the SQL.
            "(SELECT COALESCE(JSON_AGG(JSON_BUILD_OBJECT('kind', c.kind, 'note', c.note, 'author', u.username, "  # noqa: S608
            "'created_at', TO_CHAR(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), "
            "'old_values', c.old_values, 'new_values', c.new_values) ORDER BY c.id), '[]'::json) "
            f'FROM "{correction}" c LEFT JOIN "{user}" u ON u.id = c.author_id WHERE c.decision_id = {sql})'
        )
        return (query + "::text" if self.as_text else query), tuple(params)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, tuple]:
        sql, params = compiler.compile(self.source_expressions[0])
        correction, user = self._tables()
        query = (
            "(SELECT COALESCE(JSON_GROUP_ARRAY(JSON_OBJECT('kind', kind, 'note', note, 'author', username, "  # noqa: S608
            "'created_at', created_at, 'old_values', JSON(old_values), 'new_values', JSON(new_values))), '[]') "
            f'FROM (SELECT c.kind, c.note, u.username, c.created_at, c.old_values, c.new_values FROM "{correction}" c '
            f'LEFT JOIN "{user}" u ON u.id = c.author_id WHERE c.decision_id = {sql} ORDER BY c.id))'
        )
        return query, tuple(params)


def _chunk_size() -> int:
    return CHUNK_SIZE  # read at call time, so that tests can shrink it


def _claim_columns(prefix: str) -> list[Any]:
    return [f"{prefix}{c}" for c in _CLAIM_COLUMNS]


def _decision_columns(prefix: str, corrections: bool) -> list[Any]:
    columns: list[Any] = [f"{prefix}decision__{c}" for c in _DECISION_COLUMNS]
    columns[PUBLIC_EVIDENCE - DECISION_ID] = Cast(f"{prefix}decision__public_evidence", TextField())
    columns.append(CorrectionsJSON(F(f"{prefix}decision__id")) if corrections else Value(None, TextField()))
    return columns


def claim_rows(claims: QuerySet) -> Iterator[tuple]:
    """Rows of ``claims`` with their decision, joined with their verdicts (one row per verdict, one
    for a claim without)."""
    verdict: list[Any] = [f"verdicts__{c}" for c in _VERDICT_COLUMNS]
    verdict[EVIDENCE - VERDICT_ID] = Cast("verdicts__evidence", TextField())
    columns = [*_claim_columns(""), *_decision_columns("", corrections=True), *verdict]
    return claims.order_by("id", "verdicts__id").values_list(*columns).iterator(chunk_size=_chunk_size())


def verdict_rows(verdicts: QuerySet) -> Iterator[tuple]:
    """Rows of ``verdicts`` with their claim's, article's and decision's columns."""
    claim = _claim_columns("claim__")
    claim[CLAIM_ID] = "claim_id"
    verdict: list[Any] = list(_VERDICT_COLUMNS)
    verdict[EVIDENCE - VERDICT_ID] = Cast("evidence", TextField())
    columns = [*claim, *_decision_columns("claim__", corrections=False), *verdict]
    return verdicts.order_by("id").values_list(*columns).iterator(chunk_size=_chunk_size())


def decision_rows(claims: QuerySet) -> Iterator[tuple]:
    """One row per claim with its decision, its scale's worst and best values, its last correction's
    time and the project's public address (no verdicts: ClaimReview never shows reviewers' work)."""
    scale = RatingItem.objects.filter(project_id=OuterRef("project_id")).order_by().values("project_id")
    last = Correction.objects.filter(decision_id=OuterRef("decision__id")).order_by().values("decision_id")
    columns = [
        *_claim_columns(""),
        *_decision_columns("", corrections=False),
        Subquery(scale.annotate(v=Min("value")).values("v")),
        Subquery(scale.annotate(v=Max("value")).values("v")),
        Subquery(last.annotate(at=Max("created_at")).values("at")),
        "project__public_base_url",
    ]
    return claims.order_by("id").values_list(*columns).iterator(chunk_size=_chunk_size())


def grouped_by_claim(rows: Iterable[tuple]) -> Iterator[tuple[tuple, list[tuple]]]:
    """``(claim row, its verdict rows)`` from rows ordered by claim (consecutive rows share a claim)."""
    current: tuple | None = None
    verdicts: list[tuple] = []
    for row in rows:
        if current is None or row[CLAIM_ID] != current[CLAIM_ID]:
            if current is not None:
                yield current, verdicts
            current, verdicts = row, []
        if row[VERDICT_ID] is not None:
            verdicts.append(row)
    if current is not None:
        yield current, verdicts


def iso(value: datetime) -> str:
    """ISO 8601 in UTC, always with microseconds: ``2026-11-25T13:17:48.528181Z``."""
    return value.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def iso_text(value: str) -> str:
    """A stored UTC timestamp as text (``2026-11-25 13:17:48.5`` or ISO with ``Z``) the way ``iso`` writes it."""
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return iso(parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC))


class Links:
    """Absolute links to the reviewer web pages, built without a ``reverse()`` per row.

    The article page's path is reversed once with placeholders and cut into the pieces around them,
    so a slug that happens to contain a placeholder's characters cannot be mistaken for one.
    """

    _SLUG, _PK = "SLUG-PLACEHOLDER", 9876543210

    def __init__(self, base_url: str) -> None:
        path = reverse("article_detail", args=[self._SLUG, self._PK])  # as Article.get_absolute_url()
        before_slug, after_slug = path.split(self._SLUG)
        middle, tail = after_slug.split(str(self._PK))
        self._parts = (base_url.rstrip("/") + before_slug, middle, tail)

    def parts(self) -> tuple[str, str, str]:
        """The article link around its slug and id: ``head + slug + middle + id + tail``."""
        return self._parts

    def article(self, row: tuple) -> str:
        head, middle, tail = self._parts
        return f"{head}{row[SLUG]}{middle}{row[ARTICLE_ID]}{tail}"

    def claim(self, row: tuple) -> str:
        return f"{self.article(row)}#claim-{row[CLAIM_ID]}"


@dataclass(frozen=True)
class Context:
    """What a writer needs besides the rows."""

    links: Links
    organization: dict[str, str]
    request_url: str


def json_document(opening: str, records: Iterable[str], closing: str) -> Iterator[str]:
    """One JSON document whose array of ``records`` is sent piece by piece."""
    yield opening
    separator = ""
    for record in records:
        yield separator
        yield record
        separator = ","
    yield closing


CSV_HEADER = [
    "verdict_id", "claim_id", "article_id", "article_title", "article_url", "article_source", "article_language",
    "start", "end", "quote", "statement", "claimant", "claim_status", "reviewer", "label", "rationale", "evidence",
    "updated_at", "claim_url", "decision_state", "decision_rating", "decision_verdict", "decision_value",
    "decision_explanation", "decision_as_of", "decision_review_due", "decision_published_at",
]  # fmt: skip


class Pieces(list):
    """A file-like sink for ``csv.writer`` that keeps what it is given."""

    def write(self, text: str) -> None:
        self.append(text)


def loads(text: str | None) -> Any:
    """JSON text from the database (None stays None)."""
    return None if text is None else json.loads(text)
