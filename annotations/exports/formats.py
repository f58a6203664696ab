"""The export records and writers built in Python (every format, on every database).

Each writer takes the rows of one query from ``common`` and yields pieces of the body. On PostgreSQL
``postgres`` replaces the jsonl, json and csv writers with lines built by the database; both say the
same thing (the tests compare them).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import Any

from ..models import ClaimStatus, DecisionState, Label
from .common import (
    ARTICLE_ID,
    ARTICLE_URL,
    AS_OF,
    CLAIM_ID,
    CLAIMANT,
    CORRECTIONS,
    CSV_HEADER,
    DECISION_ID,
    DECISION_STATE,
    END,
    EVIDENCE,
    EXPLANATION,
    LABEL,
    LANGUAGE,
    LAST_CORRECTION,
    MODIFIED_AT,
    PREFIX,
    PUBLIC_BASE_URL,
    PUBLIC_EVIDENCE,
    PUBLISHED_AT,
    QUOTE,
    RATING_NAME,
    RATING_VALUE,
    RATING_VERDICT,
    RATIONALE,
    REVIEW_DUE,
    REVIEWER,
    SCALE_MAX,
    SCALE_MIN,
    SOURCE,
    START,
    STATEMENT,
    STATUS,
    SUFFIX,
    TITLE,
    UPDATED_AT,
    VERDICT_ID,
    Context,
    Links,
    Pieces,
    grouped_by_claim,
    iso,
    iso_text,
    json_document,
    loads,
)

_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


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
        "decision_state": row[DECISION_STATE],
        "url": links.claim(row),
    }


def decision_record(row: tuple) -> dict[str, Any] | None:
    """The claim's decision with its corrections (oldest first), or None."""
    if row[DECISION_ID] is None:
        return None
    corrections = loads(row[CORRECTIONS]) or []
    for correction in corrections:
        correction["created_at"] = iso_text(correction["created_at"])
    return {
        "id": row[DECISION_ID],
        "state": row[DECISION_STATE],
        "rating": row[RATING_NAME],
        "verdict": row[RATING_VERDICT],
        "value": row[RATING_VALUE],
        "explanation": row[EXPLANATION],
        "public_evidence": loads(row[PUBLIC_EVIDENCE]),
        "as_of": row[AS_OF].isoformat(),
        "review_due": row[REVIEW_DUE].isoformat() if row[REVIEW_DUE] else None,
        "published_at": iso(row[PUBLISHED_AT]) if row[PUBLISHED_AT] else None,
        "modified_at": iso(row[MODIFIED_AT]),
        "corrections": corrections,
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
            "decision": decision_record(claim),
            "verdicts": [verdict_record(v) for v in verdicts],
        }
    )


def public_url(row: tuple, ctx: Context) -> str | None:
    """Where the public reads the ruling: the desk's page for the claim, else the article's own page
    at the claim; never this tool's login-only pages (None when there is neither)."""
    if row[PUBLIC_BASE_URL]:
        return f"{row[PUBLIC_BASE_URL].rstrip('/')}/claims/{row[CLAIM_ID]}/"
    if row[ARTICLE_URL]:
        return f"{row[ARTICLE_URL]}#claim-{row[CLAIM_ID]}"
    return None


def claimreview_record(row: tuple, ctx: Context) -> str:
    """One published decision as schema.org ClaimReview: the desk's rating and public explanation only."""
    item: dict[str, Any] = {"@type": "Claim"}
    if row[CLAIMANT]:
        item["author"] = {"@type": "Person", "name": row[CLAIMANT]}
    appearance: dict[str, Any] = {"@type": "NewsArticle", "headline": row[TITLE]}
    if row[ARTICLE_URL]:
        appearance["url"] = row[ARTICLE_URL]
    if row[SOURCE]:
        appearance["publisher"] = {"@type": "Organization", "name": row[SOURCE]}
    item["appearance"] = appearance
    review: dict[str, Any] = {"@type": "ClaimReview"}
    url = public_url(row, ctx)
    if url:
        review["url"] = url
    review.update(
        {
            "claimReviewed": row[STATEMENT] or row[QUOTE],
            "datePublished": iso(row[PUBLISHED_AT]),
            "dateModified": iso(row[LAST_CORRECTION] or row[PUBLISHED_AT]),
            "author": ctx.organization,
            "reviewRating": {
                "@type": "Rating",
                "ratingValue": row[RATING_VALUE],
                "bestRating": row[SCALE_MAX],
                "worstRating": row[SCALE_MIN],
                "alternateName": row[RATING_NAME],
                "ratingExplanation": row[EXPLANATION],
            },
            "itemReviewed": item,
        }
    )
    return _json(review)


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
AGREED = {ClaimStatus.CONFIRMED, ClaimStatus.DISPUTED, ClaimStatus.UNVERIFIED}


def fever_record(claim: tuple, verdicts: list[tuple]) -> str | None:
    """One claim: the published decision's verdict and public evidence, else the reviewers' agreed
    label and their evidence; None (skipped) for a conflict or a claim nobody has judged."""
    if claim[DECISION_STATE] == DecisionState.PUBLISHED:
        label, source = claim[RATING_VERDICT], "decision"
        urls = [item["url"] for item in loads(claim[PUBLIC_EVIDENCE])]
    elif claim[STATUS] in AGREED:
        label, source = claim[STATUS], "reviewers"
        urls = list(dict.fromkeys(item["url"] for v in verdicts for item in json.loads(v[EVIDENCE])))
    else:
        return None
    # FEVER evidence: a list of evidence sets, each a list of [annotation id, evidence id, page, sentence].
    evidence = [[[claim[CLAIM_ID], i, url, None]] for i, url in enumerate(urls)] or [
        [[claim[CLAIM_ID], None, None, None]]
    ]
    return _json(
        {
            "id": claim[CLAIM_ID],
            "claim_id": claim[CLAIM_ID],
            "verifiable": "NOT VERIFIABLE" if label == Label.UNVERIFIED else "VERIFIABLE",
            "label": FEVER_LABELS[label],
            "claim": claim[STATEMENT] or claim[QUOTE],
            "evidence": evidence,
            "source": source,
        }
    )


# --- writers -------------------------------------------------------------------------------------


def write_jsonl(rows: Iterable[tuple], ctx: Context) -> Iterator[str]:
    for claim, verdicts in grouped_by_claim(rows):
        yield full_record(claim, verdicts, ctx) + "\n"


def write_json(rows: Iterable[tuple], ctx: Context) -> Iterator[str]:
    records = (full_record(claim, verdicts, ctx) for claim, verdicts in grouped_by_claim(rows))
    return json_document("[", records, "]\n")


def write_claimreview(rows: Iterable[tuple], ctx: Context) -> Iterator[str]:
    """Decision rows of claims whose decision is published (the caller filters: see ``__init__``)."""
    records = (claimreview_record(row, ctx) for row in rows if row[DECISION_STATE] == DecisionState.PUBLISHED)
    return json_document('{"@context":"https://schema.org","@graph":[', records, "]}\n")


def write_webannotation(rows: Iterable[tuple], ctx: Context) -> Iterator[str]:
    opening = (
        '{"@context":"http://www.w3.org/ns/anno.jsonld","id":' + _json(ctx.request_url) + ',"type":"AnnotationPage",'
        '"items":['
    )
    return json_document(opening, (webannotation_record(row, ctx) for row in rows), "]}\n")


def write_fever(rows: Iterable[tuple], ctx: Context) -> Iterator[str]:
    for claim, verdicts in grouped_by_claim(rows):
        record = fever_record(claim, verdicts)
        if record is not None:
            yield record + "\n"


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


def decision_cells(row: tuple) -> tuple:
    """The decision columns of a CSV row (empty text without a decision)."""
    if row[DECISION_ID] is None:
        return (row[DECISION_STATE], "", "", "", "", "", "", "")
    return (
        row[DECISION_STATE], neutralise(row[RATING_NAME]), row[RATING_VERDICT], row[RATING_VALUE],
        neutralise(row[EXPLANATION]), row[AS_OF].isoformat(), row[REVIEW_DUE].isoformat() if row[REVIEW_DUE] else "",
        iso(row[PUBLISHED_AT]) if row[PUBLISHED_AT] else "",
    )  # fmt: skip


def write_csv(rows: Iterable[tuple], ctx: Context) -> Iterator[str]:
    pieces = Pieces()
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
                iso(row[UPDATED_AT]), ctx.links.claim(row), *decision_cells(row),
            )
        )  # fmt: skip
        yield "".join(pieces)
        pieces.clear()


WRITERS = {
    "jsonl": write_jsonl,
    "json": write_json,
    "csv": write_csv,
    "claimreview": write_claimreview,
    "webannotation": write_webannotation,
    "fever": write_fever,
}
