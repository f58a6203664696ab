"""The export formats: one chunked query per export and one streaming writer per format.

Every export is a single query read with ``.iterator(chunk_size=...)`` (a server-side cursor on
PostgreSQL), so memory stays flat whatever the number of verdicts. Per-claim formats read claims
LEFT JOINed with their verdicts, ordered by claim, and group consecutive rows in Python: one query,
never one query per claim. Both queries return rows with the same column layout (the constants
below), so one set of record builders serves both. On PostgreSQL, ``postgres`` builds the jsonl, json
and csv lines in the database instead (``stream`` picks the writer).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connections
from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast
from django.urls import reverse

from ..models import ClaimStatus, Label

CHUNK_SIZE = 1000  # rows per database round trip (a row is a verdict, or a whole claim on PostgreSQL)
FLUSH_CHARS = 64 * 1024  # characters gathered before a piece of the body is sent

_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

# Column layout of every export row (claim columns first, then the verdict's; verdict columns are
# None for a claim without verdicts in the per-claim query).
CLAIM_ID, ARTICLE_ID, TITLE, ARTICLE_URL, SOURCE, LANGUAGE, SLUG = range(7)
START, END, QUOTE, PREFIX, SUFFIX, STATEMENT, CLAIMANT, STATUS = range(7, 15)
VERDICT_ID, REVIEWER, LABEL, RATIONALE, EVIDENCE, UPDATED_AT = range(15, 21)

_CLAIM_COLUMNS = [
    "id", "article_id", "article__title", "article__url", "article__source", "article__language", "project__slug",
    "start", "end", "quote", "prefix", "suffix", "statement", "claimant", "status",
]  # fmt: skip
_VERDICT_COLUMNS = ["id", "reviewer__username", "label", "rationale", "evidence", "updated_at"]


def claim_rows(claims: QuerySet) -> Iterator[tuple]:
    """Rows of ``claims`` joined with their verdicts (one row per verdict, one for a claim without)."""
    columns = [*_CLAIM_COLUMNS, *(f"verdicts__{c}" for c in _VERDICT_COLUMNS)]
    columns[EVIDENCE] = Cast("verdicts__evidence", TextField())
    return claims.order_by("id", "verdicts__id").values_list(*columns).iterator(chunk_size=CHUNK_SIZE)


def verdict_rows(verdicts: QuerySet) -> Iterator[tuple]:
    """Rows of ``verdicts`` with their claim's and article's columns."""
    columns = [*(f"claim__{c}" for c in _CLAIM_COLUMNS), *_VERDICT_COLUMNS]
    columns[CLAIM_ID] = "claim_id"
    columns[EVIDENCE] = Cast("evidence", TextField())
    return verdicts.order_by("id").values_list(*columns).iterator(chunk_size=CHUNK_SIZE)


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


class Links:
    """Absolute links to the reviewer web pages, built without a ``reverse()`` per row."""

    _SLUG, _PK = "SLUG-PLACEHOLDER", 9876543210

    def __init__(self, base_url: str) -> None:
        path = reverse("article_detail", args=[self._SLUG, self._PK])  # as Article.get_absolute_url()
        self.template = base_url.rstrip("/") + path

    def parts(self) -> tuple[str, str, str]:
        """The article link around its slug and id: ``head + slug + middle + id + tail``."""
        head, rest = self.template.split(self._SLUG)
        middle, tail = rest.split(str(self._PK))
        return head, middle, tail

    def article(self, row: tuple) -> str:
        return self.template.replace(self._SLUG, row[SLUG]).replace(str(self._PK), str(row[ARTICLE_ID]))

    def claim(self, row: tuple) -> str:
        return f"{self.article(row)}#claim-{row[CLAIM_ID]}"


@dataclass(frozen=True)
class Context:
    """What a writer needs besides the rows."""

    links: Links
    organization: dict[str, str]
    request_url: str


# --- records -------------------------------------------------------------------------------------


def article_record(row: tuple) -> dict[str, Any]:
    return {
        "id": row[ARTICLE_ID],
        "title": row[TITLE],
        "url": row[ARTICLE_URL],
        "source": row[SOURCE],
        "language": row[LANGUAGE],
    }


def claim_record(row: tuple, links: Links) -> dict[str, Any]:
    return {
        "id": row[CLAIM_ID],
        "start": row[START],
        "end": row[END],
        "quote": row[QUOTE],
        "prefix": row[PREFIX],
        "suffix": row[SUFFIX],
        "statement": row[STATEMENT],
        "claimant": row[CLAIMANT],
        "status": row[STATUS],
        "url": links.claim(row),
    }


def verdict_record(row: tuple) -> dict[str, Any]:
    return {
        "id": row[VERDICT_ID],
        "reviewer": row[REVIEWER],
        "label": row[LABEL],
        "rationale": row[RATIONALE],
        "evidence": json.loads(row[EVIDENCE]),
        "updated_at": iso(row[UPDATED_AT]),
    }


def full_record(claim: tuple, verdicts: list[tuple], ctx: Context) -> str:
    return _json(
        {
            "article": article_record(claim),
            "claim": claim_record(claim, ctx.links),
            "verdicts": [verdict_record(v) for v in verdicts],
        }
    )


# schema.org Rating: 1 (worst) … 3 (best).
RATINGS = {
    ClaimStatus.DISPUTED: (1, "Disputed"),
    ClaimStatus.UNVERIFIED: (2, "Unverified"),
    ClaimStatus.CONFIRMED: (3, "Confirmed"),
}


def claimreview_record(claim: tuple, verdicts: list[tuple], ctx: Context) -> str:
    value, name = RATINGS[claim[STATUS]]
    rationales = list(dict.fromkeys(v[RATIONALE] for v in verdicts if v[RATIONALE]))
    item: dict[str, Any] = {"@type": "Claim"}
    if claim[CLAIMANT]:
        item["author"] = {"@type": "Person", "name": claim[CLAIMANT]}
    appearance: dict[str, Any] = {
        "@type": "NewsArticle",
        "url": claim[ARTICLE_URL] or ctx.links.article(claim),
        "headline": claim[TITLE],
    }
    if claim[SOURCE]:
        appearance["publisher"] = {"@type": "Organization", "name": claim[SOURCE]}
    item["appearance"] = appearance
    return _json(
        {
            "@type": "ClaimReview",
            "url": ctx.links.claim(claim),
            "claimReviewed": claim[STATEMENT] or claim[QUOTE],
            "datePublished": max(v[UPDATED_AT] for v in verdicts).date().isoformat(),
            "author": ctx.organization,
            "reviewRating": {
                "@type": "Rating",
                "ratingValue": value,
                "bestRating": 3,
                "worstRating": 1,
                "alternateName": name,
                "ratingExplanation": "\n\n".join(rationales),
            },
            "itemReviewed": item,
        }
    )


def webannotation_record(row: tuple, ctx: Context) -> str:
    bodies: list[dict[str, Any]] = [{"type": "TextualBody", "purpose": "assessing", "value": row[LABEL]}]
    if row[RATIONALE]:
        bodies.append({"type": "TextualBody", "purpose": "describing", "format": "text/plain", "value": row[RATIONALE]})
    for item in json.loads(row[EVIDENCE]):
        bodies.append({"type": "SpecificResource", "purpose": "linking", "source": item["url"]})
    return _json(
        {
            "id": f"{ctx.links.article(row)}#verdict-{row[VERDICT_ID]}",
            "type": "Annotation",
            "motivation": "assessing",
            "creator": {"type": "Person", "nickname": row[REVIEWER]},
            "modified": iso(row[UPDATED_AT]),
            "body": bodies,
            "target": {
                "source": row[ARTICLE_URL] or ctx.links.article(row),
                "selector": [
                    {"type": "TextQuoteSelector", "exact": row[QUOTE], "prefix": row[PREFIX], "suffix": row[SUFFIX]},
                    {"type": "TextPositionSelector", "start": row[START], "end": row[END]},
                ],
            },
        }
    )


FEVER_LABELS = {Label.CONFIRMED: "SUPPORTS", Label.DISPUTED: "REFUTES", Label.UNVERIFIED: "NOT ENOUGH INFO"}


def fever_record(row: tuple) -> str:
    label = FEVER_LABELS[row[LABEL]]
    urls = [item["url"] for item in json.loads(row[EVIDENCE])]
    # FEVER evidence: a list of evidence sets, each a list of [annotation id, evidence id, page, sentence].
    evidence = [[[row[VERDICT_ID], i, url, None]] for i, url in enumerate(urls)] or [
        [[row[VERDICT_ID], None, None, None]]
    ]
    return _json(
        {
            "id": row[VERDICT_ID],
            "claim_id": row[CLAIM_ID],
            "verifiable": "NOT VERIFIABLE" if row[LABEL] == Label.UNVERIFIED else "VERIFIABLE",
            "label": label,
            "claim": row[STATEMENT] or row[QUOTE],
            "evidence": evidence,
            "reviewer": row[REVIEWER],
        }
    )


# --- writers -------------------------------------------------------------------------------------


def json_document(opening: str, records: Iterable[str], closing: str) -> Iterator[str]:
    """One JSON document whose array of ``records`` is sent piece by piece."""
    yield opening
    separator = ""
    for record in records:
        yield separator
        yield record
        separator = ","
    yield closing


def write_jsonl(rows: Iterable[tuple], ctx: Context) -> Iterator[str]:
    for claim, verdicts in grouped_by_claim(rows):
        yield full_record(claim, verdicts, ctx) + "\n"


def write_json(rows: Iterable[tuple], ctx: Context) -> Iterator[str]:
    records = (full_record(claim, verdicts, ctx) for claim, verdicts in grouped_by_claim(rows))
    return json_document("[", records, "]\n")


def write_claimreview(rows: Iterable[tuple], ctx: Context) -> Iterator[str]:
    records = (claimreview_record(claim, verdicts, ctx) for claim, verdicts in grouped_by_claim(rows) if verdicts)
    return json_document('{"@context":"https://schema.org","@graph":[', records, "]}\n")


def write_webannotation(rows: Iterable[tuple], ctx: Context) -> Iterator[str]:
    opening = (
        '{"@context":"http://www.w3.org/ns/anno.jsonld","id":' + _json(ctx.request_url) + ',"type":"AnnotationPage",'
        '"items":['
    )
    return json_document(opening, (webannotation_record(row, ctx) for row in rows), "]}\n")


def write_fever(rows: Iterable[tuple], ctx: Context) -> Iterator[str]:
    for row in rows:
        yield fever_record(row) + "\n"


CSV_HEADER = [
    "verdict_id", "claim_id", "article_id", "article_title", "article_url", "article_source", "article_language",
    "start", "end", "quote", "statement", "claimant", "claim_status", "reviewer", "label", "rationale", "evidence",
    "updated_at", "claim_url",
]  # fmt: skip
# A spreadsheet treats a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = frozenset("=+-@\t\r")


def neutralise(value: str) -> str:
    """Prefix a cell that a spreadsheet would execute with ``'`` so it is shown as text."""
    return "'" + value if value and value[0] in FORMULA_STARTS else value


def readable_json(text: str) -> str:
    """JSON text as PostgreSQL prints a ``jsonb`` value: SQLite keeps Django's ``\\uXXXX`` escapes of
    non-ASCII text, which a spreadsheet would show as such, so those are written out again."""
    if "\\u" not in text:
        return text
    return json.dumps(json.loads(text), ensure_ascii=False, separators=(", ", ": "))


class _Pieces(list):
    """A file-like sink for ``csv.writer`` that keeps what it is given."""

    def write(self, text: str) -> None:
        self.append(text)


def write_csv(rows: Iterable[tuple], ctx: Context) -> Iterator[str]:
    pieces = _Pieces()
    # RFC 4180: CRLF line ends, quotes doubled; every text cell is quoted, numbers are not.
    writer = csv.writer(pieces, lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow(CSV_HEADER)
    yield pieces.pop()
    n = neutralise
    for row in rows:
        writer.writerow(
            (
                row[VERDICT_ID], row[CLAIM_ID], row[ARTICLE_ID], n(row[TITLE]), n(row[ARTICLE_URL]), n(row[SOURCE]),
                n(row[LANGUAGE]), row[START], row[END], n(row[QUOTE]), n(row[STATEMENT]), n(row[CLAIMANT]),
                row[STATUS], n(row[REVIEWER]), row[LABEL], n(row[RATIONALE]), readable_json(row[EVIDENCE]),
                iso(row[UPDATED_AT]), ctx.links.claim(row),
            )
        )  # fmt: skip
        yield "".join(pieces)
        pieces.clear()


@dataclass(frozen=True)
class Format:
    """An export format: what it reads (claims or verdicts), how it writes them, how it is served."""

    name: str
    per: str  # "claim" or "verdict": which filters apply and which query is read
    media_type: str
    extension: str
    write: Callable[[Iterable[tuple], Context], Iterator[str]]
    description: str


FORMATS: dict[str, Format] = {
    f.name: f
    for f in [
        Format("jsonl", "claim", "application/x-ndjson", "jsonl", write_jsonl, "JSON Lines, one claim per line"),
        Format("json", "claim", "application/json", "json", write_json, "One JSON array of claims"),
        Format("csv", "verdict", "text/csv; charset=utf-8", "csv", write_csv, "RFC 4180 CSV, one row per verdict"),
        Format(
            "claimreview", "claim", "application/ld+json", "jsonld", write_claimreview,
            "schema.org ClaimReview JSON-LD, one per claim with a settled status",
        ),
        Format(
            "webannotation", "verdict", "application/ld+json", "jsonld", write_webannotation,
            "W3C Web Annotation JSON-LD (an AnnotationPage), one annotation per verdict",
        ),
        Format(
            "fever", "verdict", "application/x-ndjson", "jsonl", write_fever,
            "FEVER-style JSON Lines, one per verdict",
        ),
    ]
}  # fmt: skip


def stream(export: Format, queryset: QuerySet, ctx: Context) -> Iterator[str]:
    """The body of ``export`` for ``queryset`` (claims or verdicts, already scoped and filtered)."""
    if connections[queryset.db].vendor == "postgresql":
        from . import postgres  # imports django.contrib.postgres, which needs psycopg

        if export.name in postgres.WRITERS:
            return postgres.WRITERS[export.name](queryset, ctx)
    rows = claim_rows(queryset) if export.per == "claim" else verdict_rows(queryset)
    return export.write(rows, ctx)


def encoded(pieces: Iterable[str]) -> Iterator[bytes]:
    """UTF-8 body pieces of about ``FLUSH_CHARS`` characters (fewer, larger writes to the socket)."""
    buffer: list[str] = []
    size = 0
    for piece in pieces:
        buffer.append(piece)
        size += len(piece)
        if size >= FLUSH_CHARS:
            yield "".join(buffer).encode()
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer).encode()
