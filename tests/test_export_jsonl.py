"""GET /api/v1/export/verdicts/?format=jsonl|json: one record per claim with its verdicts."""

# ruff: noqa: F401, F811 (fixtures imported from tests.export_fixtures are used as arguments)

from __future__ import annotations

import json

from tests.export_fixtures import body_of, export, verdicts  # pytest fixtures


def test_jsonl_has_one_line_per_claim_with_article_claim_and_verdicts(client, reviewer, verdicts, arabic_article):
    claim, arabic = verdicts
    client.force_login(reviewer)
    response = export(client, "jsonl")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-ndjson"
    assert response["Content-Disposition"].startswith('attachment; filename="verdicts-')
    assert response["Content-Disposition"].endswith('.jsonl"')
    text = body_of(response)
    assert text.endswith("\n")
    records = [json.loads(line) for line in text.splitlines()]
    assert [r["claim"]["id"] for r in records] == [claim.pk, arabic.pk]

    first = records[0]
    assert first["article"] == {
        "id": claim.article_id, "title": "Port moves 1,200 containers", "url": "https://example.org/port",
        "source": "Harbour Times", "language": "en",
    }  # fmt: skip
    assert {k: first["claim"][k] for k in ("start", "end", "quote", "prefix", "suffix", "statement", "claimant")} == {
        "start": claim.start, "end": claim.end, "quote": claim.quote, "prefix": claim.prefix, "suffix": claim.suffix,
        "statement": "", "claimant": "",
    }  # fmt: skip
    assert first["claim"]["status"] == "confirmed"
    assert first["claim"]["url"] == f"http://testserver{claim.article.get_absolute_url()}#claim-{claim.pk}"
    assert [v["reviewer"] for v in first["verdicts"]] == ["rita-reviewer", "rob-reviewer"]
    rita = first["verdicts"][0]
    assert rita["label"] == "confirmed"
    assert rita["rationale"] == "Port log shows 1,200 moves."
    assert [e["url"] for e in rita["evidence"]] == ["https://example.org/log", "https://example.org/photo"]
    assert rita["evidence"][1]["stance"] == "context"
    assert rita["updated_at"].endswith("Z")

    second = records[1]
    assert second["article"]["language"] == "ar"
    assert second["claim"]["quote"] == arabic_article.body[second["claim"]["start"] : second["claim"]["end"]]
    assert second["verdicts"][0]["rationale"] == "صور تظهر مبنيين فقط."


def test_claims_without_verdicts_are_exported_with_an_empty_list(client, reviewer, claim):
    client.force_login(reviewer)
    records = [json.loads(line) for line in body_of(export(client, "jsonl")).splitlines()]
    assert len(records) == 1
    assert records[0]["claim"]["status"] == "needs_review"
    assert records[0]["verdicts"] == []


def test_json_is_one_array_with_the_same_records_as_jsonl(client, reviewer, verdicts):
    client.force_login(reviewer)
    response = export(client, "json")
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].endswith('.json"')
    as_json = json.loads(body_of(response))
    as_jsonl = [json.loads(line) for line in body_of(export(client, "jsonl")).splitlines()]
    assert isinstance(as_json, list)
    assert as_json == as_jsonl


def test_an_empty_export_is_still_valid(client, reviewer, project):
    client.force_login(reviewer)
    assert json.loads(body_of(export(client, "json"))) == []
    assert body_of(export(client, "jsonl")) == ""


def test_the_public_url_setting_is_the_base_of_claim_links(client, reviewer, verdicts, settings):
    settings.VERIFIER_PUBLIC_URL = "https://factcheck.example.net"
    client.force_login(reviewer)
    record = json.loads(body_of(export(client, "jsonl")).splitlines()[0])
    assert record["claim"]["url"].startswith("https://factcheck.example.net/")
    assert record["claim"]["url"].endswith(f"#claim-{verdicts[0].pk}")
