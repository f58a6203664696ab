"""The decision box's refusals on the web: a clear message or form error, typed text kept, nothing stored changed."""
# ruff: noqa: F401, F811 (fixtures imported from tests.decision_fixtures are used as arguments)

from __future__ import annotations

import datetime

from django.urls import reverse

from annotations import services
from annotations.models import Correction, Decision

from .decision_fixtures import draft, editor2, judged_claim, published, scale
from .test_web_decisions import draft_post, save_url


def url(name: str, decision: Decision) -> str:
    return reverse(name, args=[decision.project.slug, decision.pk])


def test_a_review_due_date_typed_in_the_form_is_kept(client, editor, judged_claim):
    client.force_login(editor)
    data = draft_post(judged_claim, as_of="2026-11-30", review_due="2027-01-15")
    assert client.post(save_url(judged_claim), data).status_code == 302
    assert Decision.objects.get().review_due == datetime.date(2027, 1, 15)


def test_saving_a_draft_deleted_meanwhile_keeps_the_text_and_offers_to_save_it_anew(
    client, editor, editor2, judged_claim
):
    decision = draft(judged_claim, editor2)
    services.decision_delete(decision=decision, actor=editor2, expected_version=decision.version)
    client.force_login(editor)
    response = client.post(save_url(judged_claim), draft_post(judged_claim, explanation="Still mine", version="1"))
    assert response.status_code == 409
    html = response.content.decode()
    assert "Still mine" in html and '<input type="hidden" name="version" id="decision_version">' in html
    assert not Decision.objects.exists()


def test_editing_a_published_decision_through_the_draft_form_is_refused(client, editor, editor2, judged_claim):
    decision = published(judged_claim, editor, editor2)
    client.force_login(editor)
    data = draft_post(judged_claim, explanation="Rewritten", version=str(decision.version))
    response = client.post(save_url(judged_claim), data)
    assert response.status_code == 409
    assert "file a correction to change it" in response.content.decode()
    assert Decision.objects.get().explanation == decision.explanation


def test_the_claims_only_reviewer_cannot_decide_it(client, editor, claim):
    services.verdict_create(claim=claim, reviewer=editor, label="confirmed", rationale="Checked")
    client.force_login(editor)
    response = client.post(save_url(claim), draft_post(claim, explanation="My own ruling"))
    assert response.status_code == 403
    assert "only reviewer" in response.content.decode()
    assert not Decision.objects.exists()


def test_publish_and_delete_without_a_version_ask_to_reload(client, editor, editor2, judged_claim):
    decision = draft(judged_claim, editor)
    client.force_login(editor2)
    for name, word in (("decision_publish", "published"), ("decision_delete", "deleted")):
        page = client.post(url(name, decision), {"version": "x"}, follow=True).content.decode()
        assert f"Not {word}: reload the page and try again." in page
    assert Decision.objects.get().state == "draft"


def test_publishing_or_deleting_a_draft_changed_meanwhile_is_refused(client, editor, editor2, judged_claim):
    decision = draft(judged_claim, editor)
    services.decision_update(decision=decision, actor=editor, expected_version=1, explanation="Second version")
    client.force_login(editor2)
    page = client.post(url("decision_publish", decision), {"version": "1"}, follow=True).content.decode()
    assert "the draft changed since you loaded it" in page
    page = client.post(url("decision_delete", decision), {"version": "1"}, follow=True).content.decode()
    assert "Not deleted: the draft changed or was deleted since you loaded it." in page
    assert Decision.objects.get().state == "draft"


def test_a_published_decision_is_not_deleted_or_published_again(client, editor, editor2, judged_claim):
    decision = published(judged_claim, editor, editor2)
    client.force_login(editor2)
    page = client.post(url("decision_delete", decision), {"version": str(decision.version)}, follow=True)
    assert "Not deleted: This decision is published" in page.content.decode()
    page = client.post(url("decision_publish", decision), {"version": str(decision.version)}, follow=True)
    assert "Not published: This decision is already published." in page.content.decode()
    assert Decision.objects.get().state == "published"


def correction(decision: Decision, **fields) -> dict:
    data = {"kind": "correction", "note": "Figures revised.", "rating": "", "explanation": ""}
    return {**data, "version": str(decision.version), **fields}


def test_a_correction_replaces_the_public_explanation(client, editor, editor2, judged_claim):
    decision = published(judged_claim, editor, editor2)
    client.force_login(editor)
    data = correction(decision, explanation="The port now reports 950 containers.")
    assert client.post(url("correction_create", decision), data).status_code == 302
    assert Decision.objects.get().explanation == "The port now reports 950 containers."
    assert Correction.objects.get().new_values["explanation"] == "The port now reports 950 containers."


def test_a_correction_of_a_decision_voided_meanwhile_shows_why_and_keeps_the_note(
    client, editor, editor2, judged_claim
):
    decision = published(judged_claim, editor, editor2)
    services.correction_create(
        decision=decision, actor=editor2, kind="void", note="Withdrawn", expected_version=decision.version
    )
    client.force_login(editor)
    response = client.post(url("correction_create", decision), correction(decision, note="My typed note"))
    assert response.status_code == 409
    html = response.content.decode()
    assert "Only published decisions are corrected; this one is void." in html and "My typed note" in html
    assert Correction.objects.count() == 1


def test_a_rating_change_to_the_same_rating_is_a_form_error(client, editor, editor2, judged_claim):
    decision = published(judged_claim, editor, editor2)
    client.force_login(editor)
    same = str(scale(judged_claim.project)["Disputed"].pk)
    response = client.post(url("correction_create", decision), correction(decision, kind="rating_change", rating=same))
    assert response.status_code == 400
    assert "This is the current rating already." in response.content.decode()
    assert not Correction.objects.exists()
