"""Streaming verdict exports: six formats, read in chunks from the database, never built in memory.

This module names the formats and picks a writer: ``postgres`` (lines built by PostgreSQL) for the
formats it has, ``formats`` (records built in Python) otherwise. Both import only ``common``; the API
endpoint is ``annotations.api.exports``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import connections
from django.db.models import QuerySet

from . import common, formats, postgres
from .common import Context, Links, claim_rows, decision_rows, verdict_rows

__all__ = ["FORMATS", "Context", "Format", "Links", "encoded", "stream"]


@dataclass(frozen=True)
class Format:
    """An export format: what it reads and how it is served.

    ``per`` is ``claim`` (claims with their decision and verdicts), ``decision`` (claims with their
    published decision only, no reviewers' work) or ``verdict`` (one row per verdict).
    """

    name: str
    per: str
    media_type: str
    extension: str
    description: str


FORMATS: dict[str, Format] = {
    f.name: f
    for f in [
        Format("jsonl", "claim", "application/x-ndjson", "jsonl", "JSON Lines, one claim (with its decision) per line"),
        Format("json", "claim", "application/json", "json", "One JSON array of claims (with their decisions)"),
        Format("csv", "verdict", "text/csv; charset=utf-8", "csv", "RFC 4180 CSV, one row per verdict (+ decision)"),
        Format(
            "claimreview", "decision", "application/ld+json", "jsonld",
            "schema.org ClaimReview JSON-LD, one per published (non-void) decision",
        ),
        Format(
            "webannotation", "verdict", "application/ld+json", "jsonld",
            "W3C Web Annotation JSON-LD (an AnnotationPage), one annotation per verdict",
        ),
        Format(
            "fever", "claim", "application/x-ndjson", "jsonl",
            "FEVER-style JSON Lines, one per claim: the published decision's verdict, else the reviewers' "
            "agreed label (conflicts skipped)",
        ),
    ]
}  # fmt: skip

_ROWS = {"claim": claim_rows, "decision": decision_rows, "verdict": verdict_rows}


def stream(export: Format, queryset: QuerySet, ctx: Context) -> Iterator[str]:
    """The body of ``export`` for ``queryset`` (claims or verdicts, already scoped and filtered)."""
    if connections[queryset.db].vendor == "postgresql" and export.name in postgres.WRITERS:
        return postgres.WRITERS[export.name](queryset, ctx)
    return formats.WRITERS[export.name](_ROWS[export.per](queryset), ctx)


def encoded(pieces: Iterable[str]) -> Iterator[bytes]:
    """UTF-8 body pieces of about ``common.FLUSH_CHARS`` characters (fewer, larger writes to the socket)."""
    buffer: list[str] = []
    size = 0
    for piece in pieces:
        buffer.append(piece)
        size += len(piece)
        if size >= common.FLUSH_CHARS:
            yield "".join(buffer).encode()
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer).encode()
