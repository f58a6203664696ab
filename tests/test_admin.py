"""The Django admin lists, searches and shows every model, history included."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.urls import reverse

from annotations import services
from annotations.models import Delivery, DeliveryAttempt, UserPreference


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


# --- the models of decisions, the desk and the integrations: read-only, searchable, no secrets ------------


@pytest.fixture
def desk_rows(project, admin_user_, editor, reviewer, article, claim):
    """One row of each newer model, each with a word that only its own search should find."""
    services.verdict_create(claim=claim, reviewer=reviewer, label="disputed", rationale="Port log")
    rating = services.rating_create(
        project=project, actor=admin_user_, name="Overstated", verdict="disputed", value=2, description="Inflated"
    )
    decision = services.decision_create(claim=claim, actor=editor, rating=rating, explanation="Ledger shows 900")
    decision = services.decision_publish(decision=decision, actor=admin_user_, expected_version=decision.version)
    services.correction_create(
        decision=decision, actor=admin_user_, kind="clarification", note="Clarified tally", expected_version=2
    )
    services.comment_create(claim=claim, author=reviewer, body="Check the manifest")
    services.assignment_create(article=article, reviewer=reviewer, actor=admin_user_)
    invitation, raw_token = services.invitation_create(
        project=project, actor=admin_user_, username="ivy-invitee", role="reviewer"
    )
    webhook, secret = services.webhook_create(
        project=project, actor=admin_user_, url="https://hooks.example.org/harbour", events=["claim.created"]
    )
    delivery = Delivery.objects.create(webhook=webhook, event="claim.created", payload={})
    DeliveryAttempt.objects.create(
        delivery=delivery, number=1, started_at=delivery.created_at, duration_ms=3, error="Connection refused"
    )
    services.import_job_create(project=project, created_by=editor, urls=["https://news.example.org/port-story"])
    UserPreference.objects.create(user=reviewer, single_key_shortcuts=False)
    return {"invitation": invitation, "raw_token": raw_token, "webhook": webhook, "secret": secret}


DESK_SEARCHES = {
    "ratingitem": "Inflated",
    "decision": "Ledger",
    "correction": "Clarified",
    "comment": "manifest",
    "assignment": "rita-reviewer",
    "invitation": "ivy-invitee",
    "importjob": "port-story",
    "importitem": "port-story",
    "webhook": "hooks.example.org",
    "delivery": "hooks.example.org",
    "deliveryattempt": "refused",
    "userpreference": "rita-reviewer",
}


@pytest.mark.parametrize("model", list(DESK_SEARCHES))
def test_desk_changelists_list_rows_and_search_finds_them(superuser_client, desk_rows, model):
    url = reverse(f"admin:annotations_{model}_changelist")
    listing = superuser_client.get(url)
    assert listing.status_code == 200 and listing.context["cl"].result_count >= 1
    found = superuser_client.get(url, {"q": DESK_SEARCHES[model]})
    assert found.status_code == 200 and found.context["cl"].result_count >= 1
    missing = superuser_client.get(url, {"q": "no-such-text-anywhere"})
    assert missing.context["cl"].result_count == 0


@pytest.mark.parametrize("model", list(DESK_SEARCHES))
def test_desk_models_are_read_only_in_admin(superuser_client, desk_rows, model):
    """Their writes go through services (history, four-eyes, webhooks): the admin only shows them."""
    model_class = apps.get_model("annotations", model)
    obj = model_class.objects.first()
    assert superuser_client.get(reverse(f"admin:annotations_{model}_add")).status_code == 403
    change_url = reverse(f"admin:annotations_{model}_change", args=[obj.pk])
    assert superuser_client.get(change_url).status_code == 200  # shown (read-only)
    assert superuser_client.post(change_url, {}).status_code == 403
    delete_url = reverse(f"admin:annotations_{model}_delete", args=[obj.pk])
    assert superuser_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert model_class.objects.filter(pk=obj.pk).exists()


def test_admin_never_shows_a_webhook_secret_or_an_invitation_token(superuser_client, desk_rows):
    webhook, invitation = desk_rows["webhook"], desk_rows["invitation"]
    pages = [
        superuser_client.get(reverse("admin:annotations_webhook_changelist")),
        superuser_client.get(reverse("admin:annotations_webhook_change", args=[webhook.pk])),
        superuser_client.get(reverse("admin:annotations_invitation_changelist")),
        superuser_client.get(reverse("admin:annotations_invitation_change", args=[invitation.pk])),
    ]
    for page in pages:
        text = page.content.decode()
        assert page.status_code == 200
        assert "hooks.example.org" in text or "ivy-invitee" in text  # the row is there
        for secret in (desk_rows["secret"], webhook.secret, invitation.token_hash, desk_rows["raw_token"]):
            assert secret not in text
