"""The Django admin lists, searches and shows every model, history included."""

from __future__ import annotations

import pytest
from django.urls import reverse

from annotations import services


@pytest.fixture
def superuser_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "pw-123456789"))
    return client


# For each model: a search that finds the fixture's row, and the total shown by the admin's result count.
SEARCHES = {
    "project": "Harbour",
    "membership": "rita-reviewer",
    "article": "containers",
    "claim": "containers",
    "verdict": "rita-reviewer",
    "historyevent": "rita-reviewer",
}


@pytest.mark.parametrize("model", list(SEARCHES))
def test_changelists_list_rows_and_search_finds_them(superuser_client, claim, reviewer, model):
    services.verdict_create(claim=claim, reviewer=reviewer, label="unverified")
    url = reverse(f"admin:annotations_{model}_changelist")
    listing = superuser_client.get(url)
    assert listing.status_code == 200 and listing.context["cl"].result_count >= 1
    found = superuser_client.get(url, {"q": SEARCHES[model]})
    assert found.status_code == 200 and found.context["cl"].result_count >= 1
    missing = superuser_client.get(url, {"q": "no-such-text-anywhere"})
    assert missing.context["cl"].result_count == 0


def test_claim_page_shows_history_and_edits_are_versioned(superuser_client, claim, reviewer):
    services.verdict_create(claim=claim, reviewer=reviewer, label="unverified")
    url = reverse("admin:annotations_claim_change", args=[claim.pk])
    page = superuser_client.get(url).content.decode()
    assert "rita-reviewer" in page and "created verdict" in page
    verdict_id = claim.verdicts.get().pk
    inline = {  # the verdict inline's management form, as the page sends it
        "verdicts-TOTAL_FORMS": "1",
        "verdicts-INITIAL_FORMS": "1",
        "verdicts-MIN_NUM_FORMS": "0",
        "verdicts-MAX_NUM_FORMS": "1000",
        "verdicts-0-id": str(verdict_id),
        "verdicts-0-claim": str(claim.pk),
    }
    response = superuser_client.post(url, {"statement": "Edited in admin", "claimant": "Port authority", **inline})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.statement, claim.version) == ("Edited in admin", 2)
    assert claim.quote == "1,200 containers were moved overnight"


def test_verdicts_and_history_are_read_only_in_admin(superuser_client, claim, reviewer):
    verdict = services.verdict_create(claim=claim, reviewer=reviewer, label="unverified")
    url = reverse("admin:annotations_verdict_change", args=[verdict.pk])
    response = superuser_client.post(url, {"label": "confirmed", "rationale": "x"})
    assert response.status_code == 403
    verdict.refresh_from_db()
    assert verdict.label == "unverified"
