"""GET /api/v1/export/verdicts/?format=fever: FEVER-style JSON Lines, one per claim with a label."""

# ruff: noqa: F401, F811 (fixtures imported from tests.export_fixtures / decision_fixtures are used as arguments)

from __future__ import annotations

import json

from annotations import services
from annotations.models import Label
from tests.decision_fixtures import editor2, published  # pytest fixtures and helpers
from tests.export_fixtures import body_of, export, verdicts  # pytest fixtures


def lines(client, **params) -> dict[int, dict]:
    response = export(client, "fever", **params)
    assert response["Content-Type"] == "application/x-ndjson"
    assert response["Content-Disposition"].endswith('.jsonl"')
    return {r["claim_id"]: r for r in (json.loads(line) for line in body_of(response).splitlines())}


def test_agreed_labels_map_to_fever_labels_and_evidence_to_evidence_sets(
    client, reviewer, reviewer2, verdicts, article
):
    claim, arabic = verdicts
    unsure = services.claim_create(
        article=article, created_by=reviewer, quote="the night shift had been cut by half",
        statement="The night shift was halved.",
    )  # fmt: skip
    services.verdict_create(claim=unsure, reviewer=reviewer2, label=Label.UNVERIFIED)
    services.claim_create(article=article, created_by=reviewer, quote="Officials denied")  # nobody judged it
    client.force_login(reviewer)
    by_claim = lines(client)
    assert set(by_claim) == {claim.pk, arabic.pk, unsure.pk}

    english = by_claim[claim.pk]
    assert (english["label"], english["verifiable"], english["source"]) == ("SUPPORTS", "VERIFIABLE", "reviewers")
    assert english["claim"] == claim.quote
    assert english["evidence"] == [
        [[claim.pk, 0, "https://example.org/log", None]],
        [[claim.pk, 1, "https://example.org/photo", None]],
    ]
    assert by_claim[arabic.pk]["label"] == "REFUTES"
    nei = by_claim[unsure.pk]
    assert (nei["label"], nei["verifiable"]) == ("NOT ENOUGH INFO", "NOT VERIFIABLE")
    assert nei["claim"] == "The night shift was halved."
    assert nei["evidence"] == [[[unsure.pk, None, None, None]]]


def test_a_published_decision_overrides_the_reviewers_and_conflicts_are_skipped(
    client, reviewer, reviewer2, editor, editor2, verdicts, article
):
    claim, arabic = verdicts
    services.verdict_create(claim=arabic, reviewer=reviewer2, label=Label.CONFIRMED, rationale="Brigade says so.")
    conflicted = services.claim_create(article=article, created_by=reviewer, quote="Officials denied")
    services.verdict_create(claim=conflicted, reviewer=reviewer, label=Label.CONFIRMED, rationale="Yes")
    services.verdict_create(claim=conflicted, reviewer=reviewer2, label=Label.DISPUTED, rationale="No")
    evidence = [{"url": "https://example.org/ruling-source"}]
    published(claim, editor, editor2, "Disputed", public_evidence=evidence)  # reviewers said confirmed
    published(arabic, editor, editor2, "Unverified")  # resolves the conflict
    client.force_login(reviewer)
    by_claim = lines(client)
    assert set(by_claim) == {claim.pk, arabic.pk}  # the unresolved conflict is skipped
    assert by_claim[claim.pk]["label"] == "REFUTES" and by_claim[claim.pk]["source"] == "decision"
    assert by_claim[claim.pk]["evidence"] == [[[claim.pk, 0, "https://example.org/ruling-source", None]]]
    assert by_claim[arabic.pk]["label"] == "NOT ENOUGH INFO"
    assert set(lines(client, decision_state="none")) == set()  # the conflict has no decision and no label
    assert set(lines(client, decision_state="published")) == {claim.pk, arabic.pk}


def test_a_void_decision_falls_back_to_the_reviewers(client, reviewer, editor, editor2, verdicts):
    claim, _ = verdicts
    decision = published(claim, editor, editor2, "Disputed")
    services.correction_create(decision=decision, actor=editor, kind="void", note="Withdrawn")
    client.force_login(reviewer)
    line = lines(client)[claim.pk]
    assert (line["label"], line["source"]) == ("SUPPORTS", "reviewers")
