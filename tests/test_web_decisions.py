"""The decision box in the reader's claim panel: draft, publish under four-eyes, corrections, roles."""
# ruff: noqa: F401, F811 (fixtures imported from tests.decision_fixtures are used as arguments)

from __future__ import annotations

import pytest
from django.urls import reverse

from annotations import services
from annotations.models import Correction, Decision

from .decision_fixtures import draft, editor2, judged_claim, published, scale


def panel(claim) -> str:
    return reverse("article_detail", args=[claim.project.slug, claim.article_id]) + f"?claim={claim.pk}"


def save_url(claim) -> str:
    return reverse("decision_save", args=[claim.project.slug, claim.pk])


def draft_post(claim, **extra) -> dict:
    data = {
        "rating": str(scale(claim.project)["Disputed"].pk),
        "explanation": "The port log shows 900 containers, not 1,200.",
        "as_of": "",
        "review_due": "",
        "version": "",
        "pubev-TOTAL_FORMS": "1",
        "pubev-INITIAL_FORMS": "0",
        "pubev-0-url": "",
        "pubev-0-title": "",
        "pubev-0-excerpt": "",
        "pubev-0-stance": "context",
    }
    data.update(extra)
    return data


@pytest.fixture
def evidenced_claim(judged_claim, reviewer):
    verdict = judged_claim.verdicts.get(reviewer=reviewer)
    services.verdict_update(
        verdict=verdict,
        actor=reviewer,
        expected_version=verdict.version,
        evidence=[{"url": "https://example.org/log", "title": "Port log", "stance": "refutes"}],
    )
    return judged_claim


def test_an_editor_sees_the_scale_with_descriptions_and_the_reviewers_evidence(client, editor, evidenced_claim):
    client.force_login(editor)
    html = client.get(panel(evidenced_claim)).content.decode()
    assert 'id="decision"' in html and save_url(evidenced_claim) in html
    assert "The claim is inaccurate: the evidence contradicts it." in html  # the Disputed description
    assert "Port log (refutes, from rita-reviewer)" in html


def test_a_reviewer_sees_no_form_only_the_decision_read_only(client, reviewer, editor, editor2, judged_claim):
    client.force_login(reviewer)
    html = client.get(panel(judged_claim)).content.decode()
    assert save_url(judged_claim) not in html and "No decision yet" in html
    published(judged_claim, editor, editor2, explanation="Public words")
    html = client.get(panel(judged_claim)).content.decode()
    assert "Public words" in html and "Published: Disputed" in html
    assert "File a correction" not in html and save_url(judged_claim) not in html


def test_an_editor_saves_a_draft_with_ticked_and_added_evidence(client, editor, evidenced_claim, reviewer):
    verdict = evidenced_claim.verdicts.get(reviewer=reviewer)
    client.force_login(editor)
    data = draft_post(
        evidenced_claim,
        publish_evidence=[f"{verdict.pk}:0"],
        **{"pubev-0-url": "https://example.org/extra", "pubev-0-title": "Extra"},
    )
    response = client.post(save_url(evidenced_claim), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    decision = Decision.objects.get()
    assert (decision.state, decision.decided_by, decision.rating.name) == ("draft", editor, "Disputed")
    assert [e["url"] for e in decision.public_evidence] == ["https://example.org/log", "https://example.org/extra"]
    html = client.get(panel(evidenced_claim)).content.decode()
    assert '<input type="hidden" name="version" value="1" id="decision_version">' in html  # the draft, editable


def test_a_missing_explanation_is_a_form_error_that_keeps_the_rest(client, editor, judged_claim):
    client.force_login(editor)
    response = client.post(save_url(judged_claim), draft_post(judged_claim, explanation="", as_of="2026-11-30"))
    assert response.status_code == 400
    assert 'value="2026-11-30"' in response.content.decode()
    assert not Decision.objects.exists()


def test_the_decider_sees_publish_disabled_with_the_reason_and_cannot_publish(client, editor, judged_claim):
    decision = draft(judged_claim, editor)
    client.force_login(editor)
    html = client.get(panel(judged_claim)).content.decode()
    assert 'disabled aria-describedby="publish-reason"' in html and "Four-eyes rule" in html
    url = reverse("decision_publish", args=[judged_claim.project.slug, decision.pk])
    client.post(url, {"version": str(decision.version)})
    assert Decision.objects.get().state == "draft"


def test_another_editor_publishes(client, editor, editor2, judged_claim):
    decision = draft(judged_claim, editor)
    client.force_login(editor2)
    html = client.get(panel(judged_claim)).content.decode()
    assert "publish-reason" not in html
    url = reverse("decision_publish", args=[judged_claim.project.slug, decision.pk])
    assert client.post(url, {"version": str(decision.version)}).status_code == 302
    decision.refresh_from_db()
    assert (decision.state, decision.published_by) == ("published", editor2)
    judged_claim.refresh_from_db()
    assert judged_claim.decision_state == "published"


def test_a_stale_draft_save_keeps_my_text_and_shows_the_stored_one(client, editor, editor2, judged_claim):
    decision = draft(judged_claim, editor, explanation="Version one")
    services.decision_update(decision=decision, actor=editor2, expected_version=1, explanation="Editor B's words")
    client.force_login(editor)
    response = client.post(save_url(judged_claim), draft_post(judged_claim, explanation="My new words", version="1"))
    assert response.status_code == 409
    html = response.content.decode()
    assert "My new words" in html and "Editor B&#x27;s words" in html
    assert 'name="version" value="2"' in html  # saving again now overwrites knowingly
    assert Decision.objects.get().explanation == "Editor B's words"


def test_a_second_new_draft_on_the_same_claim_is_a_conflict_not_a_500(client, editor, editor2, judged_claim):
    draft(judged_claim, editor2, explanation="B was first")
    client.force_login(editor)
    response = client.post(save_url(judged_claim), draft_post(judged_claim, explanation="A typed this"))
    assert response.status_code == 409
    assert "A typed this" in response.content.decode()
    assert Decision.objects.get().explanation == "B was first"


def test_a_rating_change_correction_is_listed_in_the_panel(client, editor, editor2, judged_claim):
    decision = published(judged_claim, editor, editor2)
    client.force_login(editor)
    assert "File a correction" in client.get(panel(judged_claim)).content.decode()
    url = reverse("correction_create", args=[judged_claim.project.slug, decision.pk])
    data = {
        "kind": "rating_change",
        "note": "New port figures.",
        "rating": str(scale(judged_claim.project)["Unverified"].pk),
        "explanation": "",
        "version": str(decision.version),
    }
    assert client.post(url, data).status_code == 302
    correction = Correction.objects.get()
    assert (correction.kind, correction.new_values["rating_name"]) == ("rating_change", "Unverified")
    html = client.get(panel(judged_claim)).content.decode()
    assert "New port figures." in html and "<del>Disputed</del> → <ins>Unverified</ins>" in html


def test_a_stale_correction_keeps_the_typed_note(client, editor, editor2, judged_claim):
    decision = published(judged_claim, editor, editor2)
    services.correction_create(decision=decision, actor=editor2, kind="clarification", note="B clarified")
    client.force_login(editor)
    url = reverse("correction_create", args=[judged_claim.project.slug, decision.pk])
    data = {
        "kind": "clarification",
        "note": "My note",
        "rating": "",
        "explanation": "",
        "version": str(decision.version),
    }
    response = client.post(url, data)
    assert response.status_code == 409 and "My note" in response.content.decode()
    assert Correction.objects.count() == 1


def test_reviewers_get_403_and_outsiders_404(client, reviewer, outsider, editor, judged_claim):
    decision = draft(judged_claim, editor)
    slug = judged_claim.project.slug
    for user, code in ((reviewer, 403), (outsider, 404)):
        client.force_login(user)
        assert client.post(save_url(judged_claim), draft_post(judged_claim)).status_code == code
        for name in ("decision_publish", "decision_delete"):
            assert client.post(reverse(name, args=[slug, decision.pk]), {"version": "1"}).status_code == code
    assert Decision.objects.get().state == "draft"


def test_the_only_reviewer_is_told_someone_else_decides(client, editor, claim):
    services.verdict_create(claim=claim, reviewer=editor, label="confirmed", rationale="Checked")
    client.force_login(editor)
    html = client.get(panel(claim)).content.decode()
    assert "only reviewer" in html and save_url(claim) not in html


def test_an_editor_deletes_a_draft(client, editor, judged_claim):
    decision = draft(judged_claim, editor)
    client.force_login(editor)
    url = reverse("decision_delete", args=[judged_claim.project.slug, decision.pk])
    assert client.post(url, {"version": str(decision.version)}).status_code == 302
    assert not Decision.objects.exists()
