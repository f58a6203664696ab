""" "Keep mine" after an edit conflict writes only the fields the user changed (three-way merge)."""

from __future__ import annotations

import re

from django.urls import reverse

from annotations import services


def edit(client, claim, **data):
    return client.post(reverse("claim_update", args=[claim.project.slug, claim.pk]), data)


def hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', page).group(1)


def test_the_form_carries_the_values_it_started_from(client, reviewer, claim):
    services.claim_update(claim=claim, actor=reviewer, expected_version=1, statement="S0", claimant="C0")
    client.force_login(reviewer)
    page = client.get(claim.article.get_absolute_url() + f"?claim={claim.pk}").content.decode()
    assert hidden(page, "original_statement") == "S0" and hidden(page, "original_claimant") == "C0"


def test_keep_mine_overwrites_my_changed_field_and_keeps_their_change_to_the_other(client, reviewer, editor, claim):
    services.claim_update(claim=claim, actor=reviewer, expected_version=1, statement="S0", claimant="C0")
    # I opened the form at version 2 (S0, C0); meanwhile the editor changes only the claimant.
    services.claim_update(claim=claim, actor=editor, expected_version=2, claimant="Their claimant")
    client.force_login(reviewer)
    mine = {"statement": "My statement", "claimant": "C0", "original_statement": "S0", "original_claimant": "C0"}

    response = edit(client, claim, version=2, **mine)
    assert response.status_code == 409
    page = response.content.decode()
    # The rebased form: my statement, their claimant, the stored version; originals now say what I changed.
    assert "My statement</textarea>" in page
    assert 'name="claimant" value="Their claimant"' in page
    assert hidden(page, "version") == "3"
    assert hidden(page, "original_statement") == "S0" and hidden(page, "original_claimant") == "Their claimant"

    # "Keep mine" submits the rebased form as it is.
    keep = {
        "statement": "My statement",
        "claimant": "Their claimant",
        "original_statement": "S0",
        "original_claimant": "Their claimant",
    }
    assert edit(client, claim, version=3, **keep).status_code == 302
    claim.refresh_from_db()
    assert (claim.statement, claim.claimant, claim.version) == ("My statement", "Their claimant", 4)


def test_keep_mine_from_the_old_form_still_leaves_fields_i_did_not_touch_alone(client, reviewer, editor, claim):
    services.claim_update(claim=claim, actor=reviewer, expected_version=1, statement="S0", claimant="C0")
    services.claim_update(claim=claim, actor=editor, expected_version=2, claimant="Their claimant")
    client.force_login(reviewer)
    # A resubmission that still shows the claimant I started from, against the stored version.
    data = {"statement": "Mine", "claimant": "C0", "original_statement": "S0", "original_claimant": "C0"}
    assert edit(client, claim, version=3, **data).status_code == 302
    claim.refresh_from_db()
    assert (claim.statement, claim.claimant) == ("Mine", "Their claimant")


def test_a_form_without_originals_writes_every_field_as_before(client, reviewer, editor, claim):
    services.claim_update(claim=claim, actor=editor, expected_version=1, claimant="Their claimant")
    client.force_login(reviewer)
    assert edit(client, claim, version=2, statement="Mine", claimant="").status_code == 302
    claim.refresh_from_db()
    assert (claim.statement, claim.claimant) == ("Mine", "")
