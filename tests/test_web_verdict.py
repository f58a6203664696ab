"""Giving a verdict from the claim panel: evidence items, validation, conflicts, own verdicts only."""

from __future__ import annotations

from django.urls import reverse

from annotations import services
from annotations.models import Claim, Verdict


def evidence_data(items: list[dict], initial: int = 0) -> dict:
    data = {
        "evidence-TOTAL_FORMS": str(len(items)),
        "evidence-INITIAL_FORMS": str(initial),
        "evidence-MIN_NUM_FORMS": "0",
        "evidence-MAX_NUM_FORMS": "50",
    }
    for i, item in enumerate(items):
        for key, value in item.items():
            data[f"evidence-{i}-{key}"] = value
    return data


def submit(client, claim, *, label, rationale="", base_version="", evidence=(), initial=0, **extra):
    data = {
        "label": label,
        "rationale": rationale,
        "base_version": base_version,
        **evidence_data(list(evidence), initial),
    }
    data.update(extra)
    return client.post(reverse("verdict_submit", args=[claim.project.slug, claim.pk]), data)


LOG = {"url": "https://example.org/log", "title": "Port log", "excerpt": "800 containers", "stance": "refutes"}
BLANK = {"url": "", "title": "", "excerpt": "", "stance": "context"}


def test_a_verdict_with_evidence_is_saved_and_confirmed_on_screen(client, reviewer, claim):
    client.force_login(reviewer)
    response = submit(client, claim, label="disputed", rationale="The log says 800.", evidence=[LOG, BLANK])
    assert response.status_code == 302
    assert response["Location"].endswith(f"?claim={claim.pk}#claim-panel")
    verdict = Verdict.objects.get(claim=claim, reviewer=reviewer)
    assert (verdict.label, verdict.rationale, verdict.version) == ("disputed", "The log says 800.", 1)
    assert verdict.evidence == [LOG]  # the blank extra row is left out
    page = client.get(response["Location"]).content.decode()
    assert "Verdict saved." in page
    assert 'value="https://example.org/log"' in page  # the form shows the stored evidence again
    assert 'name="base_version" value="1"' in page


def test_changing_a_verdict_removes_evidence_marked_remove_and_adds_new_items(client, reviewer, claim):
    services.verdict_submit(
        claim=claim, reviewer=reviewer, label="disputed", rationale="No", evidence=[LOG], base_version=None
    )
    new = {"url": "https://example.org/union", "title": "Union", "excerpt": "", "stance": "supports"}
    client.force_login(reviewer)
    response = submit(
        client,
        claim,
        label="confirmed",
        rationale="Yes after all",
        base_version=1,
        evidence=[{**LOG, "DELETE": "on"}, new],
        initial=1,
    )
    assert response.status_code == 302
    verdict = Verdict.objects.get(claim=claim, reviewer=reviewer)
    assert (verdict.label, verdict.version, verdict.evidence) == ("confirmed", 2, [new])


def test_a_rationale_is_required_for_confirmed_and_disputed(client, reviewer, claim):
    client.force_login(reviewer)
    response = submit(client, claim, label="confirmed", rationale="  ", evidence=[LOG])
    assert response.status_code == 400
    page = response.content.decode()
    assert "a rationale is required" in page
    assert 'value="https://example.org/log"' in page  # what was typed is kept
    assert not Verdict.objects.exists()


def test_unverified_needs_no_rationale(client, reviewer, claim):
    client.force_login(reviewer)
    assert submit(client, claim, label="unverified").status_code == 302
    assert Verdict.objects.get().label == "unverified"


def test_bad_labels_and_bad_evidence_urls_are_field_errors(client, reviewer, claim):
    client.force_login(reviewer)
    assert submit(client, claim, label="maybe", rationale="x").status_code == 400
    response = submit(client, claim, label="disputed", rationale="x", evidence=[{**LOG, "url": "javascript:alert(1)"}])
    assert response.status_code == 400
    assert "Enter a valid URL" in response.content.decode()
    response = submit(client, claim, label="disputed", rationale="x", evidence=[{**LOG, "url": "ftp://example.org/x"}])
    assert response.status_code == 400
    assert "url must be an http or https address" in response.content.decode()
    assert submit(client, claim, label="disputed", rationale="x", base_version="one").status_code == 400
    assert not Verdict.objects.exists()


def test_a_verdict_changed_in_another_window_is_a_conflict_showing_both_versions(client, reviewer, claim):
    services.verdict_submit(claim=claim, reviewer=reviewer, label="unverified", base_version=None)
    verdict = Verdict.objects.get()
    services.verdict_update(
        verdict=verdict, actor=reviewer, expected_version=1, label="confirmed", rationale="Window A", evidence=[LOG]
    )
    client.force_login(reviewer)

    response = submit(client, claim, label="disputed", rationale="Window B", base_version=1)

    assert response.status_code == 409
    page = response.content.decode()
    assert "Your verdict was changed elsewhere" in page
    assert "Stored version 2" in page and "Window A" in page and "Port log" in page  # theirs
    assert "Window B</textarea>" in page  # mine, kept in the form
    assert 'value="disputed" id="verdict_label_1" required checked' in page
    assert 'name="base_version" value="2"' in page
    assert Verdict.objects.get().rationale == "Window A"

    # "Keep mine (overwrite)" re-submits against the stored version.
    assert submit(client, claim, label="disputed", rationale="Window B", base_version=2).status_code == 302
    verdict.refresh_from_db()
    assert (verdict.label, verdict.rationale, verdict.version) == ("disputed", "Window B", 3)


def test_a_verdict_given_in_another_window_after_loading_an_empty_form_is_a_conflict(client, reviewer, claim):
    client.force_login(reviewer)
    services.verdict_submit(claim=claim, reviewer=reviewer, label="confirmed", rationale="First", base_version=None)
    response = submit(client, claim, label="disputed", rationale="Second", base_version="")
    assert response.status_code == 409
    assert Verdict.objects.get().rationale == "First"


def test_a_verdict_deleted_since_the_form_was_loaded_is_a_conflict(client, reviewer, editor, claim):
    services.verdict_submit(claim=claim, reviewer=reviewer, label="confirmed", rationale="First", base_version=None)
    services.verdict_delete(verdict=Verdict.objects.get(), actor=editor, expected_version=1)
    client.force_login(reviewer)
    response = submit(client, claim, label="confirmed", rationale="Again", base_version=1)
    assert response.status_code == 409
    assert "Your verdict was deleted since you loaded this form." in response.content.decode()
    assert submit(client, claim, label="confirmed", rationale="Again", base_version="").status_code == 302


def test_a_reviewer_only_ever_changes_their_own_verdict(client, reviewer, reviewer2, claim):
    services.verdict_submit(claim=claim, reviewer=reviewer, label="confirmed", rationale="Mine", base_version=None)
    client.force_login(reviewer2)
    response = submit(client, claim, label="disputed", rationale="Rob's view", base_version="")
    assert response.status_code == 302
    assert Verdict.objects.get(reviewer=reviewer).rationale == "Mine"
    assert Verdict.objects.get(reviewer=reviewer2).rationale == "Rob's view"


def test_an_outsider_gets_404_and_nothing_is_stored(client, outsider, claim):
    client.force_login(outsider)
    assert submit(client, claim, label="unverified").status_code == 404
    assert not Verdict.objects.exists()


def test_a_claim_deleted_while_the_form_was_open_keeps_what_was_typed(client, reviewer, editor, claim, monkeypatch):
    from annotations.views import reader

    stale = Claim.objects.select_related("article", "created_by").get(pk=claim.pk)
    services.claim_delete(claim=claim, actor=editor, expected_version=1)
    monkeypatch.setattr(reader, "_claim", lambda project, claim_id: stale)  # loaded just before the deletion
    client.force_login(reviewer)
    response = submit(client, claim, label="disputed", rationale="My careful words")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "deleted by someone else in the meantime, so nothing was saved" in page
    assert "My careful words" in page
    assert not Verdict.objects.exists()


def test_links_on_a_conflict_page_lead_back_to_the_article_not_to_the_post_url(client, reviewer, claim):
    services.verdict_submit(claim=claim, reviewer=reviewer, label="confirmed", rationale="First", base_version=None)
    client.force_login(reviewer)
    page = submit(client, claim, label="disputed", rationale="Second", base_version="").content.decode()
    article_url = reverse("article_detail", args=[claim.project.slug, claim.article_id])
    assert f'href="{article_url}?claim={claim.pk}#claim-panel" data-swap>Use theirs</a>' in page
    assert 'href="?' not in page
