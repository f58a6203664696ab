"""GET /api/v1/export/verdicts/?format=fever: FEVER-style JSON Lines, one per verdict."""

# ruff: noqa: F401, F811 (fixtures imported from tests.export_fixtures are used as arguments)

from __future__ import annotations

import json

from annotations import services
from annotations.models import Label
from tests.export_fixtures import body_of, export, verdicts  # pytest fixtures


def test_labels_map_to_fever_labels_and_evidence_to_evidence_sets(client, reviewer, reviewer2, verdicts, article):
    claim, arabic = verdicts
    unsure = services.claim_create(
        article=article, created_by=reviewer, quote="the night shift had been cut by half",
        statement="The night shift was halved.",
    )  # fmt: skip
    services.verdict_create(claim=unsure, reviewer=reviewer2, label=Label.UNVERIFIED)
    client.force_login(reviewer)
    response = export(client, "fever")
    assert response["Content-Type"] == "application/x-ndjson"
    assert response["Content-Disposition"].endswith('.jsonl"')
    lines = [json.loads(line) for line in body_of(response).splitlines()]
    by_claim = {(r["claim_id"], r["reviewer"]): r for r in lines}
    assert len(lines) == 4

    rita = by_claim[(claim.pk, "rita-reviewer")]
    assert rita["label"] == "SUPPORTS"
    assert rita["verifiable"] == "VERIFIABLE"
    assert rita["claim"] == claim.quote
    assert rita["evidence"] == [
        [[rita["id"], 0, "https://example.org/log", None]],
        [[rita["id"], 1, "https://example.org/photo", None]],
    ]
    assert by_claim[(arabic.pk, "rita-reviewer")]["label"] == "REFUTES"
    nei = by_claim[(unsure.pk, "rob-reviewer")]
    assert nei["label"] == "NOT ENOUGH INFO"
    assert nei["verifiable"] == "NOT VERIFIABLE"
    assert nei["claim"] == "The night shift was halved."
    assert nei["evidence"] == [[[nei["id"], None, None, None]]]
