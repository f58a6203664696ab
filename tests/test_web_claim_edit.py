"""Editing and deleting claims: who may, stale forms get a conflict, deletions stay in history."""

from __future__ import annotations

from django.urls import reverse

from annotations import services
from annotations.models import Claim, HistoryEvent, Verdict


def edit(client, claim, **data):
    return client.post(reverse("claim_update", args=[claim.project.slug, claim.pk]), data)


def delete(client, claim, version):
    return client.post(reverse("claim_delete", args=[claim.project.slug, claim.pk]), {"version": version})


def test_the_reviewer_who_marked_a_claim_edits_its_statement_and_claimant(client, reviewer, claim):
    client.force_login(reviewer)
    response = edit(client, claim, statement="1,200 containers moved", claimant="Port authority", version=1)
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.statement, claim.claimant, claim.version) == ("1,200 containers moved", "Port authority", 2)


def test_another_reviewer_may_not_edit_the_claim(client, reviewer2, claim):
    client.force_login(reviewer2)
    assert edit(client, claim, statement="Mine now", claimant="", version=1).status_code == 403
    claim.refresh_from_db()
    assert claim.statement == ""


def test_another_reviewer_sees_no_edit_form(client, reviewer2, claim):
    client.force_login(reviewer2)
    url = reverse("article_detail", args=[claim.project.slug, claim.article_id]) + f"?claim={claim.pk}"
    page = client.get(url).content.decode()
    assert "Edit claim" not in page and "Delete claim" not in page


def test_an_editor_edits_any_claim(client, editor, claim):
    client.force_login(editor)
    assert edit(client, claim, statement="Edited by the desk", claimant="", version=1).status_code == 302
    claim.refresh_from_db()
    assert claim.statement == "Edited by the desk"
    assert HistoryEvent.objects.filter(claim_id=claim.pk, action="update", actor=editor).exists()


def test_a_stale_edit_shows_both_versions_keeps_what_was_typed_and_overwrites_only_when_asked(
    client, reviewer, editor, claim
):
    services.claim_update(claim=claim, actor=editor, expected_version=1, statement="The editor's statement")
    client.force_login(reviewer)

    response = edit(client, claim, statement="My statement", claimant="Port", version=1)

    assert response.status_code == 409
    page = response.content.decode()
    assert "This claim was changed by erin-editor since you opened it." in page
    assert "The editor&#x27;s statement" in page  # theirs
    assert "My statement</textarea>" in page  # mine, still in the form
    assert 'name="version" value="2"' in page
    assert "Keep mine (overwrite)" in page and "Use theirs" in page
    claim.refresh_from_db()
    assert claim.statement == "The editor's statement"

    assert edit(client, claim, statement="My statement", claimant="Port", version=2).status_code == 302
    claim.refresh_from_db()
    assert (claim.statement, claim.version) == ("My statement", 3)


def test_a_bad_edit_is_a_form_error(client, reviewer, claim):
    client.force_login(reviewer)
    response = edit(client, claim, statement="x", claimant="y" * 301, version=1)
    assert response.status_code == 400
    assert "Ensure this value has at most 300 characters" in response.content.decode()
    assert edit(client, claim, statement="x", claimant="").status_code == 400  # no version


def test_an_editor_deletes_any_claim_and_the_deletion_is_recorded(client, editor, reviewer2, claim):
    services.verdict_submit(claim=claim, reviewer=reviewer2, label="confirmed", rationale="Yes", base_version=None)
    client.force_login(editor)
    response = delete(client, claim, 1)
    assert response.status_code == 302
    assert not Claim.objects.filter(pk=claim.pk).exists()
    assert not Verdict.objects.filter(claim_id=claim.pk).exists()
    tombstones = HistoryEvent.objects.deletions().filter(claim_id=claim.pk)
    assert sorted((e.entity, e.actor_username) for e in tombstones) == [
        ("claim", "erin-editor"),
        ("verdict", "erin-editor"),
    ]
    page = client.get(response["Location"]).content.decode()
    assert "Claim deleted" in page


def test_a_reviewer_may_not_delete_someone_elses_claim(client, reviewer2, claim):
    client.force_login(reviewer2)
    assert delete(client, claim, 1).status_code == 403
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_a_stale_delete_is_refused(client, editor, reviewer, claim):
    services.claim_update(claim=claim, actor=reviewer, expected_version=1, statement="Changed meanwhile")
    client.force_login(editor)
    response = delete(client, claim, 1)
    assert response.status_code == 302
    assert Claim.objects.filter(pk=claim.pk).exists()
    assert "changed since you loaded it" in client.get(response["Location"]).content.decode()


def test_an_outsider_gets_404(client, outsider, claim):
    client.force_login(outsider)
    assert edit(client, claim, statement="x", claimant="", version=1).status_code == 404
    assert delete(client, claim, 1).status_code == 404
    assert Claim.objects.filter(pk=claim.pk, statement="").exists()


def test_a_reviewer_is_offered_to_delete_their_own_claim_only_until_someone_else_gave_a_verdict(
    client, reviewer, reviewer2, claim
):
    url = reverse("article_detail", args=[claim.project.slug, claim.article_id]) + f"?claim={claim.pk}"
    client.force_login(reviewer)
    assert "Delete claim" in client.get(url).content.decode()
    services.verdict_submit(claim=claim, reviewer=reviewer2, label="unverified", base_version=None)
    assert "Delete claim" not in client.get(url).content.decode()
    assert delete(client, claim, 1).status_code == 403
