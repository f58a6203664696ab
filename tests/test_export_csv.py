"""GET /api/v1/export/verdicts/?format=csv: RFC 4180, one row per verdict, formulas neutralised."""

# ruff: noqa: F401, F811 (fixtures imported from tests.export_fixtures are used as arguments)

from __future__ import annotations

import csv
import io
import json

import pytest

from annotations import services
from annotations.exports.common import CSV_HEADER
from annotations.exports.formats import neutralise
from annotations.models import Label
from tests.export_fixtures import body_of, export, verdicts  # pytest fixtures


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_has_a_header_and_one_row_per_verdict(client, reviewer, verdicts):
    claim, arabic = verdicts
    client.force_login(reviewer)
    response = export(client, "csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith('.csv"')
    text = body_of(response)
    assert text.splitlines()[0] == ",".join(f'"{name}"' for name in CSV_HEADER)
    rows = rows_of(text)
    assert [(int(r["claim_id"]), r["reviewer"], r["label"]) for r in rows] == [
        (claim.pk, "rita-reviewer", "confirmed"),
        (claim.pk, "rob-reviewer", "confirmed"),
        (arabic.pk, "rita-reviewer", "disputed"),
    ]
    assert rows[0]["quote"] == claim.quote
    assert rows[0]["article_title"] == "Port moves 1,200 containers"  # a comma inside a quoted cell
    assert [e["url"] for e in json.loads(rows[0]["evidence"])] == [
        "https://example.org/log",
        "https://example.org/photo",
    ]
    assert rows[2]["claimant"] == "المتحدث"
    assert rows[2]["claim_url"].endswith(f"#claim-{arabic.pk}")


def test_csv_lines_end_with_crlf_and_quotes_are_doubled(client, reviewer, claim):
    services.verdict_create(
        claim=claim, reviewer=reviewer, label=Label.DISPUTED, rationale='He said "no".\nThen left, quickly.'
    )
    client.force_login(reviewer)
    raw = body_of(export(client, "csv"))
    assert raw.endswith("\r\n")
    assert '"He said ""no"".\nThen left, quickly."' in raw  # RFC 4180: quoted, quotes doubled, newline kept
    assert rows_of(raw)[0]["rationale"] == 'He said "no".\nThen left, quickly.'


@pytest.mark.parametrize(
    "dangerous", ["=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\r=1+1"]
)  # fmt: skip
def test_cells_that_a_spreadsheet_would_execute_are_neutralised(client, reviewer, article, dangerous):
    claim = services.claim_create(article=article, created_by=reviewer, quote="containers", claimant=dangerous)
    verdict = services.verdict_create(claim=claim, reviewer=reviewer, label=Label.DISPUTED, rationale=dangerous)
    client.force_login(reviewer)
    row = rows_of(body_of(export(client, "csv")))[0]
    assert verdict.rationale == dangerous
    assert row["rationale"] == "'" + dangerous
    claim.refresh_from_db()  # the claimant is stored stripped, so "\tcmd" is kept as the harmless "cmd"
    assert row["claimant"] == ("'" + claim.claimant if claim.claimant[0] in "=+-@" else claim.claimant)


def test_harmless_cells_are_left_alone():
    assert neutralise("1,200 containers") == "1,200 containers"
    assert neutralise("") == ""
    assert neutralise("a=b") == "a=b"
    assert neutralise("-") == "'-"


def test_an_empty_csv_export_has_only_the_header(client, reviewer, project):
    client.force_login(reviewer)
    assert rows_of(body_of(export(client, "csv"))) == []
    assert body_of(export(client, "csv")).count("\r\n") == 1


def test_evidence_is_readable_json_even_with_arabic_text(client, reviewer, claim):
    item = {"url": "https://example.org/ar", "title": "بيان الشرطة", "excerpt": "لا إصابات 🔥", "stance": "refutes"}
    services.verdict_create(
        claim=claim, reviewer=reviewer, label=Label.DISPUTED, rationale="See police.", evidence=[item]
    )
    client.force_login(reviewer)
    raw = body_of(export(client, "csv"))
    assert "بيان الشرطة" in raw and "لا إصابات 🔥" in raw  # not \\u escapes, on SQLite as on PostgreSQL
    assert json.loads(rows_of(raw)[0]["evidence"]) == [item]
